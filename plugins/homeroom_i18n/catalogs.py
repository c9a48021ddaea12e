"""gettext catalogs from the theme's .po files, compiled in memory (no .mo in the repo)."""

import gettext
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from homeroom_school.reading.files import Contained

DOMAIN = "messages"


def po_path(translations_dir: Path, lang: str) -> Path:
    return translations_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_catalog(translations_dir: Path, lang: str) -> gettext.NullTranslations:
    """The UI strings in `lang` (or 'zh' for 'zh-hans'); English msgids when there is none."""
    candidates = [lang, lang.split("-")[0]]
    inside = Contained(translations_dir, "translations")
    for candidate in candidates:
        path = po_path(translations_dir, candidate)
        if path.is_file() and inside.holds(path):  # a link out of it: the theme check names it
            status = path.stat()
            return _compiled(str(path), candidate, status.st_mtime_ns, status.st_size)
    return gettext.NullTranslations()


@lru_cache(maxsize=64)
def _compiled(path: str, lang: str, mtime_ns: int, size: int) -> Translations:
    """A .po file compiled, once per version of the file: every generator, every build of the
    preview, asks for the same few catalogs."""
    with open(path, "rb") as po_file:
        catalog = read_po(po_file, locale=lang.replace("-", "_"))
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(fp=compiled, domain=DOMAIN)


class Catalogs:
    """Every language's catalog for one build, each compiled on first use."""

    def __init__(self, translations_dir: Path):
        self.translations_dir = translations_dir
        self._loaded: dict[str, gettext.NullTranslations] = {}

    def __getitem__(self, lang: str) -> gettext.NullTranslations:
        if lang not in self._loaded:
            self._loaded[lang] = load_catalog(self.translations_dir, lang)
        return self._loaded[lang]
