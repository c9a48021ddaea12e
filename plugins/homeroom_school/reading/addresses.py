"""Links written as a page's address, resolved to that page like links to its file.

A teacher may link a page as it reads in the browser: relative to the linking page
(`../apples/`, `../../` its class home), from the site root (`/en/grade-1/news/apples/`, with or
without SITEURL's path), or absolute with the site's own address. A post, event, newsletter note
or school page becomes its {hr-item:key} token; any other page or file of the site (a home, a
list, a feed, a calendar, a sheet) its {hr-place:url} token: either way every reader gets it in
their own language, from any depth. Portfolio entries have no address here.
"""

import difflib
import html
import re
from dataclasses import dataclass, field
from datetime import date
from posixpath import normpath
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from homeroom_school.links import item_url, token
from homeroom_school.model import Item, SchoolClass
from homeroom_school.reading.sanitizing import join_inside
from homeroom_school.settings import Config
from homeroom_school.urls import (
    class_calendar,
    class_feed,
    class_home,
    event_calendar,
    event_sheet,
    events_archive,
    lang_home,
    news_archive,
    newsletter,
    newsletter_archive,
    portfolios,
    school_calendar,
    school_feed,
    search,
)

HREF = re.compile(r'href="([^"]*)"')
UP = re.compile(r"\{hr-up:([^}]*)\}")
SCHOOL_FOLDERS = ("pages", "search")  # under a language, the folders that are no class's
PORTFOLIO_ADDRESS = (
    "links to a portfolio's address, which is for that child's family alone: never put it on "
    "a page (give it to the family itself, on its card)"
)


@dataclass(frozen=True)
class Addresses:
    """Every page the site publishes for an item, by its URL (no leading '/'), in each of the
    item's languages; and what a link on this site starts with."""

    pages: dict[str, tuple[str, str]]  # URL -> (item key, lang)
    languages: frozenset[str]
    prefix: str  # SITEURL's path ("/homeroom"), or ""
    site: str  # the site's absolute address, no trailing '/'
    places: frozenset[str] = frozenset()  # every other page or file a link may name
    classes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # id -> its languages

    def find(self, address: str) -> str | None:
        """The key of the item whose page `address` (site-relative, normalized) is."""
        found = self.pages.get(address)
        return found[0] if found else None

    def place(self, address: str) -> str | None:
        """The URL of the home, list, feed or calendar `address` (normalized: a file's name
        has a '/' after it) is, or None."""
        for url in (address, address.removesuffix("/")):
            if url in self.places:
                return url
        return None

    def target(self, address: str, written: str) -> str | None:
        """The token (with the fragment `written` has) of the page or file at `address`, or
        in another language where its class does not publish in the one written (a Spanish
        post's `../../../grade-2/`, for a class in English only)."""
        for candidate in self.in_languages(address):
            key = self.find(candidate)
            if key is not None:
                return with_fragment(token("item", key), written)
            url = self.place(candidate)
            if url is not None:
                return with_fragment(token("place", url), written)
        return None

    def in_languages(self, address: str) -> list[str]:
        """`address`, then the same address in each language of the class it names, in the
        class's order (as the school home links a class), or of the site."""
        lang, slash, rest = address.partition("/")
        if lang not in self.languages or not slash:
            return [address]
        offered = self.classes.get(rest.split("/")[0]) or sorted(self.languages)
        return [address] + [f"{other}/{rest}" for other in offered if other != lang]

    def is_page_like(self, address: str) -> bool:
        """An address under one of the site's languages that names a page, not a file
        (`<lang>/<class>/`, `<lang>/<class>/events/`, `<lang>/<class>/news/<slug>/`…): a link to
        it that matches nothing of the site is a mistake, where a file (a PDF) is not."""
        parts = address.rstrip("/").split("/")
        return parts[0] in self.languages and "." not in parts[-1]

    def nearest(self, address: str, class_id: str | None = None) -> str:
        """The existing page address closest to `address`, as a link from the site root: of
        the class the address names (or, misspelled, the class whose name is closest), else of
        `class_id` (the linking page's) if one is close enough; else the closest of the site."""
        candidates = sorted(set(self.pages) | {url for url in self.places if url.endswith("/")})
        for owner in self.owners(address, class_id):
            own = [url for url in candidates if url.split("/")[1:2] == [owner]]
            close = difflib.get_close_matches(address, own, n=1, cutoff=0.6)
            if close:
                return f"{self.prefix}/{close[0]}"
        close = difflib.get_close_matches(address, candidates, n=1, cutoff=0)
        return f"{self.prefix}/{close[0]}" if close else f"{self.prefix}/"

    def owners(self, address: str, class_id: str | None) -> list[str]:
        """The classes whose pages a near miss is looked for in first, in order."""
        parts = address.split("/")
        named = parts[1] if len(parts) > 2 and parts[0] in self.languages else None
        if named is not None and named not in self.classes and named not in SCHOOL_FOLDERS:
            score = {
                other: difflib.SequenceMatcher(None, named, other).ratio()
                for other in sorted(self.classes)
            }
            named = max(score, key=lambda other: (score[other], other == class_id), default=None)
        return [owner for owner in (named, class_id) if owner is not None]

    def from_site(self, written: str) -> str | None:
        """A root-relative or absolute link on this site as a site-relative path, else None."""
        on_site = written.startswith(self.site + "/")
        if not on_site and (not written.startswith("/") or written.startswith("//")):
            return None
        path = urlsplit(written).path
        if self.prefix and (path == self.prefix or path.startswith(self.prefix + "/")):
            path = path[len(self.prefix) :]
        return normalized(path)


