"""Build the School from content/: every file read once, then grouped, then linked.

The pipeline reads top to bottom, each step a function of what the steps before it made,
returning its data and its problems: discover which files there are (discover.py), parse every
Markdown file (parsing.py), read each into a Version (versions.py), group translations into
items (grouping.py), resolve links between files (resolving.py) and photos
(photos_in_content.py), and assemble the School. All data is gathered before anything is
written, so that every page sees the same school. Every mistake becomes a Problem; the rest of
the school is still built.
"""

from homeroom_school.features.signups import check_codes
from homeroom_school.links import is_clip, is_photo
from homeroom_school.model import Item, PhotoUse, School, newest_first, soonest_first
from homeroom_school.problems import Problem
from homeroom_school.reading.discover import ContentFolder, Discovered, discover
from homeroom_school.reading.grouping import failed_files, group
from homeroom_school.reading.incremental import (
    Grouped,
    LinkedItem,
    LinkPages,
    LinkTotals,
    LoadMemo,
)
from homeroom_school.reading.parsing import parse_and_then
from homeroom_school.reading.photos_in_content import item_photos
from homeroom_school.reading.resolving import (
    Linking,
    SourceLines,
    linking,
    outside_links,
    resolve_item,
)
from homeroom_school.reading.versions import ReadAhead, ReadFiles, read_versions
from homeroom_school.settings import Config

__all__ = ["load_school"]


def load_school(config: Config) -> School:
    """Read the content folder once into a School; problems are in school.problems. The same
    pipeline in a full build and in the preview: there, `config.reading` remembers the last
    build's steps, and each step takes what still stands (incremental.py)."""
    reading = config.reading
    parsed_cache, yaml_cache = reading.caches()
    memo, touched = reading.load, reading.touched
    folder = ContentFolder(config.content_path)
    memo.start(config, touched)
    if memo.found is not None:
        found = memo.found  # no file or folder came or went: the same school's files
        yaml_cache.used |= yaml_cache.keys()
    else:
        found = discover(config, folder, yaml_cache)
        memo.discovered(found, folder.root)
    jobs = memo.parse_jobs(found, lambda: parse_jobs(found, folder, config))
    saved = memo.saved(touched)
    # each file is read by the worker that parsed it, where workers are forked (parsing.py)
    parsed, ahead = parse_and_then(
        jobs, config.workers, parsed_cache, saved, ReadAhead(found, config)
    )
    read, items, grouping_problems = read_and_group(found, parsed, saved, config, memo, ahead)
    lines = SourceLines(folder.root, read.lines)
    link = Linked(items, read, folder, lines, config, found, memo, touched)
    problems = found.problems + read.problems + grouping_problems + link.problems
    problems += check_codes(link.items, config.today)  # sign-up codes unique site-wide
    return assemble(config, found, link, problems, read)


class Linked:
    """Every item with its links and photos as tokens (resolving.py, photos_in_content.py),
    the files they name, and the problems met; in the preview, an item whose links resolve
    as they did last build keeps last build's result (incremental.LoadMemo.keeps_links)."""

    def __init__(
        self,
        items: dict[str, Item],
        read: ReadFiles,
        folder: ContentFolder,
        lines: SourceLines,
        config: Config,
        found: Discovered,
        memo: LoadMemo,
        touched: set[str] | None,
    ):
        keep = memo.links_stand(items, read, folder, config, touched)
        if keep and self.patched(items, read, folder, lines, config, found, memo):
            return
        kept = memo.linked if keep else {}
        self.items: dict[str, Item] = {}
        self.problems: list[Problem] = []
        media: dict[str, str] = {}
        attachments: dict[str, tuple] = {}
        photos: dict[str, PhotoUse] = {}
        link: Linking | None = None
        now = {}
        for key, item in items.items():
            linked = kept.get(key)
            if linked is None or linked.item is not item:
                if link is None:
                    pages = memo.pages if keep else None
                    link = linking(items, read, folder, lines, config, found, pages)
                linked = link_item(item, link, found, lines)
            now[key] = linked
            resolved, shown = linked.resolved, linked.shown
            self.items[key] = shown.item
            media.update(resolved.media)
            attachments.update(resolved.attachments)
            for photo, use in shown.uses:
                photos.setdefault(photo, use)
            self.problems += resolved.problems + shown.problems
        if sum(len(item.versions) for item in items.values()) != len(read.records):
            # a file left out of every item (grouping said why): its links outside still count
            in_items = {v.source for item in items.values() for v in item.versions.values()}
            for record in read.records:
                if record.parsed.path not in in_items:
                    self.problems += outside_links(record, lines)
        pages = LinkPages(link.addresses, link.by_source) if link is not None else None
        memo.remember_links(items, now, keep, pages, folder)
        self.photos = dict(sorted(photos.items()))
        # what is not a photo is copied as it is (a PDF); photos are published as derivatives
        self.media = {path: s for path, s in sorted(media.items()) if not is_photo(s)}
        self.attachments = dict(sorted(attachments.items()))
        memo.remember_totals(self.totals(read))

    def totals(self, read: ReadFiles) -> LinkTotals:
        return LinkTotals(
            self.items, self.media, self.attachments, self.photos, self.problems, len(read.records)
        )

    def patched(self, items, read, folder, lines, config, found, memo: LoadMemo) -> bool:
        """The preview, when links resolve as last build (`keep`): link again only the items
        made anew, on last build's totals; False (nothing taken) when what they name (media,
        attachments, photos, files looked for) changed, or a file is left out of every item."""
        totals = memo.link_totals
        if totals is None or totals.records != len(read.records):
            return False
        if sum(len(item.versions) for item in items.values()) != len(read.records):
            return False
        before = memo.linked
        changed = [(key, item) for key, item in items.items() if before[key].item is not item]
        link = linking(items, read, folder, lines, config, found, memo.pages)
        now, old_problems, new_problems = dict(before), set(), []
        same_names = True
        for key, item in changed:
            now[key] = linked = link_item(item, link, found, lines)
            resolved, shown = linked.resolved, linked.shown
            old_resolved, old_shown = before[key].resolved, before[key].shown
            same_names = same_names and (
                resolved.media == old_resolved.media
                and resolved.attachments == old_resolved.attachments
                and resolved.files == old_resolved.files
                and shown.uses == old_shown.uses
            )
            old_problems |= {id(p) for p in old_resolved.problems + old_shown.problems}
            new_problems += resolved.problems + shown.problems
        memo.linked = now  # a full linking after this reuses what was just made
        if not same_names:
            return False
        self.media, self.attachments, self.photos = totals.media, totals.attachments, totals.photos
        self.items = dict(totals.items)
        for key, _ in changed:
            self.items[key] = now[key].shown.item
        self.problems = [p for p in totals.problems if id(p) not in old_problems] + new_problems
        memo.links_kept = True
        memo.remember_totals(self.totals(read))
        return True


