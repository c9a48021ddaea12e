"""Offline reading in Chromium. On an origin of the site's own (the demo's relative build, at
the root of its own 127.0.0.1 port) the service worker keeps the class home, its latest
newsletter and calendar and serves them offline with a "saved on" note, and never keeps a
portfolio page, even when asked to. A site published for a SITEURL with a path (a GitHub
project site) registers no worker: a page at another path of the same origin finds nothing of
it in Cache Storage, and a browser that had the reader from before loses it and the copies."""

import datetime
import json
import os
import time
from pathlib import Path

import pytest
from babel.dates import format_date
from playwright.sync_api import Error as PlaywrightError

from homeroom_school import urls
from homeroom_search.offline import write_offline
from tests.sites import DEMO_CONTENT, invoke, strong_secrets
from tests.tools import serve, wait_until

pytestmark = pytest.mark.browser

# What a page can read of the origin's Cache Storage: every cache and the URL of every copy.
CACHED_URLS = """async () => {
  const out = {};
  for (const name of await caches.keys()) {
    out[name] = (await (await caches.open(name)).keys()).map((request) => request.url);
  }
  return out;
}"""
# Asks the active worker to keep these URLs, as offline.js does (or any page of the origin can).
ASK_TO_KEEP = """async (urls) => {
  const registration = await navigator.serviceWorker.ready;
  const channel = new MessageChannel();
  const answered = new Promise((resolve) => { channel.port1.onmessage = resolve; });
  registration.active.postMessage({ keep: urls }, [channel.port2]);
  await answered;
}"""
REGISTRATIONS = "navigator.serviceWorker.getRegistrations().then((found) => found.length)"
# What a browser does at a family's next visits, hurried: look for a new sw.js (the browser
# checks on navigations; update() asks at once) until no worker is left, for at most 30 s.
UPDATED_UNTIL_GONE = """async () => {
  for (let tries = 0; tries < 120; tries++) {
    const found = await navigator.serviceWorker.getRegistrations();
    if (found.length === 0 && (await caches.keys()).length === 0) return true;
    for (const registration of found) await registration.update().catch(() => null);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}"""
HOSTILE = """<!doctype html><html lang="en"><meta charset="utf-8"><title>Another site</title>
<p>Another Pages site of the same owner.</p></html>
"""


def wait_saved(page) -> None:
    wait_until(
        lambda: page.get_attribute("html", "data-offline-saved") == "yes",
        "the service worker to keep the page",
    )


def portfolio_tokens(site: Path) -> tuple[str, str]:
    """(a `link` portfolio's token, a `family` one's) of a built demo."""
    pages = {path.parent.name: path.read_text() for path in site.glob("portfolio/*/index.html")}
    link = next(token for token, html in sorted(pages.items()) if "locked-page" not in html)
    family = next(token for token, html in sorted(pages.items()) if "locked-page" in html)
    return link, family


@pytest.fixture(scope="module")
def at_the_root(demo_site):
    """The demo site at the root of its own origin (as on a custom domain)."""
    with serve(demo_site) as base:
        yield base


@pytest.fixture(scope="module")
def project_site(tmp_path_factory):
    """(origin, SITEURL, site folder): the demo published strictly for a SITEURL with a path
    (`<origin>/repo`, as `https://<owner>.github.io/repo`), beside another site of the same
    origin at `/other/`."""
    root = tmp_path_factory.mktemp("pages")
    (root / "other").mkdir()
    (root / "other" / "index.html").write_text(HOSTILE, encoding="utf-8")
    with serve(root) as origin:
        siteurl = f"{origin}/repo"
        env = {**os.environ, "SITEURL": siteurl, "HOMEROOM_REPOSITORY_VISIBILITY": "private"}
        env.update(strong_secrets(root.parent / f"{root.name}-secrets"))
        args = ["--content", str(DEMO_CONTENT), "--output", str(root / "repo")]
        done = invoke("publish", *args, env=env)
        assert done.returncode == 0, done.stdout + done.stderr
        yield origin, siteurl, root / "repo"


def test_class_home_and_newsletter_are_read_offline(browser, at_the_root):
    context = browser.new_context(locale="es-ES", timezone_id="UTC")
    page = context.new_page()
    before = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    page.goto(f"{at_the_root}/es/grade-3b/")
    wait_saved(page)
    after = datetime.datetime.now(datetime.UTC)
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == f"{at_the_root}/"
    newsletter = page.get_attribute("#offline-keep", "data-keep").split()[0]
    assert page.locator(".offline-note").is_hidden()  # online: no note
    context.set_offline(True)
    page.reload()
    assert page.locator("h1").inner_text() == "3.º B"
    note = page.locator(".offline-note")
    assert note.is_visible()
    # The moment the page was kept, in Spanish, in the reader's time zone (the context's: UTC),
    # as CLDR writes a Spanish time: H:mm, the hour without a leading zero (7:05, 17:05).
    saved = datetime.datetime.fromisoformat(note.get_attribute("data-saved-on"))
    assert before <= saved <= after, (before, saved, after)
    month = format_date(saved, "MMMM", locale="es")
    assert note.inner_text() == (
        "Está sin conexión: esta es la copia guardada el "
        f"{saved.day} de {month} de {saved.year} a las {saved.hour}:{saved:%M}."
    )
    page.goto(page.evaluate(f"new URL({json.dumps(newsletter)}, location.href).href"))
    assert "Boletín" in page.locator("h1").inner_text()  # kept when the class home was opened
    calendar = page.evaluate(
        "fetch('../../calendar.ics').then(r => r.text())"
    )  # the class calendar, kept too
    assert calendar.startswith("BEGIN:VCALENDAR")
    context.close()


