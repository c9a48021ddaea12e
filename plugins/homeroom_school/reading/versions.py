"""Each Markdown file as a Version: its header keys checked for its kind, its dates, status
and cover image read, a portfolio entry's goals and visibility checked against its class and
student. A file with a mistake is left out, and the mistake is a Problem of that file.
"""

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cached_property
from typing import NamedTuple
from urllib.parse import quote

from homeroom_school.features.signups import parse_signups
from homeroom_school.links import token
from homeroom_school.model import VISIBILITIES, SchoolClass, Version
from homeroom_school.problems import ContentError, Problem
from homeroom_school.reading.discover import Discovered
from homeroom_school.reading.events import early_start, parse_signup, parse_when
from homeroom_school.reading.front_matter import ParsedFile, parse_datetime
from homeroom_school.reading.headers import check_keys
from homeroom_school.reading.parsing import unreadable
from homeroom_school.reading.sanitizing import resolve_path
from homeroom_school.settings import Config
from homeroom_school.starting.starters import placeholder_problems, placeholders

TAGS = re.compile(r"<[^>]+>")
# What a date in the future schedules: posts and school pages. An event is dated in the future
# by nature; a portfolio entry is for one family, which may read it at once.
SCHEDULED_KINDS = ("news", "page")
SUMMARY_WORDS = 40
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Read:
    """One file read: what it is, whose it is, what it says."""

    kind: str
    class_id: str | None
    student: str | None
    parsed: ParsedFile
    version: Version
    refs: list  # the file's links, and its cover image: (target, as written)


class FileRead(NamedTuple):
    """What reading one file gave: its Read (None when it does not publish), its lines of note
    (None when it could not be parsed) and its problems."""

    record: Read | None
    lines: dict | None
    problems: list[Problem]


class KeptRead(NamedTuple):
    """The preview's memory of one file's read (`LoadMemo.reads`): the ParsedFile it was
    read from, and what reading it gave."""

    parsed: object  # its ParsedFile, or the Problem that stopped its parsing
    outcome: FileRead


@dataclass(frozen=True)
class ReadFiles:
    """The read step's result: the files that publish, each file's lines of note, problems."""

    records: list[Read]
    lines: dict[str, dict]  # path -> ParsedFile.lines: where messages about its links point
    problems: list[Problem]
    by_path: dict[str, Read]  # the records by their file's path, relative to content/
    # Files dated after the build's today (path -> Read): only the preview has them in records.
    scheduled: dict[str, Read] = field(default_factory=dict)


class ReadAhead:
    """`read_one` of a file as soon as it is parsed, by the worker that parsed it
    (parsing.parse_and_then's `then`): a cold build reads its files on every core, while the
    others are still parsed. A source's index in `found.sources` is its parse job's."""

    def __init__(self, found: Discovered, config: Config):
        self.found, self.config = found, config

    @cached_property
    def texts(self) -> tuple[str, ...]:
        """The starters' placeholders, found once by each worker (never where none reads)."""
        return placeholders(self.config.translations_path)

    def __call__(self, index: int, result) -> FileRead:
        return read_one(self.found.sources[index], result, self.found, self.config, self.texts)


