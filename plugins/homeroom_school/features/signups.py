"""An event's sign-ups: `Slots`, `Pause`, `Booked`, `Interpreters`, `Helpers`, `Helpers-Found`.

Families book by replying with a slot's code, `<event>-<HHMM>`: the event's part is five
characters hashed from its class and slug (so a printed sheet stays valid whatever else
changes), the time is the slot's start on a 24-hour clock (the second time a wall-clock time
comes round, on the night the clocks go back, ends in `B`). Slots are counted in real minutes
from Start, so a conference across a daylight-saving change has slots of the same length.
Who booked is never written anywhere: `Booked` holds start times only.
"""

import hashlib
import re
from datetime import UTC, datetime, timedelta
from itertools import pairwise

from homeroom_school.clocks import Clock, as_written, read_clock, read_span
from homeroom_school.languages import is_known
from homeroom_school.model import Item, Pause, SchoolClass, Signups, Slot, When
from homeroom_school.problems import ContentError, Problem
from homeroom_school.reading.classes import language_codes
from homeroom_school.reading.front_matter import Header

KEYS = ("slots", "pause", "booked", "interpreters", "helpers", "helpers_found")
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's: no I, L, O or U to misread
EVENT_CODE_LENGTH = 5
MIN_SLOT, MAX_DAY = 5, timedelta(hours=24)
MAX_HELPERS = 999
AGAIN = re.compile(r"^(?P<clock>.*\d)\s*(?P<again>B)$", re.IGNORECASE)  # 01:30B: the 2nd 01:30


def event_code(class_id: str, slug: str) -> str:
    """Five characters from the event's class and slug: the same for the same event."""
    number = int.from_bytes(hashlib.sha256(f"{class_id}/{slug}".encode()).digest()[:8], "big")
    chars = []
    for _ in range(EVENT_CODE_LENGTH):
        number, rest = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[rest])
    return "".join(chars)


def _text(header: Header, key: str) -> str:
    value = header.get(key)
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(as_written(v) for v in value)
    return as_written(value)


def booked_text(header: Header) -> str:
    """`Booked` as written (`15:30, 16:45`), whether a header line or a YAML list."""
    return _text(header, "booked")


def _whole(header: Header, key: str, path: str, least: int, most: int, what: str) -> int:
    value = header.get(key)
    text = str(value).strip() if isinstance(value, (int, str)) else _text(header, key)
    if not text.isdigit() or not least <= int(text) <= most:
        written = key.replace("_", "-").title()
        raise ContentError(
            path,
            header.line(key),
            f"{written} '{text}' is not {what}; write a whole number from {least} to {most}, "
            f"like `{written}: {max(least, 2) if least < 15 <= most else least}`",
        )
    return int(text)


def _at(when: When, hour: int, minute: int, not_before: datetime) -> datetime:
    """The first wall-clock hour:minute of the event's days at or after `not_before`."""
    zone = when.start.tzinfo
    day = when.start.date()
    for offset in (0, 1):
        moment = datetime.combine(day + timedelta(days=offset), datetime.min.time(), zone)
        moment = moment.replace(hour=hour, minute=minute)
        if moment.astimezone(UTC) >= not_before.astimezone(UTC):
            return moment
    return moment


def _pauses(header: Header, path: str, when: When) -> tuple[Pause, ...]:
    line = header.line("pause")
    pauses = []
    bad = []
    for part in (p.strip() for p in _text(header, "pause").split(",")):
        if not part:
            continue
        times = read_span(part)
        if times is None:
            bad.append(f"'{part}' is not a span of time")
            continue
        start = _at(when, times[0].hour, times[0].minute, when.start)
        end = _at(when, times[1].hour, times[1].minute, start)
        start_utc, end_utc = start.astimezone(UTC), end.astimezone(UTC)
        if end_utc <= start_utc or end_utc > when.end.astimezone(UTC):
            bad.append(f"'{part}' is not inside the event ({when.start:%H:%M} to {when.end:%H:%M})")
            continue
        pauses.append(Pause(start, end))
    if bad:
        raise ContentError(
            path,
            line,
            f"Pause {_listed(bad)}; write each span like `Pause: 17:30-18:00` or "
            "`Pause: 5:30pm-6pm`, inside the event (several spans separated by commas), or "
            "remove it",
        )
    pauses.sort(key=lambda pause: pause.start.astimezone(UTC))
    for before, after in pairwise(pauses):
        if after.start.astimezone(UTC) < before.end.astimezone(UTC):
            raise ContentError(
                path,
                line,
                f"Pause has overlapping spans ({before.start:%H:%M}-{before.end:%H:%M} and "
                f"{after.start:%H:%M}-{after.end:%H:%M}); join them into one span",
            )
    return tuple(pauses)


