"""Offline reading in Chromium: the service worker (/sw.js, scoped to the site, here under a
path as a SITEURL with one) keeps the class home, its latest newsletter and calendar; serves
them offline with a "saved on" note; never keeps a decrypted portfolio."""

import json
import shutil
import time

import pytest

from tests.tools import serve

pytestmark = pytest.mark.browser

CACHED_TEXTS = """async () => {
  const cache = await caches.open("homeroom-offline");
  const out = [];
  for (const request of await cache.keys()) out.push(await (await cache.match(request)).text());
  return out;
}"""


def wait_saved(page) -> None:
    for _ in range(200):
        if page.get_attribute("html", "data-offline-saved") == "yes":
            return
        time.sleep(0.05)
    raise AssertionError("the service worker did not keep the page")


@pytest.fixture(scope="module")
def under_a_path(demo_site, tmp_path_factory):
    """The demo site served from /homeroom/, as on GitHub Pages for a project site."""
    root = tmp_path_factory.mktemp("pages")
    shutil.copytree(demo_site, root / "homeroom")
    with serve(root) as base:
        yield f"{base}/homeroom"


def test_class_home_and_newsletter_are_read_offline(browser, under_a_path):
    context = browser.new_context(locale="es-ES")
    page = context.new_page()
    page.goto(f"{under_a_path}/es/grade-3b/")
    wait_saved(page)
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == f"{under_a_path}/"
    newsletter = page.get_attribute("#offline-keep", "data-keep").split()[0]
    assert page.locator(".offline-note").is_hidden()  # online: no note
    context.set_offline(True)
    page.reload()
    assert page.locator("h1").inner_text() == "3.º B"
    note = page.locator(".offline-note")
    assert note.is_visible() and note.inner_text().startswith("Está sin conexión")
    assert "2026" in note.inner_text() or any(ch.isdigit() for ch in note.inner_text())
    page.goto(page.evaluate(f"new URL({json.dumps(newsletter)}, location.href).href"))
    assert "Boletín" in page.locator("h1").inner_text()  # kept when the class home was opened
    calendar = page.evaluate(
        "fetch('../../calendar.ics').then(r => r.text())"
    )  # the class calendar, kept too
    assert calendar.startswith("BEGIN:VCALENDAR")
    context.close()


def test_a_portfolio_opened_online_is_not_readable_offline(browser, under_a_path, demo_site):
    token = next(
        path.parent.name
        for path in (demo_site / "portfolio").glob("*/index.html")
        if "locked" in path.read_text(encoding="utf-8")
    )
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{under_a_path}/portfolio/{token}/")
    wait_saved(page)
    page.fill("#passphrase-en", "demo-only maple river seven")
    page.click("[data-lang=en] button[type=submit]")
    page.wait_for_selector("#unlocked h1", timeout=30000)
    secret = page.inner_text("#unlocked h1")
    assert secret
    page.reload()  # through the service worker: what it keeps is what was downloaded
    context.set_offline(True)
    page.reload()
    assert page.inner_text("#unlocked") == ""
    assert page.locator("#passphrase-en").is_visible()  # the encrypted page, asking again
    kept = page.evaluate(CACHED_TEXTS)
    assert kept and not any(secret in text for text in kept)
    assert not any("stubborn donkey" in text for text in kept)
    context.close()
