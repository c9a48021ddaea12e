"""What the preview's load keeps between rebuilds, and when each part of it may be reused.

A save in the preview changes one file or a few. The watcher says which paths were touched
(`ReadingMemory.touched`); with that, the load redoes only what those files feed:

- **discover** is kept when every touched path is a Markdown file it found (still a plain file)
  or a path it never looks at (a photo, a PDF): no file, folder, class or student came or went;
- **parse** reads only the touched files, and a file whose bytes did not change keeps its
  ParsedFile (parsing.py);
- **read** and **group** keep a file's Read, and an item, made from the very same objects;
- **link** (links to tokens, photos) keeps an item's result while the site's pages (what
  links resolve to) are the same and no other file (a photo, a PDF) was touched.

Everything is reset whenever discovery runs again or the settings differ, so a kept result is
always made from the same inputs as a fresh one; tests/test_incremental.py compares the
preview with a full build after each of a teacher's edits.
"""

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from homeroom_school.model import Item, PhotoUse
from homeroom_school.problems import Problem
from homeroom_school.reading.addresses import place_addresses
from homeroom_school.reading.discover import MARKDOWN_SUFFIXES, ContentFolder, Discovered
from homeroom_school.reading.grouping import KeptGroup, failed_files, make_item
from homeroom_school.reading.parsing import file_digest
from homeroom_school.reading.photos_in_content import ItemPhotos
from homeroom_school.reading.resolving import Resolved
from homeroom_school.reading.versions import KeptRead, ReadFiles, read_one
from homeroom_school.settings import Config

# What discovery reads besides folders and Markdown files.
DESCRIBING = {".yml", ".yaml"}


def identity(item: Item) -> tuple:
    """What other files' links to `item` resolve through: its page's address in each of its
    languages, its kind and owner, its files."""
    return (
        item.kind,
        item.class_id,
        item.student,
        item.slug,
        item.visibility,
        item.original_lang,
        tuple((lang, version.source, version.draft) for lang, version in item.versions.items()),
    )


class ParseJobs(NamedTuple):
    """The parsing jobs of what discovery found, and where each source is among them."""

    found: Discovered
    jobs: list  # (path, path relative to content/, size limit) per source
    position: dict[str, int]  # path relative to content/ -> its index in jobs


class LinkedItem(NamedTuple):
    """One item as linking left it: its links as tokens, then its photos (loading.link_item)."""

    item: Item  # as grouped: the one it was made from
    resolved: Resolved
    shown: ItemPhotos  # shown.item: the item with its links and photos as tokens


class LinkPages(NamedTuple):
    """The pages links resolved to (resolving.Linking), when that build had to find them."""

    addresses: dict
    by_source: dict


class LinksThrough(NamedTuple):
    """What else links resolve through besides the items: places and unreadable files."""

    places: object  # addresses.place_addresses
    failed: frozenset  # grouping.failed_files' paths


class Grouped(NamedTuple):
    """The items as last build grouped them, and what grouping had to say."""

    items: dict[str, Item]
    problems: list[Problem]


class LinkTotals(NamedTuple):
    """What last build's linking gave, over all items (loading.Linked)."""

    items: dict[str, Item]
    media: dict[str, str]
    attachments: dict[str, tuple]
    photos: dict[str, PhotoUse]
    problems: list[Problem]
    records: int  # how many files were read: a file left out of every item changes it