def read_versions(
    found: Discovered,
    results: list,
    config: Config,
    kept: dict | None = None,
    ahead: dict | None = None,
) -> ReadFiles:
    """Each parsed file (or the problem that stopped it) as a Read: in a language its class
    offers, with known header keys, a valid Version, and an entry's goals and visibility.

    `kept` (the preview's, incremental.LoadMemo.reads: path -> KeptRead) gives a file
    parsed into the very same object last build's outcome; it is left holding this build's.
    `ahead` (index in found.sources -> FileRead): files the parse workers read (ReadAhead)."""
    records: list[Read] = []
    lines: dict[str, dict] = {}
    problems: list[Problem] = []
    by_path: dict[str, Read] = {}
    scheduled: dict[str, Read] = {}
    now = {}
    texts = None  # the starters' placeholders: found once a build, if a file is read here
    for index, (source, result) in enumerate(zip(found.sources, results, strict=True)):
        known = kept.get(source.path) if kept is not None else None
        if known is not None and known.parsed is result:
            outcome = known.outcome
        elif ahead and index in ahead:
            outcome = ahead[index]
        else:
            texts = placeholders(config.translations_path) if texts is None else texts
            outcome = read_one(source, result, found, config, texts)
        now[source.path] = KeptRead(result, outcome)
        record, file_lines, file_problems = outcome
        if file_lines is not None:
            lines[result.path] = file_lines
        problems += file_problems
        if record is not None and record.version.scheduled is not None:
            scheduled[record.parsed.path] = record
            if not config.preview:
                continue  # like a draft, nothing of it is published before its day
        if record is not None:
            records.append(record)
            by_path[record.parsed.path] = record
    if kept is not None:
        kept.clear()
        kept.update(now)
    return ReadFiles(records, lines, problems, by_path, scheduled)


def read_one(source, result, found: Discovered, config: Config, texts=None) -> FileRead:
    """What reading one file gives (FileRead); `texts`: the starters' example lines
    (starters.placeholders), found here when not given."""
    kind, class_id, student, _ = source
    problems: list[Problem] = []
    file_lines = None
    try:
        if isinstance(result, Problem):
            raise ContentError(result.path, result.line, result.message)
        parsed = result
        lang = file_language(parsed, found, class_id, student)
        file_lines = parsed.lines
        keys = check_keys(parsed.header, kind, parsed.path)
        problems += keys
        if any(not problem.warning for problem in keys):
            return FileRead(None, file_lines, problems)  # a misread header never publishes
        refs = list(parsed.refs)  # the parsed file stays as parsed: the cache keeps it
        version = make_version(parsed, kind, lang, config, refs)
        if kind == "event":
            problems += early_start(parsed.header, parsed.path, version.when)
            signups = parse_signups(
                parsed.header, parsed.path, version.when, found.classes[class_id], parsed.slug
            )
            version = replace(version, signups=signups)
        if kind == "entry":
            owner = found.students[f"{class_id}/{student}"]
            check_entry(version, parsed, found.classes[class_id], owner)
        if not version.draft:  # a starter's text is never published (a draft is not)
            texts = placeholders(config.translations_path) if texts is None else texts
            leftovers = placeholder_problems(parsed, texts, config.content_path)
            if leftovers:
                return FileRead(None, file_lines, [*problems, *leftovers])
    except ContentError as error:
        return FileRead(None, file_lines, [*problems, error.problem])
    except Exception as error:  # one file's mistake never stops the build
        failure = unreadable(getattr(result, "path", "?"), error)
        return FileRead(None, file_lines, [*problems, failure])
    if version.draft and not config.preview:
        return FileRead(None, file_lines, problems)
    version = scheduling(version, kind, config.today)
    return FileRead(Read(kind, class_id, student, parsed, version, refs), file_lines, problems)


def scheduling(version: Version, kind: str, today: date) -> Version:
    """A post or school page dated after `today` as scheduled: held like a draft until its
    day (read_versions leaves it out of a published build; the preview marks it)."""
    if kind not in SCHEDULED_KINDS or version.draft or version.date is None:
        return version
    if version.date.date() <= today:
        return version
    return replace(version, draft=True, scheduled=version.date.date())


def file_language(
    parsed: ParsedFile, found: Discovered, class_id: str | None, student: str | None
) -> str:
    """The file's language (its name's or `Lang:`, else its class's first), if offered."""
    offered = found.offered(class_id, student)
    lang = parsed.lang or offered[0]
    if lang not in offered:
        owner = f"{class_id}" if class_id else "the school"
        where = (
            f"add {lang} to `languages` in {found.classes[class_id].source}"
            if class_id
            else "add it to the languages of a class"
        )
        raise ContentError(
            parsed.path,
            parsed.header.line("lang"),
            f"is in '{lang}', which {owner} does not publish in; {where}, or rename the file",
        )
    return lang


