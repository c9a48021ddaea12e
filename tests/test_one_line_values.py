"""One character never stops anything, and a contact is one address (issue 20, items 6 and 7):
each attack as `check`, a strict `publish`, feed readers, calendar apps and a mail client's
reading of every mailto: link see it."""

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import feedparser
import pytest
from icalendar import Calendar

import tasks
from tests.hostile import CONTACT_LINE, CONTACTS, HOSTILE, NEWS, ONE_LINE, contact_school
from tests.portfolios import KEYS, SECRET
from tests.sites import PUBLISHED, load, pelican_build, small_school

GRADE_2 = "classes/grade-2/class.yml"


@pytest.fixture
def strict(monkeypatch):
    """What a strict `invoke publish` needs from the environment, in this process."""
    monkeypatch.setenv("SITEURL", PUBLISHED["SITEURL"])
    monkeypatch.setenv("HOMEROOM_SECRET", SECRET)
    monkeypatch.setenv("HOMEROOM_FAMILY_KEYS", KEYS)
    monkeypatch.setenv("HOMEROOM_REPOSITORY_VISIBILITY", "private")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


# -- 6. One character never stops anything ---------------------------------------------------


@pytest.mark.parametrize("case", ONE_LINE, ids=list(ONE_LINE))
def test_a_hidden_character_is_one_problem_naming_file_line_and_character(tmp_path, case):
    files, path, line, message = ONE_LINE[case]
    school, _ = load(small_school(tmp_path, **files))
    assert [(p.path, p.line) for p in school.problems] == [(path, line)], school.problems
    said = school.problems[0].message
    assert message in said
    assert re.search(r"U\+[0-9A-F]{4} \([a-z ]+\)", said)  # the character, by code and name
    # and how to mend it: a line break's by where it is, any other character is deleted
    code = re.search(r"U\+([0-9A-F]{4})", said).group(1)
    if code not in ("000A", "000D", "0085", "2028"):
        fix = "it is invisible, often pasted from a word processor (Shift+Enter): delete it, "
        fix += "retyping the words around it"
    elif said.startswith("`"):  # a value of a .yml file
        fix = "write the value on one line (a space where the break was)"
    else:
        fix = "replace it with an ordinary line break (Enter), or a space in a header line"
    assert said.endswith(f"; {fix}"), said


def test_a_folded_one_line_name_a_tab_and_windows_line_ends_are_read_as_meant(
    tmp_path, strict, capsys
):
    """YAML's `>` adds a line break the teacher never typed: dropped. A tab is a space."""
    content = small_school(
        tmp_path / "content",
        **{
            GRADE_2: "name: >\n  Grade 2\nteachers: [Mr. Diallo]\nlanguages: [ar, en]\n",
            "classes/grade-2/events/2026-12-01-fair.md": (
                "Title: Fair\r\nStart: 2026-12-01\r\nLocation: Gym\tdoor 2\r\n\r\nCome.\r\n"
            ),
            f"{NEWS}/2026-10-01-tab.md": "Title: Apples\tand pears\nDate: 2026-10-01\n\nText\n",
        },
    )
    school, _ = load(content)
    assert school.problems == []
    assert school.classes["grade-2"].name == {"*": "Grade 2"}
    output = tmp_path / "site"
    tasks.publish.body(None, content=str(content), output=str(output))
    calendar = Calendar.from_ical((output / "en/grade-2/calendar.ics").read_bytes())
    assert str(calendar["X-WR-CALNAME"]).startswith("Grade 2 · ")  # and the school
    assert [str(event["LOCATION"]) for event in calendar.walk("VEVENT")] == ["Gym\tdoor 2"]
    assert "error" not in capsys.readouterr().err


def test_a_line_break_in_a_class_name_stops_publish_naming_its_line_never_a_crash(
    tmp_path, strict, capsys
):
    """On main: `check` said "No problems" and publish stopped with "Content line can not
    contain unescaped new line characters" (the calendar's X-WR-CALNAME), no file named."""
    files, path, line, message = ONE_LINE["line break in a class name"]
    content = small_school(tmp_path / "content", **files)
    with pytest.raises(tasks.Exit):
        tasks.check.body(None, content=str(content))
    assert f"{content}/{path}:{line}: {message}" in capsys.readouterr().out
    with pytest.raises(tasks.Exit):
        tasks.publish.body(None, content=str(content), output=str(tmp_path / "site"))
    said = capsys.readouterr().err
    assert f"error: {content}/{path}:{line}: {message}" in said  # named as check names it
    assert "Content line" not in said and "stopped" not in said and "Traceback" not in said
    assert not (tmp_path / "site").exists()


