"""Every hostile input of the suite, in one place: each writes a content folder holding one
mistake or attack. `tests/test_one_line_values.py` runs `invoke check` and a strict
`invoke publish` over each and compares the problems they name; add a new attack here too.
`tests/test_bad_input.py` and `tests/test_fail_closed.py` test the cases they hold one by one."""

from collections.abc import Callable
from pathlib import Path

from PIL import Image

from tests.portfolios import PORTFOLIO, portfolio_school
from tests.sites import small_school, write_school

NEWS = "classes/grade-1/news"
EVENTS = "classes/grade-1/events"
GRADE_2 = "teachers: [Mr. Diallo]\nlanguages: [ar, en]\n"

BAD_INPUTS = {
    "missing title": (
        {f"{NEWS}/2026-10-01-untitled.md": "Date: 2026-10-01\n\nNo title here.\n"},
        f"{NEWS}/2026-10-01-untitled.md",
        1,
        "has no title; add a first line like `Title:",
    ),
    "bad date": (
        {f"{NEWS}/2026-10-01-late.md": "Title: Late\nDate: 2026-13-45\n\nText\n"},
        f"{NEWS}/2026-10-01-late.md",
        2,
        "Date '2026-13-45' is not a date; write it as YYYY-MM-DD",
    ),
    "bad Modified": (
        {f"{NEWS}/2026-10-01-fixed.md": "Title: Fixed\nDate: 2026-10-01\nModified: later\n\nx\n"},
        f"{NEWS}/2026-10-01-fixed.md",
        3,
        "Modified 'later' is not a date; write it as YYYY-MM-DD",
    ),
    "unknown language": (
        {f"{NEWS}/2026-10-01-hi.xq.md": "Title: Hi\n\nText\n"},
        f"{NEWS}/2026-10-01-hi.xq.md",
        None,
        "'xq' is not a language code",
    ),
    "language the class does not offer": (
        {f"{NEWS}/2026-10-01-hi.fr.md": "Title: Salut\n\nTexte\n"},
        f"{NEWS}/2026-10-01-hi.fr.md",
        None,
        "is in 'fr', which grade-1 does not publish in; add fr to `languages` in "
        "classes/grade-1/class.yml",
    ),
    "unknown Lang header": (
        {f"{NEWS}/2026-10-01-hi.md": "Title: Hi\nLang: klingon\n\nText\n"},
        f"{NEWS}/2026-10-01-hi.md",
        2,
        "Lang 'klingon' is not a language code",
    ),
    "class folder without class.yml": (
        {"classes/grade-9/news/2026-10-01-hi.md": "Title: Hi\n\nText\n"},
        "classes/grade-9",
        None,
        "is a class folder without class.yml; `invoke new class grade-9` writes one",
    ),
    "invalid YAML in class.yml": (
        {"classes/grade-1/class.yml": "name: Grade 1\nlanguages: [en, es\nteachers: [A]\n"},
        "classes/grade-1/class.yml",
        3,
        "is not valid YAML",
    ),
    "invalid YAML front matter": (
        {f"{NEWS}/2026-10-01-hi.md": "---\ntitle: Hi\ntags: [a, b\n---\nText\n"},
        f"{NEWS}/2026-10-01-hi.md",
        3,
        "is not valid YAML",
    ),
    "unknown key in class.yml": (
        {"classes/grade-2/class.yml": "name: G2\nlangauges: [en]\n"},
        "classes/grade-2/class.yml",
        2,
        "unknown key 'langauges'; did you mean 'languages'?",
    ),
    "same slug and language twice": (
        {f"{NEWS}/2026-10-02-apples.md": "Title: Apples again\n\nText\n"},
        f"{NEWS}/2026-10-02-apples.md",
        None,
        f"has the same slug 'apples' and language 'en' as {NEWS}/2026-09-11-apples.md",
    ),
    "not UTF-8": (
        {f"{NEWS}/2026-10-01-latin.md": "Title: Caf\xe9\n\nOl\xe9\n".encode("latin-1")},
        f"{NEWS}/2026-10-01-latin.md",
        1,
        "is not UTF-8 text (byte 0xe9); save it again with the encoding UTF-8",
    ),
    "empty file": (
        {f"{NEWS}/2026-10-01-empty.md": "  \n\n"},
        f"{NEWS}/2026-10-01-empty.md",
        None,
        "is empty",
    ),
    "{filename} link to a missing file": (
        {f"{NEWS}/2026-10-01-link.md": "Title: Link\n\nSee [this]({filename}gone.md).\n"},
        f"{NEWS}/2026-10-01-link.md",
        3,
        "links to '{filename}gone.md', which does not exist",
    ),
    "relative image that is missing": (
        {f"{NEWS}/2026-10-01-pic.md": "Title: Pic\n\nText\n\n![A tree](no-such.png)\n"},
        f"{NEWS}/2026-10-01-pic.md",
        5,
        "links to 'no-such.png', which does not exist",
    ),
    "bad status": (
        {f"{NEWS}/2026-10-01-hid.md": "Title: Hid\nStatus: hiden\n\nText\n"},
        f"{NEWS}/2026-10-01-hid.md",
        2,
        "Status 'hiden' is not known",
    ),
    "cover image without alt text": (
        {f"{NEWS}/2026-10-01-cover.md": "Title: Cover\nImage: tree.png\n\nText\n"},
        f"{NEWS}/2026-10-01-cover.md",
        2,
        "has an Image but no Image-Alt",
    ),
    "post outside news/": (
        {"classes/grade-1/2026-10-01-lost.md": "Title: Lost\n\nText\n"},
        "classes/grade-1/2026-10-01-lost.md",
        None,
        "is not in a folder Homeroom reads; move it into news/",
    ),
    "event without Start": (
        {"classes/grade-1/events/2026-12-01-x.md": "Title: X\n\nText\n"},
        "classes/grade-1/events/2026-12-01-x.md",
        1,
        "has no Start; add a line like `Start: 2026-11-05 16:00`",
    ),
    "event Start unreadable": (
        {"classes/grade-1/events/2026-12-01-x.md": "Title: X\nStart: Dec 1st\n\nText\n"},
        "classes/grade-1/events/2026-12-01-x.md",
        2,
        "Start 'Dec 1st' is not a date; write YYYY-MM-DD",
    ),
    "event End before Start": (
        {
            "classes/grade-1/events/2026-12-01-x.md": (
                "Title: X\nStart: 2026-12-01 18:00\nEnd: 2026-12-01 17:00\n\nText\n"
            )
        },
        "classes/grade-1/events/2026-12-01-x.md",
        3,
        "End '2026-12-01 17:00' is before Start '2026-12-01 18:00'",
    ),
    "event Signup not a web address": (
        {
            "classes/grade-1/events/2026-12-01-x.md": (
                "Title: X\nStart: 2026-12-01\nSignup: www.sign up.example\n\nText\n"
            )
        },
        "classes/grade-1/events/2026-12-01-x.md",
        3,
        "Signup 'www.sign up.example' is not a web address",
    ),
    "unreadable file name": (
        {f"{NEWS}/---.md": "Title: Dashes\n\nText\n"},
        f"{NEWS}/---.md",
        None,
        "has a name Homeroom cannot read",
    ),
}