def test_no_portfolio_page_is_ever_kept(browser, at_the_root, demo_site):
    """The worker runs (it kept the class home) and the portfolios are opened under it, then
    asked for by name: nothing under /portfolio/ is in Cache Storage, and offline they do not
    open."""
    link, family = portfolio_tokens(demo_site)
    link_url = f"{at_the_root}/{urls.portfolio(link)}"
    family_url = f"{at_the_root}/{urls.portfolio(family)}"
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{at_the_root}/en/grade-3b/")
    wait_saved(page)
    for url in (link_url, family_url):
        page.goto(url)
        assert page.evaluate("navigator.serviceWorker.controller !== null")  # under the worker
    page.evaluate(ASK_TO_KEEP, [link_url, family_url, f"{link_url}index.html"])
    kept = [url for copies in page.evaluate(CACHED_URLS).values() for url in copies]
    assert f"{at_the_root}/en/grade-3b/" in kept  # the reader works
    assert [url for url in kept if url.startswith(f"{at_the_root}/portfolio/")] == []
    listed = page.evaluate("fetch('/offline.json').then((r) => r.json())")["files"]
    assert [name for name in listed if name.startswith(urls.portfolios())] == []
    context.set_offline(True)
    # Offline the worker hands the request to the network, which fails; only the browser's own
    # HTTP cache may still answer (heuristic freshness from Last-Modified, a few seconds after a
    # build; on GitHub Pages `max-age=600`), never a copy the worker kept.
    try:
        response = page.goto(link_url)
    except PlaywrightError:
        response = None
    assert response is None or not response.from_service_worker
    context.close()


def test_a_page_elsewhere_on_the_origin_finds_nothing_of_a_project_site(browser, project_site):
    origin, siteurl, site = project_site
    assert not (site / urls.offline_manifest()).exists()
    assert [p for p in site.rglob("*.html") if "offline.js" in p.read_text(encoding="utf-8")] == []
    link, family = portfolio_tokens(site)
    context = browser.new_context(locale="es-ES")
    page = context.new_page()
    for address in ("es/grade-3b/", "es/", urls.portfolio(link), urls.portfolio(family)):
        page.goto(f"{siteurl}/{address}")
        page.wait_for_load_state("load")
        page.wait_for_timeout(500)  # time enough for a reader to register and keep the page
        assert page.evaluate(REGISTRATIONS) == 0, f"a service worker registered on {address}"
    assert page.locator("#unlocked, #locked-page").count() == 2  # a real portfolio page
    hostile = context.new_page()
    hostile.goto(f"{origin}/other/")
    assert hostile.evaluate(CACHED_URLS) == {}
    context.close()


def test_a_reader_registered_before_removes_itself_and_the_sites_copies(browser, project_site):
    """A family whose browser registered the reader when the site still published it: at its
    next visit the worker is gone, and so are the copies it kept."""
    _, siteurl, site = project_site
    inert = (site / urls.service_worker()).read_bytes()
    write_offline(site, "")  # the reader, as a build for an origin of its own writes it
    # published an hour before this release (the server answers a browser's If-Modified-Since
    # by the second: two files written in the same second would look like one)
    an_hour_ago = time.time() - 3600
    os.utime(site / urls.service_worker(), (an_hour_ago, an_hour_ago))
    try:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{siteurl}/en/")
        scope = page.evaluate(
            "(url) => navigator.serviceWorker.register(url + '/sw.js', {scope: url + '/'})"
            ".then(() => navigator.serviceWorker.ready).then((r) => r.scope)",
            siteurl,
        )
        assert scope == f"{siteurl}/"
        page.evaluate(ASK_TO_KEEP, [f"{siteurl}/en/", f"{siteurl}/theme/css/homeroom.css"])
        assert page.evaluate(CACHED_URLS)["homeroom-offline"]  # kept before this release
        (site / urls.offline_manifest()).unlink()
        (site / urls.service_worker()).write_bytes(inert)  # this release's site
        assert page.evaluate(UPDATED_UNTIL_GONE), "the old reader is still registered"
        assert page.evaluate(REGISTRATIONS) == 0
        assert page.evaluate(CACHED_URLS) == {}
        context.close()
    finally:
        (site / urls.offline_manifest()).unlink(missing_ok=True)
        (site / urls.service_worker()).write_bytes(inert)
