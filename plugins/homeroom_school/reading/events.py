"""An event's header: Start, End, Location, Signup, checked with line-precise problems."""

import re
from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from homeroom_school.clocks import as_written, read_clock
from homeroom_school.model import When
from homeroom_school.problems import ContentError, Problem
from homeroom_school.reading.front_matter import Header

DATE_ONLY = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
DATE_AND_CLOCK = re.compile(r"^(?P<day>\d{4}-\d{1,2}-\d{1,2})(?:[ T]+|,\s*)(?P<clock>.+)$")
CLOCK_LIKE = re.compile(r"^\d{1,2}\s*[:hH.]\s*\d*\s*([aApP]\.?\s?[mM]\.?)?$")
TIMES = "16:00, 4pm, 4:00 PM or 16h00"
MORNING = re.compile(r"^[1-6]\D")  # `4:45`, not `04:45`: perhaps a 12-hour afternoon time
# An event without an End lasts this long (timed events) or one day (all-day events).
DEFAULT_DURATION = timedelta(hours=1)


def _moment(value, timezone: ZoneInfo) -> tuple[datetime, bool] | None:
    """(start of the moment in the site's zone, all_day) from a header value; None if unreadable."""
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=timezone)
        return moment.astimezone(timezone), False
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=timezone), True
    text = as_written(value).replace("/", "-")
    written = DATE_AND_CLOCK.match(text)
    clock = written and read_clock(written["clock"])
    if clock:  # a day and a time as people write it: 2026-11-05 4:45pm
        try:
            day = datetime.strptime(written["day"], "%Y-%m-%d").date()
        except ValueError:
            return None
        return datetime.combine(day, time(clock.hour, clock.minute), timezone), False
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone)
    return moment.astimezone(timezone), bool(DATE_ONLY.match(text))


def _unreadable(text: str) -> str:
    """What is wrong with a Start or End that is not read: its time, or all of it."""
    written = DATE_AND_CLOCK.match(text.replace("/", "-"))
    if written and not read_clock(written["clock"]):
        return f"'{text}' has '{written['clock']}', which is not a time of day"
    if CLOCK_LIKE.match(text):
        return f"'{text}' is not a time of day"
    return f"'{text}' is not a date"


def parse_when(header: Header, path: str, timezone: ZoneInfo) -> When | None:
    """The event's time from Start and End; None when the file has no Start (a translation)."""
    if header.get("start") is None:
        if header.get("end") is not None:
            raise ContentError(path, header.line("end"), "has an End but no Start; add `Start: …`")
        return None
    start = _moment(header.get("start"), timezone)
    if start is None:
        raise ContentError(
            path,
            header.line("start"),
            f"Start {_unreadable(as_written(header.get('start')))}; write YYYY-MM-DD for an "
            f"all-day event, or the day and a time ({TIMES}), for example 2026-11-05 16:00",
        )
    begin, all_day = start
    raw_end = header.get("end")
    if raw_end is None:
        end = begin if all_day else begin + DEFAULT_DURATION
        return When(begin, end, all_day)
    raw_end = as_written(raw_end)  # YAML reads `end: 19:30` as a number
    clock = read_clock(raw_end)
    if clock and not all_day:
        end = begin.replace(hour=clock.hour, minute=clock.minute)
        end_all_day = False
    else:
        parsed = _moment(raw_end, timezone)
        if parsed is None:
            raise ContentError(
                path,
                header.line("end"),
                f"End {_unreadable(raw_end)}; write it like Start (YYYY-MM-DD, or the day "
                f"and a time, or just a time for the same day: {TIMES})",
            )
        end, end_all_day = parsed
    if end_all_day != all_day:
        raise ContentError(
            path,
            header.line("end"),
            "Start and End must both have a time or both be dates (an all-day event's "
            "End is its last day)",
        )
    if end < begin:
        later = clock and not all_day and clock.afternoon()
        fits = later and end.replace(hour=later.hour) >= begin
        meant = f" (did you mean {later}?)" if fits else ""
        raise ContentError(
            path,
            header.line("end"),
            f"End '{raw_end}' is before Start '{as_written(header.get('start'))}'{meant}; an "
            "all-day event's End is its last day, and a timed event's End is when it finishes",
        )
    return When(begin, end, all_day)


def early_start(header: Header, path: str, when: When | None) -> list[Problem]:
    """A warning when Start's time, written without am/pm, is before 7:00 (`4:45`): it reads
    as the morning, and a teacher used to a 12-hour clock may have meant the afternoon."""
    if when is None or when.all_day:
        return []
    text = as_written(header.get("start"))
    written = DATE_AND_CLOCK.match(text.replace("/", "-"))
    clock = written and MORNING.match(written["clock"]) and read_clock(written["clock"])
    if not clock or clock.twelve:
        return []
    return [
        Problem(
            path,
            header.line("start"),
            f"Start '{text}' is read as {clock} in the morning; if you meant the afternoon, "
            f"write {clock.afternoon()} or {written['clock']}pm, and if you do mean the morning, "
            f"write {clock} or {written['clock']}am",
            warning=True,
        )
    ]


def parse_signup(header: Header, path: str) -> str:
    """A sign-up link: a whole web address (or mailto:), or a problem."""
    value = header.get("signup")
    if value is None or not str(value).strip():
        return ""
    text = str(value).strip()
    parts = urlsplit(text)
    if (parts.scheme in ("http", "https") and parts.netloc and "." in parts.netloc) or (
        parts.scheme == "mailto" and "@" in parts.path
    ):
        return text
    raise ContentError(
        path,
        header.line("signup"),
        f"Signup '{text}' is not a web address; write the whole address, starting with https://",
    )
