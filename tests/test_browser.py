"""The demo site in headless Chromium: languages, right-to-left, phones, print, axe-core."""

import re

import pytest

from tests.sites import html_files
from tests.tools import axe_violations, serve, watch_requests

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(demo_site):
    with serve(demo_site) as base_url:
        yield base_url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def axe_page(browser):
    """A phone-sized page where axe-core can be injected: its <script> is inline, which the
    site's Content-Security-Policy refuses (tests/test_csp.py proves the pages under it)."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def test_language_switcher_leads_to_the_translation(page, site):
    page.goto(f"{site}/en/grade-3b/news/fraction-wall/")
    page.get_by_role("navigation", name="Languages").get_by_role("link", name="Español").click()
    page.wait_for_url(f"{site}/es/grade-3b/news/fraction-wall/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("h1").inner_text() == "Construimos un muro de fracciones"


def test_arabic_pages_are_laid_out_right_to_left(page, site):
    page.set_viewport_size({"width": 800, "height": 900})
    page.goto(f"{site}/ar/grade-5a/")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    name = page.locator(".site-name").bounding_box()
    languages = page.locator("nav.languages").bounding_box()
    assert name["x"] > languages["x"], "the school's name starts on the right"
    heading = page.locator("main h1").bounding_box()
    assert heading["x"] + heading["width"] > 700, "headings align to the right edge"
    # The contact list's labels sit on the right of their values.
    label = page.locator(".contact dt").first.bounding_box()
    value = page.locator(".contact dd").first.bounding_box()
    assert label["x"] > value["x"]
    # An English post shown on an Arabic page keeps left-to-right text.
    page.goto(f"{site}/ar/grade-5a/news/schoolyard-ecosystem/")
    assert page.evaluate("getComputedStyle(document.querySelector('.body')).direction") == "ltr"


def test_every_page_passes_axe_fits_a_phone_and_stays_on_this_host(axe_page, site, demo_site):
    page = axe_page
    failures = []
    # Email editions name the site by its absolute preview address: serve that from here too.
    page.route(
        "http://127.0.0.1:8000/**",
        lambda route: route.fulfill(path=demo_site / route.request.url.split(":8000/", 1)[1]),
    )
    watch = watch_requests(page, site)
    pages = [p.relative_to(demo_site).as_posix() for p in html_files(demo_site)]
    assert len(pages) > 80
    for path in pages:
        page.goto(f"{site}/{path}")
        for violation in axe_violations(page):
            failures.append((path, violation["id"], violation["help"], violation["targets"][:2]))
        overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
        if overflow > 0:
            failures.append((path, "wider than a 360 px phone", overflow))
    assert failures == []
    assert [url for url in watch.external if not url.startswith("http://127.0.0.1:8000/")] == []
    assert watch.console_errors == []
    assert watch.page_errors == []


def test_pages_work_without_javascript(browser, site, demo_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/es/grade-3b/")
    page.get_by_role("link", name="Todas las noticias").click()
    page.wait_for_url(f"{site}/es/grade-3b/news/")
    assert page.locator("article.card").count() == 8
    context.close()
    for path in html_files(demo_site):
        if "portfolio" in path.parts:
            continue  # a family page decrypts in the browser: it says so in <noscript>
        # Scripts only add to a page: the offline reader on every one, search on its page.
        scripts = re.findall(r"<script[^>]*>", path.read_text())
        allowed = {"theme/js/offline.js", "theme/js/search.js"}
        for tag in scripts:
            source = re.search(r'src="([^"]+)"', tag)
            assert source and any(source[1].endswith(a) for a in allowed), (path, tag)


def test_print_hides_navigation(page, site):
    page.goto(f"{site}/en/grade-3b/news/fraction-wall/")
    page.emulate_media(media="print")
    assert page.locator("nav.languages").is_hidden()
    assert page.locator("nav.crumbs").is_hidden()
    assert page.locator("h1").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
