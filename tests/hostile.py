"""Every hostile input of the suite, in one place: each writes a content folder holding one
mistake or attack. `tests/test_one_line_values.py` runs `invoke check` and a strict
`invoke publish` over each and compares the problems they name; add a new attack here too."""

from collections.abc import Callable
from pathlib import Path

from tests import test_fail_closed as fail_closed
from tests.sites import small_school, write_school
from tests.test_bad_input import BAD_INPUTS
from tests.test_portfolio import PORTFOLIO, portfolio_school

NEWS = "classes/grade-1/news"
EVENTS = "classes/grade-1/events"
GRADE_2 = "teachers: [Mr. Diallo]\nlanguages: [ar, en]\n"

# A character no one sees, pasted into a one-line value or anywhere in a file:
# (files of the small school, the file named, its line, what the message says).
ONE_LINE = {
    "vertical tab in a title (Word's Shift+Enter)": (
        {f"{NEWS}/2026-10-01-vt.md": "Title: Apples\vand pears\nDate: 2026-10-01\n\nText\n"},
        f"{NEWS}/2026-10-01-vt.md",
        1,
        "holds U+000B (vertical tab), which breaks feeds and email",
    ),
    "line separator in a title": (
        {f"{NEWS}/2026-10-01-ls.md": "Title: Apples\u2028and pears\nDate: 2026-10-01\n\nText\n"},
        f"{NEWS}/2026-10-01-ls.md",
        1,
        "holds U+2028 (line separator), which breaks feeds and email; replace it",
    ),
    "lone carriage return in a title": (
        {f"{NEWS}/2026-10-01-cr.md": b"Title: Apples\rpears\r\nDate: 2026-10-01\r\n\r\nText\r\n"},
        f"{NEWS}/2026-10-01-cr.md",
        1,
        "holds U+000D (carriage return), which breaks feeds and email; replace it",
    ),
    "next line in an event's location": (
        {
            f"{EVENTS}/2026-12-01-fair.md": (
                "Title: Fair\nStart: 2026-12-01\nLocation: Gym\x85Door 2\n\nText\n"
            )
        },
        f"{EVENTS}/2026-12-01-fair.md",
        3,
        "holds U+0085 (next line)",
    ),
    "form feed in a summary": (
        {f"{NEWS}/2026-10-01-ff.md": "Title: FF\nDate: 2026-10-01\nSummary: a\fb\n\nText\n"},
        f"{NEWS}/2026-10-01-ff.md",
        3,
        "holds U+000C (form feed)",
    ),
    "C1 control in a body": (
        {f"{NEWS}/2026-10-01-c1.md": "Title: C1\nDate: 2026-10-01\n\nText\n\nmore \x9b text\n"},
        f"{NEWS}/2026-10-01-c1.md",
        6,
        "holds U+009B (control character)",
    ),
    "escape sequence in a body": (
        {f"{NEWS}/2026-10-01-esc.md": "Title: Esc\nDate: 2026-10-01\n\n\x1b[31mred\n"},
        f"{NEWS}/2026-10-01-esc.md",
        4,
        "holds U+001B (escape)",
    ),
    "character reference to a vertical tab in a body": (
        {f"{NEWS}/2026-10-01-ref.md": "Title: Ref\nDate: 2026-10-01\n\nText\n\nA&#11;B\n"},
        f"{NEWS}/2026-10-01-ref.md",
        6,
        "holds U+000B (vertical tab)",
    ),
    "escaped CRLF in a YAML title": (
        {f"{NEWS}/2026-10-01-crlf.md": '---\ntitle: "Apples\\r\\npears"\n---\nx\n'},
        f"{NEWS}/2026-10-01-crlf.md",
        2,
        "`title` holds U+000D (carriage return); write the value on one line",
    ),
    "two-line block in a YAML summary": (
        {f"{NEWS}/2026-10-01-two.md": "---\ntitle: Two\nsummary: |\n  one\n  two\n---\nx\n"},
        f"{NEWS}/2026-10-01-two.md",
        3,
        "`summary` holds U+000A (line break); write the value on one line",
    ),
    "line break in a class name": (
        {"classes/grade-2/class.yml": 'name: "Grade\\n2"\n' + GRADE_2},
        "classes/grade-2/class.yml",
        1,
        "`name` holds U+000A (line break); write the value on one line",
    ),
    "folded class name of two lines": (
        {"classes/grade-2/class.yml": "name: >\n  Grade\n\n  2\n" + GRADE_2},
        "classes/grade-2/class.yml",
        1,
        "`name` holds U+000A (line break)",
    ),
    "vertical tab in a teacher's name": (
        {"classes/grade-2/class.yml": 'name: G2\nteachers: ["Mr.\\vDiallo"]\nlanguages: [ar]\n'},
        "classes/grade-2/class.yml",
        2,
        "`teachers` holds U+000B (vertical tab)",
    ),
    "line separator in a contact field": (
        {
            "classes/grade-2/class.yml": (
                "name: G2\nlanguages: [ar]\ncontact:\n  email: d@school.example\n"
                '  office_hours: "Tue\\u2028Thu"\n'
            )
        },
        "classes/grade-2/class.yml",
        5,
        "`contact.office_hours` holds U+2028 (line separator)",
    ),
    "line break in a student's name": (
        {
            "classes/grade-2/portfolio/ana/student.yml": 'name: "Ana\\nR."\n',
            "classes/grade-2/class.yml": "name: G2\nlanguages: [ar]\n",
        },
        "classes/grade-2/portfolio/ana/student.yml",
        1,
        "`name` holds U+000A (line break)",
    ),
    "null in a class.yml": (
        {"classes/grade-2/class.yml": "name: G2\x00\nlanguages: [ar]\n"},
        "classes/grade-2/class.yml",
        1,
        "holds U+0000 (null)",
    ),
}
# Contacts that are not one plain address or phone number: (field, value, what is said).
CONTACTS = {
    "a query in contact.email": (
        "email",
        "t@school.example?bcc=spy@attacker.example&",
        "contact email 't@school.example?bcc=spy@attacker.example&' is not one plain address",
    ),
    "a list in contact.email": (
        "email",
        "a@x.example, b@y.example",
        "contact email 'a@x.example, b@y.example' is not one plain address",
    ),
    "a display name in contact.email": (
        "email",
        "Ms Park <park@school.example>",
        "is not one plain address; write one address and nothing else",
    ),
    "an encoded word in contact.email": (
        "email",
        "=?utf-8?q?victim=40example.net=2C?=x@example.org",
        "is not one plain address",
    ),
    "a query in contact.sms": (
        "sms",
        "+1 773 555 0140?body=hi",
        "contact sms '+1 773 555 0140?body=hi' is not a phone number",
    ),
}
CONTACT_LINE = {"email": 4, "sms": 5}


