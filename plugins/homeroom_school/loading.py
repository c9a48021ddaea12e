"""Build the School from content/: read every file once, group, validate, resolve links.

The pipeline reads top to bottom: classes first (they say which languages exist), then
every Markdown file, then translations are grouped into items, then links between files
are resolved. Every mistake becomes a Problem; the rest of the school is still built.
"""

import hashlib
import html
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from urllib.parse import quote

from .classes import read_class
from .events import parse_signup, parse_when
from .files import Contained
from .headers import check_keys
from .languages import is_known
from .links import IMG_TAG, img_attributes, is_media, is_photo, line_of, resolve_refs, token
from .model import (
    VISIBILITIES,
    Item,
    PhotoUse,
    School,
    SchoolClass,
    Student,
    Version,
    newest_first,
    soonest_first,
)
from .problems import ContentError, Problem
from .reading import (
    MAX_NAME,
    ParsedFile,
    new_markdown,
    parse_datetime,
    parse_file,
)
from .sanitizing import resolve_path
from .settings import Config
from .students import read_student
from .urls import media

MARKDOWN_SUFFIXES = {".md", ".markdown"}
# What a portfolio entry may attach besides photos: inlined into its page, never a file.
ATTACHMENT_SUFFIXES = {
    ".pdf", ".mp3", ".m4a", ".ogg", ".oga", ".wav", ".mp4", ".webm", ".txt",
    ".docx", ".pptx", ".xlsx", ".odt", ".odp", ".ods",
}  # fmt: skip
TAGS = re.compile(r"<[^>]+>")
SUMMARY_WORDS = 40


def markdown_files(folder: Path) -> list[Path]:
    """The Markdown files directly in a folder, by name; hidden files are editors' own."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix in MARKDOWN_SUFFIXES and p.is_file() and not p.name.startswith(".")
    )


def auto_summary(html: str) -> str:
    """The first paragraph's words, shortened: for lists when a post has no Summary."""
    first = html.split("</p>", 1)[0]
    words = TAGS.sub("", first).split()
    text = " ".join(words[:SUMMARY_WORDS])
    return text + ("…" if len(words) > SUMMARY_WORDS else "")


def text_value(parsed: ParsedFile, key: str) -> str:
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
        draft=status == "draft",
        when=when,
        location=text_value(parsed, "location") if kind == "event" else "",
        signup=parse_signup(header, path) if kind == "event" else "",
        goals=tuple(goal_ids(header.get("goals"))) if kind == "entry" else (),
        visibility=text_value(parsed, "visibility").lower() or None if kind == "entry" else None,
    )


@dataclass(frozen=True)
class Read:
    """One file read: what it is, whose it is, what it says."""

    kind: str
    class_id: str | None
    student: str | None
    parsed: ParsedFile
    version: Version
    refs: list  # the file's links, and its cover image: (target, as written)


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


MONTH = re.compile(r"^(\d{4})-(\d{2})$")


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


# Below this many files, starting worker processes costs more than it saves.
PARALLEL_FROM = 64
# Workers are forked: they start with the settings and one Markdown instance loaded. Windows
# cannot fork; there, everything runs in one process.
FORKS = "fork" in get_all_start_methods()


@lru_cache(maxsize=1)
def _process_markdown():
    """One Python-Markdown instance per worker process, reused (reset) for every file."""
    return new_markdown()


def _parse_job(job: tuple[str, str, int]) -> ParsedFile | Problem:
    path, rel, limit = job
    try:
        with open(path, "rb") as file:
            raw = file.read(limit + 1)
        if len(raw) > limit:
            return Problem(
                rel,
                None,
                f"is larger than {limit // 1024} KiB, the limit for one Markdown file "
                "(HOMEROOM_MARKDOWN_MAX_BYTES); split it into several posts, or put a long "
                "document in a PDF that the post links",
            )
        return parse_file(_process_markdown(), raw, rel)
    except ContentError as error:
        return error.problem
    except Exception as error:  # one file's mistake never stops the build
        return unreadable(rel, error)


def unreadable(path: str, error: BaseException) -> Problem:
    """A problem for a file whose reading failed in a way nothing else names."""
    what = "is nested too deeply" if isinstance(error, RecursionError) else "could not be read"
    return Problem(
        path,
        None,
        f"{what} ({type(error).__name__}: {str(error)[:120]}); simplify it (fewer nested "
        "lists or quotes), or remove what was pasted in last",
    )


