"""`invoke book`: mark a time of an event booked (or free again) by rewriting its `Booked:` line.

Only that line of the event's original file changes; every other byte stays as it was (line
ends included). The line holds start times only: who booked is never written.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from .loading import load_school
from .model import Item, School, Slot
from .settings import Config, load_config
from .signups import find_slot

BOOKED_LINE = re.compile(rb"^(booked[ \t]*:)[ \t]*(.*?)(\r?\n)?$", re.IGNORECASE)
SLOTS_LINE = re.compile(rb"^slots[ \t]*:.*?(\r?\n)?$", re.IGNORECASE)


class BookingError(ValueError):
    """What stops a booking, said so the teacher can fix the command."""


@dataclass(frozen=True)
class Booked:
    """A booking done: the file rewritten, and what is free now."""

    path: Path
    slot: Slot
    free: tuple[Slot, ...]
    total: int

    def report(self, freed: bool) -> str:
        done = "is free again" if freed else "is booked"
        lines = [f"{self.slot.start:%H:%M} ({self.slot.code}) {done}: {self.path}"]
        lines.append(f"still free: {len(self.free)} of {self.total} times")
        lines += [f"  {slot.start:%H:%M}  {slot.code}" for slot in self.free]
        return "\n".join(lines)


def find_event(school: School, class_id: str, event: str, content: Path) -> Item:
    """The event a teacher names by its slug or by one of its files."""
    if class_id not in school.classes:
        raise BookingError(
            f"unknown class {class_id!r}; known classes: {', '.join(school.classes)}"
        )
    events = school.events.get(class_id, [])
    wanted = Path(event)
    for item in events:
        if item.slug == event:
            return item
        for version in item.versions.values():
            source = content / version.source
            if wanted.name == source.name and (
                len(wanted.parts) == 1 or wanted.resolve() == source.resolve()
            ):
                return item
    problems = [str(p) for p in school.problems if f"classes/{class_id}/events/" in p.path]
    hint = ("; first fix: " + "; ".join(problems)) if problems else ""
    known = ", ".join(item.slug for item in events) or "none"
    raise BookingError(
        f"{class_id} has no event {event!r} (its events: {known}); name it by its slug or its "
        f"file{hint}"
    )


def rewrite_booked(raw: bytes, times: list[str]) -> bytes:
    """The file with its Booked line set to `times` (added after Slots when it has none)."""
    value = ", ".join(times).encode()
    lines = raw.splitlines(keepends=True)
    header_end = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
    front = lines[:1] and lines[0].strip() == b"---"
    if front:  # YAML front matter: up to the closing ---
        header_end = next(
            (i for i in range(1, len(lines)) if lines[i].strip() in (b"---", b"...")), len(lines)
        )
    for index in range(header_end):
        match = BOOKED_LINE.match(lines[index])
        if match:
            key = match[1].rstrip(b" \t:")
            lines[index] = key + (b": " + value if value else b":") + (match[3] or b"")
            return b"".join(lines)
    for index in range(header_end):
        match = SLOTS_LINE.match(lines[index])
        if match:
            key = b"booked" if front and lines[index][:1].islower() else b"Booked"
            ending = match[1] or b"\n"
            lines[index] = lines[index].rstrip(b"\r\n") + ending  # the last line had none
            lines.insert(index + 1, key + b": " + value + (ending if match[1] else b""))
            return b"".join(lines)
    raise BookingError("the event has no Slots line")  # a loaded event with slots has one


def book(config: Config, class_id: str, event: str, time: str, free: bool = False) -> Booked:
    """Mark `time` (a start time like 15:30, or a slot's code) booked, or free with `free`."""
    school = load_school(config)
    item = find_event(school, class_id, event, config.content_path)
    signups = item.original.signups
    if not signups or not signups.slots:
        raise BookingError(
            f"{item.original.source} has no Slots; add `Slots: 15` (minutes each) to book times"
        )
    slot = find_slot(signups.slots, time)
    if slot is None:
        starts = ", ".join(f"{s.start:%H:%M}" for s in signups.slots)
        raise BookingError(f"{time!r} is not a time of {item.slug}; its times are {starts}")
    if slot.booked != free:
        state = "free" if free else "booked"
        raise BookingError(f"{slot.start:%H:%M} ({slot.code}) is already {state}; nothing changed")
    taken = [s for s in signups.slots if s.booked != (s == slot)]
    path = config.content_path / item.original.source
    path.write_bytes(rewrite_booked(path.read_bytes(), [booked_time(s) for s in taken]))
    left = tuple(s for s in signups.slots if not s.booked and s != slot) + ((slot,) if free else ())
    left = tuple(sorted(left, key=lambda s: s.start.timestamp()))
    return Booked(path, slot, left, signups.total)


def booked_time(slot: Slot) -> str:
    """A slot as the Booked line writes it: its start, with the code's B on a repeated hour."""
    return f"{slot.start:%H:%M}" + ("B" if slot.code.endswith("B") else "")


def run(settings: dict, class_id: str, event: str, time: str, free: bool) -> str:
    """`invoke book`: the report to print, or a BookingError (a usage mistake too)."""
    if not class_id or not event:
        raise BookingError("usage: invoke book --class C --event SLUG-OR-FILE [--free] TIME")
    done = book(load_config(settings), class_id, event, time, free=free)
    return done.report(freed=free)
