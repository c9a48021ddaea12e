"""Language codes as Homeroom writes them (BCP 47, lowercase), checked against Babel's data."""

from functools import cache

from babel import Locale, UnknownLocaleError


@cache
def locale_of(lang: str) -> Locale | None:
    """Babel's Locale for a code like 'en', 'es', 'zh' or 'pt-br'; None when unknown."""
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return None


def is_known(lang: str) -> bool:
    return locale_of(lang) is not None


@cache
def direction(lang: str) -> str:
    """'rtl' or 'ltr', from Babel's locale data (looked up once a language: every page asks,
    for each text it shows)."""
    locale = locale_of(lang)
    return locale.text_direction if locale else "ltr"


@cache
def native_name(lang: str) -> str:
    """A language's name in itself, as a language switcher shows it: 'Español', 'العربية'."""
    locale = locale_of(lang)
    if locale is None:
        return lang
    name = locale.get_display_name(locale) or lang
    return name[:1].upper() + name[1:]


def name_in(lang: str, reader_lang: str) -> str:
    """A language's name in the reader's language: 'inglés' for an 'es' reader."""
    locale, reader = locale_of(lang), locale_of(reader_lang)
    if locale is None or reader is None:
        return lang
    return locale.get_language_name(reader) or lang
