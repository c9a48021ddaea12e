"""Links written as a page's address: resolved to the page, localized like links to its file."""

import re

import pytest

from homeroom_school.links import localize
from tests.sites import PUBLISHED, build, small_school
from tests.test_loading import load

POST = "classes/grade-1/news/2026-09-04-first-week.md"
APPLES = "news/grade-1/apples"
PICNIC = "classes/grade-1/events/2026-10-02-picnic.md"


def linking(tmp_path, link: str, **settings):
    """The small school with the first-week post linking `link` (on line 5), loaded."""
    folder = small_school(
        tmp_path,
        **{
            POST: f"Title: Our first week\nDate: 2026-09-04\n\nHello.\nSee [it]({link}).\n",
            PICNIC: "Title: Picnic\nStart: 2026-10-02 12:00\n\nBring a blanket.\n",
        },
    )
    school, _ = load(folder, **settings)
    return school, school.items["news/grade-1/first-week"].versions["en"].body


@pytest.mark.parametrize(
    ("link", "key", "fragment"),
    [
        ("../apples/", APPLES, ""),
        ("../apples", APPLES, ""),
        ("/en/grade-1/news/apples/", APPLES, ""),
        ("/es/grade-1/news/apples/", APPLES, ""),
        ("/en/grade-1/news/apples", APPLES, ""),
        ("/en/grade-1/news/apples/index.html", APPLES, ""),
        ("../apples/index.html#top", APPLES, "#top"),
        ("/en/pages/agreement/", "page/-/agreement", ""),
        ("../../../pages/agreement/", "page/-/agreement", ""),
        ("/en/grade-1/events/picnic/", "event/grade-1/picnic", ""),
        ("../../events/picnic/", "event/grade-1/picnic", ""),
    ],
)
def test_a_page_address_becomes_the_item(tmp_path, link, key, fragment):
    school, body = linking(tmp_path, link)
    assert school.problems == []
    assert key in school.items
    assert f'href="{{hr-item:{key}}}{fragment}"' in body


def test_an_absolute_address_on_this_site(tmp_path):
    link = "https://school.example/homeroom/en/grade-1/news/apples/#top"
    school, body = linking(tmp_path, link, SITEURL="https://school.example/homeroom")
    assert school.problems == []
    assert f'href="{{hr-item:{APPLES}}}#top"' in body


def test_the_site_path_may_be_written(tmp_path):
    link = "/homeroom/es/grade-1/news/apples/"
    school, body = linking(tmp_path, link, SITEURL="https://school.example/homeroom")
    assert school.problems == []
    assert f'href="{{hr-item:{APPLES}}}"' in body


@pytest.mark.parametrize("link", ["/en/grade-1/news/aples/", "../aples/"])
def test_an_address_that_is_no_page_suggests_the_nearest(tmp_path, link):
    school, _ = linking(tmp_path, link)
    [problem] = school.problems
    assert problem.path == POST and problem.line == 5
    assert problem.message == (
        f"links to '{link}', which is no page of this site; did you mean /en/grade-1/news/apples/?"
    )


@pytest.mark.parametrize(
    "link",
    [
        "https://other.example/en/grade-1/news/apples/",
        "mailto:park@school.example",
        "/en/grade-1/",
        "/en/grade-1/calendar.ics",
    ],
)
def test_other_links_are_untouched(tmp_path, link):
    school, body = linking(tmp_path, link)
    assert school.problems == []
    assert f'href="{link}"' in body


def test_localized_for_each_reader(tmp_path):
    school, body = linking(tmp_path, "/en/grade-1/news/apples/")
    assert 'href="../es/grade-1/news/apples/"' in localize(body, school, "es", "..")


def test_the_built_spanish_page_links_the_spanish_page(tmp_path):
    folder = small_school(
        tmp_path / "content",
        **{
            "classes/grade-1/news/2026-09-04-first-week.es.md": (
                "Title: Nuestra primera semana\nDate: 2026-09-04\n\n"
                "Vean [las manzanas](/en/grade-1/news/apples/).\n"
            ),
        },
    )
    result = build(folder, tmp_path / "output", env=PUBLISHED)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "output/es/grade-1/news/first-week/index.html").read_text("utf-8")
    hrefs = re.findall(r'<a href="([^"]*)">las manzanas</a>', page)
    assert hrefs == ["../../../../es/grade-1/news/apples/"]


SITE = "https://school.example/homeroom"


@pytest.mark.parametrize(
    ("link", "settings"),
    [
        ("/portfolio/abcdefghijklmnopqrstuvwxyz/", {}),
        ("/homeroom/portfolio/abcdefghijklmnopqrstuvwxyz/", {"SITEURL": SITE}),
        (f"{SITE}/portfolio/abcdefghijklmnopqrstuvwxyz/", {"SITEURL": SITE}),
    ],
)
def test_a_portfolio_address_pasted_in_a_post_is_an_error(tmp_path, link, settings):
    """A family's unguessable address, pasted on a public page, would publish it to everyone."""
    school, body = linking(tmp_path, link, **settings)
    [problem] = school.problems
    assert (problem.path, problem.line) == (POST, 5)
    assert "portfolio's address, which is for that child's family alone" in problem.message
    assert "abcdefghijklmnopqrstuvwxyz" not in body
