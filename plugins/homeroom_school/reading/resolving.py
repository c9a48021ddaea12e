"""Links between files resolved, once every file is read: to item, media and attachment tokens.

A link to another item becomes {hr-item:key}, to a photo or PDF {hr-media:published}, and a
non-public entry's other files {hr-attachment:path}, inlined into its page and never a file of
the site. A file in a student's portfolio folder is used only by that student's entries.
"""

import difflib
import posixpath
import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path
from urllib.parse import quote

from homeroom_school.links import is_media, is_photo, item_url, resolve_refs, token
from homeroom_school.model import Item, Version
from homeroom_school.problems import Problem
from homeroom_school.reading.addresses import (
    PORTFOLIO_ADDRESS,
    no_page,
    page_addresses,
    relative_to,
    scheduled_link,
    site_links,
    up_links,
)
from homeroom_school.reading.discover import MARKDOWN_SUFFIXES, ContentFolder, Discovered
from homeroom_school.reading.grouping import Unreadable, failed_files
from homeroom_school.reading.linked_files import SourceLines, attachment, not_what_it_says
from homeroom_school.reading.versions import Read, ReadFiles
from homeroom_school.settings import Config
from homeroom_school.urls import media, news_post, portfolios, school_page

MEDIA_TOKEN = re.compile(r"\{hr-media:([^}]*)\}")
DATED = re.compile(r"^\d{4}-\d{2}-\d{2}-")


@dataclass(frozen=True)
class Linking:
    """What every item's links resolve through: the site's pages, and the files."""

    addresses: object  # addresses.Addresses: every page's address
    by_source: dict[str, Item]  # Markdown file -> its item
    records: dict[str, Read]  # Markdown file -> what reading it found (its links as written)
    folder: ContentFolder
    lines: SourceLines
    config: Config
    # What a published page may not link to before its day: a scheduled file by its name, and
    # the address of a page no version of which is out yet.
    scheduled_files: dict[str, date] = field(default_factory=dict)
    scheduled_pages: dict[str, date] = field(default_factory=dict)
    # Files that could not be read (each says why itself), and the addresses their pages
    # would have: a link to them leads nowhere, without a second message.
    failed_files: frozenset[str] = frozenset()
    failed_pages: frozenset[str] = frozenset()


def linking(
    items: dict[str, Item],
    read: ReadFiles,
    folder: ContentFolder,
    lines: SourceLines,
    config: Config,
    found: Discovered,
    pages: tuple | None = None,
) -> Linking:
    """What links resolve through; `pages`: (addresses, by_source) of a build with the same
    pages (incremental.LoadMemo.keeps_links), else found anew."""
    if pages is None:
        addresses = page_addresses(items, found.classes, found.languages, config)
        by_source = {
            version.source: item for item in items.values() for version in item.versions.values()
        }
    else:
        addresses, by_source = pages
    files = {path: record.version.scheduled for path, record in read.scheduled.items()}
    failed = failed_files(found, read, folder)
    return Linking(
        addresses,
        by_source,
        read.by_path,
        folder,
        lines,
        config,
        files,
        scheduled_pages(read, items, found),
        frozenset(failed),
        failed_pages(failed, items, found),
    )


def failed_pages(
    failed: dict[str, Unreadable], items: dict[str, Item], found: Discovered
) -> frozenset[str]:
    """The addresses a file that could not be read would have given its item, where no
    other file of the item gives it a page."""
    pages = set()
    for file in failed.values():
        item = Item(file.kind, file.class_id, file.slug, "", {})
        if file.kind == "entry" or item.key in items:
            continue
        offered = found.offered(file.class_id, None)
        pages |= {item_url(item, lang, offered) for lang in offered}
    return frozenset(pages)


def scheduled_pages(read: ReadFiles, items: dict[str, Item], found: Discovered) -> dict:
    """The address of each page whose every version is held (scheduled or a draft), with the
    first day one of them comes out: the same whether the build left them out (publish) or
    keeps them marked (the preview)."""
    pages: dict[str, date] = {}
    for record in read.scheduled.values():
        kind, class_id, slug = record.kind, record.class_id, record.parsed.slug
        item = items.get(f"{kind}/{class_id or '-'}/{slug}")
        if item is not None and not all(v.draft for v in item.versions.values()):
            continue  # a version is out: the page is there (in the original, until then)
        day = record.version.scheduled
        if kind == "page":
            urls = [school_page(lang, slug) for lang in found.languages]
        else:
            urls = [news_post(lang, class_id, slug) for lang in found.classes[class_id].languages]
        for url in urls:
            pages[url] = min(day, pages.get(url, day))
    return pages


@dataclass(frozen=True)
class Resolved:
    """One item with its links as tokens, and the files those tokens name."""

    item: Item
    media: dict[str, str]  # published path -> path in content/
    attachments: dict[str, tuple]  # path in content/ -> (size, mtime_ns)
    problems: list[Problem]
    files: frozenset[str] = frozenset()  # every other file its links looked for on disk


