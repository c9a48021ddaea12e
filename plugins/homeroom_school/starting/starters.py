"""What `invoke new` writes, and the check that none of it is published as it was written.

A starter is a file's first lines for its kind and folder, with a few lines of placeholder text
in the file's language (the class's first, unless `--lang` says otherwise) from the theme's
gettext catalogs. A file that still holds one of those lines, in any catalog's language, is a
problem on that line: placeholder text is never published or mailed to families.
"""

import datetime
from functools import lru_cache
from html import escape
from pathlib import Path

from babel.messages.pofile import read_po

from homeroom_school.model import SchoolClass
from homeroom_school.problems import Problem
from homeroom_school.reading.files import Contained
from homeroom_school.reading.front_matter import ParsedFile, slugify
from homeroom_school.settings import DEFAULTS

CLASSES = DEFAULTS["HOMEROOM_CLASSES_PATH"]


def N_(text: str) -> str:
    """Mark a starter's text for `invoke catalogs` (one of pybabel's keywords); it is
    translated when a file is written, not here."""
    return text


# The placeholder lines of the starters, each one line: what the check looks for.
NEWS_SUMMARY = N_("One sentence that families see in lists and emails.")
NEWS_BODY = N_("Write your post here. Leave a blank line between paragraphs.")
ENTRY_BODY = N_(
    "What your student did, what it shows about the goals above (ids from class.yml), and the "
    "next step."
)
EVENT_SUMMARY = N_("One sentence for lists and calendars.")
EVENT_BODY = N_("What families need to know: who it is for, what to bring.")
EVENT_ALL_DAY = N_(
    "For an all-day event, write the Start date without a time, and End as its last day."
)
PLACEHOLDERS = (NEWS_SUMMARY, NEWS_BODY, ENTRY_BODY, EVENT_SUMMARY, EVENT_BODY, EVENT_ALL_DAY)

# kind -> (folder in the class, template: {title}, {date} and the placeholders by name)
KINDS = {
    "news": (
        "news",
        "Title: {title}\nDate: {date}\nSummary: {NEWS_SUMMARY}\n\n{NEWS_BODY}\n",
    ),
    "entry": (
        "portfolio/{student}",
        "Title: {title}\nDate: {date}\nGoals: \nImage: \nImage-Alt: \n\n{ENTRY_BODY}\n",
    ),
    "event": (
        "events",
        "Title: {title}\nStart: {date} 18:00\nEnd: 19:00\nLocation: \n"
        "Summary: {EVENT_SUMMARY}\n\n{EVENT_BODY}\n\n{EVENT_ALL_DAY}\n",
    ),
}
NAMES = {
    "NEWS_SUMMARY": NEWS_SUMMARY,
    "NEWS_BODY": NEWS_BODY,
    "ENTRY_BODY": ENTRY_BODY,
    "EVENT_SUMMARY": EVENT_SUMMARY,
    "EVENT_BODY": EVENT_BODY,
    "EVENT_ALL_DAY": EVENT_ALL_DAY,
}


class StarterError(ValueError):
    """The new file cannot be written; the message says why and what to do."""


def catalog_files(translations: Path) -> dict[str, Path]:
    """Each language's .po catalog in the theme's translations folder (never one that links
    out of it), by language."""
    inside = Contained(translations, "translations")
    found = {}
    if translations.is_dir():
        for folder in sorted(translations.iterdir()):
            po = folder / "LC_MESSAGES" / "messages.po"
            if po.is_file() and inside.holds(po):
                found[folder.name] = po
    return found


@lru_cache(maxsize=64)
def _translated(po: str, mtime_ns: int, size: int, texts: tuple[str, ...]) -> dict[str, str]:
    """`texts` as one catalog translates them, once per version of the file."""
    with open(po, "rb") as file:
        catalog = read_po(file)
    translated = {}
    for text in texts:
        message = catalog.get(text)
        if message is not None and message.string and not message.fuzzy:
            translated[text] = message.string
    return translated


def translations_of(po: Path, texts: tuple[str, ...] = PLACEHOLDERS) -> dict[str, str]:
    """{English text: its translation} for those of `texts` (the starters' placeholders
    unless given) this catalog translates."""
    status = po.stat()
    return _translated(str(po), status.st_mtime_ns, status.st_size, texts)


def in_language(translations: Path, lang: str, names: dict[str, str]) -> dict[str, str]:
    """{name: text} of `names` ({name: English text}) in `lang` (or its base language) from
    the catalogs in `translations`, else in English."""
    files = catalog_files(translations)
    po = files.get(lang) or files.get(lang.split("-")[0])
    texts = translations_of(po, tuple(names.values())) if po else {}
    return {name: texts.get(text, text) for name, text in names.items()}