@dataclass(eq=False)
class LoadMemo:
    """The preview's load, kept for the next rebuild (`ReadingMemory.load`). Every method is
    a lookup that may miss or a store; `NoLoadMemo`, a full build's, always misses."""

    config: Config | None = None  # the settings it was made with
    root: Path | None = None  # content/
    found: Discovered | None = None
    sources: dict = field(default_factory=dict)  # Markdown files found: absolute -> relative
    folders: frozenset = frozenset()  # absolute paths of the folders those are in, and above
    reads: dict[str, KeptRead] = field(default_factory=dict)  # by path
    groups: dict[tuple, KeptGroup] = field(default_factory=dict)  # by item key
    linked: dict[str, LinkedItem] = field(default_factory=dict)  # item key -> as last linked
    identities: dict = field(default_factory=dict)  # item key -> identity(), as last linked
    links_kept: bool = False  # whether this build's links resolve as the last build's did
    link_files: frozenset = frozenset()  # absolute paths of the files links looked for
    pages: LinkPages | None = None  # the pages links resolved to, when that build found them
    resolved_through: LinksThrough | None = None
    # class id -> addresses.ClassPlaces: a class whose items are the same keeps its places
    class_places: dict = field(default_factory=dict)
    jobs: ParseJobs | None = None
    read: ReadFiles | None = None  # as last build read it
    record_at: dict = field(default_factory=dict)  # relative path -> its index in read.records
    grouped: Grouped | None = None
    link_totals: LinkTotals | None = None

    def start(self, config, touched: set[str] | None) -> None:
        """A build starts: forget everything if the settings differ, and what discovery
        found if a touched path may change what it finds."""
        if config != self.config or not self.keeps_discovery(touched):
            self.reset()
            self.config = config

    def reset(self) -> None:
        self.found, self.sources, self.folders = None, {}, frozenset()
        self.reads, self.groups, self.linked, self.identities = {}, {}, {}, {}
        self.link_files, self.pages, self.jobs = frozenset(), None, None
        self.resolved_through, self.class_places = None, {}
        self.read, self.record_at, self.grouped, self.link_totals = None, {}, None, None

    def keeps_discovery(self, touched: set[str] | None) -> bool:
        """Whether discovery would find what it found last time, the touched paths being
        the only ones that changed."""
        if touched is None:
            return False
        for path in touched:
            if path in self.sources:
                # still a plain file: a symlink put in its place is checked again
                if os.path.islink(path) or not os.path.isfile(path):
                    return False
                continue
            suffix = os.path.splitext(path)[1].lower()
            if suffix in MARKDOWN_SUFFIXES or suffix in DESCRIBING:
                return False
            if path in self.folders or os.path.isdir(path):
                return False
        return True

    def discovered(self, found: Discovered, root) -> None:
        """Discovery ran: remember what it found; nothing made from the last one is kept."""
        config = self.config
        self.reset()
        self.config, self.found, self.root = config, found, root
        self.sources = {
            os.path.abspath(source.path): source.path.relative_to(self.root).as_posix()
            for source in found.sources
        }
        folders = set()
        for path in self.sources:
            parent = os.path.dirname(path)
            while parent not in folders and parent != os.path.dirname(parent):
                folders.add(parent)
                parent = os.path.dirname(parent)
        self.folders = frozenset(folders)

    def keeps_links(self, items: dict[str, Item], touched: set[str] | None, through: tuple) -> bool:
        """Whether last build's links still resolve as they did: the same pages (keys and
        identities, and the same other pages and unreadable files, `through`), and none of the
        other files links looked for (a photo, a PDF, a file that was missing) touched."""
        if touched is None or any(path in self.link_files for path in touched):
            return False
        if through != self.resolved_through:
            return False
        if items.keys() != self.identities.keys():
            return False
        linked = self.linked
        for key, item in items.items():
            known = linked.get(key)
            if known is not None and known.item is item:
                continue  # the very same item: the same identity
            if identity(item) != self.identities[key]:
                return False
        return True

    def reread(self, found, parsed: list, saved: set[str] | None, config):
        """The read step redone for the saved files only, on last build's (ReadFiles, and
        [(record before, record now)] for the files whose record changed); None when it must
        run whole: no last build, or a file saved whose record came or went."""
        read, kept = self.read, self.reads
        if saved is None or read is None or self.found is not found:
            return None
        positions = self.jobs.position
        records, lines, by_path = list(read.records), dict(read.lines), dict(read.by_path)
        scheduled = dict(read.scheduled)  # the preview keeps a scheduled file in records too
        changes, changed_paths, problems = [], set(), []
        for rel in saved:
            index = positions.get(rel)
            if index is None:
                continue
            source, result = found.sources[index], parsed[index]
            known = kept.get(source.path)
            if known is not None and known.parsed is result:
                continue  # saved with the same bytes
            if known is None:
                return None
            outcome = read_one(source, result, found, config)
            before, record = known.outcome.record, outcome.record
            if (before is None) != (record is None):
                return None  # a file that now publishes, or no longer does: read it all
            kept[source.path] = KeptRead(result, outcome)
            changed_paths.add(rel)
            scheduled.pop(rel, None)
            if record is not None and record.version.scheduled is not None:
                scheduled[rel] = record
            if record is not None:
                records[self.record_at[rel]] = by_path[rel] = record
                changes.append((before, record))
            lines.pop(rel, None)
            if outcome.lines is not None:
                lines[rel] = outcome.lines
            problems += outcome.problems
        if not changed_paths:
            return read, []
        problems = [p for p in read.problems if p.path not in changed_paths] + problems
        return ReadFiles(records, lines, problems, by_path, scheduled), changes

    def remember_read(self, read) -> None:
        """What the read step found this build (read whole, or again for some files)."""
        if read is not self.read:
            self.read = read
            self.record_at = {record.parsed.path: i for i, record in enumerate(read.records)}

    def regroup(self, changes: list, found):
        """Last build's items with the changed files' versions in them, when no file moved
        to another item or language and grouping had nothing to say; else None."""
        if self.grouped is None or self.grouped.problems:
            return None
        items = dict(self.grouped.items)
        for before, record in changes:
            key = group_key(record)
            if key != group_key(before) or record.version.lang != before.version.lang:
                return None
            known = self.groups.get(key)
            if known is None:
                return None
            versions = dict(known.versions)
            versions[record.version.lang] = record.version
            item, problems = make_item(key, versions, found)
            if item is None or problems:
                return None
            self.groups[key] = KeptGroup(tuple(versions.items()), item, problems)
            items[item.key] = item
        return Grouped(items, [])

    def parse_jobs(self, found: Discovered, make: Callable[[], list]) -> list:
        """The parsing jobs of `found`: last build's while discovery finds the same files."""
        if self.jobs is not None and self.jobs.found is found:
            return self.jobs.jobs
        jobs = make()
        self.jobs = ParseJobs(found, jobs, {rel: index for index, (_, rel, _) in enumerate(jobs)})
        return jobs

    def saved(self, touched: set[str] | None) -> set[str] | None:
        """The touched Markdown files, relative to content/; None when unknown."""
        if touched is None:
            return None
        return {self.sources[path] for path in touched if path in self.sources}

    def read_cache(self) -> dict | None:
        """What versions.read_versions keeps per file (path -> (parsed, outcome))."""
        return self.reads

    def group_cache(self) -> dict | None:
        """What grouping.group keeps per item (key -> (versions, outcome))."""
        return self.groups

    def remember_grouped(self, grouped: Grouped) -> None:
        self.grouped = grouped

    def links_stand(self, items, read, folder: ContentFolder, config, touched) -> bool:
        """Whether last build's links still resolve as they did (`keeps_links`), what else
        they resolve through (places, unreadable files) noted for the next build."""
        found = self.found
        places = place_addresses(items, found.classes, found.languages, config, self.class_places)
        through = LinksThrough(places, frozenset(failed_files(found, read, folder)))
        keep = self.keeps_links(items, touched, through)
        self.resolved_through = through
        return keep

    def remember_links(self, items, now: dict, kept: bool, pages, folder: ContentFolder) -> None:
        """What this build's linking made (`now`: item key -> LinkedItem), whether it
        kept last build's links, and the pages it found (None when it needed none)."""
        known = self.identities if kept else {}
        self.identities = {
            key: known[key] if key in known else identity(item) for key, item in items.items()
        }
        self.linked, self.links_kept = now, kept
        if pages is not None:
            self.pages = pages
        elif not kept:
            self.pages = None
        looked = set().union(*(linked.resolved.files for linked in now.values()))
        self.link_files = frozenset(os.path.abspath(folder.root / f) for f in looked)

    def remember_totals(self, totals: LinkTotals) -> None:
        self.link_totals = totals