def page_addresses(
    items: dict[str, Item], classes: dict[str, SchoolClass], languages: list[str], config: Config
) -> Addresses:
    """The index of every item's page (never a portfolio entry's) in each of its languages."""
    pages = {}
    for key, item in sorted(items.items()):
        if item.kind == "entry":
            continue
        offered = tuple(languages) if item.class_id is None else classes[item.class_id].languages
        for lang in offered:
            pages[item_url(item, lang, offered)] = (key, lang)
    prefix = urlsplit(config.site_url).path.rstrip("/")
    return Addresses(
        pages,
        frozenset(languages),
        prefix,
        config.absolute_url.rstrip("/"),
        place_addresses(items, classes, languages, config),
        {class_id: school_class.languages for class_id, school_class in classes.items()},
    )


def place_addresses(
    items: dict[str, Item],
    classes: dict[str, SchoolClass],
    languages: list[str],
    config: Config,
    kept: dict | None = None,
) -> frozenset[str]:
    """Every page and file of the site that is not an item's page, as the planner makes them:
    the homes, the search pages, the school's feeds and calendars, and each class's.

    `kept` (the preview's, incremental.LoadMemo.class_places: class id -> ClassPlaces) gives
    the places of a class with the same items as last build (a save at L would otherwise ask
    it of 11,000 items); it is left holding this build's."""
    places = {""}
    for lang in languages:
        places |= {lang_home(lang), school_calendar(lang)}
        places |= {school_feed(lang, kind) for kind in ("atom", "rss")}
        if config.search:
            places.add(search(lang))
    by_class: dict[str, list[Item]] = {}
    for item in items.values():
        if item.class_id is not None and item.kind != "entry":
            by_class.setdefault(item.class_id, []).append(item)
    now = {}
    for class_id, school_class in classes.items():
        of_class = tuple(by_class.get(class_id, ()))
        known = kept.get(class_id) if kept is not None else None
        if known is None or not known.same(school_class, of_class):
            found = class_places(school_class.languages, class_id, of_class, config)
            known = ClassPlaces(school_class, of_class, frozenset(found))
        now[class_id] = known
        places |= known.places
    if kept is not None:
        kept.clear()
        kept.update(now)
    return frozenset(places)


class ClassPlaces(NamedTuple):
    """A class's places (class_places) and what they were found from."""

    school_class: SchoolClass
    items: tuple[Item, ...]
    places: frozenset[str]

    def same(self, school_class: SchoolClass, items: tuple[Item, ...]) -> bool:
        """Whether they were found from the same class and items: a tuple compares its
        items by identity first, so only an item made anew is compared by value."""
        return school_class is self.school_class and items == self.items


