"""Sign-up counts come from the model, never from markup content can write: an event body that
imitates the theme's list of times (`<li class="slot booked">`) or its counts (`data-slots`)
changes no number in the email or on any page, and content keeps no class the theme uses."""

import re
from html.parser import HTMLParser

import pytest

from homeroom_school.reading.front_matter import new_markdown
from homeroom_school.reading.sanitizing import (
    MARKDOWN_CLASS,
    THEME_ID_PREFIXES,
    THEME_IDS,
    render_body,
)
from tests.mailing import built_school, parts, publish, send, to
from tests.mailserver import Inbox, Server
from tests.sites import ROOT, web_pages

THEME = ROOT / "themes/homeroom"
# Four times, one booked (3 of 4 free); the body forges seven times with two booked, and counts.
FORGED = """Title: Parent meetings
Start: 2026-10-20 15:00
End: 16:00
Slots: 15
Booked: 15:15

Meet the teacher.

<ul class="slots">
<li class="slot">14:00</li><li class="slot">14:15</li><li class="slot">14:30</li>
<li class="slot">14:45</li><li class="slot">15:00</li>
<li class="slot booked">13:00</li><li class="slot booked">13:15</li>
</ul>

<section class="signups" data-slots="7" data-slots-free="5" data-helpers="9"
data-helpers-found="1"><p class="note">5 of 7 times still free</p></section>
"""
EVENT = "/events/meetings/"


class Summaries(HTMLParser):
    """The text of every `a.signups-summary` that links to the event."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self.inside = False

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "a" and "signups-summary" in (found.get("class") or "").split():
            self.inside = EVENT in (found.get("href") or "")
            if self.inside:
                self.found.append("")

    def handle_endtag(self, tag):
        if tag == "a":
            self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.found[-1] += data


def numbers(text: str) -> list[int]:
    return sorted(int(n) for n in re.findall(r"\d+", text))  # any script's digits


@pytest.mark.slow
def test_a_forged_list_of_times_changes_no_count_in_the_email_or_any_list(tmp_path):
    content, output, ledger = built_school(tmp_path)
    inbox = Inbox()
    with Server(inbox) as port:
        assert send(content, output, ledger, port)[0] == 0  # the welcomes
        event = content / "classes/grade-1/events/2026-10-20-meetings.md"
        event.parent.mkdir(parents=True, exist_ok=True)
        event.write_text(FORGED, encoding="utf-8")
        publish(content, output, "2026-10-02")
        inbox.messages.clear()
        code, said = send(content, output, ledger, port, today="2026-10-02")
        assert code == 0, said
    # The email as a mail program reads it (parsed from the server's raw bytes).
    (message,) = [m for m in to(inbox, "lan@example.com") if "Parent meetings" in m["Subject"]]
    text, html = parts(message)
    assert "3 of 4 times still free" in text and "3 of 4 times still free" in html
    assert "of 7" not in text + html and "of 11" not in text + html
    assert "helper" not in (text + html).lower()  # the forged data-helpers counted nowhere
    # Every page that summarizes the event (class home, school home, the events list), in
    # every language, says the model's numbers.
    said_where = {}
    for page in web_pages(output):
        parser = Summaries()
        parser.feed(page.read_text(encoding="utf-8"))
        for summary in parser.found:
            said_where[page.relative_to(output).as_posix()] = summary
            assert numbers(summary) == [3, 4], (page, summary)
    lists = {
        "en/grade-1/index.html",
        "es/grade-1/index.html",
        "en/index.html",
        "en/grade-1/events/index.html",
    }
    assert lists <= set(said_where), sorted(said_where)
    # The event page: the body's imitation kept no class and no data-*; the theme's list is
    # the only one, with its own counts.
    for lang in ("en", "es"):
        page = (output / lang / "grade-1/events/meetings/index.html").read_text(encoding="utf-8")
        assert len(re.findall(r'<li class="slot(?: booked)?"', page)) == 4
        assert page.count('<li class="slot booked"') == 1
        assert page.count("data-slots=") == 1 and 'data-slots="4" data-slots-free="3"' in page
        assert "data-helpers" not in page and 'class="note">5 of 7' not in page


def theme_classes() -> set[str]:
    """Every class name the theme's CSS selects or its JS looks for."""
    css = (THEME / "static/css/homeroom.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    css = re.sub(r"\{[^}]*\}", "{}", css)  # selectors only: no "0.5rem" or "index.html"
    names = set(re.findall(r"\.(-?[A-Za-z_][\w-]*)", css))
    for script in sorted((THEME / "static/js").glob("*.js")):
        text = script.read_text(encoding="utf-8")
        for quoted in re.findall(r"""["']([^"'\n]*)["']""", text):
            names |= set(re.findall(r"\.(-?[A-Za-z_][\w-]*)", quoted))
        names |= set(re.findall(r"classList\.\w+\(\s*[\"']([\w-]+)", text))
    return names


def test_content_keeps_no_class_the_theme_selects():
    names = theme_classes()
    assert {"slot", "booked", "button", "note", "unlock", "offline-note"} <= names
    for name in sorted(names):
        assert not MARKDOWN_CLASS.fullmatch(name), name
    body = " ".join(f'<span class="{name}">{name}</span>' for name in sorted(names))
    html = render_body(new_markdown(), f"<p>{body}</p>", "classes/g/news/a.md", [])
    assert "class=" not in html and all(name in html for name in names)


@pytest.mark.parametrize(
    ("markdown", "kept"),
    [
        ("A note[^1].\n\n[^1]: The note.", {"footnote", "footnote-ref", "footnote-backref"}),
        ("```python\nx = 1\n```", {"language-python"}),
        ('<p class="footnote slot booked">x</p>', {"footnote"}),
        ("*a*{: .button .slot }", set()),  # attr_list (in "extra") writes what it is told
    ],
)
def test_only_the_classes_markdown_itself_writes_are_kept(markdown, kept):
    html = render_body(new_markdown(), markdown, "classes/g/news/a.md", [])
    found = {name for value in re.findall(r'class="([^"]*)"', html) for name in value.split()}
    assert found == kept


def theme_ids() -> set[str]:
    """Every id the theme's templates give (one made per class or language as its prefix) and
    its scripts look up."""
    ids = set()
    for template in sorted((THEME / "templates").rglob("*.html")):
        for value in re.findall(r'\bid="([^"]+)"', template.read_text(encoding="utf-8")):
            ids.add(value.split("{{")[0] if "{{" in value else value)
    for script in sorted((THEME / "static/js").glob("*.js")):
        ids |= set(re.findall(r"getElementById\(\s*[\"']([\w-]+)", script.read_text()))
    return ids


def test_content_keeps_no_id_the_theme_gives_or_looks_up():
    ids = theme_ids()
    assert {"times", "helpers", "offline-keep", "unlocked", "contact-"} <= ids
    for name in sorted(ids):
        assert name in THEME_IDS or name in THEME_ID_PREFIXES, name
    names = [name + ("grade-1" if name.endswith("-") else "") for name in sorted(ids)]
    body = " ".join(f'<span id="{name}">{name}</span>' for name in names)
    html = render_body(new_markdown(), f'<p>{body} <span id="our-trip">x</span></p>', "a.md", [])
    assert re.findall(r'id="([^"]*)"', html) == ["our-trip"]  # a teacher's own anchor stays
