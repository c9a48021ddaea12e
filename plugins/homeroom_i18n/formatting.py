"""Dates, numbers and language names in the reader's language, by Babel."""

from datetime import datetime

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

from homeroom_school.languages import locale_of


def _locale(lang: str):
    return locale_of(lang) or locale_of("en")


def date_long(moment: datetime, lang: str) -> str:
    """'5 September 2026', 'sábado, 5 de septiembre de 2026'… as the language writes dates."""
    return format_date(moment, format="long", locale=_locale(lang))


def date_full(moment: datetime, lang: str) -> str:
    """With the weekday: 'Saturday, September 5, 2026'."""
    return format_date(moment, format="full", locale=_locale(lang))


def date_time(moment: datetime, lang: str) -> str:
    return format_datetime(moment, format="medium", tzinfo=moment.tzinfo, locale=_locale(lang))


def number(value: int | float, lang: str) -> str:
    return format_decimal(value, locale=_locale(lang))
