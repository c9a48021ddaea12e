"""homeroom_search: what a build adds once every page is written: the search index of every
language (Pagefind, `indexing.py`) and the offline reader (`offline.py`: /sw.js and the
digests of the files it may keep, on a site with an origin of its own).

A library, not in PLUGINS: `invoke build` and `invoke publish` call `finish_site` on the
finished output (publish on its temporary folder, before the swap). The preview (`invoke
serve`) skips it and says so: a save would cost a whole index (`invoke bench` prints it).
"""

import sys
from pathlib import Path

from homeroom_school import urls

from .indexing import SearchError, build_index
from .offline import write_offline

__all__ = ["SearchError", "build_index", "finish_site", "write_offline"]


def searched_languages(output: Path) -> list[str]:
    """The languages whose search page the build wrote (none when HOMEROOM_SEARCH is off)."""
    found = output.glob("*/" + urls.save_as(urls.search("*").split("/", 1)[1]))
    return sorted(path.parent.parent.name for path in found)


def finish_site(output: Path, site_url: str) -> int:
    """The index of each language with a search page, then the offline reader (for the site's
    SITEURL: inert on a shared origin), into a finished build; returns the errors (0 or 1,
    said in one line, as a build's are)."""
    try:
        build_index(output, searched_languages(output))
    except SearchError as error:
        sys.stderr.write(f"error: {error}\n")
        return 1
    write_offline(output, site_url)
    return 0