@dataclass(frozen=True)
class LinkSource:
    """One version's Markdown file, as its links are resolved: its page's address (the base
    of an address written as a link; None for a portfolio entry), its links as written, and
    whether it is held out of a published build (a draft or scheduled: it may link to what
    is scheduled)."""

    path: str
    base: str | None
    written: dict[str, str]  # target in content/ -> the link as written
    held: bool


class LinkResolver:
    """One item's file links and page addresses turned into item, media and attachment
    tokens, with what they name and the problems met: links to missing files, to addresses
    that are no page, to files the item may not use."""

    def __init__(self, item: Item, link: Linking):
        self.item = item
        self.link = link
        self.media: dict[str, str] = {}  # published path -> path in content/
        self.attachments: dict[str, tuple] = {}  # path in content/ -> (size, mtime_ns)
        self.problems: list[Problem] = []
        self.looked: set[str] = set()  # every other file the links looked for on disk

    def resolved(self) -> Resolved:
        """The item with every version's links resolved."""
        versions = {
            lang: self.version(lang, version) for lang, version in self.item.versions.items()
        }
        return Resolved(
            changed(self.item, versions=versions),
            self.media,
            self.attachments,
            self.problems,
            frozenset(self.looked),
        )

    def source(self, lang: str, version: Version) -> LinkSource:
        record = self.link.records.get(version.source)
        item = self.item
        return LinkSource(
            version.source,
            None if item.kind == "entry" else item_url(item, lang, (lang,)),
            dict(record.refs) if record is not None else {},
            record is not None and record.version.draft,
        )

    def version(self, lang: str, version: Version) -> Version:
        """One version with its file links as tokens, its page addresses checked, and the
        links that lead outside the content folder reported."""
        link, source = self.link, self.source(lang, version)
        resolve = partial(self.target, source)
        report = partial(self.report, source.path)
        body = resolve_refs(version.body, resolve)
        body, named = up_links(body, source.base, link.addresses, report, self.item.class_id)
        if "href=" in body:
            refused = {} if version.draft else link.scheduled_pages
            body = site_links(
                body, link.addresses, report, refused, self.item.class_id, link.failed_pages
            )
        image = resolve_refs(version.image, resolve) if version.image else None
        record = link.records.get(version.source)
        if record is not None:
            self.problems += outside_links(record, link.lines, named)
        return changed(version, body=body, image=image)

    def report(self, source: str, needle: str, message: str) -> None:
        """A problem of `source`, on the line where `needle` is written."""
        self.problems.append(Problem(source, self.link.lines.find(source, needle), message))

    def target(self, source: LinkSource, target: str) -> str:
        """What a link from `source` to the file `target` (a path in content/) becomes: a
        token, an address, or "#" when it leads nowhere (a problem says why, once)."""
        link = self.link
        day = link.scheduled_files.get(target)
        if day is not None and not source.held:
            as_written = source.written.get(target, target)
            self.report(source.path, as_written, scheduled_link(as_written, day))
            return "#"
        linked = link.by_source.get(target)
        if linked is not None and linked.kind == "entry":
            self.report(
                source.path,
                target.rsplit("/", 1)[-1],
                "links to a portfolio entry; portfolios are never linked from other "
                "pages (share the family's own address with the family instead)",
            )
            return "#"
        if linked is not None:
            return token("item", linked.key)
        if target in link.failed_files:
            return "#"  # its own message says why it is not a page
        self.looked.add(target)
        path = link.folder.root / target
        if path.exists() and not link.folder.readable(path, self.problems):
            return "#"
        if target.endswith(tuple(MARKDOWN_SUFFIXES)) or not path.is_file():
            return self.no_file(source, target, path)
        return self.file(source, target, path)

    def no_file(self, source: LinkSource, target: str, path: Path) -> str:
        """A link to a Markdown file that is no page of the site, or to no file: an address
        written as a file link (a page of the site, or a near miss), else a missing file."""
        link = self.link
        as_written = source.written.get(target, target)
        address = None
        if source.base and not path.is_file():
            address = relative_to(source.base, as_written)
        if address is not None:
            if address.startswith(portfolios()):
                self.report(source.path, as_written, PORTFOLIO_ADDRESS)
                return "#"
            if not source.held and address in link.scheduled_pages:
                day = link.scheduled_pages[address]
                self.report(source.path, as_written, scheduled_link(as_written, day))
                return "#"
            found = link.addresses.target(address, "")
            if found is not None:
                return found  # the fragment as written follows the token
            if address in link.failed_pages:
                return "#"
            if link.addresses.is_page_like(address):
                message = no_page(as_written, address, link.addresses, self.item.class_id)
                self.report(source.path, as_written, message)
                return "#"
        draft = " (or is a draft)" if path.is_file() else ""
        close = "" if draft else nearest_file(target, source.path, link.by_source, link.config)
        self.report(
            source.path,
            as_written,
            f"links to '{as_written}', which does not exist{draft}; "
            "check the file name, relative to this file"
            + (f" (did you mean {close}?)" if close else ""),
        )
        return "#"

    def file(self, source: LinkSource, target: str, path: Path) -> str:
        """A link to a file of content/ that is no Markdown: an attachment of a portfolio
        entry that is not public, else a photo or PDF published as media."""
        config, lines = self.link.config, self.link.lines
        user = self.link.by_source[source.path]
        refused = used_by_another(user, target, source.path, path.name, config, lines)
        if refused:
            self.problems.append(refused)
            return "#"
        if user.kind == "entry" and user.visibility != "public" and not is_photo(target):
            attached, refused = attachment(source.path, path, config, lines)
            if refused:
                self.problems.append(refused)
                return "#"
            self.attachments[target] = attached
            return token("attachment", quote(target))
        if not is_media(target):
            self.report(
                source.path,
                path.name,
                f"links to '{path.name}', a kind of file Homeroom does not publish; "
                "use a photo (JPEG, PNG, HEIC, WebP, GIF), a clip (MOV, MP4, M4V, 3GP, "
                "WebM) or a PDF",
            )
            return "#"
        refused = None if is_photo(target) else not_what_it_says(source.path, path, lines)
        if refused:
            self.problems.append(refused)
            return "#"
        published = media(target)
        self.media[published] = target
        return token("media", published)


