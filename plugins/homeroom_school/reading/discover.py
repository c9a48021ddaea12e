"""Which files the build reads: the classes, their students, and the Markdown files they hold.

class.yml says which languages a class writes in and student.yml which students it has, so
both are read here: they decide which Markdown files belong to the school. Every path read is
inside content/ once symlinks are followed, and has a name of at most MAX_NAME characters.
"""

import os
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from homeroom_school.languages import is_known
from homeroom_school.model import SchoolClass, Student
from homeroom_school.problems import ContentError, Problem
from homeroom_school.reading.classes import read_class
from homeroom_school.reading.files import Contained
from homeroom_school.reading.front_matter import MAX_NAME
from homeroom_school.reading.parsing import unreadable
from homeroom_school.reading.students import read_student
from homeroom_school.settings import Config
from homeroom_school.starting.first_steps import NEW_CLASS

MARKDOWN_SUFFIXES = {".md", ".markdown"}


class ContentFolder:
    """content/ and the test every path read from it must pass."""

    def __init__(self, root: Path):
        self.root = root
        self.contained = Contained(root)

    def relative(self, path: Path) -> str:
        """`path` as messages name it: relative to content/, with '/'."""
        return path.relative_to(self.root).as_posix()

    def readable(self, path: Path, problems: list[Problem]) -> bool:
        """Whether the build may read `path`: inside content/ once symlinks are followed, and
        with a name of at most MAX_NAME characters. Adds to `problems` why not."""
        if not self.contained.holds(path):
            problems.append(Problem(self.relative(path), None, self.contained.why_not()))
            return False
        return self.readable_name(path, problems)

    def readable_name(self, path: Path, problems: list[Problem]) -> bool:
        """Whether `path`'s name is short enough to read (MAX_NAME); adds to `problems` why not."""
        if len(path.name) > MAX_NAME:
            problems.append(
                Problem(
                    self.relative(path),
                    None,
                    f"has a name of {len(path.name)} characters, more than {MAX_NAME}; shorten it",
                )
            )
            return False
        return True


class Remembered:
    """Reads of class.yml and student.yml kept in the preview's cache between rebuilds (reading
    YAML is slow, and they are rarely edited); after `forget_the_rest`, only this build's."""

    def __init__(self, cache: dict | None):
        self.cache = cache
        self.used: set = set()

    def __call__(self, function, *args):
        """function(*args), or what it returned for the same arguments in an earlier rebuild."""
        if self.cache is None:
            return function(*args)
        key = (function.__name__, *args)  # the file's bytes are in args: an edit is a new key
        self.used.add(key)
        if key not in self.cache:
            self.cache[key] = function(*args)
        return self.cache[key]

    def forget_the_rest(self) -> None:
        """Drop what this build did not read: old versions, deleted classes and students."""
        if self.cache is not None:
            for key in self.cache.keys() - self.used:
                del self.cache[key]


class Source(NamedTuple):
    """A Markdown file to read, and what it is: news, event, note, entry or page."""

    kind: str
    class_id: str | None
    student: str | None
    path: Path


@dataclass(frozen=True)
class Discovered:
    """What the school is made of, before any Markdown file is read."""

    classes: dict[str, SchoolClass]
    languages: list[str]  # DEFAULT_LANG first, then each class's, in order
    students: dict[str, Student]  # by `class/student`
    sources: list[Source]
    problems: list[Problem]

    def offered(self, class_id: str | None, student: str | None) -> tuple[str, ...]:
        """The languages a file may be in: its class's (and its family's), or the site's."""
        if class_id is None:
            return tuple(self.languages)
        offered = self.classes[class_id].languages
        if student:
            family = self.students[f"{class_id}/{student}"].family_languages
            offered += tuple(lang for lang in family if lang not in offered)
        return offered


def discover(config: Config, folder: ContentFolder, yaml_cache: dict | None) -> Discovered:
    """Classes first (they say which languages exist), then students, then Markdown files."""
    remembered = Remembered(yaml_cache)
    classes, class_problems = read_classes(config, folder, remembered)
    languages, language_problems = site_languages(config.default_lang, classes)
    students, student_problems = read_students(config, folder, classes, remembered)
    remembered.forget_the_rest()
    sources, source_problems = markdown_sources(config, folder, classes, students)
    problems = class_problems + language_problems + student_problems + source_problems
    return Discovered(classes, languages, students, sources, problems)


def described_folders(
    parent: Path, name: str, folder: ContentFolder, problems: list, without: str | None
):
    """(folder, its `name` file) for each folder in `parent` that has one, both readable; a
    folder without it is a problem (`without`; None: a class folder, and the command that
    writes its class.yml). Hidden folders are editors' own."""
    for sub in sorted(p for p in parent.iterdir() if p.is_dir()):
        if sub.name.startswith(".") or not folder.readable(sub, problems):
            continue
        described = sub / name
        if described.exists() and not folder.readable(described, problems):
            continue
        if not described.is_file():
            problems.append(Problem(folder.relative(sub), None, without or no_class_yml(sub.name)))
            continue
        yield sub, described


def no_class_yml(class_id: str) -> str:
    """The problem of a class folder without its class.yml, and the command that writes one."""
    return (
        f"is a class folder without class.yml; `invoke new class {class_id}` writes one (name, "
        "teachers, languages, contact, goals), or move the folder out of classes/"
    )