def starter_texts(translations: Path, lang: str) -> dict[str, str]:
    """{name: text} of every placeholder in `lang` (or its base language), else English."""
    return in_language(translations, lang, NAMES)


def placeholders(translations: Path) -> tuple[str, ...]:
    """Every starter's placeholder text, in English and in every catalog's language."""
    found = set(PLACEHOLDERS)
    for po in catalog_files(translations).values():
        found.update(translations_of(po).values())
    return tuple(sorted(found))


def placeholder_problems(parsed: ParsedFile, texts: tuple[str, ...], content: Path) -> list:
    """A problem for each line of a file that still holds a starter's placeholder text:
    a header value (its line), or a line of the body (found in the file's text)."""
    header = parsed.header
    values = {key: value for key, value in header.values.items() if isinstance(value, str)}
    held = "\n".join([parsed.body, *values.values()])  # one look per text, most files: none
    pairs = [
        (text, html) for text, html in as_html(texts) if text in held or (html and html in held)
    ]
    if not pairs:
        return []
    found = [text for text, _ in pairs]
    problems = [
        leftover(parsed.path, header.line(key), text)
        for key, value in values.items()
        for text in found
        if text in value
    ]
    found_in_body = [text for text, html in pairs if (html or text) in parsed.body]
    if found_in_body:
        lines = (content / parsed.path).read_text(encoding="utf-8-sig").splitlines()
        start = max((line for line in header.lines.values() if line), default=0)
        for text in found_in_body:
            number = next(
                (n for n, line in enumerate(lines, 1) if n > start and text in line), None
            )
            problems.append(leftover(parsed.path, number, text))
    return sorted(problems, key=lambda problem: problem.line or 0)


@lru_cache(maxsize=8)
def as_html(texts: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Each text, and its form in the sanitized body where escaping `&`, `<`, `>` changes it
    (else "")."""
    pairs = []
    for text in texts:
        html = escape(text, quote=False)
        pairs.append((text, "" if html == text else html))
    return tuple(pairs)


def leftover(path: str, line: int | None, text: str) -> Problem:
    return Problem(
        path,
        line,
        f"still holds the text `invoke new` wrote to show what goes here (“{text}”); replace "
        "it with your own words, or delete the line",
    )


def make_folder(folder: Path) -> None:
    """`folder` and its parents, or a StarterError when a file stands where one should be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocking = next(p for p in [folder, *folder.parents] if p.exists() and not p.is_dir())
        raise StarterError(
            f"{blocking} is a file where Homeroom needs a folder; rename or move that file"
        ) from None


def write_starter(
    content: Path,
    school_class: SchoolClass,
    kind: str,
    title: str,
    lang=None,
    date=None,
    student=None,
    translations: Path | None = None,
    classes_path: str = CLASSES,
) -> Path:
    """Write a new file of `kind` for `school_class`, named from the date and title, in the
    language asked (a translation's suffix) or the class's first, its placeholder text in
    that language (from the catalogs in `translations`); returns its path."""
    if kind not in KINDS:
        raise StarterError(f"unknown kind '{kind}'; use one of: {', '.join(KINDS)}")
    class_id, languages = school_class.id, school_class.languages
    lang = (lang or languages[0]).lower()
    if lang not in languages:
        raise StarterError(
            f"{class_id} does not publish in {lang!r}; its languages: {', '.join(languages)}"
        )
    slug = slugify(title)
    if not slug:
        raise StarterError("the title needs at least one letter or digit")
    try:
        day = datetime.date.fromisoformat(date) if date else datetime.date.today()
    except ValueError:
        raise StarterError(f"--date {date!r} is not a date like 2026-11-05") from None
    class_dir = content / classes_path / class_id
    folder, template = KINDS[kind]
    if kind == "entry":
        portfolio = class_dir / "portfolio"
        students = sorted(p.name for p in portfolio.glob("*") if (p / "student.yml").is_file())
        if not students:  # a class that keeps no portfolio yet
            raise StarterError(
                f"{class_id} has no student yet: a student is a folder "
                f"{portfolio.as_posix()}/<student-id>/ with its student.yml (see the README's "
                "Portfolios)"
            )
        if not student:
            raise StarterError(f"which student? give --student, one of: {', '.join(students)}")
        if student not in students:
            raise StarterError(
                f"unknown student {student!r} in {class_id}; students: {', '.join(students)}"
            )
        folder = folder.format(student=student)
    suffix = "" if lang == languages[0] else f".{lang}"
    path = class_dir / folder / f"{day.isoformat()}-{slug}{suffix}.md"
    if path.exists():
        raise StarterError(f"{path} exists already; choose another title")
    texts = starter_texts(translations, lang) if translations else NAMES
    make_folder(path.parent)
    path.write_text(template.format(title=title, date=day.isoformat(), **texts), encoding="utf-8")
    return path