def auto_summary(html: str) -> str:
    """The first paragraph's words, shortened: for lists when a post has no Summary."""
    first = html.split("</p>", 1)[0]
    words = TAGS.sub("", first).split()
    text = " ".join(words[:SUMMARY_WORDS])
    return text + ("…" if len(words) > SUMMARY_WORDS else "")


def text_value(parsed: ParsedFile, key: str) -> str:
    """A header value as text (a YAML list joined by commas); '' when it is not there."""
    value = parsed.header.get(key)
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value).strip()


def make_version(parsed: ParsedFile, kind: str, lang: str, config: Config, refs: list) -> Version:
    """Check a file's header for its kind and turn it into a Version, or raise."""
    path, header = parsed.path, parsed.header
    title = text_value(parsed, "title")
    if kind == "note":
        return make_note(parsed, lang, config, title)
    if not title:
        raise ContentError(
            path, 1, "has no title; add a first line like `Title: Apple picking`, then a blank line"
        )
    date = header_date(parsed, "date", config)
    if date is None and parsed.name_date:
        date = parse_datetime(parsed.name_date, config.timezone)
        if date is None:
            raise ContentError(
                path,
                None,
                f"the date {parsed.name_date} in the file name is not a real date; rename the file",
            )
    when = None
    if kind == "event":
        when = parse_when(header, path, config.timezone)
        date = when.start if when else None
    if date is None and kind in ("news", "entry"):
        raise ContentError(
            path, 1, "has no date; add a line like `Date: 2026-09-05` or start the name with it"
        )
    modified = header_date(parsed, "modified", config)
    status = status_of(parsed)
    tags = header.get("tags") or []
    if isinstance(tags, str):
        tags = [t for t in (part.strip() for part in tags.split(",")) if t]
    image = None
    image_alt = text_value(parsed, "image_alt")
    if kind == "news" and "shows" in header.values and not header.get("image"):
        raise ContentError(
            path,
            header.line("shows"),
            "has a Shows line but no Image; `Shows:` says who is in the `Image:` above it: for "
            'a photo in the text, end its title instead: `![…](photo.jpg "Shows: ana")`',
        )
    if header.get("image"):
        written = text_value(parsed, "image")
        if "//" in written or ":" in written.split("/")[0]:
            raise ContentError(
                path,
                header.line("image"),
                f"has an Image from another site ('{written[:80]}'); pages load nothing from "
                "elsewhere: save the photo next to this file and write its name, like "
                "`Image: fraction-wall.jpg`",
            )
        target = resolve_path(written, path)
        refs.append((target, written))
        image = token("ref", quote(target)) if target else None
        if not image_alt:
            raise ContentError(
                path,
                header.line("image"),
                "has an Image but no Image-Alt; add a line `Image-Alt: …` that says what the "
                "picture shows, for families who cannot see it",
            )
    audio = recording(parsed) if kind == "news" else None
    return Version(
        lang=lang,
        title=title,
        summary=text_value(parsed, "summary") or auto_summary(parsed.body),
        body=parsed.body,
        source=path,
        date=date,
        modified=modified,
        tags=tuple(str(t) for t in tags),
        image=image,
        image_alt=image_alt,
        image_shows=text_value(parsed, "shows") if "shows" in header.values else None,
        draft=status == "draft",
        when=when,
        location=text_value(parsed, "location") if kind == "event" else "",
        signup=parse_signup(header, path) if kind == "event" else "",
        goals=tuple(goal_ids(header.get("goals"))) if kind == "entry" else (),
        visibility=text_value(parsed, "visibility").lower() or None if kind == "entry" else None,
        audio=audio,
        audio_line=header.line("audio") if audio else None,
    )


