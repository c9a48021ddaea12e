"""Lighthouse mobile on a post whose first element is a photo reports no `lcp-lazy-loaded`
(issue 13): the demo school is served over http on 127.0.0.1 and Lighthouse's CLI judges the
post, and a copy of it whose first photo was made lazy, which it must flag.

About 25 s (two Lighthouse runs): skipped without node_modules/lighthouse (`npm ci`), failed
then under CI=true."""

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from homeroom_school import urls
from tests.tools import lighthouse, serve

pytestmark = pytest.mark.browser

#: A demo post that opens with its cover photo.
POST = urls.news_post("en", "grade-5a", "schoolyard-ecosystem")
#: The same page with its first photo lazy-loaded, as a template mistake would publish it.
LAZY = POST + "lazy-first-photo.html"


class Opening(HTMLParser):
    """The first photo of a post's body, and whether any text comes before it."""

    def __init__(self):
        super().__init__()
        self.inside = False
        self.text_before = ""
        self.photo: dict | None = None
        self.markup: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "div" and "body" in (attributes.get("class") or "").split():
            self.inside = True
        elif self.inside and tag == "img" and self.photo is None:
            self.photo = attributes
            self.markup = self.get_starttag_text()

    def handle_data(self, data):
        if self.inside and self.photo is None:
            self.text_before += data.strip()


def opening(page: Path) -> Opening:
    parser = Opening()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def reports(demo_site, tmp_path_factory) -> dict:
    """Lighthouse on the post and on its lazy copy, and the address they were served at."""
    site = tmp_path_factory.mktemp("lighthouse") / "site"
    shutil.copytree(demo_site, site)
    page = site / urls.save_as(POST)
    first = opening(page)
    assert first.markup, f"{POST} has no photo: the demo post this test needs has changed"
    lazy_markup = first.markup.replace(' fetchpriority="high"', "")
    if "loading=" not in lazy_markup:
        lazy_markup = lazy_markup.replace("<img ", '<img loading="lazy" ', 1)
    html = page.read_text(encoding="utf-8")
    (site / LAZY).write_text(html.replace(first.markup, lazy_markup, 1), encoding="utf-8")
    with serve(site) as base:
        return {
            "base": base,
            "post": lighthouse(f"{base}/{POST}"),
            "lazy": lighthouse(f"{base}/{LAZY}"),
        }


def audit(report: dict, name: str) -> dict:
    found = report["audits"][name]
    assert found["scoreDisplayMode"] not in ("error", "notApplicable"), (
        f"{name}: {found['scoreDisplayMode']}: {found.get('errorMessage', '')}"
    )
    return found


def lcp_node(report: dict) -> dict:
    """The element Lighthouse took for the largest contentful paint."""
    details = audit(report, "largest-contentful-paint-element")["details"]
    tables = [item for item in details["items"] if item["type"] == "table"]
    return tables[0]["items"][0]["node"]


def is_photo(node: dict, photo: dict) -> bool:
    """A node as Lighthouse reports it (path, label cut at about 80 characters) is that photo."""
    label = node["nodeLabel"].removesuffix("…")
    return node["path"].endswith(",IMG") and photo["alt"].startswith(label) and len(label) > 20


def test_the_post_opens_with_a_photo_loaded_first(demo_site):
    first = opening(demo_site / urls.save_as(POST))
    assert first.photo is not None and first.text_before == ""
    assert first.photo.get("fetchpriority") == "high" and "loading" not in first.photo


def test_lighthouse_mobile_reports_no_lcp_lazy_loaded_on_the_post(reports, demo_site):
    report = reports["post"]
    assert report["configSettings"]["formFactor"] == "mobile"
    assert audit(report, "lcp-lazy-loaded")["score"] == 1
    photo = opening(demo_site / urls.save_as(POST)).photo
    assert is_photo(lcp_node(report), photo), lcp_node(report)


def test_lighthouse_flags_the_same_post_with_its_first_photo_lazy(reports, demo_site):
    """The check can fail: the mistake it guards against is caught."""
    flagged = audit(reports["lazy"], "lcp-lazy-loaded")
    assert flagged["score"] == 0
    photo = opening(demo_site / urls.save_as(POST)).photo
    assert is_photo(flagged["details"]["items"][0]["node"], photo), flagged["details"]
    assert 'loading="lazy"' in flagged["details"]["items"][0]["node"]["snippet"]


def test_lighthouse_saw_only_the_served_site(reports):
    """Nothing of the page, and of Lighthouse's run, came from another host or was missing."""
    for name in ("post", "lazy"):
        requests = audit(reports[name], "network-requests")["details"]["items"]
        assert requests, name
        for request in requests:
            assert request["url"].startswith(reports["base"] + "/"), (name, request["url"])
            assert request["statusCode"] == 200, (name, request["url"], request["statusCode"])