def read_classes(
    config: Config, folder: ContentFolder, remembered: Remembered
) -> tuple[dict[str, SchoolClass], list[Problem]]:
    """Every classes/<class>/class.yml; a class folder without one is a problem."""
    classes: dict[str, SchoolClass] = {}
    problems: list[Problem] = []
    classes_dir = folder.root / config.classes_path
    if not classes_dir.is_dir():
        what = "is a file" if classes_dir.exists() else "is missing"
        missing = f"{what}: Homeroom needs a folder classes/ with one folder per class; {NEW_CLASS}"
        return classes, [Problem(config.classes_path, None, missing)]
    if not folder.readable(classes_dir, problems):
        return classes, problems
    for class_dir, yml in described_folders(classes_dir, "class.yml", folder, problems, None):
        try:
            classes[class_dir.name] = remembered(
                read_class, class_dir.name, yml.read_bytes(), folder.relative(yml)
            )
            problems += classes[class_dir.name].warnings  # said, never failed
        except ContentError as error:
            problems.append(error.problem)
        except Exception as error:  # one file's mistake never stops the build
            problems.append(unreadable(folder.relative(yml), error))
    if not classes and not problems:
        problems.append(Problem(config.classes_path, None, f"has no class yet: {NEW_CLASS}"))
    return classes, problems


def site_languages(
    default: str, classes: dict[str, SchoolClass]
) -> tuple[list[str], list[Problem]]:
    """Every class's languages, DEFAULT_LANG first, then as the classes list them."""
    languages = [default]
    for school_class in classes.values():
        languages += [lang for lang in school_class.languages if lang not in languages]
    if not is_known(default):
        return languages, [
            Problem("pelicanconf.py", None, f"DEFAULT_LANG '{default}' is not a language code")
        ]
    if classes and not any(default in c.languages for c in classes.values()):
        return languages, [
            Problem(
                "pelicanconf.py",
                None,
                f"DEFAULT_LANG '{default}' is not a language of any class; set it to one of "
                f"{', '.join(languages[1:])}",
            )
        ]
    return languages, []


def read_students(
    config: Config,
    folder: ContentFolder,
    classes: dict[str, SchoolClass],
    remembered: Remembered,
) -> tuple[dict[str, Student], list[Problem]]:
    """Every portfolio/<student>/student.yml; a student folder without one is a problem."""
    students: dict[str, Student] = {}
    problems: list[Problem] = []
    for class_id in classes:
        portfolio = folder.root / config.classes_path / class_id / "portfolio"
        if not portfolio.is_dir() or not folder.readable(portfolio, problems):
            continue
        without = (
            "is a student folder without student.yml; add one with the child's display name, "
            "family_languages, photo_consent and visibility"
        )
        for student_dir, yml in described_folders(
            portfolio, "student.yml", folder, problems, without
        ):
            try:
                student = remembered(
                    read_student,
                    class_id,
                    student_dir.name,
                    yml.read_bytes(),
                    folder.relative(yml),
                    classes[class_id].languages[0],
                )
            except ContentError as error:
                problems.append(error.problem)
                continue
            except Exception as error:  # one file never stops the build
                problems.append(unreadable(folder.relative(yml), error))
                continue
            students[student.key] = student
    return students, problems


def markdown_files(folder: Path, content: ContentFolder, problems: list[Problem]) -> list[Path]:
    """The Markdown files directly in a folder, by name, that the build may read; hidden files
    are editors' own. A file that is no symlink, in a folder that resolves inside content/, is
    inside too: only the folder and symlinks are followed to be sure (one `realpath` a folder,
    not one a file)."""
    if not folder.is_dir() or not content.readable(folder, problems):
        return []
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            suffix = os.path.splitext(entry.name)[1]
            if suffix not in MARKDOWN_SUFFIXES or entry.name.startswith("."):
                continue
            path = folder / entry.name
            if entry.is_symlink():
                if content.readable(path, problems) and path.is_file():
                    found.append(path)
            elif entry.is_file() and content.readable_name(path, problems):
                found.append(path)
    return sorted(found)


def not_a_folder(path: Path, content: ContentFolder, problems: list[Problem]) -> None:
    """A file where Homeroom reads a folder (news, events, newsletter, pages) is a problem:
    nothing in it would ever be published, and no word said."""
    if path.exists() and not path.is_dir():
        problems.append(
            Problem(
                content.relative(path),
                None,
                f"is a file where Homeroom reads a folder of Markdown files; rename it and make "
                f"a folder {path.name}/ for them",
            )
        )


def markdown_sources(
    config: Config,
    folder: ContentFolder,
    classes: dict[str, SchoolClass],
    students: dict[str, Student],
) -> tuple[list[Source], list[Problem]]:
    """Every Markdown file Homeroom may read and publish: each class's news, events and
    newsletter notes, each student's entries, the school's pages."""
    found: list[Source] = []
    problems: list[Problem] = []
    classes_dir = folder.root / config.classes_path
    for class_id in classes:
        for path in markdown_files(classes_dir / class_id, folder, problems):
            problems.append(
                Problem(
                    folder.relative(path),
                    None,
                    "is not in a folder Homeroom reads; move it into news/ (a post), "
                    "events/ (an event) or newsletter/ (a note for a month's newsletter)",
                )
            )
        for kind, subfolder in (("news", "news"), ("event", "events"), ("note", "newsletter")):
            not_a_folder(classes_dir / class_id / subfolder, folder, problems)
            for path in markdown_files(classes_dir / class_id / subfolder, folder, problems):
                found.append(Source(kind, class_id, None, path))
    for student in students.values():
        entries = classes_dir / student.class_id / "portfolio" / student.id
        for path in markdown_files(entries, folder, problems):
            found.append(Source("entry", student.class_id, student.id, path))
    not_a_folder(folder.root / config.pages_path, folder, problems)
    for path in markdown_files(folder.root / config.pages_path, folder, problems):
        found.append(Source("page", None, None, path))
    return found, problems