class NoLoadMemo(LoadMemo):
    """A full build's LoadMemo: every lookup misses, every store is dropped, and nothing is
    computed only to be remembered (no identities, no places)."""

    def start(self, config, touched: set[str] | None) -> None:
        pass

    def discovered(self, found: Discovered, root) -> None:
        pass

    def reread(self, found, parsed: list, saved: set[str] | None, config):
        return None

    def remember_read(self, read) -> None:
        pass

    def parse_jobs(self, found: Discovered, make: Callable[[], list]) -> list:
        return make()

    def read_cache(self) -> dict | None:
        return None  # read_versions keeps nothing

    def group_cache(self) -> dict | None:
        return None  # group keeps nothing

    def remember_grouped(self, grouped: Grouped) -> None:
        pass

    def links_stand(self, items, read, folder: ContentFolder, config, touched) -> bool:
        return False

    def remember_links(self, items, now: dict, kept: bool, pages, folder: ContentFolder) -> None:
        pass

    def remember_totals(self, totals: LinkTotals) -> None:
        pass


def group_key(record) -> tuple:
    """The item a file's version belongs to (grouping.py)."""
    return (record.kind, record.class_id, record.student, record.parsed.slug)


def nothing_changed(reading, touched: set[str]) -> bool:
    """Whether every touched path is a Markdown file of the last build saved again with the
    same bytes (reading: the ReadingMemory): then a build would make exactly what it made."""
    load = reading.load
    if load.found is None or not touched:
        return False
    for path in touched:
        rel = load.sources.get(path)
        known = reading.parsed.get(rel) if rel is not None else None
        if known is None or os.path.islink(path) or not os.path.isfile(path):
            return False
        if known.digest is None or file_digest(path) != known.digest:
            return False
    return True
