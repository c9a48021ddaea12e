"""Where a build's shared objects live in Pelican's context: each key is spelled here only.

Pelican gives every generator (and every template) one dict, its settings and context; the
objects Homeroom's plugins share for one build ride in it. A plugin reads or fills a slot
through these `Slot`s (or the typed accessor its owner offers: `config_of`, `school_of`,
`newsletters_of`, `outputs_of`, `pages_of`, `photos_of`, `recordings_of`), never by a string
of its own, so a key cannot be mistyped and `tests/test_context_keys.py` can tell nobody
does. Templates see the same keys (the theme reads `HOMEROOM_CONFIG.search`). Pelican-free:
the school, read by `invoke` tasks and `homeroom_mail` without Pelican, fills the first three.
"""

from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Slot:
    """One object of the build under one context key."""

    key: str

    def filled(self, context: MutableMapping) -> bool:
        return self.key in context

    def get(self, context: MutableMapping, default: Any = None) -> Any:
        """The object, or `default` when no plugin has put it there (yet)."""
        return context.get(self.key, default)

    def of(self, context: MutableMapping) -> Any:
        """The object, which must be there: a KeyError names the slot otherwise."""
        return context[self.key]

    def put(self, context: MutableMapping, value: Any) -> Any:
        context[self.key] = value
        return value

    def clear(self, context: MutableMapping) -> None:
        context.pop(self.key, None)


# homeroom_school's: the validated settings (Config), the School, its Newsletters.
CONFIG = Slot("HOMEROOM_CONFIG")
SCHOOL = Slot("HOMEROOM_SCHOOL")
NEWSLETTERS = Slot("HOMEROOM_NEWSLETTERS")
# homeroom_output's: this run's Build (in the settings before Pelican copies them into the
# context, so the writer finds it too).
BUILD = Slot("HOMEROOM_OUTPUTS")
# homeroom_photos': the PhotoLibrary (absent when no photo plugin ran).
PHOTOS = Slot("HOMEROOM_PHOTOS")
# homeroom_audio's: the AudioLibrary of the posts' recordings (absent when it did not run).
AUDIO = Slot("HOMEROOM_AUDIO")
# homeroom_video's: the VideoLibrary of the clips (absent when it did not run).
VIDEO = Slot("HOMEROOM_VIDEO")
# homeroom_site's: every planned HTML page (homeroom_output.pages.PlannedPage), for the sitemap.
PAGES = Slot("HOMEROOM_PAGES")

SLOTS = (CONFIG, SCHOOL, NEWSLETTERS, BUILD, PHOTOS, AUDIO, VIDEO, PAGES)
KEYS = frozenset(slot.key for slot in SLOTS)
