"""homeroom_search: what a build adds once every page is written: the search index of every
language (Pagefind, `indexing.py`) and the offline reader (`offline.py`: /sw.js and the
digests of the files it may keep, on a site with an origin of its own).

A library, not in PLUGINS: `invoke build` and `invoke publish` hand a `SiteFinish`'s
`pages_written` to the build (Pagefind starts as soon as the HTML pages are on disk, while the
feeds, calendars, email editions, portfolios and sitemap are made), then call its `finish` on
the finished output (publish on its temporary folder, before the swap). The preview (`invoke
serve`) skips it and says so: a save would cost a whole index (`invoke bench` prints it).
"""

import contextlib
import sys
from pathlib import Path

from homeroom_school import urls

from .indexing import BackgroundIndex, SearchError, build_index
from .offline import offline_files, put_files, write_offline

__all__ = [
    "SearchError",
    "SiteFinish",
    "build_index",
    "finish_site",
    "finishing",
    "searched_languages",
    "write_offline",
]


def searched_languages(output: Path) -> list[str]:
    """The languages whose search page the build wrote (none when HOMEROOM_SEARCH is off)."""
    found = output.glob("*/" + urls.save_as(urls.search("*").split("/", 1)[1]))
    return sorted(path.parent.parent.name for path in found)


class SiteFinish:
    """The index and the offline reader of one build. `pages_written` (the build's
    `on_pages`) starts Pagefind on the HTML pages while the build makes the rest; `finish`,
    once the build is over, computes the offline reader while Pagefind runs, then waits for
    the index. Made by `finishing`, which stops Pagefind if the build never finishes."""

    def __init__(self, site_url: str, stack: contextlib.ExitStack):
        self.site_url = site_url
        self.stack = stack
        self.index: BackgroundIndex | SearchError | None = None

    def pages_written(self, output: Path) -> None:
        try:
            index = BackgroundIndex(output, searched_languages(output))
            self.index = self.stack.enter_context(index)
        except SearchError as error:  # Pagefind missing: said once the build is over
            self.index = error

    def finish(self, output: Path) -> int:
        """The index of each language with a search page, then the offline reader (for the
        site's SITEURL: inert on a shared origin), into a finished build; returns the errors
        (0 or 1, said in one line, as a build's are)."""
        if self.index is None:  # the pages were never announced (a build that stopped)
            self.pages_written(output)
        reader = offline_files(output, self.site_url)  # not the index: made meanwhile
        try:
            if isinstance(self.index, SearchError):
                raise self.index
            self.index.wait()
        except SearchError as error:
            sys.stderr.write(f"error: {error}\n")
            return 1
        put_files(output, reader)
        return 0


@contextlib.contextmanager
def finishing(site_url: str):
    """A SiteFinish for one build: leaving the block ends a Pagefind still running and
    removes what it wrote (a build that failed publishes no index)."""
    with contextlib.ExitStack() as stack:
        yield SiteFinish(site_url, stack)


def finish_site(output: Path, site_url: str) -> int:
    """Index and offline reader of a finished build, one after the other (`SiteFinish`)."""
    with finishing(site_url) as finish:
        return finish.finish(output)
