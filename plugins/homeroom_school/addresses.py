"""Links written as a page's address, resolved to that page like links to its file.

A teacher may link a page as it reads in the browser: relative to the linking page
(`../apples/`), from the site root (`/en/grade-1/news/apples/`, with or without SITEURL's path),
or absolute with the site's own address. Each becomes the page's {hr-item:key} token, so that
every reader gets the page in their own language. Portfolio entries have no address here.
"""

import difflib
import html
import re
from dataclasses import dataclass
from datetime import date
from posixpath import normpath
from urllib.parse import unquote, urlsplit

from .links import item_url, token
from .model import Item, SchoolClass
from .sanitizing import join_inside
from .settings import Config
from .urls import portfolios

HREF = re.compile(r'href="([^"]*)"')
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

    def find(self, address: str) -> str | None:
        """The key of the item whose page `address` (site-relative, normalized) is."""
        found = self.pages.get(address)
        return found[0] if found else None

    def is_page_like(self, address: str) -> bool:
        """An address shaped like an item's page under one of the site's languages
        (`<lang>/<class>/<kind>/<slug>/` or `<lang>/pages/<slug>/`): a link to it that
        matches no page is a mistake, where a class's home or a feed is not."""
        parts = address.rstrip("/").split("/")
        if not parts or parts[0] not in self.languages:
            return False
        return len(parts) == 4 or (len(parts) == 3 and parts[1] == "pages")

    def nearest(self, address: str) -> str:
        """The existing page address closest to `address`, as a link from the site root."""
        close = difflib.get_close_matches(address, list(self.pages), n=1, cutoff=0)
        return f"{self.prefix}/{close[0]}" if close else f"{self.prefix}/"

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
    return Addresses(pages, frozenset(languages), prefix, config.absolute_url.rstrip("/"))


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


def with_fragment(key: str, written: str) -> str:
    """The item's token, with the fragment the link was written with."""
    fragment = urlsplit(written).fragment
    return token("item", key) + (f"#{fragment}" if fragment else "")


def site_links(body: str, addresses: Addresses, problem, scheduled: dict | None = None) -> str:
    """Turn the links in `body` written with this site's address (root-relative or absolute)
    into item tokens; `problem(as_written, message)` reports one that is no page, or one that
    is in `scheduled` (address -> the day it comes out: resolving.scheduled_pages)."""

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
        key = addresses.find(address)
        if key is not None:
            return f'href="{with_fragment(key, written)}"'
        if addresses.is_page_like(address):
            problem(written, no_page(written, address, addresses))
            return 'href="#"'
        return match.group(0)

    return HREF.sub(replace, body)


def scheduled_link(as_written: str, day: date) -> str:
    """Why a published page may not link to a scheduled one yet."""
    return (
        f"links to '{as_written}', which is scheduled for {day.isoformat()}: nothing of it is "
        "published before that day, not even its address; add the link on that day, or give "
        "this file that Date too"
    )


def no_page(written: str, address: str, addresses: Addresses) -> str:
    return (
        f"links to '{written}', which is no page of this site; "
        f"did you mean {addresses.nearest(address)}?"
    )