def test_every_feed_is_xml_whatever_the_content_holds(tmp_path):
    """Every hidden character of ONE_LINE at once, in a preview build: what builds is read by
    an XML parser and by feedparser without complaint."""
    files = {f"{NEWS}/2026-10-01-tab.md": "Title: Apples\tand pears\nDate: 2026-10-01\n\nText\n"}
    for case in ONE_LINE.values():
        files.update(case[0])
    content = small_school(tmp_path / "content", **files)
    output = tmp_path / "output"
    assert pelican_build(content, output, HOMEROOM_PREVIEW=True) > 0
    feeds = sorted(output.rglob("*.xml"))
    assert len(feeds) > 6
    for path in feeds:
        ET.parse(path)  # well-formed, or this raises
        if path.name in ("atom.xml", "rss.xml"):
            parsed = feedparser.parse(path.read_bytes())
            assert not parsed.bozo, (path, parsed.bozo_exception)
    titles = [
        e.title for e in feedparser.parse((output / "en/grade-1/atom.xml").read_bytes()).entries
    ]
    assert "Apples\tand pears" in titles


def test_the_feed_writer_never_writes_a_character_xml_forbids():
    """The last guard: whatever reaches the writer (a setting, a bug), the feed stays XML."""
    from homeroom_feeds.feeds import Entry, Feed, atom, rss

    moment = datetime(2026, 10, 1, tzinfo=UTC)
    entry = Entry(
        id="urn:entry",
        title="Apples\vpears\x00",
        url="https://school.example/a/",
        published=moment,
        updated=moment,
        lang="en",
        summary="one\x1btwo",
        content="<p>three\ffour\ufffe</p>",
        authors=("Ms.\x08Park",),
        categories=("t\x01",),
    )
    feed = Feed(
        id="urn:feed",
        title="Grade\v1",
        subtitle="news\x7f",
        lang="en",
        page_url="https://school.example/",
        atom_url="https://school.example/atom.xml",
        rss_url="https://school.example/rss.xml",
        authors=("Ms.\vPark",),
        entries=[entry],
    )
    for text in (atom(feed), rss(feed)):
        ET.fromstring(text.encode())
        parsed = feedparser.parse(text.encode())
        assert not parsed.bozo, parsed.bozo_exception
        assert parsed.entries[0].title == "Applespears"
        assert parsed.feed.title == "Grade1"


def test_a_calendar_name_with_a_line_break_is_escaped_never_a_crash():
    """Reading refuses it; the calendar writer escapes it anyway, as it does a SUMMARY."""
    from homeroom_events.ical import calendar

    data = calendar([], "Grade\n2", "a\r\nb")
    lines = data.split(b"\r\n")
    assert b"X-WR-CALNAME:Grade\\n2" in lines and b"X-WR-CALDESC:a\\nb" in lines
    assert Calendar.from_ical(data)["X-WR-CALNAME"]


# -- 7. Contacts are addresses ---------------------------------------------------------------


@pytest.mark.parametrize("case", CONTACTS, ids=list(CONTACTS))
def test_a_contact_that_is_not_one_address_or_number_is_a_problem_on_its_line(tmp_path, case):
    field, value, message = CONTACTS[case]
    school, _ = load(small_school(tmp_path, **contact_school(field, value)))
    assert [(p.path, p.line) for p in school.problems] == [(GRADE_2, CONTACT_LINE[field])]
    assert message in school.problems[0].message
    assert "grade-2" not in school.classes  # nothing of it is built, nothing links to it


