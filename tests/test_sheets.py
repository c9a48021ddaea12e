"""Sign-ups on paper and everywhere a family looks (issue 14, criteria 4 and 5): the printed
sheet read back from Chromium's PDF in A4 and Letter, its QR code made from the booking
address, and "N of M times still free" on the class home, the newsletter, its email edition
and its feed entry, in English and Arabic; a past event offers nothing to book."""

import io
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, unquote, urlsplit

import feedparser
import pytest
import segno

from homeroom_school import replies
from tests.sites import pelican_build, small_school
from tests.tools import serve

GRADE_1 = "classes/grade-1"
GRADE_2 = "classes/grade-2"
CODE = re.compile(r"[0-9A-HJKMNP-TV-Z]{5}-(?:\d{4}B?|HELP)(?![0-9A-Z])")
FILES = {
    f"{GRADE_1}/class.yml": """
        name: {en: Grade 1, es: Primer grado}
        teachers: [Ms. Park]
        languages: [en, es]
        contact:
          email: park@school.example
          sms: +1 (773) 555-0140
    """,
    # 15:00 to 21:00 in 15 minutes: 24 times, the most a sheet promises to fit on one page.
    f"{GRADE_1}/events/2026-12-03-conferences.md": """
        Title: Winter conferences
        Start: 2026-12-03 15:00
        End: 21:00
        Location: Room 12
        Slots: 15
        Booked: 15:30, 16:45
        Interpreters: es, ar

        Twenty-four times.
    """,
    f"{GRADE_1}/events/2026-11-05-fall-conferences.md": """
        Title: Fall conferences
        Start: 2026-11-05 15:00
        End: 17:00
        Slots: 20
        Booked: 15:00

        Over before the build's day (2026-11-23).
    """,
    f"{GRADE_1}/news/2026-10-15-october.md": "Title: October\nDate: 2026-10-15\n\nPumpkins.\n",
    f"{GRADE_1}/news/2026-11-10-november.md": "Title: November\nDate: 2026-11-10\n\nLeaves.\n",
    f"{GRADE_2}/class.yml": """
        name: {ar: الصف الثاني, en: Grade 2}
        teachers: [Mr. Diallo]
        languages: [ar, en]
        contact:
          email: diallo@school.example
    """,
    f"{GRADE_2}/events/2026-12-08-conferences.md": """
        Title: لقاءات أولياء الأمور
        Start: 2026-12-08 16:00
        End: 18:00
        Slots: 20
        Booked: 16:20

        لقاءات.
    """,
    f"{GRADE_2}/events/2026-12-10-picnic.md": """
        Title: نزهة العائلات
        Start: 2026-12-10
        Helpers: 6
        Helpers-Found: 2

        نزهة.
    """,
    f"{GRADE_2}/news/2026-11-12-news.md": "Title: أخبار\nDate: 2026-11-12\n\nأخبار.\n",
}
SHEETS = {  # sheet -> its event page, its free times and all its times
    "en/grade-1/events/conferences/sheet/": ("en/grade-1/events/conferences/", 22, 24),
    "es/grade-1/events/conferences/sheet/": ("es/grade-1/events/conferences/", 22, 24),
    "ar/grade-2/events/conferences/sheet/": ("ar/grade-2/events/conferences/", 5, 6),
}


