"""Translations grouped into items: same kind, class, student and slug; one version per language.

An item's original is the first of its languages in the order its class offers them; an event's
translations share the original's time.
"""

from dataclasses import replace

from .discover import Discovered
from .model import Item, Version
from .problems import Problem
from .versions import Read


def group(
    records: list[Read], found: Discovered, kept: dict | None = None
) -> tuple[dict[str, Item], list[Problem]]:
    """Every item by its key, in the order files were found, and the problems grouping met.

    `kept` (the preview's, incremental.LoadMemo.groups: key -> (versions, outcome)) gives
    versions that are the very same objects last build's item; it is left holding this
    build's."""
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
        if known is not None and same(known[0], versions):
            item, item_problems = known[1]
        else:
            item, item_problems = make_item(key, versions, found)
        now[key] = (tuple(versions.items()), (item, item_problems))
        problems += item_problems
        if item is not None:
            items[item.key] = item
    if kept is not None:
        kept.clear()
        kept.update(now)
    return items, problems


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
