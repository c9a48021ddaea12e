"""Build the School from content/: every file read once, then grouped, then linked.

The pipeline reads top to bottom, each step a function of what the steps before it made,
returning its data and its problems: discover which files there are (discover.py), parse every
Markdown file (parsing.py), read each into a Version (versions.py), group translations into
items (grouping.py), resolve links between files (resolving.py) and photos
(photos_in_content.py), and assemble the School. All data is gathered before anything is
written, so that every page sees the same school. Every mistake becomes a Problem; the rest of
the school is still built.
"""

from .discover import ContentFolder, Discovered, discover
from .grouping import group
from .model import Item, School, newest_first, soonest_first
from .parsing import parse_all
from .photos_in_content import Photos, extract_photos
from .problems import Problem
from .resolving import SourceLines, resolve_links
from .settings import Config
from .signups import check_codes
from .versions import read_versions

__all__ = ["load_school", "preview_caches"]


def load_school(config: Config) -> School:
    """Read the content folder once into a School; problems are in school.problems."""
    parsed_cache, yaml_cache = preview_caches(config)
    folder = ContentFolder(config.content_path)
    found = discover(config, folder, yaml_cache)
    jobs = [
        (str(source.path), folder.relative(source.path), config.markdown_max_bytes)
        for source in found.sources
    ]
    parsed = parse_all(jobs, config.workers, parsed_cache)
    read = read_versions(found, parsed, config)
    items, grouping_problems = group(read.records, found)
    lines = SourceLines(folder.root, read.lines)
    resolved = resolve_links(items, read.records, folder, lines, config, found)
    photos = extract_photos(resolved.items, resolved.media, found.students, lines)
    problems = (
        found.problems + read.problems + grouping_problems + resolved.problems + photos.problems
    ) + check_codes(photos.items, config.today)
    return assemble(config, found, photos, resolved.attachments, problems)


def preview_caches(config: Config) -> tuple[dict | None, dict | None]:
    """The caches the preview keeps between rebuilds, (None, None) in a full build: parsed
    files (rel -> (stamp, ParsedFile or Problem)) and class.yml and student.yml reads (call ->
    result). The one place that knows where they are kept."""
    memo = config.memo
    if memo is None:
        return None, None
    return memo.parsed, memo.yaml  # homeroom_output.PreviewMemo


def assemble(
    config: Config,
    found: Discovered,
    photos: Photos,
    attachments: dict[str, tuple],
    problems: list[Problem],
) -> School:
    """The School: items sorted into each class's news, events and notes, each student's
    entries and the school's pages; problems by file, line and message."""
    classes, items = found.classes, photos.items
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
        media=photos.media,
        photos=photos.photos,
        items=items,
        students=found.students,
        entries={key: newest_first(listed) for key, listed in entries.items()},
        notes={class_id: dict(sorted(months.items())) for class_id, months in notes.items()},
        attachments=attachments,
        problems=sorted(problems, key=lambda p: (p.path, p.line or 0, p.message)),
    )
