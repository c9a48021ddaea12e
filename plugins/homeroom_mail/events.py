"""A class's events as the built site publishes them: its calendar.ics, read with icalendar.

"New" for an event is decided like a post's: its UID (homeroom_events.event_uid) is the same in
every language and across edits, so an edited or moved event is the same item. Only the class
calendar's VEVENTs count (an event page's own .ics and its per-time .ics files are not
events). The sign-ups an email summarizes ("5 of 16 times still free") are read from the event
page the same build wrote, in the reader's language.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar

from homeroom_school import urls
from homeroom_school.model import Signups, Slot, When

from .published import SiteError


@dataclass(frozen=True)
class Event:
    item: str  # language-free, what the ledger records: <class>/events/<slug>
    slug: str
    title: str
    text_lang: str  # the language the title and description are written in
    description: str
    location: str
    when: When  # in the site's time zone
    stamp: datetime  # DTSTAMP: Modified, else Start (from the content)
    url: str  # the event page, absolute
    ics_url: str  # its "add to calendar" .ics, absolute
    signups: Signups | None  # the times to book and helpers wanted, as the page shows them


def event_item(class_id: str, slug: str) -> str:
    return f"{class_id}/events/{slug}"


def _moment(value, zone: ZoneInfo) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(zone) if value.tzinfo else value.replace(tzinfo=zone)
    return datetime.combine(value, time(), zone)


def _when(component, zone: ZoneInfo) -> When:
    start = component.decoded("DTSTART")
    end = component.decoded("DTEND") if "DTEND" in component else start
    if isinstance(start, date) and not isinstance(start, datetime):
        last = end - timedelta(days=1) if end > start else start  # DTEND is exclusive
        return When(_moment(start, zone), _moment(last, zone), True)
    return When(_moment(start, zone), _moment(end, zone), False)


class _PageSignups(HTMLParser):
    """The times (`li.slot`, `booked` when taken) and helpers an event page lists."""

    def __init__(self):
        super().__init__()
        self.slots: list[bool] = []  # booked?
        self.helpers = (0, 0)

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if tag == "li" and "slot" in classes:
            self.slots.append("booked" in classes)
        if "data-helpers" in found:
            needed, got = found.get("data-helpers", "0"), found.get("data-helpers-found", "0")
            if needed.isdigit() and got.isdigit():
                self.helpers = (int(needed), int(got))


def page_signups(page: Path, when: When) -> Signups | None:
    """The event page's sign-ups, or None when it asks for none (or was not written)."""
    try:
        html = page.read_text(encoding="utf-8")
    except OSError:
        return None
    parser = _PageSignups()
    parser.feed(html)
    if not parser.slots and not parser.helpers[0]:
        return None
    slots = tuple(Slot(when.start, when.end, str(n), b) for n, b in enumerate(parser.slots))
    return Signups("", slots, helpers=parser.helpers[0], helpers_found=parser.helpers[1])


def read_events(output: Path, address: str, lang: str, class_id: str, zone: ZoneInfo):
    """The class's events in `lang`, from DIR/<lang>/<class>/calendar.ics, soonest first."""
    name = urls.class_calendar(lang, class_id)
    try:
        calendar = Calendar.from_ical((output / name).read_bytes())
    except (OSError, ValueError):
        raise SiteError(
            f"{output.name}/ has no readable {name}: run `invoke publish` first, then "
            "`invoke send --output` that folder"
        ) from None
    prefix = f"{class_id}-event-"
    events = []
    for component in calendar.walk("VEVENT"):
        uid = str(component.get("UID", ""))
        slug = uid.partition("@")[0].removeprefix(prefix)
        if not uid.startswith(prefix) or not slug:
            continue  # not one of this class's events
        when = _when(component, zone)
        summary = component.get("SUMMARY", "")
        location = component.get("LOCATION", "")
        page = urls.event_page(lang, class_id, slug)
        events.append(
            Event(
                item=event_item(class_id, slug),
                slug=slug,
                title=str(summary),
                text_lang=summary.params.get("LANGUAGE", lang) if summary else lang,
                description=str(component.get("DESCRIPTION", "")),
                location=str(location),
                when=when,
                stamp=_moment(component.decoded("DTSTAMP"), zone),
                url=f"{address}/{page}",
                ics_url=f"{address}/{urls.event_calendar(lang, class_id, slug)}",
                signups=page_signups(output / page / "index.html", when),
            )
        )
    return sorted(events, key=lambda event: (event.when.start, event.item))
