"""The demo on a 390 px phone in Chromium, page by page, as a family holds it: a class home, an
event with times to book, its sheet, search with results, a newsletter and an unlocked
portfolio. Each is screenshot and judged by its layout (nothing sticks out, rows no taller than
a thumb's reach, what must be seen is seen, what must not is not), and axe stays clean."""

import re
from pathlib import Path

import pytest

from homeroom_portfolio import crypto
from tests.pages import OVERFLOW
from tests.sites import DEMO_SECRET, build, small_school
from tests.tools import axe_violations, serve, wait_until

PHONE = {"width": 390, "height": 844}
ROW = 64  # px: the tallest a conference slot may be (time, code, book, calendar in one row)
# An element's box, whether it is seen (rendered, not clipped to nothing) and its text.
BOX = """el => { const r = el.getBoundingClientRect(), s = getComputedStyle(el);
  return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height,
          width: r.width, text: el.innerText.trim(),
          seen: r.width > 1 && r.height > 1 && s.visibility !== "hidden"}; }"""


@pytest.fixture(scope="module")
def site(demo_site):
    with serve(demo_site) as base:
        yield base


@pytest.fixture
def phone(browser, tmp_path):
    """A 390 px phone whose pages axe can be injected into (the site's CSP refuses inline
    scripts); `phone.shot(name)` keeps a screenshot of the whole page."""
    context = browser.new_context(viewport=PHONE, bypass_csp=True, device_scale_factor=1)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.shots = tmp_path
    yield page
    context.close()
    assert errors == []


def fits(page, name: str) -> None:
    """The page as loaded fits 390 px, passes axe, and its screenshot is 390 px wide."""
    scroll, inner, out = page.evaluate(OVERFLOW)
    assert scroll <= inner == PHONE["width"], (name, scroll, out)
    assert axe_violations(page) == [], name
    shot = page.shots / f"{name}.png"
    page.screenshot(path=shot, full_page=True)
    assert int.from_bytes(shot.read_bytes()[16:20], "big") == PHONE["width"]


def boxes(page, selector: str) -> list[dict]:
    return page.locator(selector).evaluate_all(f"els => els.map({BOX})")


@pytest.mark.browser
def test_a_class_home_fits_with_a_search_box_a_phone_does_not_zoom_into(phone, site):
    phone.goto(f"{site}/en/grade-3b/")
    fits(phone, "class-home")
    for control in ("#search-box", ".search-box button"):
        assert phone.locator(control).evaluate("e => getComputedStyle(e).fontSize") == "16px"
    assert phone.locator("#search-box").evaluate("e => e.getBoundingClientRect().height") >= 40


def event_pages_with_slots(output: Path) -> list[str]:
    return sorted(
        path.parent.relative_to(output).as_posix()
        for path in output.glob("*/*/events/*/index.html")
        if 'class="slots"' in path.read_text(encoding="utf-8")
    )


@pytest.mark.browser
def test_each_conference_slot_is_one_short_row_and_the_pause_is_shown(phone, site, demo_site):
    pages = event_pages_with_slots(demo_site)
    assert len(pages) >= 8 and {p[:3] for p in pages} >= {"ar/", "en/", "es/", "vi/", "zh/"}
    for path in pages:
        phone.goto(f"{site}/{path}/")
        rows = phone.locator(".slots > li.slot")
        past = phone.locator(".signups .book").count() == 0
        assert rows.count() >= 4, path
        for index in range(rows.count()):
            row = rows.nth(index)
            box = row.evaluate(BOX)
            assert box["height"] <= ROW, (path, box["text"], box["height"])
            parts = [".slot-time", ".slot-code", ".slot-ics"]
            if not past:  # a past event's times are only read, not booked
                parts.append(".book, .slot-state")
            for part in parts:
                inner = row.locator(part).first.evaluate(BOX)
                assert inner["seen"], (path, part)
                assert box["top"] <= inner["top"] and inner["bottom"] <= box["bottom"] + 0.5
                assert inner["left"] >= 0 and inner["right"] <= PHONE["width"], (path, part)
        fits(phone, path.replace("/", "-"))
    # Winter conferences pause from 17:30 to 18:00: said between the 17:10 and 18:00 slots.
    phone.goto(f"{site}/en/grade-3b/events/winter-conferences/")
    items = phone.locator(".slots > li").evaluate_all("els => els.map(e => e.className)")
    texts = phone.locator(".slots > li").all_inner_texts()
    pause = items.index("slot-pause")
    assert "5:10" in texts[pause - 1] and "6:00" in texts[pause + 1]
    shown = phone.locator(".slot-pause").evaluate(BOX)
    assert shown["seen"] and "5:30" in shown["text"] and "Break" in shown["text"]
    assert shown["height"] <= ROW
    phone.goto(f"{site}/es/grade-3b/events/winter-conferences/")
    assert "17:30" in phone.inner_text(".slot-pause") and "Pausa" in phone.inner_text(".slot-pause")


@pytest.mark.browser
def test_the_sheet_fits_a_phone_and_shows_the_pause(phone, site):
    phone.goto(f"{site}/en/grade-3b/events/winter-conferences/sheet/")
    rows = boxes(phone, ".sheet-slots > li")
    assert len(rows) >= 8 and all(row["seen"] and row["height"] <= 40 for row in rows), rows
    pause = phone.locator(".sheet-pause").evaluate(BOX)
    assert pause["seen"] and "5:30" in pause["text"] and "6:00" in pause["text"]
    fits(phone, "sheet")


