"""iCalendar (RFC 5545) documents from events: pure, deterministic, with their VTIMEZONEs."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache

from icalendar import Calendar, Event, Timezone

from homeroom_school.model import When

PRODID = "-//Homeroom//Class calendars//EN"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # stable across edits and translations
    stamp: datetime  # DTSTAMP: from the content (Modified, else Start), never the clock
    when: When
    title: str
    description: str  # plain text
    location: str
    url: str  # absolute URL of the event's page
    lang: str  # the language the text is written in


def _vevent(event: CalendarEvent) -> Event:
    vevent = Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", event.stamp.astimezone(UTC))
    when = event.when
    if when.all_day:
        vevent.add("dtstart", when.first_day)
        vevent.add("dtend", when.day_after)  # exclusive: the day after the last day
    else:
        vevent.add("dtstart", when.start)
        vevent.add("dtend", when.end)
    vevent.add("summary", event.title, parameters={"LANGUAGE": event.lang})
    if event.description:
        vevent.add("description", event.description, parameters={"LANGUAGE": event.lang})
    if event.location:
        vevent.add("location", event.location, parameters={"LANGUAGE": event.lang})
    vevent.add("url", event.url)
    return vevent


def calendar(events: list[CalendarEvent], name: str, description: str = "") -> bytes:
    """A VCALENDAR with every event, CRLF line ends, folded lines, and one VTIMEZONE per TZID."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    if description:
        cal.add("x-wr-caldesc", description)
    for event in events:
        cal.add_component(_vevent(event))
    data = cal.to_ical()
    if not events:
        return data
    years = [event.when.start.year for event in events] + [event.when.end.year for event in events]
    zones = sorted({e.when.start.tzinfo.key for e in events if not e.when.all_day})
    # A VTIMEZONE for every TZID, before the events that use it; serialized once per build
    # (every calendar of a school shares it, and writing its transitions out is slow).
    timezones = b"".join(vtimezone(zone, min(years) - 1, max(years) + 2) for zone in zones)
    first_event = data.index(b"BEGIN:VEVENT")
    return data[:first_event] + timezones + data[first_event:]


@lru_cache(maxsize=64)
def vtimezone(zone: str, first_year: int, last_year: int) -> bytes:
    """A zone's transitions from a year before the events to a year after, as iCalendar text:
    small, and never dependent on the clock."""
    component = Timezone.from_tzid(
        zone, first_date=date(first_year, 1, 1), last_date=date(last_year, 1, 1)
    )
    return component.to_ical()
