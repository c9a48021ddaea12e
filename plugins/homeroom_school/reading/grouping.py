"""Translations grouped into items: same kind, class, student and slug; one version per language.

An item's original is the first of its languages in the order its class offers them; an event's
translations share the original's time. When the original could not be read, its own message
says so: what its translations then lack (a Start) is not said again.
"""

from dataclasses import dataclass, replace
from typing import NamedTuple

from homeroom_school.model import Item, Version
from homeroom_school.problems import ContentError, Problem
from homeroom_school.reading.discover import ContentFolder, Discovered
from homeroom_school.reading.front_matter import parse_name, slugify
from homeroom_school.reading.versions import Read, ReadFiles


class KeptGroup(NamedTuple):
    """The preview's memory of one item's grouping (`LoadMemo.groups`): the versions it was
    made of, and what making it gave."""

    versions: tuple  # ((language, Version), ...)
    item: Item | None
    problems: list[Problem]


def group(
    records: list[Read],
    found: Discovered,
    kept: dict | None = None,
    failed: dict[str, "Unreadable"] | None = None,
) -> tuple[dict[str, Item], list[Problem]]:
    """Every item by its key, in the order files were found, and the problems grouping met
    (none about an item whose original is in `failed`: failed_files).

    `kept` (the preview's, incremental.LoadMemo.groups: key -> KeptGroup) gives
    versions that are the very same objects last build's item; it is left holding this
    build's."""
    lost = originals_lost(failed or {}, found)
    problems: list[Problem] = []
    grouped: dict[tuple, dict[str, Version]] = {}
    for record in records:
        parsed, version = record.parsed, record.version
        key = (record.kind, record.class_id, record.student, parsed.slug)
        versions = grouped.setdefault(key, {})
        if version.lang in versions:
            problems.append(
                Problem(
                    parsed.path,
                    parsed.header.line("slug"),
                    f"has the same slug '{parsed.slug}' and language '{version.lang}' as "
                    f"{versions[version.lang].source}; rename one of them or give it a "
                    "`Slug:` line",
                )
            )
            continue
        versions[version.lang] = version
    items = {}
    now = {}
    for key, versions in grouped.items():
        known = kept.get(key) if kept is not None else None
        if known is not None and same(known.versions, versions):
            item, item_problems = known.item, known.problems
        else:
            item, item_problems = make_item(key, versions, found)
        now[key] = KeptGroup(tuple(versions.items()), item, item_problems)
        if key not in lost or not lost_original(key, versions, lost[key], found):
            problems += item_problems  # else the original's own message says it all
        if item is not None:
            items[item.key] = item
    if kept is not None:
        kept.clear()
        kept.update(now)
    return items, problems


@dataclass(frozen=True)
class Unreadable:
    """A Markdown file that could not be read: the item it was for, as its name says."""

    kind: str
    class_id: str | None
    student: str | None
    slug: str
    lang: str

    @property
    def group(self) -> tuple:
        """Its item's key in `group`: (kind, class, student, slug)."""
        return (self.kind, self.class_id, self.student, self.slug)


def failed_files(
    found: Discovered, read: ReadFiles, folder: ContentFolder
) -> dict[str, Unreadable]:
    """Each Markdown file that could not be read (an error, not a draft left out), by its
    path."""
    wrong = {problem.path for problem in read.problems if not problem.warning}
    wrong = {path for path in wrong if path not in read.by_path and path not in read.scheduled}
    if not wrong:
        return {}
    # only a source of the same name can be one of them: the others' paths are not made
    # relative (a save at L has 11,000 sources, none of them wrong)
    names = {path.rpartition("/")[2] for path in wrong}
    failed = {}
    for source in found.sources:
        if source.path.name not in names:
            continue
        path = folder.relative(source.path)
        if path not in wrong:
            continue
        try:
            name = parse_name(path)
        except ContentError:
            continue
        lang = name["lang"] or found.offered(source.class_id, source.student)[0]
        slug = slugify(name["name"])
        failed[path] = Unreadable(source.kind, source.class_id, source.student, slug, lang)
    return failed


def originals_lost(failed: dict[str, Unreadable], found: Discovered) -> dict[tuple, str]:
    """Group key -> the language, first in its class's order, of the files of that group
    that could not be read."""
    lost: dict[tuple, str] = {}
    for file in failed.values():
        order, key, lang = found.offered(file.class_id, file.student), file.group, file.lang
        if lang in order and (key not in lost or order.index(lang) < order.index(lost[key])):
            lost[key] = lang
    return lost


def lost_original(key: tuple, versions: dict[str, Version], lang: str, found: Discovered) -> bool:
    """Whether the file in `lang` that could not be read would have been the original of
    these versions: the first of them all in the class's order."""
    order = found.offered(key[1], key[2])
    return all(order.index(lang) < order.index(other) for other in versions if other in order)


def same(before: tuple, now: dict) -> bool:
    """Whether {lang: Version} holds what it held last build: the very same objects, in the
    same order (tuples compare their items by identity first: no version is compared)."""
    return before == tuple(now.items())


def make_item(key: tuple, versions: dict[str, Version], found: Discovered):
    """(the Item, or None, and its problems) of one group of translations."""
    kind, class_id, student, slug = key
    problems: list[Problem] = []
    order = found.offered(class_id, student)
    original = next(lang for lang in order if lang in versions)
    ordered = {lang: versions[lang] for lang in order if lang in versions}
    if kind == "event":
        timed, time_problems = share_time(ordered, original)
        problems += time_problems
        if timed is None:
            return None, problems
        ordered = timed
    visibility = None
    if kind == "entry":
        owner = found.students[f"{class_id}/{student}"]
        visibility = ordered[original].visibility or owner.visibility
    return Item(kind, class_id, slug, original, ordered, student, visibility), problems


def share_time(
    versions: dict[str, Version], original: str
) -> tuple[dict[str, Version] | None, list[Problem]]:
    """An event's translations with its original's time: inherited where a translation leaves
    it out, a problem where it differs; None when the original has no Start."""
    first = versions[original]
    if first.when is None:
        return None, [
            Problem(
                first.source,
                1,
                "has no Start; add a line like `Start: 2026-11-05 16:00` (or a date alone "
                "for an all-day event)",
            )
        ]
    timed: dict[str, Version] = {}
    problems: list[Problem] = []
    for lang, version in versions.items():
        if version.when is None:
            version = replace(version, when=first.when, date=first.when.start)
        elif version.when != first.when:
            problems.append(
                Problem(
                    version.source,
                    None,
                    f"has another Start or End than {first.source}; a translation keeps the "
                    "original's time (or leave Start and End out of it)",
                )
            )
        if lang != original and version.signups is not None:
            problems.append(
                Problem(
                    version.source,
                    None,
                    f"has sign-up lines, but it is a translation of {first.source}; Slots, "
                    "Pause, Booked, Interpreters and Helpers are read from the original only: "
                    "remove them here",
                )
            )
        timed[lang] = replace(version, signups=first.signups)
    return timed, problems