class Links(HTMLParser):
    """Every <a>: (href, class, text), and every QR code's SVG path."""

    def __init__(self):
        super().__init__()
        self.links, self.paths, self.open = [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self.open = [attrs.get("href", ""), attrs.get("class") or "", ""]
            self.links.append(self.open)
        elif tag == "path":
            self.paths.append(attrs["d"])

    def handle_endtag(self, tag):
        self.open = None if tag == "a" else self.open

    def handle_data(self, data):
        if self.open:
            self.open[2] += data


def parse(path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def booked_codes(page) -> set[str]:
    """The codes in the subjects of an event page's (or an email's) mailto: links."""
    subjects = [
        parse_qs(urlsplit(href).query).get("subject", [""])[0]
        for href, _, _ in parse(page).links
        if href.startswith("mailto:")
    ]
    return {code for subject in subjects for code in CODE.findall(unquote(subject))}


def summaries(page) -> list[tuple[str, str]]:
    return [(text, href) for href, kind, text in parse(page).links if "signups-summary" in kind]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sheets")
    content = small_school(folder / "content", **FILES)
    assert pelican_build(content, folder / "out") == 0
    return folder / "out"


@pytest.mark.browser
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_sheet_prints_on_one_page_with_the_codes_the_event_page_books(site, browser, paper):
    from pypdf import PdfReader

    page = browser.new_page()
    with serve(site) as base:
        for sheet, (event, free, total) in SHEETS.items():
            page.goto(f"{base}/{sheet}")
            times = page.eval_on_selector_all(
                ".sheet-slot time", "els => els.map(e => e.textContent)"
            )
            reader = PdfReader(io.BytesIO(page.pdf(format=paper)))
            assert len(reader.pages) == 1, (sheet, paper, len(reader.pages))
            text = reader.pages[0].extract_text()
            squeezed = re.sub(r"\s+", "", text)
            printed = set(CODE.findall(text))
            # every free time's code is printed, and it is the code its mailto: link books
            assert printed == booked_codes(site / event / "index.html"), sheet
            assert (len(printed), len(times)) == (free, total), sheet
            if not sheet.startswith("ar/"):  # Arabic shaping makes the PDF's text run another way
                assert all(re.sub(r"\s+", "", time) in squeezed for time in times), sheet
    page.close()


def test_the_sheet_s_qr_code_is_the_booking_address_made_by_segno(site):
    expected = {
        "en/grade-1/events/conferences/sheet/": replies.mailto(
            "park@school.example",
            "Booking a time: Winter conferences",
            ["Code of the time I choose:", "Child's name:"],
        ),
        "es/grade-1/events/conferences/sheet/": replies.mailto(
            "park@school.example",
            "Reserva de hora: Winter conferences",
            ["Código de la hora que elijo:", "Nombre del niño o de la niña:"],
        ),
        "ar/grade-2/events/conferences/sheet/": replies.mailto(
            "diallo@school.example",
            "حجز موعد: لقاءات أولياء الأمور",
            ["رمز الموعد الذي أختاره:", "اسم الطفل:"],
        ),
    }
    for sheet, address in expected.items():
        made = segno.make(address, error="m").svg_inline(scale=3, dark="#1d2330", omitsize=False)
        (path,) = re.findall(r' d="([^"]+)"', made)
        assert parse(site / sheet / "index.html").paths == [path], sheet
    for sheet, (event, _, _) in SHEETS.items():  # the event page links its sheet
        links = [href for href, _, _ in parse(site / event / "index.html").links]
        assert any(href.endswith(f"/{sheet}") for href in links), event


def test_class_home_newsletter_email_and_feed_say_how_many_times_are_free(site):
    free, helpers = "22 of 24 times still free", "ما زلنا نحتاج إلى 4 متطوعين"
    page = "events/conferences/"
    assert summaries(site / "en/grade-1/index.html") == [(free, f"../../en/grade-1/{page}#times")]
    assert summaries(site / "es/grade-1/index.html") == [
        ("22 de 24 horas aún libres", f"../../es/grade-1/{page}#times")
    ]
    assert summaries(site / "ar/grade-2/index.html") == [
        ("5 من 6 مواعيد ما زالت متاحة", f"../../ar/grade-2/{page}#times"),
        (helpers, "../../ar/grade-2/events/picnic/#helpers"),
    ]
    address = "http://127.0.0.1:8000"  # the preview's absolute address, in email and feeds
    for lang, class_id, expected in (("en", "grade-1", free), ("ar", "grade-2", helpers)):
        web = site / f"{lang}/{class_id}/newsletter/2026-11/index.html"
        assert expected in [text for text, _ in summaries(web)], web
        email = web.with_name("email.html")
        assert expected in [text for text, _ in summaries(email)], email
        assert all(href.startswith(address) for _, href in summaries(email)), email
    # the email edition's booking links: absolute mailto: links, one per free time
    email = site / "en/grade-1/newsletter/2026-11/email.html"
    assert booked_codes(email) == booked_codes(site / f"en/grade-1/{page}index.html")
    assert len(booked_codes(email)) == 22
    # events are not feed entries: the October newsletter's entry carries the summary
    feed = feedparser.parse(site / "en/grade-1/atom.xml")
    assert not feed.bozo
    (entry,) = [e for e in feed.entries if e.link.endswith("/newsletter/2026-10/")]
    assert free in entry.content[0].value
    assert f'href="{address}/en/grade-1/{page}#times"' in entry.content[0].value


def test_a_past_event_shows_no_summary_and_its_sheet_books_nothing(site):
    october = site / "en/grade-1/newsletter/2026-10/index.html"
    text = october.read_text(encoding="utf-8")
    assert "Fall conferences" in text
    assert [href for _, href in summaries(october)] == [
        "../../../../en/grade-1/events/conferences/#times"
    ]
    archive = parse(site / "en/grade-1/events/index.html")
    assert [h for h, kind, _ in archive.links if "signups-summary" in kind and "fall" in h] == []
    sheet = site / "en/grade-1/events/fall-conferences/sheet/index.html"
    html = sheet.read_text(encoding="utf-8")
    assert "This event is over" in html
    assert CODE.findall(html) == [] and "<svg" not in html and "mailto:" not in html