def link_item(item: Item, link: Linking, found: Discovered, lines: SourceLines) -> LinkedItem:
    """One item's links, then its photos, as tokens."""
    resolved = resolve_item(item, link)
    shown = item_photos(resolved.item, resolved.media, found.students, found.classes, lines)
    return LinkedItem(item, resolved, shown)


def read_and_group(found, parsed, saved, config, memo: LoadMemo, ahead=None) -> tuple:
    """(ReadFiles, items, grouping's problems): in the preview, for the saved files only when
    nothing else can have changed (incremental.LoadMemo.reread, regroup). `ahead`: the files
    the parse workers read already (index -> versions.FileRead)."""
    again = memo.reread(found, parsed, saved, config)
    if again is not None:
        read, changes = again
        memo.remember_read(read)
        grouped = memo.regroup(changes, found)
        if grouped is not None:
            memo.remember_grouped(grouped)
            return read, *grouped
    else:
        read = read_versions(found, parsed, config, memo.read_cache(), ahead)
        memo.remember_read(read)
    failed = failed_files(found, read, ContentFolder(config.content_path))
    grouped = Grouped(*group(read.records, found, memo.group_cache(), failed))
    memo.remember_grouped(grouped)
    return read, *grouped


def parse_jobs(found: Discovered, folder: ContentFolder, config: Config) -> list:
    """Each source as a parsing job: (path, path relative to content/, size limit)."""
    return [
        (str(source.path), folder.relative(source.path), config.markdown_max_bytes)
        for source in found.sources
    ]


def assemble(
    config: Config, found: Discovered, link: Linked, problems: list[Problem], read: ReadFiles
) -> School:
    """The School: items sorted into each class's news, events and notes, each student's
    entries and the school's pages; problems by file, line and message; what is scheduled."""
    classes, items = found.classes, link.items
    news: dict[str, list[Item]] = {class_id: [] for class_id in classes}
    events: dict[str, list[Item]] = {class_id: [] for class_id in classes}
    entries: dict[str, list[Item]] = {key: [] for key in found.students}
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
    return School(
        name=config.site_name,
        default_lang=config.default_lang,
        languages=found.languages,
        classes=classes,
        news={class_id: newest_first(posts) for class_id, posts in news.items()},
        events={class_id: soonest_first(dated) for class_id, dated in events.items()},
        pages=sorted(pages, key=lambda page: page.slug),
        media={path: source for path, source in link.media.items() if not is_clip(source)},
        photos={key: use for key, use in link.photos.items() if not is_clip(use.source)},
        clips={key: use for key, use in link.photos.items() if is_clip(use.source)},
        items=items,
        students=found.students,
        entries={key: newest_first(listed) for key, listed in entries.items()},
        notes={class_id: dict(sorted(months.items())) for class_id, months in notes.items()},
        attachments=link.attachments,
        problems=sorted(problems, key=lambda p: (p.path, p.line or 0, p.message)),
        scheduled={path: read.scheduled[path].version.scheduled for path in sorted(read.scheduled)},
    )
