"""Times of day as teachers write them (`16:45`, `4:45pm`, `4:45 PM`, `4:45 p.m.`, `16h45`), read
as a 24-hour clock: the one Homeroom writes back (`invoke book`, codes, calendars)."""

import re
from dataclasses import dataclass

# Spaces a copied time may hold: Babel writes "3:15\u202fPM" and "3:15\u2009–\u20093:30";
# Arabic text may carry direction marks.
SPACES = str.maketrans({"\u202f": " ", "\u00a0": " ", "\u2009": " ", "\u200f": "", "\u061c": ""})
MERIDIEM = {"a": 0, "p": 12, "ص": 0, "م": 12}  # Arabic pages write 3:15 م (PM) and ص (AM)
CLOCK = re.compile(
    r"^(?P<hour>\d{1,2})(?:(?P<sep>[:hH.])(?P<minute>\d{2})?)?"
    r"\s*(?:(?P<latin>[aApP])\.?\s?[mM]\.?|(?P<arabic>[صم]))?$"
)
DASH = re.compile(r"\s*[-–—]\s*")


@dataclass(frozen=True)
class Clock:
    """A time of day on a 24-hour clock; `twelve`: whether it was written with am or pm."""

    hour: int
    minute: int
    twelve: bool = False

    def __str__(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"

    def afternoon(self) -> "Clock | None":
        """What `4:45` without am/pm may have meant: 16:45 (None when that cannot be)."""
        if self.twelve or not 1 <= self.hour <= 11:
            return None
        return Clock(self.hour + 12, self.minute)


def as_written(value: object) -> str:
    """A header value as text; YAML reads `15:30` as the number 930 (base 60): back to 15:30."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value // 60}:{value % 60:02d}"
    return str(value).translate(SPACES).strip()


def read_clock(text: str, meridiem: str = "") -> Clock | None:
    """`text` as a time of day, or None; `meridiem` ("a" or "p"): the am or pm that a span's
    end gives a start written without one (`5:30-6pm`)."""
    match = CLOCK.match(as_written(text))
    if not match:
        return None
    sep = (match["sep"] or "").lower()
    written = (match["latin"] or match["arabic"] or "").lower()
    if (sep in (":", ".") and not match["minute"]) or (sep == "h" and written):
        return None  # `4:` and `4h45pm` are no way of writing a time
    if not sep and not (written or meridiem):
        return None  # a bare number (`16`) is not a time
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    if minute > 59:
        return None
    written = written or meridiem
    if not written:
        return Clock(hour, minute) if hour <= 23 else None
    if not 1 <= hour <= 12:
        return None
    return Clock(hour % 12 + MERIDIEM[written], minute, True)


def read_span(text: str) -> tuple[Clock, Clock] | None:
    """`17:30-18:00`, `5:30pm-6pm` or `5:30 – 6:00 PM` (the end's am/pm also the start's,
    when that puts the start first) as two clocks, or None."""
    parts = DASH.split(as_written(text))
    if len(parts) != 2:
        return None
    end, start = read_clock(parts[1]), read_clock(parts[0])
    if end and end.twelve and not (start and start.twelve):
        for meridiem in ("a", "p") if end.hour < 12 else ("p", "a"):
            guess = read_clock(parts[0], meridiem)
            if guess and (guess.hour, guess.minute) < (end.hour, end.minute):
                start = guess
                break
    return (start, end) if start and end else None
