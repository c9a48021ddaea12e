"""`invoke book` on every form of `Booked` a file may hold (issue 20, item 10): a header line,
a YAML flow list, a YAML block list (on main it rewrote only the `booked:` line and left the
`- "15:30"` lines below, so the event no longer built). Booking then freeing gives the original
bytes back; every other byte stays; a form not edited safely is refused, nothing written."""

import invoke
import pytest

import tasks
from tests.sites import load, pelican_build, small_school

EVENT = "classes/grade-1/events/2027-01-14-conferences.md"
GRADE_1 = """
    name: Grade 1
    teachers: [Ms. Park]
    languages: [en, es]
    contact:
      email: park@school.example
"""
HEADER = "Title: Conferences\nStart: 2027-01-14 15:00\nEnd: 17:00\nSlots: 30\n"
FRONT = "---\ntitle: Conferences\nstart: 2027-01-14 15:00\nend: '17:00'\nslots: 30\n"
BODY = "\nTimes of 30 minutes.\n"

# form -> (the file, its Booked as written now, as written with 16:00 booked too)
FORMS = {
    "header line": (HEADER + "Booked: 15:30\n" + BODY, "Booked: 15:30", "Booked: 15:30, 16:00"),
    "header line in capitals, CRLF": (
        (HEADER + "BOOKED:  15:30\n" + BODY).replace("\n", "\r\n"),
        "BOOKED:  15:30",
        "BOOKED:  15:30, 16:00",
    ),
    "header line over two lines": (
        HEADER + "Booked: 15:00,\n   15:30\n" + BODY,
        "Booked: 15:00,\n   15:30\n",
        "Booked: 15:00, 15:30, 16:00\n",
    ),
    "YAML flow list": (
        FRONT + 'booked: ["15:30"]\n---\n' + BODY,
        'booked: ["15:30"]',
        'booked: ["15:30", "16:00"]',
    ),
    "YAML flow list, spaced, single quotes, a comment, CRLF": (
        (FRONT + "Booked: [ '15:30' ]  # start times only\n---\n" + BODY).replace("\n", "\r\n"),
        "Booked: [ '15:30' ]",
        "Booked: [ '15:30', '16:00' ]",
    ),
    "YAML block list, indented, quoted": (
        FRONT + 'booked:\n    - "15:30"\nlocation: Room 12\n---\n' + BODY,
        'booked:\n    - "15:30"\n',
        'booked:\n    - "15:30"\n    - "16:00"\n',
    ),
    "YAML block list, not indented, unquoted, CRLF": (
        (FRONT + "BOOKED:\n- 15:00\n- 15:30\n---\n" + BODY).replace("\n", "\r\n"),
        "BOOKED:\r\n- 15:00\r\n- 15:30\r\n",
        "BOOKED:\r\n- 15:00\r\n- 15:30\r\n- 16:00\r\n",
    ),
    "YAML one-line value": (
        FRONT + "booked: 15:30\n---\n" + BODY,
        "booked: 15:30",
        "booked: 15:30, 16:00",
    ),
}
# form -> (the file, what the refusal says)
REFUSED = {
    "YAML flow list over two lines": (
        FRONT + 'booked: ["15:00",\n  "15:30"]\n---\n' + BODY,
        "writes the list of booked times over several lines",
    ),
    "YAML block list with a comment among its items": (
        FRONT + 'booked:\n  - "15:00"\n  # and then\n  - "15:30"\n---\n' + BODY,
        "writes the booked list with comments, blank lines or values over several lines",
    ),
    "YAML folded value": (FRONT + "booked: >\n  15:30\n---\n" + BODY, "over several lines"),
}


def school(tmp_path):
    """The small school with Grade 1 taking bookings, and its events folder."""
    content = small_school(tmp_path / "content", **{"classes/grade-1/class.yml": GRADE_1})
    (content / EVENT).parent.mkdir(parents=True)
    return content


def book(content, time: str, free: bool = False) -> None:
    tasks.book.body(
        None, time, class_="grade-1", event="conferences", free=free, content=str(content)
    )


def booked(content) -> list[str]:
    """The event's booked start times, as a build reads the file; no problem anywhere."""
    school, _ = load(content)
    assert school.problems == []
    (item,) = school.events["grade-1"]
    return [f"{slot.start:%H:%M}" for slot in item.original.signups.slots if slot.booked]


@pytest.mark.parametrize("form", FORMS, ids=list(FORMS))
def test_book_then_free_edits_only_booked_and_gives_the_bytes_back(tmp_path, form, capsys):
    text, now, after = FORMS[form]
    content = school(tmp_path)
    path = content / EVENT
    path.write_bytes(text.encode())
    original = path.read_bytes()
    before = booked(content)
    assert "15:30" in before
    book(content, "16:00")
    assert "16:00 (" in capsys.readouterr().out
    assert path.read_bytes() == original.replace(now.encode(), after.encode(), 1)
    assert booked(content) == sorted([*before, "16:00"])
    book(content, "16:00", free=True)
    if form == "header line over two lines":  # continued lines come back as one
        original = original.replace(now.encode(), b"Booked: 15:00, 15:30\n")
    assert path.read_bytes() == original
    assert booked(content) == before


def test_a_file_without_booked_gets_one_after_slots_in_its_own_form(tmp_path):
    content = school(tmp_path)
    path = content / EVENT
    for text, line in (
        (HEADER + BODY, "Booked: 16:00\n"),
        (FRONT + "---\n" + BODY, "booked: 16:00\n"),
    ):
        path.write_text(text)
        book(content, "16:00")
        assert path.read_text() == text.replace("30\n", "30\n" + line, 1)
        assert booked(content) == ["16:00"]


def test_every_form_builds_with_its_times_booked(tmp_path):
    """All forms at once, each booked once more, in a build: each page lists its times booked."""
    content = school(tmp_path)
    events = content / "classes/grade-1/events"
    for number, (text, _, _) in enumerate(FORMS.values()):
        slug = f"conferences-{number}"
        (events / f"2027-01-{14 + number}-{slug}.md").write_bytes(
            text.replace("2027-01-14", f"2027-01-{14 + number}").encode()
        )
        tasks.book.body(None, "16:00", class_="grade-1", event=slug, content=str(content))
    output = tmp_path / "output"
    assert pelican_build(content, output) == 0
    for number in range(len(FORMS)):
        page = (output / f"en/grade-1/events/conferences-{number}/index.html").read_text()
        assert page.count('class="slot booked"') >= 2, number  # 15:30 (or more) and 16:00


@pytest.mark.parametrize("form", REFUSED, ids=list(REFUSED))
def test_a_form_not_edited_safely_is_refused_and_nothing_written(tmp_path, form):
    text, message = REFUSED[form]
    content = school(tmp_path)
    path = content / EVENT
    path.write_text(text)
    assert "15:30" in booked(content)
    with pytest.raises(invoke.Exit) as stopped:
        book(content, "16:00")
    assert message in stopped.value.message
    assert "nothing was changed" in stopped.value.message
    assert EVENT in stopped.value.message
    assert path.read_text() == text
