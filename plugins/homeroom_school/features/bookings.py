"""`invoke book`: mark a time of an event booked (or free again) by rewriting its `Booked`.

Only that value of the event's original file changes, in the form the file writes it
(`booked_forms`); every other byte stays as it was (line ends included), and the file is read
again before it is written: a form not edited safely writes nothing. `Booked` holds start
times only: who booked is never written.
"""

from dataclasses import dataclass
from pathlib import Path

from homeroom_school.features.booked_forms import FormError, replace_booked
from homeroom_school.features.signups import booked_text, find_slot, not_a_slot
from homeroom_school.model import Item, School, Slot
from homeroom_school.problems import ContentError
from homeroom_school.reading.front_matter import decode, split_header
from homeroom_school.reading.loading import load_school
from homeroom_school.settings import Config


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


def find_event(school: School, class_id: str, event: str, config: Config) -> Item:
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
            source = config.content_path / version.source
            if wanted.name == source.name and (
                len(wanted.parts) == 1 or wanted.resolve() == source.resolve()
            ):
                return item
    problems = [
        str(p) for p in school.problems if f"{config.classes_path}/{class_id}/events/" in p.path
    ]
    hint = ("; first fix: " + "; ".join(problems)) if problems else ""
    known = ", ".join(item.slug for item in events) or "none"
    raise BookingError(
        f"{class_id} has no event {event!r} (its events: {known}); name it by its slug or its "
        f"file{hint}"
    )


def rewrite_booked(raw: bytes, times: list[str], path: str = "the event") -> bytes:
    """The file with its Booked value set to `times`, in the form it is written in (added
    after Slots when it has none), or a BookingError when that form is not edited safely."""
    try:
        text = raw.decode("utf-8")
        new = replace_booked(text, times).encode("utf-8")
    except (UnicodeDecodeError, FormError) as error:
        raise BookingError(f"{path} {error}; nothing was changed") from None
    try:
        header, _, _ = split_header(decode(new, path), path)  # read back as a build reads it
        again = [t.strip() for t in booked_text(header).split(",") if t.strip()]
    except ContentError:
        again = None
    if again != times:
        raise BookingError(
            f"{path} writes Booked in a way `invoke book` cannot edit safely; write it as one "
            "line, like `Booked: 15:30, 16:45`, and run the command again; nothing was changed"
        )
    return new


def book(config: Config, class_id: str, event: str, time: str, free: bool = False) -> Booked:
    """Mark `time` (a start time like 15:30 or 3:30pm, or a slot's code) booked, or free with
    `free`; the file gets every booked time on a 24-hour clock."""
    school = load_school(config)
    item = find_event(school, class_id, event, config)
    signups = item.original.signups
    if not signups or not signups.slots:
        raise BookingError(
            f"{item.original.source} has no Slots; add `Slots: 15` (minutes each) to book times"
        )
    slot = find_slot(signups.slots, time)
    if slot is None:
        starts = ", ".join(f"{s.start:%H:%M}" for s in signups.slots)
        why = not_a_slot(time, item.original.when, signups)
        raise BookingError(
            f"{time!r} is not a time of {item.slug}: it {why}; its times are {starts}"
        )
    if slot.booked != free:
        state = "free" if free else "booked"
        raise BookingError(f"{slot.start:%H:%M} ({slot.code}) is already {state}; nothing changed")
    taken = [s for s in signups.slots if s.booked != (s == slot)]
    path = config.content_path / item.original.source
    times = [booked_time(s) for s in taken]
    path.write_bytes(rewrite_booked(path.read_bytes(), times, item.original.source))
    left = tuple(s for s in signups.slots if not s.booked and s != slot) + ((slot,) if free else ())
    left = tuple(sorted(left, key=lambda s: s.start.timestamp()))
    return Booked(path, slot, left, signups.total)


def booked_time(slot: Slot) -> str:
    """A slot as the Booked line writes it: its start, with the code's B on a repeated hour."""
    return f"{slot.start:%H:%M}" + ("B" if slot.code.endswith("B") else "")


def run(config: Config, class_id: str, event: str, time: str, free: bool) -> str:
    """`invoke book`: the report to print, or a BookingError (a usage mistake too)."""
    if not class_id or not event:
        raise BookingError("usage: invoke book --class C --event SLUG-OR-FILE [--free] TIME")
    done = book(config, class_id, event, time, free=free)
    return done.report(freed=free)