def contact_school(field: str, value: str) -> dict:
    """Grade 2's class.yml with `value` as its contact's `field` (email line 4, sms line 5)."""
    contact = {"email": "diallo@school.example", "sms": "+1 773 555 0140", field: value}
    quoted = {name: text.replace("'", "''") for name, text in contact.items()}
    return {
        "classes/grade-2/class.yml": (
            "name: G2\nlanguages: [ar]\ncontact:\n"
            f"  email: '{quoted['email']}'\n  sms: '{quoted['sms']}'\n"
        )
    }


def small(files: dict) -> Callable[[Path], Path]:
    return lambda folder: small_school(folder / "content", **files)


def portfolio(files: dict) -> Callable[[Path], Path]:
    return lambda folder: write_school(portfolio_school(folder / "content"), files)


def symlinks(folder: Path) -> Path:
    return fail_closed.symlink_school(folder, fail_closed.outside_folder(folder))


#: name -> a function writing the content folder under a folder and returning it.
HOSTILE: dict[str, Callable[[Path], Path]] = {
    **{f"bad input: {name}": small(case[0]) for name, case in BAD_INPUTS.items()},
    **{f"one line: {name}": small(case[0]) for name, case in ONE_LINE.items()},
    **{f"contact: {name}": small(contact_school(*case[:2])) for name, case in CONTACTS.items()},
    "fail closed: symlinks out of content": symlinks,
    "fail closed: another student's photo": lambda folder: fail_closed.borrowing_school(folder),
    "fail closed: header keys misspelled": portfolio(fail_closed.HEADER_MISTAKES),
    "fail closed: a key written twice": portfolio(fail_closed.KEYS_TWICE),
    "fail closed: tracker pixels": portfolio(fail_closed.TRACKERS),
    "fail closed: bombs, depth, size and long names": portfolio(fail_closed.LIMITS),
    "tool left: a starter's example lines": small(
        {
            f"{NEWS}/2026-10-02-starter.md": (
                "Title: Pumpkins\nDate: 2026-10-02\n"
                "Summary: One sentence that families see in lists and emails.\n\n"
                "Write your post here. Leave a blank line between paragraphs.\n"
            )
        }
    ),
    "portfolio: a whole student made public": portfolio(
        {f"{PORTFOLIO}/sam/student.yml": "name: Sam K.\nvisibility: public\n"}
    ),
    "linked file: an HTML page renamed .pdf": small(
        {
            f"{NEWS}/2026-10-02-notes.md": (
                "Title: Notes\nDate: 2026-10-02\n\nThe [notes](notes.pdf) from tonight.\n"
            ),
            f"{NEWS}/notes.pdf": b"<!DOCTYPE html><html><body>not a pdf</body></html>\n",
        }
    ),
    "scheduled: a published post links one dated in the future": small(
        {
            f"{NEWS}/2099-01-05-later.md": "Title: Later\nDate: 2099-01-05\n\nNot yet.\n",
            f"{NEWS}/2026-10-02-now.md": (
                "Title: Now\nDate: 2026-10-02\n\nSee [what comes](2099-01-05-later.md).\n"
            ),
        }
    ),
    "fail closed: a public entry with a photo, no consent": portfolio(
        {
            f"{PORTFOLIO}/mia/2026-10-06-public.md": (
                "Title: Public\nDate: 2026-10-06\nVisibility: public\nImage: chart.jpg\n"
                "Image-Alt: A chart\n\nShared.\n"
            )
        }
    ),
}