def parse_all(jobs: list[tuple[str, str, int]], workers: int, memo: dict | None = None) -> list:
    """Parse every file, on every core when there are many: Markdown is most of reading.

    With a memo (the preview keeps one between rebuilds), a file whose modification time, size
    and inode did not change is not read again.
    """
    results: list = [None] * len(jobs)
    stamps = {}
    todo = []
    for index, (path, rel, _) in enumerate(jobs):
        if memo is not None:
            status = os.stat(path)  # a save changes the time; a stat costs no read
            stamps[index] = stamp = (status.st_mtime_ns, status.st_size, status.st_ino)
            remembered = memo.get(("parsed", rel))
            if remembered and remembered[0] == stamp:
                results[index] = remembered[1]
                continue
        todo.append(index)
    if workers <= 1 or not FORKS or len(todo) < PARALLEL_FROM:
        parsed = [_parse_job(jobs[index]) for index in todo]
    else:
        chunk = max(8, min(64, len(todo) // (workers * 4)))  # small: each is one message
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
            parsed = list(pool.map(_parse_job, [jobs[i] for i in todo], chunksize=chunk))
    for index, result in zip(todo, parsed, strict=True):
        results[index] = result
        if memo is not None:
            memo[("parsed", jobs[index][1])] = (stamps[index], result)
    return results


class SchoolLoader:
    """Reads one content folder into a School. One instance per build."""

    def __init__(self, config: Config):
        self.config = config
        self.root = config.content_path
        self.content = Contained(self.root)
        self.problems: list[Problem] = []
        self.lines: dict[str, dict] = {}  # each file's lines of note (ParsedFile.lines)
        self.attachments: dict[str, tuple] = {}  # School.attachments

    def report(self, path: str, line: int | None, message: str) -> None:
        self.problems.append(Problem(path, line, message))

    def remembered(self, function, *args):
        """function(*args), or what it returned for the same arguments in an earlier rebuild
        of the preview (reading a YAML file is slow, and class.yml is rarely edited)."""
        memo = self.config.memo
        if memo is None:
            return function(*args)
        key = (function.__name__, *args)
        if key not in memo:
            memo[key] = function(*args)
        return memo[key]

    def line_in(self, source: str, needle: str) -> int | None:
        """The first line of a content file that contains `needle`, for a message: found when
        the file was parsed (the files it links to, `Image:`), else by reading it again, so
        that the school does not keep every file's text in memory."""
        known = self.lines.get(source, {})
        if needle in known:
            return known[needle]
        try:
            text = (self.root / source).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
        return line_of(text.replace("\r\n", "\n"), needle)

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def readable(self, path: Path) -> bool:
        """Whether the build may read `path`: inside content/ once symlinks are followed, and
        with a name of at most MAX_NAME characters. Reports why not."""
        if not self.content.holds(path):
            self.report(self.relative(path), None, self.content.why_not())
            return False
        if len(path.name) > MAX_NAME:
            self.report(
                self.relative(path),
                None,
                f"has a name of {len(path.name)} characters, more than {MAX_NAME}; shorten it",
            )
            return False
        return True

    def load(self) -> School:
        classes = self.read_classes()
        languages = self.site_languages(classes)
        self.students = self.read_students(classes)
        parsed = self.read_items(classes, languages)
        items = self.group(parsed, classes, languages)
        media_files = self.resolve_links(items, parsed)
        photos = self.extract_photos(items, media_files, parsed)
        news: dict[str, list[Item]] = {class_id: [] for class_id in classes}
        events: dict[str, list[Item]] = {class_id: [] for class_id in classes}
        entries: dict[str, list[Item]] = {key: [] for key in self.students}
        notes: dict[str, dict[str, Item]] = {class_id: {} for class_id in classes}
        pages = []
        for item in items.values():
            if item.kind == "news":
                news[item.class_id].append(item)
            elif item.kind == "event":
                events[item.class_id].append(item)
            elif item.kind == "entry":
                entries[f"{item.class_id}/{item.student}"].append(item)
            elif item.kind == "note":
                notes[item.class_id][item.slug] = item
            else:
                pages.append(item)
        school = School(
            name=self.config.site_name,
            default_lang=self.config.default_lang,
            languages=languages,
            classes=classes,
            news={class_id: newest_first(posts) for class_id, posts in news.items()},
            events={class_id: soonest_first(dated) for class_id, dated in events.items()},
            pages=sorted(pages, key=lambda page: page.slug),
            media=media_files,
            photos=photos,
            items=items,
            students=self.students,
            entries={key: newest_first(listed) for key, listed in entries.items()},
            notes={class_id: dict(sorted(months.items())) for class_id, months in notes.items()},
            attachments=dict(sorted(self.attachments.items())),
            problems=sorted(self.problems, key=lambda p: (p.path, p.line or 0, p.message)),
        )
        return school

    def read_classes(self) -> dict[str, SchoolClass]:
        folder = self.root / self.config.classes_path
        classes = {}
        if not folder.is_dir():
            self.report(
                self.config.classes_path,
                None,
                "is missing: Homeroom needs a folder classes/ with one folder per class",
            )
            return classes
        if not self.readable(folder):
            return classes
        for class_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
            if class_dir.name.startswith(".") or not self.readable(class_dir):
                continue
            yml = class_dir / "class.yml"
            if yml.exists() and not self.readable(yml):
                continue
            if not yml.is_file():
                self.report(
                    self.relative(class_dir),
                    None,
                    "is a class folder without class.yml; add one with name, teachers and "
                    "languages (see the README), or move the folder out of classes/",
                )
                continue
            try:
                classes[class_dir.name] = self.remembered(
                    read_class, class_dir.name, yml.read_bytes(), self.relative(yml)
                )
            except ContentError as error:
                self.problems.append(error.problem)
            except Exception as error:  # one file's mistake never stops the build
                self.problems.append(unreadable(self.relative(yml), error))
        return classes

    def read_students(self, classes: dict[str, SchoolClass]) -> dict[str, Student]:
        """Every portfolio/<student>/student.yml; a student folder without one is a problem."""
        students = {}
        for class_id in classes:
            folder = self.root / self.config.classes_path / class_id / "portfolio"
            if not folder.is_dir() or not self.readable(folder):
                continue
            for student_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
                if student_dir.name.startswith(".") or not self.readable(student_dir):
                    continue
                yml = student_dir / "student.yml"
                if yml.exists() and not self.readable(yml):
                    continue
                if not yml.is_file():
                    self.report(
                        self.relative(student_dir),
                        None,
                        "is a student folder without student.yml; add one with the child's "
                        "display name, family_languages, photo_consent and visibility",
                    )
                    continue
                try:
                    student = self.remembered(
                        read_student,
                        class_id,
                        student_dir.name,
                        yml.read_bytes(),
                        self.relative(yml),
                        classes[class_id].languages[0],
                    )
                except ContentError as error:
                    self.problems.append(error.problem)
                    continue
                except Exception as error:  # one file never stops the build
                    self.problems.append(unreadable(self.relative(yml), error))
                    continue
                students[student.key] = student
        return students

    def site_languages(self, classes: dict[str, SchoolClass]) -> list[str]:
        """Every class's languages, DEFAULT_LANG first, then as the classes list them."""
        default = self.config.default_lang
        languages = [default]
        for school_class in classes.values():
            languages += [lang for lang in school_class.languages if lang not in languages]
        if not is_known(default):
            self.report("pelicanconf.py", None, f"DEFAULT_LANG '{default}' is not a language code")
        elif classes and not any(default in c.languages for c in classes.values()):
            self.report(
                "pelicanconf.py",
                None,
                f"DEFAULT_LANG '{default}' is not a language of any class; set it to one of "
                f"{', '.join(languages[1:])}",
            )
        return languages

    def sources(self, classes: dict[str, SchoolClass]):
        """(kind, class id, file) for every Markdown file Homeroom may read and publish."""
        for found in self.markdown_sources(classes):
            if self.readable(found[3]):
                yield found

    def markdown_sources(self, classes: dict[str, SchoolClass]):
        for class_id in classes:
            class_dir = self.root / self.config.classes_path / class_id
            for path in markdown_files(class_dir):
                self.report(
                    self.relative(path),
                    None,
                    "is not in a folder Homeroom reads; move it into news/ (a post), "
                    "events/ (an event) or newsletter/ (a note for a month's newsletter)",
                )
            for kind, folder in (("news", "news"), ("event", "events"), ("note", "newsletter")):
                for path in markdown_files(class_dir / folder):
                    yield kind, class_id, None, path
        for student in self.students.values():
            folder = self.root / self.config.classes_path / student.class_id / "portfolio"
            for path in markdown_files(folder / student.id):
                yield "entry", student.class_id, student.id, path
        for path in markdown_files(self.root / self.config.pages_path):
            yield "page", None, None, path

    def offered(self, classes, languages, class_id, student) -> tuple[str, ...]:
        """The languages a file may be in: its class's (and its family's), or the site's."""
        if class_id is None:
            return tuple(languages)
        offered = classes[class_id].languages
        if student:
            family = self.students[f"{class_id}/{student}"].family_languages
            offered += tuple(lang for lang in family if lang not in offered)
        return offered

    def read_items(self, classes, languages) -> list[Read]:
        sources = list(self.sources(classes))
        limit = self.config.markdown_max_bytes
        jobs = [(str(path), self.relative(path), limit) for _, _, _, path in sources]
        read = []
        for (kind, class_id, student, _), result in zip(
            sources, parse_all(jobs, self.config.workers, self.config.memo), strict=True
        ):
            try:
                if isinstance(result, Problem):
                    raise ContentError(result.path, result.line, result.message)
                parsed, rel = result, result.path
                offered = self.offered(classes, languages, class_id, student)
                lang = parsed.lang or offered[0]
                if lang not in offered:
                    owner = f"{class_id}" if class_id else "the school"
                    where = (
                        f"add {lang} to `languages` in {classes[class_id].source}"
                        if class_id
                        else "add it to the languages of a class"
                    )
                    raise ContentError(
                        rel,
                        parsed.header.line("lang"),
                        f"is in '{lang}', which {owner} does not publish in; {where}, "
                        "or rename the file",
                    )
                self.lines[parsed.path] = parsed.lines
                keys = check_keys(parsed.header, kind, rel)
                self.problems += keys
                if any(not problem.warning for problem in keys):
                    continue  # a misread header never publishes: the file waits for its fix
                refs = list(parsed.refs)  # the parsed file stays as parsed: the memo keeps it
                version = make_version(parsed, kind, lang, self.config, refs)
                if kind == "entry":
                    owner = self.students[f"{class_id}/{student}"]
                    check_entry(version, parsed, classes[class_id], owner)
            except ContentError as error:
                self.problems.append(error.problem)
                continue
            except Exception as error:  # one file's mistake never stops the build
                self.problems.append(unreadable(getattr(result, "path", "?"), error))
                continue
            if version.draft and not self.config.preview:
                continue
            read.append(Read(kind, class_id, student, parsed, version, refs))
        return read

    def group(self, read, classes, languages) -> dict[str, Item]:
        """Translations together: same kind, class and slug; one version per language."""
        grouped: dict[tuple, dict[str, Version]] = {}
        for record in read:
            parsed, version = record.parsed, record.version
            key = (record.kind, record.class_id, record.student, parsed.slug)
            versions = grouped.setdefault(key, {})
            if version.lang in versions:
                self.report(
                    parsed.path,
                    parsed.header.line("slug"),
                    f"has the same slug '{parsed.slug}' and language '{version.lang}' as "
                    f"{versions[version.lang].source}; rename one of them or give it a "
                    "`Slug:` line",
                )
                continue
            versions[version.lang] = version
        items = {}
        for (kind, class_id, student, slug), versions in grouped.items():
            order = self.offered(classes, languages, class_id, student)
            original = next(lang for lang in order if lang in versions)
            ordered = {lang: versions[lang] for lang in order if lang in versions}
            if kind == "event" and not self.same_time(ordered, original):
                continue
            visibility = None
            if kind == "entry":
                owner = self.students[f"{class_id}/{student}"]
                visibility = ordered[original].visibility or owner.visibility
            item = Item(kind, class_id, slug, original, ordered, student, visibility)
            items[item.key] = item
        return items

    def same_time(self, versions: dict[str, Version], original: str) -> bool:
        """An event's translations share its original's time: inherit it, or say it differs."""
        first = versions[original]
        if first.when is None:
            self.report(
                first.source,
                1,
                "has no Start; add a line like `Start: 2026-11-05 16:00` (or a date alone "
                "for an all-day event)",
            )
            return False
        for lang, version in versions.items():
            if version.when is None:
                versions[lang] = replace(version, when=first.when, date=first.when.start)
            elif version.when != first.when:
                self.report(
                    version.source,
                    None,
                    f"has another Start or End than {first.source}; a translation keeps the "
                    "original's time (or leave Start and End out of it)",
                )
        return True

    def extract_photos(self, items: dict[str, Item], media_files: dict, read) -> dict:
        """Photos become photo tokens (published later as resized, stripped derivatives).

        An <img> of a photo becomes {hr-photo:id}, a cover {hr-cover:id}, a plain link to a
        photo {hr-photo-link:id}; the original file itself is never published.
        """
        photos: dict[str, PhotoUse] = {}
        sources = {published: source for published, source in media_files.items()}

        def use(source: str, alt: str, version: Version, written: str) -> str:
            private = self.private_photo(current, version)
            key = photo_id(source, alt, private)
            if key not in photos:
                line = self.line_in(version.source, written)
                photos[key] = PhotoUse(source, alt, version.source, line, private)
            return key

        def from_img(version: Version):
            def replace_img(match: re.Match) -> str:
                attributes = img_attributes(match.group(0))
                media_token = MEDIA_TOKEN.fullmatch(attributes.get("src", ""))
                if not media_token or not is_photo(sources[media_token.group(1)]):
                    return match.group(0)
                source = sources[media_token.group(1)]
                alt = html.unescape(attributes.get("alt", "")).strip()
                written = source.rsplit("/", 1)[-1]
                if not alt:
                    self.report(
                        version.source,
                        self.line_in(version.source, written),
                        f"shows '{written}' without alt text; write what the picture shows "
                        f"between the brackets: ![a fraction wall made of paper strips]({written})",
                    )
                    return ""
                return token("photo", use(source, alt, version, written))

            return replace_img

        def from_link(version: Version):
            def replace_link(match: re.Match) -> str:
                source = sources[match.group(1)]
                if not is_photo(source):
                    return match.group(0)
                written = source.rsplit("/", 1)[-1]
                return token("photo-link", use(source, "", version, written))

            return replace_link

        current = None
        for key, item in items.items():
            versions = {}
            current = item
            for lang, version in item.versions.items():
                body = IMG_TAG.sub(from_img(version), version.body)
                body = MEDIA_TOKEN.sub(from_link(version), body)
                cover = None
                if version.image:
                    media_token = MEDIA_TOKEN.fullmatch(version.image)
                    if media_token and is_photo(sources[media_token.group(1)]):
                        source = sources[media_token.group(1)]
                        cover = token("cover", use(source, version.image_alt, version, "Image:"))
                    elif media_token:
                        self.report(
                            version.source,
                            self.line_in(version.source, "Image:"),
                            "has an Image that is not a photo; use a JPEG, PNG, WebP or GIF",
                        )
                versions[lang] = changed(version, body=body, image=cover)
            items[key] = changed(item, versions=versions)
        for published in [p for p, source in media_files.items() if is_photo(source)]:
            del media_files[published]
        return dict(sorted(photos.items()))

    def private_photo(self, item: Item, version: Version) -> bool:
        """A portfolio photo stays on its family's page, unless public with consent."""
        if item.kind != "entry":
            return False
        if item.visibility != "public":
            return True
        student = self.students[f"{item.class_id}/{item.student}"]
        if student.photo_consent:
            return False
        self.report(
            version.source,
            self.line_in(version.source, "Visibility:") or 1,
            f"is public and has a photo, but {student.source} has no photo_consent: true; "
            "remove the photo, make the entry family-only, or record the family's consent",
        )
        return True

    def owner_of(self, target: str) -> str | None:
        """The student a file belongs to (`class/student`): any file in their portfolio folder."""
        parts = target.split("/")
        classes = self.config.classes_path.strip("/").split("/")
        rest = parts[len(classes) :]
        if parts[: len(classes)] == classes and len(rest) > 3 and rest[1] == "portfolio":
            return f"{rest[0]}/{rest[2]}"
        return None

    def owns(self, user: Item, target: str, source: str, name: str) -> bool:
        """Whether `user` may use the file `target`: a file in a student's portfolio folder is
        that student's alone, whatever uses it (a post, a page, another child's entry)."""
        owner = self.owner_of(target)
        if owner is None or (user.kind == "entry" and f"{user.class_id}/{user.student}" == owner):
            return True
        self.report(
            source,
            self.line_in(source, name),
            f"uses '{name}' from the portfolio of {owner}; a file in a student's portfolio "
            "folder belongs to that student and only their own entries may use it (a class "
            "photo goes in the class's news/ or events/ folder, with the families' consent)",
        )
        return False

    def attachment(self, source: str, target: str, path: Path) -> str:
        """A file a portfolio entry links (a PDF, a recording): inlined into the student's
        page (encrypted with it), never a file of the site."""
        if path.suffix.lower() not in ATTACHMENT_SUFFIXES:
            known = ", ".join(sorted(s.lstrip(".") for s in ATTACHMENT_SUFFIXES))
            self.report(
                source,
                self.line_in(source, path.name),
                f"links to '{path.name}', a kind of file Homeroom does not attach; use a "
                f"photo or one of: {known}",
            )
            return "#"
        status = path.stat()
        size, limit = status.st_size, self.config.attachment_max_bytes
        if size > limit:
            self.report(
                source,
                self.line_in(source, path.name),
                f"attaches '{path.name}' of {size / 1e6:.1f} MB, more than the limit of "
                f"{limit / 1e6:.1f} MB (HOMEROOM_ATTACHMENT_MAX_BYTES): it travels inside the "
                "family's page; make it smaller (a PDF export at a lower quality, a shorter "
                "recording)",
            )
            return "#"
        self.attachments[target] = (size, status.st_mtime_ns)
        return token("attachment", quote(target))

    def resolve_links(self, items: dict[str, Item], read) -> dict[str, str]:
        """Turn file links into item and media tokens; report links to missing files."""
        by_source = {
            version.source: item for item in items.values() for version in item.versions.values()
        }
        written = {record.parsed.path: dict(record.refs) for record in read}
        media_files: dict[str, str] = {}

        def resolver(source: str):
            def resolve(target: str) -> str:
                if target in by_source and by_source[target].kind == "entry":
                    self.report(
                        source,
                        self.line_in(source, target.rsplit("/", 1)[-1]),
                        "links to a portfolio entry; portfolios are never linked from other "
                        "pages (share the family's own address with the family instead)",
                    )
                    return "#"
                if target in by_source:
                    return token("item", by_source[target].key)
                path = self.root / target
                if path.exists() and not self.readable(path):
                    return "#"
                if target.endswith(tuple(MARKDOWN_SUFFIXES)) or not path.is_file():
                    as_written = written.get(source, {}).get(target, target)
                    draft = " (or is a draft)" if path.is_file() else ""
                    self.report(
                        source,
                        self.line_in(source, as_written),
                        f"links to '{as_written}', which does not exist{draft}; "
                        "check the file name, relative to this file",
                    )
                    return "#"
                user = by_source[source]
                if not self.owns(user, target, source, path.name):
                    return "#"
                if user.kind == "entry" and user.visibility != "public" and not is_photo(target):
                    return self.attachment(source, target, path)
                if not is_media(target):
                    self.report(
                        source,
                        self.line_in(source, path.name),
                        f"links to '{path.name}', a kind of file Homeroom does not publish; "
                        "use a photo (JPEG, PNG, WebP, GIF) or a PDF",
                    )
                    return "#"
                published = media(target)
                media_files[published] = target
                return token("media", published)

            return resolve

        for key, item in items.items():
            versions = {}
            for lang, version in item.versions.items():
                resolve = resolver(version.source)
                versions[lang] = changed(
                    version,
                    body=resolve_refs(version.body, resolve),
                    image=resolve_refs(version.image, resolve) if version.image else None,
                )
            items[key] = changed(item, versions=versions)
        for record in read:
            for target, as_written in record.refs:
                if target is None:
                    self.report(
                        record.parsed.path,
                        self.line_in(record.parsed.path, as_written),
                        f"links to '{as_written}', which is outside the content folder",
                    )
        return dict(sorted(media_files.items()))


MEDIA_TOKEN = re.compile(r"\{hr-media:([^}]*)\}")


def changed(record, **values):
    """`record` with these values, or `record` itself when it has them all already: most
    files have no links or photos, and a copy of every version costs a tenth of a second."""
    if all(getattr(record, name) == value for name, value in values.items()):
        return record
    return replace(record, **values)


def photo_id(source: str, alt: str, private: bool) -> str:
    return hashlib.sha1(f"{source}\0{alt}\0{private}".encode()).hexdigest()[:16]


def load_school(config: Config) -> School:
    """Read the content folder once into a School; problems are in school.problems."""
    return SchoolLoader(config).load()