def test_a_plain_address_with_a_quote_a_plus_and_an_accented_domain_is_one_address(tmp_path):
    from homeroom_school import replies

    school, _ = load(
        small_school(tmp_path, **contact_school("email", "o'brien+news@école.example"))
    )
    assert school.problems == []
    link = replies.mailto(school.classes["grade-2"].contact.email, "Café & más?", ["a=1&b", ""])
    parts = urlsplit(link)
    assert unquote(parts.path) == "o'brien+news@xn--cole-9oa.example"
    assert parse_qs(parts.query, strict_parsing=True) == {
        "subject": ["Café & más?"],
        "body": ["a=1&b\r\n"],
    }
    assert replies.mailto("park@school.example") == "mailto:park@school.example"
    for attack, _, _ in (case for case in CONTACTS.values() if case[0] == "email"):
        with pytest.raises(ValueError):
            replies.mailto(attack)


class Links(HTMLParser):
    """Every mailto: and sms: link of a page, as a browser reads its attributes."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "href" and (value or "").lower().startswith(("mailto:", "sms:")):
                self.links.append(value)


def reply_links(output: Path) -> list[str]:
    links = Links()
    for page in sorted(output.rglob("*.html")):
        links.feed(page.read_text(encoding="utf-8"))
    return links.links


def one_recipient(link: str) -> None:
    """A mailto: to exactly one plain address, or an sms: to one number; then only a subject
    and a body, each once."""
    parts = urlsplit(link)
    recipient = unquote(parts.path)
    if parts.scheme == "mailto":
        assert re.fullmatch(r"[A-Za-z0-9_+'.-]+@[a-z0-9-]+(\.[a-z0-9-]+)+", recipient), link
        allowed = {"subject", "body"}
    else:
        assert parts.scheme == "sms" and re.fullmatch(r"\+?[0-9]{4,15}", recipient), link
        allowed = {"body"}
    query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=bool(parts.query))
    assert set(query) <= allowed, link
    assert all(len(values) == 1 for values in query.values()), link


def test_every_reply_link_of_the_demo_is_one_address_with_only_subject_and_body(demo_site):
    links = reply_links(demo_site)
    for link in links:
        one_recipient(link)
    mailtos = [link for link in links if link.startswith("mailto:")]
    subjects = {parse_qs(urlsplit(link).query).get("subject", [""])[0] for link in mailtos}
    assert any(not urlsplit(link).query for link in mailtos)  # the contact box
    assert any(subject.startswith("Subscribe: ") for subject in subjects)
    assert any(subject.startswith("Unsubscribe: ") for subject in subjects)  # email editions
    assert any(subject.startswith("Booking ") for subject in subjects)
    assert any(link.startswith("sms:") for link in links)


def test_a_contact_with_a_hidden_copy_reaches_no_page(tmp_path):
    """On main the class pages linked `mailto:t@school.example?bcc=spy@…&amp;?subject=…`."""
    attack = CONTACTS["a query in contact.email"][1]
    content = small_school(tmp_path / "content", **contact_school("email", attack))
    output = tmp_path / "output"
    assert pelican_build(content, output, HOMEROOM_PREVIEW=True) == 1
    links = reply_links(output)
    assert links  # grade-1's contact, subscribe links
    for link in links:
        one_recipient(link)
    for page in output.rglob("*"):
        assert not page.is_file() or b"attacker.example" not in page.read_bytes(), page


# -- check and publish name the same problems --------------------------------------------------


def named(lines: list[str], prefix: str) -> set[str]:
    """`file:line` (or `file`) of each problem line that starts with prefix."""
    return {
        line.removeprefix(prefix).split(": ", 1)[0] for line in lines if line.startswith(prefix)
    }


@pytest.mark.slow
@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_check_and_a_strict_publish_name_the_same_problems(tmp_path, case, strict, capsys):
    content = HOSTILE[case](tmp_path)
    with pytest.raises(tasks.Exit):
        tasks.check.body(None, content=str(content))
    out = capsys.readouterr().out.splitlines()
    checked = named([line for line in out if ": warning: " not in line], f"{content}/")
    assert checked, out
    with pytest.raises(tasks.Exit):
        tasks.publish.body(None, content=str(content), output=str(tmp_path / "site"))
    published = named(capsys.readouterr().err.splitlines(), f"error: {content}/")
    assert published == checked
    assert not (tmp_path / "site").exists()