def search(page, base: str, query: str) -> str:
    """Open the search page with a query and wait for its answer; the status said."""
    page.goto(f"{base}/{query}")
    status = page.locator("#search-status")
    return wait_until(
        lambda: (said := status.inner_text()) and "…" not in said and said,
        f"the search page to answer {query}",
    )


@pytest.mark.browser
def test_search_on_a_phone_styled_controls_one_heading_no_raw_address(phone, site):
    search(phone, site, "es/search/?q=biblioteca")
    for control in ("#search-q", "#search-class", "#search-kind", "#search button"):
        style = phone.locator(control).evaluate(
            "e => { const s = getComputedStyle(e); return [s.fontSize, s.borderRadius,"
            " e.getBoundingClientRect().height, e.getBoundingClientRect().width]; }"
        )
        assert style[0] == "16px" and style[1] != "0px" and style[2] >= 40, (control, style)
    assert phone.locator("#search-q").evaluate("e => e.getBoundingClientRect().width") >= 300
    # With JavaScript, no list of classes' news in place of results.
    assert not phone.get_by_text("Noticias de cada clase").is_visible()
    assert phone.locator(".search-archives").count() == 0  # in <noscript>: not even parsed
    # One heading says what was found; nothing else on the page says it again.
    said = [b for b in boxes(phone, "main h1, main h2, main h3, main p") if b["seen"]]
    results = [b["text"] for b in said if "«biblioteca»" in b["text"] or b["text"] == "Resultados"]
    assert results == ["Resultados para «biblioteca»"], results
    assert phone.locator("#search-found li").count() >= 3
    fits(phone, "search")
    # A newsletter found shows its words, never the addresses printed under its posts.
    search(phone, site, "en/search/?q=fractions&kind=newsletter")
    snippets = phone.locator("#search-found li > p:not(.meta)").all_inner_texts()
    assert snippets and not [s for s in snippets if "://" in s or "127.0.0.1" in s], snippets


@pytest.mark.browser
def test_search_without_javascript_lists_each_class(browser, site):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/es/search/")
    assert page.get_by_role("heading", name="Noticias de cada clase").is_visible()
    assert page.locator(".search-archives a").count() == 3
    context.close()


@pytest.mark.browser
def test_a_newsletter_s_breadcrumb_ends_with_its_month(phone, site):
    for path, newsletters, month in [
        ("en/grade-3b/newsletter/2026-11/", "Newsletters", "November 2026"),
        ("es/grade-3b/newsletter/2026-10/", "Boletines", "octubre de 2026"),
    ]:
        phone.goto(f"{site}/{path}")
        crumbs = phone.locator("nav.crumbs li").all_inner_texts()
        assert crumbs[-2:] == [newsletters, month], crumbs
    fits(phone, "newsletter")


@pytest.mark.browser
def test_an_unlocked_portfolio_s_focus_outline_follows_the_child_s_name(phone, site):
    token = crypto.token(DEMO_SECRET, "grade-3b/ana")
    phone.goto(f"{site}/portfolio/{token}/")
    phone.fill("#passphrase-en", "demo-only maple river seven")
    phone.press("#passphrase-en", "Enter")  # from the keyboard: the focus is shown
    phone.wait_for_selector("#unlocked h1", timeout=30000)
    heading = phone.locator("#unlocked h1")
    assert heading.evaluate("e => e === document.activeElement && e.matches(':focus-visible')")
    box = heading.evaluate(BOX)
    name = heading.locator("bdi").evaluate(BOX)
    main = phone.locator("main").evaluate(BOX)
    # The outline is drawn around the heading's box: as wide as the name, not as the line.
    assert box["width"] <= name["width"] + 1 < main["width"] / 2, (box, name, main)
    outline = heading.evaluate(
        "e => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineWidth]; }"
    )
    assert outline == ["solid", "3px"], outline
    fits(phone, "portfolio")


# Pauses before the first time, between two and after the last (one that runs to End).
PAUSES = """
    Title: Conferences
    Start: 2026-12-03 15:00
    End: 16:30
    Slots: 20
    Pause: 15:00-15:20, 15:40-16:00, 16:20-16:30

    Choose a time.
"""


@pytest.mark.slow
def test_every_pause_is_shown_in_its_place_on_the_event_and_its_sheet(tmp_path):
    content = small_school(
        tmp_path / "content", **{"classes/grade-1/events/2026-12-03-conferences.md": PAUSES}
    )
    output = tmp_path / "output"
    result = build(content, output)
    assert result.returncode == 0, result.stdout + result.stderr
    event = output / "en/grade-1/events/conferences"
    for page, pause, slot in [
        (event / "index.html", "slot-pause", "slot"),
        (event / "sheet/index.html", "sheet-pause", "sheet-slot"),
    ]:
        rows = re.findall(
            r'<li class="([\w-]+)[^"]*"><span class="slot-time"><time datetime="'
            r'[^"]*T(\d\d:\d\d)',
            page.read_text(encoding="utf-8"),
        )
        assert rows == [
            (pause, "15:00"),
            (slot, "15:20"),
            (pause, "15:40"),
            (slot, "16:00"),
            (pause, "16:20"),
        ], (page, rows)
