"""A planned HTML page: what homeroom_site plans, the portfolio plugin writes and the sitemap
lists. It lives here, below all three, so none of them imports another for it."""

import functools
from dataclasses import dataclass, field
from datetime import datetime

from homeroom_school import slots, urls


@dataclass
class PlannedPage:
    """One HTML page to write, with what its template and the sitemap need."""

    url: str  # relative to the site root; '' is the root
    lang: str
    template: str
    title: str  # the page's own title ('' for a home page: the site's name alone)
    title_lang: str | None = None  # the title's language, where it is not the page's
    vars: dict = field(default_factory=dict)
    switcher: list = field(default_factory=list)  # (lang, url): this page in each language
    alternates: list = field(default_factory=list)  # (lang, url): real translations (hreflang)
    feeds: list = field(default_factory=list)  # (kind, title, url) for autodiscovery
    canonical: str | None = None  # for a page that shows another language's original
    lastmod: datetime | None = None
    in_sitemap: bool = True
    crumbs: list = field(default_factory=list)  # (title, url, ui label key) above this page

    @functools.cached_property
    def save_as(self) -> str:
        return urls.save_as(self.url)

    @functools.cached_property
    def section(self) -> str:
        return urls.section(self.url)  # the sitemap's folder of it


def in_each(languages, url, *args) -> list:
    """(language, URL) of one page in each of these languages: for its language switcher."""
    return [(other, url(other, *args)) for other in languages]


def pages_of(context: dict) -> list[PlannedPage]:
    """Every HTML page homeroom_site planned for this build (none before it plans them)."""
    return slots.PAGES.get(context, [])


def set_pages(context: dict, pages: list[PlannedPage]) -> None:
    slots.PAGES.put(context, pages)
