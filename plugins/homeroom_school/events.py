"""An event's header: Start, End, Location, Signup, checked with line-precise problems."""

import re
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from .model import When
from .problems import ContentError
from .reading import Header

DATE_ONLY = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
TIME_ONLY = re.compile(r"^(\d{1,2}):(\d{2})$")
# An event without an End lasts this long (timed events) or one day (all-day events).
DEFAULT_DURATION = timedelta(hours=1)


def _moment(value, timezone: ZoneInfo) -> tuple[datetime, bool] | None:
    """(start of the moment in the site's zone, all_day) from a header value; None if unreadable."""
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=timezone)
        return moment.astimezone(timezone), False
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=timezone), True
    text = str(value).strip().replace("/", "-")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone)
    return moment.astimezone(timezone), bool(DATE_ONLY.match(text))


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
            f"Start '{header.get('start')}' is not a date; write YYYY-MM-DD for an all-day "
            "event or YYYY-MM-DD HH:MM (24-hour clock), for example 2026-11-05 16:00",
        )
    begin, all_day = start
    raw_end = header.get("end")
    if raw_end is None:
        end = begin if all_day else begin + DEFAULT_DURATION
        return When(begin, end, all_day)
    time_only = TIME_ONLY.match(str(raw_end).strip())
    if time_only and not all_day:
        end = begin.replace(hour=int(time_only[1]), minute=int(time_only[2]))
        end_all_day = False
    else:
        parsed = _moment(raw_end, timezone)
        if parsed is None:
            raise ContentError(
                path,
                header.line("end"),
                f"End '{raw_end}' is not a date; write it like Start (YYYY-MM-DD, or "
                "YYYY-MM-DD HH:MM, or just HH:MM for the same day)",
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
        raise ContentError(
            path,
            header.line("end"),
            f"End '{raw_end}' is before Start '{header.get('start')}'; an all-day event's End "
            "is its last day, and a timed event's End is when it finishes",
        )
    return When(begin, end, all_day)


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