MARKER = "ZQX-MARKER-7731-NOT-FOR-PUBLISHING"


def outside_folder(tmp_path: Path) -> Path:
    """tmp_path/outside: a secret, a Markdown file, a photo and a class folder to link to."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(f"HOMEROOM_SECRET={MARKER}\n")
    (folder / "secret.md").write_text(f"Title: Stolen\n\n{MARKER}\n")
    Image.new("RGB", (37, 23), (201, 13, 77)).save(folder / "photo.png")
    klass = folder / "klass"
    klass.mkdir()
    (klass / "class.yml").write_text(f"name: {MARKER}\nteachers: [X]\nlanguages: [en]\n")
    return folder


def symlink_school(tmp_path: Path, outside: Path) -> Path:
    content = portfolio_school(tmp_path / "content")
    post = {
        f"{NEWS}/2026-10-05-notes.md": (
            "Title: Notes\nDate: 2026-10-05\n\nSee [the notes](notes.pdf).\n\n"
            "![A red square](red.png)\n"
        )
    }
    write_school(content, post)
    news = content / NEWS
    (news / "notes.pdf").symlink_to(outside / "secret.txt")
    (news / "red.png").symlink_to(outside / "photo.png")
    (news / "2026-10-06-stolen.md").symlink_to(outside / "secret.md")
    (content / "classes/grade-9").symlink_to(outside / "klass", target_is_directory=True)
    return content


def borrowing_school(tmp_path: Path) -> Path:
    """Mia is a family student without photo consent; her chart.jpg is borrowed three ways."""
    content = portfolio_school(tmp_path / "content")
    write_school(
        content,
        {
            f"{NEWS}/2026-10-05-borrowed.md": (
                "Title: Borrowed\nDate: 2026-10-05\n\nA fine chart:\n\n"
                "![A hundred chart](../portfolio/mia/chart.jpg)\n"
            ),
            "pages/borrowed.md": (
                "Title: Also borrowed\n\nAnother look: [the chart]({static}/"
                f"{PORTFOLIO}/mia/chart.jpg)\n"
            ),
            f"{PORTFOLIO}/sam/2026-10-06-borrowed.md": (
                "Title: Sam's public entry\nDate: 2026-10-06\nVisibility: public\n"
                "Image: ../mia/chart.jpg\nImage-Alt: A chart\n\nNot Sam's photo.\n"
            ),
        },
    )
    return content


HEADER_MISTAKES = {
    # A link student's entry that meant to be family-only: never published as written.
    f"{PORTFOLIO}/sam/2026-10-08-private.md": (
        "Title: Private\nDate: 2026-10-08\nVisiblity: family\n\nSAM-PRIVATE-TEXT\n"
    ),
    f"{PORTFOLIO}/sam/2026-10-09-colour.md": (
        "Title: Colour\nDate: 2026-10-09\nColour: red\n\nSAM-COLOUR-TEXT\n"
    ),
    f"{NEWS}/2026-10-08-draft.md": "Title: Draft\nDate: 2026-10-08\nStauts: draft\n\nDRAFT-TEXT\n",
    f"{NEWS}/2026-10-09-family.md": (
        "Title: Family only?\nDate: 2026-10-09\nVisibility: family\n\nNEWS-FAMILY-TEXT\n"
    ),
    f"{NEWS}/2026-10-10-author.md": "Title: Author\nDate: 2026-10-10\nAuthor: Ms. Park\n\nOK\n",
    "classes/grade-1/newsletter/2026-10.md": "Title: Note\nStatus: hidden\n\nNOTE-TEXT\n",
}

KEYS_TWICE = {
    f"{PORTFOLIO}/sam/2026-10-08-twice.md": (
        "Title: Twice\nDate: 2026-10-08\nVisibility: link\nVisibility: public\n\nx\n"
    ),
    f"{PORTFOLIO}/sam/2026-10-09-yaml.md": (
        "---\ntitle: Yaml\ndate: 2026-10-09\nvisibility: link\nvisibility: public\n---\nx\n"
    ),
    f"{PORTFOLIO}/mia/student.yml": (
        "name: Mia K.\nvisibility: family\nvisibility: public\nphoto_consent: false\n"
    ),
}

TRACKERS = {
    f"{NEWS}/2026-10-05-pixel.md": (
        "Title: Pixel\nDate: 2026-10-05\n\nHello.\n\n![x](https://tracker.example/p.gif)\n"
    ),
    f"{NEWS}/2026-10-06-raw.md": (
        "Title: Raw\nDate: 2026-10-06\n\nHello <img src=https://tracker.example/q.gif>\n"
    ),
    f"{NEWS}/2026-10-07-cover.md": (
        "Title: Cover\nDate: 2026-10-07\nImage: https://tracker.example/c.jpg\n"
        "Image-Alt: A cover\n\nHello.\n"
    ),
    f"{PORTFOLIO}/mia/2026-10-08-pixel.md": (
        'Title: In a family page\nDate: 2026-10-08\n\n<img alt="x" src="//tracker.example/f.gif">\n'
    ),
}

ALIAS_BOMB = (
    "---\ntitle: Bomb\ndate: 2026-10-01\n"
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "tags: *g\n---\nBoom\n"
)


DEEP = "[" * 300 + "]" * 300
LONG_NAME = "2026-10-01-" + "a" * 240 + ".md"
LIMITS = {
    f"{NEWS}/2026-10-01-bomb.md": ALIAS_BOMB,
    f"{NEWS}/2026-10-02-deep.md": f"---\ntitle: Deep\ntags: {DEEP}\n---\nx\n",
    f"{NEWS}/2026-10-03-quotes.md": "Title: Quotes\nDate: 2026-10-03\n\n" + "> " * 400 + "deep\n",
    f"{NEWS}/2026-10-04-huge.md": "Title: Huge\nDate: 2026-10-04\n\n"
    + ("All work and no play. " * 30 + "\n\n") * 900,
    f"{NEWS}/{LONG_NAME}": "Title: Long\n\nx\n",
    f"{PORTFOLIO}/sam/student.yml": f"name: Sam\nfamily_languages: {DEEP}\n",
    "classes/grade-2/class.yml": "name: &n Grade 2\nteachers: [*n]\nlanguages: [ar, en]\n",
}


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
    return symlink_school(folder, outside_folder(folder))


#: name -> a function writing the content folder under a folder and returning it.
HOSTILE: dict[str, Callable[[Path], Path]] = {
    **{f"bad input: {name}": small(case[0]) for name, case in BAD_INPUTS.items()},
    **{f"one line: {name}": small(case[0]) for name, case in ONE_LINE.items()},
    **{f"contact: {name}": small(contact_school(*case[:2])) for name, case in CONTACTS.items()},
    "fail closed: symlinks out of content": symlinks,
    "fail closed: another student's photo": lambda folder: borrowing_school(folder),
    "fail closed: header keys misspelled": portfolio(HEADER_MISTAKES),
    "fail closed: a key written twice": portfolio(KEYS_TWICE),
    "fail closed: tracker pixels": portfolio(TRACKERS),
    "fail closed: bombs, depth, size and long names": portfolio(LIMITS),
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
