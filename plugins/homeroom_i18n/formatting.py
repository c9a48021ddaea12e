"""Dates, numbers and language names in the reader's language, by Babel."""

from datetime import date, datetime
from functools import lru_cache

from babel.dates import (
    format_date,
    format_datetime,
    format_interval,
    format_skeleton,
    format_time,
)
from babel.numbers import format_decimal

from homeroom_school.languages import locale_of
from homeroom_school.model import Slot, When


def remembered(function, value, lang: str, *args) -> str:
    """function(value, lang, *args), remembered for a value of a plain type: a page of news
    writes the dates its neighbours wrote, and Babel takes about 40 µs to format one. A date
    written without its time is remembered by its day: at M, 2,855 posts have 300 days."""
    if type(value) not in REMEMBERED:
        return function(value, lang, *args)
    if type(value) is datetime and function in DAY_ONLY:
        value = value.date()  # what Babel's format_date writes of a datetime
    return _remembered(function, value, repr(value), lang, args)


@lru_cache(maxsize=8192)
def _remembered(function, value, spelled: str, lang: str, args: tuple) -> str:
    # `spelled` (the value's repr) keeps apart values equal across time zones (12:00 UTC and
    # 13:00 in Paris are ==): one is never written as the other
    return function(value, lang, *args)


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


def _glue(day: str, time: str, locale, width: str) -> str:
    """A date and a time joined as the language joins them ('{1}, {0}', '{0} {1}'…)."""
    return str(locale.datetime_formats[width]).replace("{1}", day).replace("{0}", time)


def _clock_skeleton(lang: str) -> str:
    """12- or 24-hour clock, as the language's short time format uses."""
    return "hm" if "h" in _locale(lang).time_formats["short"].pattern else "Hm"


def event_when(when, lang: str) -> str:
    """An event's time written out: 'Thursday, November 5, 2026, 4:00 – 7:30 PM'."""
    locale = _locale(lang)
    if when.all_day:
        if when.first_day == when.last_day:
            return format_date(when.first_day, format="full", locale=locale)
        return format_interval(when.first_day, when.last_day, "yMMMMEEEEd", locale=locale)
    if when.start.date() == when.end.date():
        day = format_date(when.start, format="full", locale=locale)
        hours = format_interval(
            when.start, when.end, _clock_skeleton(lang), tzinfo=when.start.tzinfo, locale=locale
        )
        return _glue(day, hours, locale, "full")
    start = format_datetime(when.start, "medium", tzinfo=when.start.tzinfo, locale=locale)
    end = format_datetime(when.end, "medium", tzinfo=when.end.tzinfo, locale=locale)
    return f"{start} – {end}"


def event_day(when, lang: str) -> str:
    """The short form for lists: 'Wed, Nov 25 – Fri, Nov 27, 2026', 'Thu, Jan 28, 2027, 5:30 PM'."""
    locale = _locale(lang)
    if when.all_day:
        if when.first_day == when.last_day:
            return format_skeleton("yMMMEd", when.first_day, locale=locale)
        return format_interval(when.first_day, when.last_day, "yMMMEd", locale=locale)
    day = format_skeleton("yMMMEd", when.start, tzinfo=when.start.tzinfo, locale=locale)
    time = format_time(when.start, "short", tzinfo=when.start.tzinfo, locale=locale)
    return _glue(day, time, locale, "medium")


def slot_time(slot, lang: str) -> str:
    """A slot's hours as the language writes them: '3:45 – 4:00 PM', '15:45–16:00'."""
    return format_interval(
        slot.start, slot.end, _clock_skeleton(lang), tzinfo=slot.start.tzinfo, locale=_locale(lang)
    )


def day_time(moment: datetime, lang: str) -> str:
    """A day and a time, short: 'Thu, Jan 14, 2027, 3:45 PM', 'jue, 14 ene 2027, 15:45'."""
    locale = _locale(lang)
    day = format_skeleton("yMMMEd", moment, tzinfo=moment.tzinfo, locale=locale)
    time = format_time(moment, "short", tzinfo=moment.tzinfo, locale=locale)
    return _glue(day, time, locale, "medium")


def month_year(moment, lang: str) -> str:
    """'November 2026', 'noviembre de 2026', '2026年11月'."""
    return format_skeleton("yMMMM", moment, locale=_locale(lang))


# The types `remembered` keeps results for: immutable, with a repr that shows every field.
REMEMBERED = frozenset({date, datetime, int, float, str, When, Slot})
# What writes a day only (format_date): the same text for every time of that day.
DAY_ONLY = frozenset({date_long, date_full})