def recording(parsed: ParsedFile) -> str | None:
    """A post's `Audio:` as a path relative to content/, or None when it has none. Whether
    the file is there and is a recording is homeroom_audio's check (it decodes it)."""
    written = text_value(parsed, "audio")
    if not written:
        return None
    line = parsed.header.line("audio")
    if "//" in written or ":" in written.split("/")[0]:
        raise ContentError(
            parsed.path,
            line,
            f"has an Audio from another site ('{written[:80]}'); pages load nothing from "
            "elsewhere: save the recording next to this file and write its name, like "
            "`Audio: week-12.m4a`",
        )
    target = resolve_path(written, parsed.path)
    if target is None:
        raise ContentError(
            parsed.path,
            line,
            f"has an Audio ('{written[:80]}') outside the content folder; save the recording "
            "next to this file and write its name, like `Audio: week-12.m4a`",
        )
    return target


def header_date(parsed: ParsedFile, key: str, config: Config) -> datetime | None:
    """A date header (Date, Modified) in the site's time zone; None when it is not there."""
    value = parsed.header.get(key)
    if value is None:
        return None
    moment = parse_datetime(value, config.timezone)
    if moment is None:
        raise ContentError(
            parsed.path,
            parsed.header.line(key),
            f"{key.capitalize()} '{value}' is not a date; write it as YYYY-MM-DD "
            "(or YYYY-MM-DD HH:MM), for example 2026-09-05",
        )
    return moment


def make_note(parsed: ParsedFile, lang: str, config: Config, title: str) -> Version:
    """A teacher's note for a month's newsletter: newsletter/<YYYY-MM>[.<lang>].md."""
    month = MONTH.match(parsed.slug) if not parsed.name_date else None
    if not month or not 1 <= int(month[2]) <= 12:
        raise ContentError(
            parsed.path,
            None,
            "is a newsletter note, but its name is not a month; name it like 2026-10.md "
            "(or 2026-10.es.md for a translation)",
        )
    start = datetime(int(month[1]), int(month[2]), 1, tzinfo=config.timezone)
    return Version(
        lang=lang,
        title=title,
        summary=text_value(parsed, "summary") or auto_summary(parsed.body),
        body=parsed.body,
        source=parsed.path,
        date=start,
        modified=header_date(parsed, "modified", config),
        draft=status_of(parsed) == "draft",
    )


def status_of(parsed: ParsedFile) -> str:
    """`published` (the default) or `draft`; anything else is a mistake, never a guess."""
    status = text_value(parsed, "status").lower() or "published"
    if status not in ("published", "draft"):
        raise ContentError(
            parsed.path,
            parsed.header.line("status"),
            f"Status '{status}' is not known; write `Status: draft` to keep it unpublished, "
            "or remove the line to publish it",
        )
    return status


def goal_ids(value) -> list[str]:
    """`Goals:` as ids, whether written as a YAML list or as `a, b`."""
    if value is None:
        return []
    if isinstance(value, list):
        return [str(goal).strip() for goal in value if str(goal).strip()]
    return [goal.strip() for goal in str(value).split(",") if goal.strip()]


def check_entry(version: Version, parsed: ParsedFile, school_class: SchoolClass, student) -> None:
    """A portfolio entry's goals exist, and its Visibility never widens the student's."""
    header = parsed.header
    for goal in version.goals:
        if goal not in school_class.goals:
            known = ", ".join(school_class.goals) or "none yet"
            raise ContentError(
                version.source,
                header.line("goals"),
                f"Goals names '{goal}', which is not a goal of {school_class.id}; use ids from "
                f"goals in {school_class.source} ({known})",
            )
    wanted = version.visibility
    if wanted is None:
        return
    if wanted not in VISIBILITIES:
        raise ContentError(
            version.source,
            header.line("visibility"),
            f"Visibility '{wanted}' is not known; use family, link or public",
        )
    if wanted != "public" and VISIBILITIES.index(wanted) > VISIBILITIES.index(student.visibility):
        raise ContentError(
            version.source,
            header.line("visibility"),
            f"Visibility '{wanted}' is wider than the student's ('{student.visibility}' in "
            f"{student.source}); an entry may only narrow it, or be marked public on purpose",
        )
