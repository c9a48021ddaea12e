"""Every web page fits a phone: no sideways scroll at 320 px, in every language, also where a
right-to-left page holds text that runs left to right (an untranslated title in an Arabic
newsletter or list) and where a word or an address is longer than the screen is wide."""

import re
from pathlib import Path

import pytest

from tests.pages import OVERFLOW
from tests.sites import build, web_pages, write_school
from tests.tools import serve

LONG = "Supercalifragilisticexpialidociousandthensomemoreletters"
# A small Arabic-first school: an English event and post not yet translated into Arabic, and
# long unbroken words and addresses in titles, lists and tables.
RTL_SCHOOL = {
    "classes/grade-4/class.yml": """
        name: {ar: الصف الرابع, en: Grade 4}
        teachers: [Ms. Haddad]
        languages: [ar, en]
        contact:
          email: a-very-long-address-for-the-teacher-of-grade-four@riverside-school.example
    """,
    "classes/grade-4/news/2026-11-02-welcome.md": f"""
        Title: أهلا وسهلا
        Date: 2026-11-02
        Summary: بداية الشهر.

        - قائمة بالعربية
        - https://riverside-school.example/a/very/long/address/that/does/not/break/anywhere/at/all

        | عمود | column |
        |---|---|
        | {LONG} | https://riverside-school.example/another/long/address/in/a/table |
    """,
    "classes/grade-4/news/2026-11-02-welcome.en.md": """
        Title: Welcome
        Date: 2026-11-02
        Summary: The month begins.

        Hello.
    """,
    "classes/grade-4/news/2026-11-09-field-trip.en.md": f"""
        Title: Field trip to the {LONG} museum
        Date: 2026-11-09
        Summary: Not yet translated, {LONG}.

        We went to https://riverside-school.example/a/very/long/address/that/does/not/break.
    """,
    "classes/grade-4/events/2026-12-03-concert.en.md": f"""
        Title: Winter concert at the {LONG} hall
        Start: 2026-12-03 18:00
        Location: {LONG} hall

        Come and listen.
    """,
    "classes/grade-4/events/2026-11-27-book-swap.en.md": """
        Title: Book swap
        Start: 2026-11-27 15:00

        Bring a book.
    """,
    "classes/grade-4/events/2026-12-10-fair.md": """
        Title: معرض العلوم
        Start: 2026-12-10 09:00

        تعالوا.
    """,
}


def overflowing(page, base: str, output: Path, widths=(320,)) -> list:
    """The pages of a built site that scroll sideways at each width, with what sticks out."""
    found = []
    for width in widths:
        page.set_viewport_size({"width": width, "height": 800})
        for path in web_pages(output):
            url = f"{base}/{path.relative_to(output).as_posix()}"
            page.goto(url, wait_until="load")
            scroll, inner, out = page.evaluate(OVERFLOW)
            if scroll > inner or any(o.startswith("marker") for o in out):
                found.append((width, path.relative_to(output).as_posix(), scroll, out))
    return found


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="module")
def rtl_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rtl")
    content = write_school(folder / "content", RTL_SCHOOL)
    output = folder / "output"
    result = build(content, output)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


UNTRANSLATED = re.compile(r'<(li|article)\b[^>]*\bdir="ltr"')


def rtl_pages_with_ltr_items(output: Path) -> list[str]:
    """Right-to-left pages holding a left-to-right list item or card (an untranslated item)."""
    return [
        path.relative_to(output).as_posix()
        for path in web_pages(output)
        if '<html lang="ar" dir="rtl">' in (text := path.read_text(encoding="utf-8"))
        and UNTRANSLATED.search(text)
    ]


@pytest.mark.browser
def test_no_page_of_the_demo_scrolls_sideways_on_a_phone(phone, demo_site):
    assert rtl_pages_with_ltr_items(demo_site), "the demo has an untranslated item in Arabic"
    with serve(demo_site) as base:
        found = overflowing(phone, base, demo_site)
    assert not found, "\n".join(map(str, found))


@pytest.mark.browser
def test_an_arabic_school_with_untranslated_items_and_long_words_fits_a_phone(phone, rtl_site):
    pages = rtl_pages_with_ltr_items(rtl_site)
    assert any("newsletter" in page for page in pages), pages
    with serve(rtl_site) as base:
        found = overflowing(phone, base, rtl_site, widths=(320, 390, 1280))
    assert not found, "\n".join(map(str, found))