def class_places(
    languages: tuple[str, ...], class_id: str, items: tuple[Item, ...], config: Config
) -> set[str]:
    """A class's pages and files in each of its languages besides its items' pages: its
    home, its lists (every page of its news), its month's newsletters (a month with a
    published post or a note), its feeds and calendar, each event's calendar file and sheet.
    What they depend on is found once for all the languages."""
    posts = 0
    named: set[str] = set()
    events: list[tuple[str, bool]] = []
    for item in items:
        kind = item.kind
        if kind == "event":
            signups = item.original.signups  # homeroom_site.sheets.has_sheet
            events.append((item.slug, bool(signups and (signups.slots or signups.helpers))))
            continue
        if kind != "news" and kind != "note":
            continue
        original = item.original
        if original.draft:
            continue
        if kind == "news":
            posts += 1
            named.add(f"{original.date.year:04d}-{original.date.month:02d}")
        else:
            named.add(item.slug)
    archive_pages = max(1, -(-posts // config.archive_page_size))
    places: set[str] = set()
    for lang in languages:
        places |= {class_home(lang, class_id), events_archive(lang, class_id)}
        places |= {newsletter_archive(lang, class_id), class_calendar(lang, class_id)}
        places |= {class_feed(lang, class_id, kind) for kind in ("atom", "rss")}
        places |= {news_archive(lang, class_id, page) for page in range(1, archive_pages + 1)}
        places |= {newsletter(lang, class_id, month) for month in named}
        for slug, sheet in events:
            places.add(event_calendar(lang, class_id, slug))
            if sheet:
                places.add(event_sheet(lang, class_id, slug))
    return places


def normalized(path: str) -> str | None:
    """A URL path as a page's URL: no leading '/', `index.html` dropped, a trailing '/';
    None when it climbs above the site root."""
    path = unquote(path)
    if path.endswith("/index.html") or path == "index.html":
        path = path[: -len("index.html")]
    joined = normpath("/" + path.lstrip("/"))
    if joined.startswith("//") or ".." in joined.split("/"):
        return None
    address = joined.strip("/")
    return f"{address}/" if address else ""


def relative_to(base: str, written: str) -> str | None:
    """A relative link written on the page at `base` (a URL with no leading '/')."""
    path = urlsplit(written).path
    if not path or path.startswith("/"):
        return None
    joined = join_inside(base, path)
    return None if joined is None else normalized(joined)


def with_fragment(found: str, written: str) -> str:
    """A token, with the fragment the link was written with."""
    fragment = urlsplit(written).fragment
    return found + (f"#{fragment}" if fragment else "")


def site_links(
    body: str,
    addresses: Addresses,
    problem,
    scheduled: dict | None = None,
    class_id: str | None = None,
    broken: frozenset[str] = frozenset(),
) -> str:
    """Turn the links in `body` written with this site's address (root-relative or absolute)
    into item and place tokens; `problem(as_written, message)` reports one that is no page
    (the nearest of `class_id`'s first), or one that is in `scheduled` (address -> the day it
    comes out: resolving.scheduled_pages). A link to a page in `broken` (a file that could not
    be read, which says so itself) leads nowhere, without a second message."""

    def replace(match: re.Match) -> str:
        written = html.unescape(match.group(1))
        address = addresses.from_site(written)
        if address is None:
            return match.group(0)
        if address.startswith(portfolios()):
            problem(written, PORTFOLIO_ADDRESS)
            return 'href="#"'
        if scheduled and address in scheduled:
            problem(written, scheduled_link(written, scheduled[address]))
            return 'href="#"'
        found = addresses.target(address, written)
        if found is not None:
            return f'href="{found}"'
        if address in broken:
            return 'href="#"'
        if addresses.is_page_like(address):
            problem(written, no_page(written, address, addresses, class_id))
            return 'href="#"'
        return match.group(0)

    return HREF.sub(replace, body)


def up_links(
    body: str, base: str | None, addresses: Addresses, problem, class_id: str | None
) -> tuple[str, set[str]]:
    """(`body` with each {hr-up:link} token (a relative link that climbs above content/ as a
    file, sanitizing.link_rewriter) as the page it names from the page at `base`, the links
    as written that named one); `problem(as_written, message)` reports an address under a
    language that is no page. The others are left to resolving.outside_links."""
    named: set[str] = set()

    def replace(match: re.Match) -> str:
        written = unquote(match.group(1))
        address = relative_to(base, written) if base is not None else None
        if address is not None and address.startswith(portfolios()):
            named.add(written)
            problem(written, PORTFOLIO_ADDRESS)
            return "#"
        found = None if address is None else addresses.target(address, written)
        if found is not None:
            named.add(written)
            return found
        if address is not None and addresses.is_page_like(address):
            named.add(written)
            problem(written, no_page(written, address, addresses, class_id))
        return "#"

    return UP.sub(replace, body), named


def scheduled_link(as_written: str, day: date) -> str:
    """Why a published page may not link to a scheduled one yet."""
    return (
        f"links to '{as_written}', which is scheduled for {day.isoformat()}: nothing of it is "
        "published before that day, not even its address; add the link on that day, or give "
        "this file that Date too"
    )


def no_page(written: str, address: str, addresses: Addresses, class_id: str | None) -> str:
    return (
        f"links to '{written}', which is no page of this site; "
        f"did you mean {addresses.nearest(address, class_id)}?"
    )
