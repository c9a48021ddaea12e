"""The monthly newsletter: web, print (PDF), email and plain text, and its feed entry."""

import io
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest

from homeroom_school.features.newsletters import issues
from tests.pages import Page
from tests.sites import invoke, load, pelican_build, small_school

NOTES = "classes/grade-1/newsletter"
FILES = {
    "classes/grade-1/news/2026-10-05-october-one.md": "Title: October one\n\nFirst.\n",
    "classes/grade-1/news/2026-10-20-october-two.md": "Title: October two\n\nSecond.\n",
    "classes/grade-1/news/2026-10-20-october-two.es.md": "Title: Octubre dos\n\nSegundo.\n",
    f"{NOTES}/2026-10.md": "Title: Thank you, families\n\nWhat a month: NOTE-TEXT.\n",
    f"{NOTES}/2026-10.es.md": "Title: Gracias, familias\n\nQué mes: NOTA.\n",
    f"{NOTES}/2026-12.md": "Title: Happy holidays\n\nNo posts in December, but a note.\n",
    "classes/grade-1/events/2026-11-05-conferences.md": (
        "Title: Conferences\nStart: 2026-11-05 16:00\nEnd: 19:00\n\nx\n"
    ),
    "classes/grade-1/events/2026-12-21-winter-break.md": (
        "Title: Winter break\nStart: 2026-12-21\nEnd: 2027-01-01\n\nx\n"
    ),
    "classes/grade-1/events/2026-10-10-past.md": "Title: Past picnic\nStart: 2026-10-10\n\nx\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("newsletter")
    content = small_school(folder / "content", **FILES)
    output = folder / "output"
    assert (
        pelican_build(content, output, SITEURL="https://school.example", RELATIVE_URLS=False) == 0
    )
    return output


def test_a_newsletter_for_every_month_with_posts_or_a_note(tmp_path):
    school, config = load(small_school(tmp_path, **FILES))
    found = {issue.month: issue for issue in issues(school, "grade-1", 6, config.timezone)}
    assert list(found) == ["2026-09", "2026-10", "2026-12"]
    october = found["2026-10"]
    assert [item.slug for item in october.posts] == ["october-one", "october-two"]
    assert october.note.original.title == "Thank you, families"
    assert october.issue_date == date(2026, 11, 1)
    assert [item.slug for item in october.events] == ["conferences"]  # 6 weeks from Nov 1
    december = found["2026-12"]
    assert december.posts == () and december.note is not None
    assert [item.slug for item in december.events] == ["winter-break"]


@pytest.mark.parametrize("name", ["2026-13.md", "october.md", "2026-10-01-x.md"])
def test_a_note_with_a_bad_month_is_named(tmp_path, name):
    school, _ = load(small_school(tmp_path, **{f"{NOTES}/{name}": "Note.\n"}))
    assert [(p.path, p.line) for p in school.problems] == [(f"{NOTES}/{name}", None)]
    assert "its name is not a month; name it like 2026-10.md" in school.problems[0].message


def test_web_edition_holds_that_months_posts_and_events(site):
    english = Page(site / "en/grade-1/newsletter/2026-10/index.html").all_text
    assert "Thank you, families" in english and "NOTE-TEXT" in english
    assert "October one" in english and "October two" in english
    assert "Our first week" not in english  # September's post
    assert "Conferences" in english and "Winter break" not in english
    assert "Past picnic" not in english
    spanish = Page(site / "es/grade-1/newsletter/2026-10/index.html")
    text = spanish.all_text
    assert "Gracias, familias" in text and "Octubre dos" in text
    assert "October one" in text  # not translated: the original, marked
    assert ("October one", "en") in spanish.lang_of_text
    december = Page(site / "en/grade-1/newsletter/2026-12/index.html").all_text
    assert "Happy holidays" in december and "Winter break" in december
    archive = Page(site / "en/grade-1/newsletter/index.html")
    assert [a["href"] for a in archive.links if "/newsletter/20" in a.get("href", "")] == [
        "https://school.example/en/grade-1/newsletter/2026-12/",
        "https://school.example/en/grade-1/newsletter/2026-10/",
        "https://school.example/en/grade-1/newsletter/2026-09/",
    ]
    home = Page(site / "en/grade-1/index.html")
    assert "https://school.example/en/grade-1/newsletter/2026-12/" in [
        a.get("href") for a in home.links
    ]


class Tags(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_email_edition_is_self_contained(site):
    html = (site / "en/grade-1/newsletter/2026-10/email.html").read_text()
    tags = Tags(html).tags
    assert "<style" not in html and "<script" not in html and "<link" not in html
    for tag, attrs in tags:
        for name in ("href", "src"):
            if name in attrs:
                assert attrs[name].startswith(("https://school.example/", "mailto:")), attrs
        if tag == "img":
            assert attrs.get("width") and attrs.get("alt"), attrs
    # One column of at most 600 px; Outlook, which ignores max-width, gets a table of its own.
    main = next(attrs for tag, attrs in tags if tag == "main")
    assert "max-width: 600px" in main["style"]
    assert '<!--[if mso]><table role="presentation" width="600"' in html
    assert 'style="' in html  # the CSS went into the elements
    assert "https://school.example/en/grade-1/news/october-two/" in html


def test_plain_text_twin_has_every_post_title_and_link(site):
    text = (site / "en/grade-1/newsletter/2026-10/email.txt").read_text()
    for title, slug in (("October one", "october-one"), ("October two", "october-two")):
        assert title in text
        assert f"https://school.example/en/grade-1/news/{slug}/" in text
    assert "<" not in text and "Newsletter: October 2026" in text


def test_newsletter_is_a_feed_entry_once_its_month_is_over(site):
    feed = feedparser.parse((site / "en/grade-1/atom.xml").read_bytes())
    letters = [e for e in feed.entries if "/newsletter/" in e.link]
    # built on 2026-11-23: September's and October's are issued, December's is not yet
    assert [e.title for e in letters] == ["Newsletter: October 2026", "Newsletter: September 2026"]
    october = letters[0]
    assert october.id.endswith(":grade-1/newsletter/2026-10/en")
    assert "October two" in october.content[0].value
    spanish = feedparser.parse((site / "es/grade-1/rss.xml").read_bytes())
    assert [e.title for e in spanish.entries if "/newsletter/" in e.link] == [
        "Boletín de octubre de 2026",
        "Boletín de septiembre de 2026",
    ]


@pytest.mark.slow
def test_invoke_newsletter_prints_the_paths(tmp_path):
    content = small_school(tmp_path / "content", **FILES)
    result = invoke(
        "newsletter",
        "--class",
        "grade-1",
        "--month",
        "2026-10",
        "--lang",
        "es",
        "--content",
        str(content),
        "--output",
        str(tmp_path / "letters"),
        env={"SITEURL": "https://school.example"},
    )
    assert result.returncode == 0, result.stderr
    html, text = result.stdout.split()
    assert html.endswith("es/grade-1/newsletter/2026-10/email.html")
    assert "https://school.example/es/grade-1/" in Path(html).read_text(encoding="utf-8")
    assert "Gracias, familias" in Path(text).read_text(encoding="utf-8")


@pytest.mark.browser
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_print_edition_pdf(site, browser, paper):
    from pypdf import PdfReader

    context = browser.new_context()

    # The site was built for https://school.example: serve that host from the output folder,
    # the page too (its Content-Security-Policy allows its own origin's stylesheet alone).
    def fulfil(route):
        path = site / route.request.url.split("school.example/")[1]
        path = path / "index.html" if path.is_dir() else path
        if not path.is_file():  # as a server answers (this build made no sw.js: no index step)
            route.fulfill(status=404, body="")
            return
        route.fulfill(path=path)

    context.route("https://school.example/**", fulfil)
    page = context.new_page()
    page.goto("https://school.example/en/grade-1/newsletter/2026-10/")
    pdf = page.pdf(format=paper, print_background=False)
    qr_visible = page.evaluate("() => document.querySelectorAll('.qr-codes svg').length")
    context.close()
    reader = PdfReader(io.BytesIO(pdf))
    assert 1 <= len(reader.pages) <= 3
    text = " ".join(p.extract_text() for p in reader.pages)
    text = re.sub(r"\s+", " ", text)
    squeezed = text.replace(" ", "")  # a long address may wrap across lines
    for expected in (
        "Newsletter: October 2026",
        "October one",
        "October two",
        "Conferences",
        "https://school.example/en/grade-1/news/october-two/",
        "Scan to open the class page",
        "https://school.example/en/grade-1/",
        "https://school.example/en/grade-1/calendar.ics",
    ):
        if expected.startswith("https://"):  # a long address may wrap across lines
            assert expected in squeezed, expected
        else:
            assert expected in text, expected
    for navigation in ("Skip to main content", "Español", "You are here", "Email edition"):
        assert navigation not in text, navigation
    assert qr_visible == 2