def resolve_item(item: Item, link: Linking) -> Resolved:
    """Turn an item's file links and page addresses into item, media and attachment tokens;
    report links to missing files and to addresses that are no page."""
    return LinkResolver(item, link).resolved()


def nearest_file(target: str, source: str, by_source: dict[str, Item], config: Config) -> str:
    """The Markdown file of the site whose name (its date aside) is closest to a missing
    `target`'s, as a link from `source`: one of the class `target` or `source` is in first;
    '' when none is close."""
    if not target.endswith(tuple(MARKDOWN_SUFFIXES)):
        return ""
    files = sorted(path for path, item in by_source.items() if item.kind != "entry")
    classes = config.classes_path.strip("/") + "/"
    depth = classes.count("/") + 1
    owners = [
        "/".join(path.split("/")[:depth]) + "/"
        for path in (target, source)
        if path.startswith(classes)
    ]
    wanted = words(target)
    for group in [*([f for f in files if f.startswith(owner)] for owner in owners), files]:
        score = {path: difflib.SequenceMatcher(None, wanted, words(path)).ratio() for path in group}
        best = max(group, key=lambda path: score[path], default=None)
        if best is not None and score[best] >= 0.75:
            return posixpath.relpath(best, posixpath.dirname(source))
    return ""


def words(path: str) -> str:
    """A Markdown file's name without its folder, date and suffix: what a typo is in."""
    name = posixpath.basename(path).rsplit(".", 1)[0]
    return DATED.sub("", name)


def outside_links(record: Read, lines: SourceLines, pages: set[str] = frozenset()) -> list[Problem]:
    """A problem for each link of a file that leads outside the content folder, but `pages`:
    those that name a page of the site from the file's page (addresses.up_links)."""
    return [
        Problem(
            record.parsed.path,
            lines.find(record.parsed.path, as_written),
            f"links to '{as_written}', which is outside the content folder",
        )
        for target, as_written in record.refs
        if target is None and as_written not in pages
    ]


def portfolio_owner(target: str, config: Config) -> str | None:
    """The student a file belongs to (`class/student`): any file in their portfolio folder."""
    parts = target.split("/")
    classes = config.classes_path.strip("/").split("/")
    rest = parts[len(classes) :]
    if parts[: len(classes)] == classes and len(rest) > 3 and rest[1] == "portfolio":
        return f"{rest[0]}/{rest[2]}"
    return None


def used_by_another(
    user: Item, target: str, source: str, name: str, config: Config, lines: SourceLines
) -> Problem | None:
    """Why `user` may not use the file `target`, if it may not: a file in a student's portfolio
    folder is that student's alone, whatever uses it (a post, a page, another child's entry)."""
    owner = portfolio_owner(target, config)
    if owner is None or (user.kind == "entry" and f"{user.class_id}/{user.student}" == owner):
        return None
    return Problem(
        source,
        lines.find(source, name),
        f"uses '{name}' from the portfolio of {owner}; a file in a student's portfolio "
        "folder belongs to that student and only their own entries may use it (a class "
        "photo goes in the class's news/ or events/ folder, with the families' consent)",
    )


def changed(record, **values):
    """`record` with these values, or `record` itself when it has them all already: most
    files have no links or photos, and a copy of every version costs a tenth of a second."""
    if all(getattr(record, name) == value for name, value in values.items()):
        return record
    return replace(record, **values)