def make_slots(when: When, minutes: int, pauses: tuple[Pause, ...], code: str) -> list[Slot]:
    """Every slot from Start to End, in real minutes, none in a pause (slots resume when a
    pause ends); not booked yet."""
    zone = when.start.tzinfo
    step = timedelta(minutes=minutes)
    cursor, end = when.start.astimezone(UTC), when.end.astimezone(UTC)
    spans = [(p.start.astimezone(UTC), p.end.astimezone(UTC)) for p in pauses]
    slots: list[Slot] = []
    seen: set[str] = set()
    while cursor + step <= end:
        inside = next(
            (span for span in spans if cursor < span[1] and cursor + step > span[0]), None
        )
        if inside:
            cursor = inside[1]
            continue
        start = cursor.astimezone(zone)
        clock = f"{start:%H%M}"
        suffix = "B" if clock in seen else ""  # the hour the clocks go back comes round twice
        seen.add(clock)
        slots.append(
            Slot(start, (cursor + step).astimezone(zone), f"{code}-{clock}{suffix}", False)
        )
        cursor += step
    return slots


def _listed(parts: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _booked_clock(written: str) -> tuple[Clock | None, str]:
    """A Booked value's time, and its `B` when it names the second time an hour comes round."""
    text = as_written(written)
    again = AGAIN.match(text)
    if again:
        return read_clock(again["clock"]), "B"
    return read_clock(text), ""


def find_slot(slots, written: str) -> Slot | None:
    """The slot a teacher means: its start time, on a 12- or 24-hour clock (`15:30`, `3:30pm`;
    `01:30B` for the second 01:30 on the night the clocks go back), or its whole code."""
    text = as_written(written).upper()
    clock, again = _booked_clock(written)
    key = f"{clock.hour:02d}{clock.minute:02d}{again}" if clock else None
    return next((s for s in slots if s.code == text or s.code.split("-", 1)[1] == key), None)


def not_a_slot(written: str, when: When, signups: Signups) -> str:
    """Why `written` names no slot of the event, said after it: `is inside the Pause …`."""
    clock, _ = _booked_clock(written)
    words = as_written(written).split()
    if clock is None and len(words) > 1 and all(_booked_clock(word)[0] for word in words):
        return "is several times: separate them with commas"
    if clock is None:
        return "is not the start of a slot nor a code (only times go here, never who booked)"
    later = clock.afternoon()
    if later and find_slot(signups.slots, str(later)):
        return f"is not the start of a slot (did you mean {later}?)"
    moment = _at(when, clock.hour, clock.minute, when.start).astimezone(UTC)
    for pause in signups.pauses:
        if pause.start.astimezone(UTC) <= moment < pause.end.astimezone(UTC):
            return (
                f"is inside the Pause ({pause.start:%H:%M}-{pause.end:%H:%M}), when no slot starts"
            )
    for slot in signups.slots:
        if slot.start.astimezone(UTC) < moment < slot.end.astimezone(UTC):
            return f"is not the start of a slot (that slot starts at {slot.start:%H:%M})"
    first, last = signups.slots[0], signups.slots[-1]
    return (
        f"is not the start of a slot (the slots run from {first.start:%H:%M} to {last.end:%H:%M})"
    )


def _booked(header: Header, path: str, when: When, signups: Signups) -> list[Slot]:
    """The slots with `Booked`'s times marked; every time that is no slot is said at once."""
    slots = signups.slots
    taken: set[str] = set()
    bad = []
    for part in (p.strip() for p in _text(header, "booked").split(",")):
        if not part:
            continue
        slot = find_slot(slots, part)
        if slot is None:
            bad.append(f"'{part}' {not_a_slot(part, when, signups)}")
        else:
            taken.add(slot.code)
    if bad:
        free = ", ".join(f"{s.start:%H:%M}" for s in slots[:6])
        said = f"Booked {bad[0]}"
        if len(bad) > 1:
            said = f"Booked has {len(bad)} times that are no slot of this event: {_listed(bad)}"
        raise ContentError(
            path,
            header.line("booked"),
            f"{said}; write only start times, as the slots have them ({free}"
            f"{', …' if len(slots) > 6 else ''}), separated by commas (who booked stays in your "
            "email, never in the file)",
        )
    return [Slot(s.start, s.end, s.code, s.code in taken) for s in slots]


def parse_signups(
    header: Header, path: str, when: When | None, school_class: SchoolClass, slug: str
) -> Signups | None:
    """An event's sign-ups from its header, or None when it has none; a ContentError for the
    first mistake, on its line, with its fix."""
    present = [key for key in KEYS if header.get(key) is not None]
    if not present:
        return None
    code = event_code(school_class.id, slug)
    if when is None:  # a translation (grouping says to remove the lines), or no Start at all
        return Signups(code)
    slots: list[Slot] = []
    pauses: tuple[Pause, ...] = ()
    if header.get("slots") is not None:
        if when.all_day:
            raise ContentError(
                path,
                header.line("slots"),
                "has Slots, but it is an all-day event; give Start and End times (like "
                "`Start: 2027-01-14 15:30` and `End: 19:30`) or remove Slots",
            )
        if when.end.astimezone(UTC) - when.start.astimezone(UTC) > MAX_DAY:
            raise ContentError(
                path,
                header.line("slots"),
                "has Slots, but lasts more than a day; make one event per day of conferences",
            )
        minutes = _whole(header, "slots", path, MIN_SLOT, 24 * 60, "a number of minutes")
        pauses = _pauses(header, path, when)
        slots = make_slots(when, minutes, pauses, code)
        if not slots:
            raise ContentError(
                path,
                header.line("slots"),
                f"has Slots of {minutes} minutes, but none fits between Start and End; "
                "make the slots shorter or the event longer",
            )
        slots = _booked(header, path, when, Signups(code, tuple(slots), pauses))
    else:
        for key in ("pause", "booked"):
            if header.get(key) is not None:
                raise ContentError(
                    path,
                    header.line(key),
                    f"has {key.title()} but no Slots; add `Slots: 15` (minutes each) or "
                    f"remove the {key.title()} line",
                )
    helpers = found = 0
    if header.get("helpers") is not None:
        helpers = _whole(header, "helpers", path, 1, MAX_HELPERS, "a number of helpers")
    if header.get("helpers_found") is not None:
        if not helpers:
            raise ContentError(
                path,
                header.line("helpers_found"),
                "has Helpers-Found but no Helpers; add `Helpers: 6` (how many are needed)",
            )
        found = _whole(header, "helpers_found", path, 0, MAX_HELPERS, "a number of helpers")
        if found > helpers:
            raise ContentError(
                path,
                header.line("helpers_found"),
                f"Helpers-Found is {found}, more than the {helpers} Helpers needed; raise "
                "Helpers or correct Helpers-Found",
            )
    interpreters: tuple[str, ...] = ()
    if _text(header, "interpreters"):
        written = [p.strip() for p in _text(header, "interpreters").split(",") if p.strip()]
        unknown = [f"'{code}'" for code in written if not is_known(code.lower())]
        if len(unknown) > 1:  # one is said by language_codes, as in class.yml
            raise ContentError(
                path,
                header.line("interpreters"),
                f"Interpreters {_listed(unknown)} are not language codes; use codes like en, "
                "es, ar, zh, vi or fr",
            )
        interpreters = tuple(language_codes(written, path, header.line("interpreters")))
    if (slots or helpers) and not school_class.contact.email:
        key = "slots" if slots else "helpers"
        raise ContentError(
            path,
            header.line(key),
            f"has {key.title()}, but {school_class.source} has no contact email, where "
            "families' replies go; add `contact:` with `email: …` to it, or remove "
            f"{key.title()}",
        )
    return Signups(code, tuple(slots), pauses, interpreters, helpers, found)


def check_codes(items: dict[str, Item], today) -> list[Problem]:
    """Codes are unique among the upcoming events: a collision is a problem of both files
    (codes never change with other events, so nothing is renumbered)."""
    owners: dict[str, list[Item]] = {}
    for item in items.values():
        signups = item.kind == "event" and item.original.signups
        if signups and not item.when.is_over(today):
            owners.setdefault(signups.code, []).append(item)
    problems = []
    for code, clash in sorted(owners.items()):
        if len(clash) < 2:
            continue
        for item in clash:
            others = ", ".join(i.original.source for i in clash if i is not item)
            problems.append(
                Problem(
                    item.original.source,
                    None,
                    f"has the booking code {code}, as {others} does; give one of them "
                    "another `Slug:` line",
                )
            )
    return problems
