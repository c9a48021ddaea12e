"""iCalendar (RFC 5545) documents from events: pure, deterministic, with their VTIMEZONEs."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from icalendar import Calendar, Event, Timezone, vDDDLists, vDDDTypes, vText

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


@lru_cache(maxsize=8192)
def vevent(event: CalendarEvent) -> bytes:
    """One event as iCalendar text. Cached: an event is in its class's calendar, the school's
    and its own .ics, and serializing a component is most of a calendar's cost."""
    component = Event()
    component.add("uid", event.uid)
    component.add("dtstamp", event.stamp.astimezone(UTC))
    when = event.when
    if when.all_day:
        component.add("dtstart", when.first_day)
        component.add("dtend", when.day_after)  # exclusive: the day after the last day
    else:
        component.add("dtstart", when.start)
        component.add("dtend", when.end)
    component.add("summary", event.title, parameters={"LANGUAGE": event.lang})
    if event.description:
        component.add("description", event.description, parameters={"LANGUAGE": event.lang})
    if event.location:
        component.add("location", event.location, parameters={"LANGUAGE": event.lang})
    component.add("url", event.url)
    return component.to_ical()


def calendar(events: list[CalendarEvent], name: str, description: str = "") -> bytes:
    """A VCALENDAR with every event, CRLF line ends, folded lines, and one VTIMEZONE per TZID."""
    data = empty_calendar(name, description)
    if not events:
        return data
    years = [event.when.start.year for event in events] + [event.when.end.year for event in events]
    zones = sorted({e.when.start.tzinfo.key for e in events if not e.when.all_day})
    # A VTIMEZONE for every TZID, before the events that use it; serialized once per build
    # (every calendar of a school shares it, and writing its transitions out is slow).
    timezones = b"".join(vtimezone(zone, min(years) - 1, max(years) + 2) for zone in zones)
    end = data.rindex(b"END:VCALENDAR")
    return data[:end] + timezones + b"".join(vevent(event) for event in events) + data[end:]


@lru_cache(maxsize=1024)
def empty_calendar(name: str, description: str) -> bytes:
    """The VCALENDAR around the events, as iCalendar text. Cached: every event's own .ics
    bears its class's name, so a class's calendars share a few."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # vText: escaped like SUMMARY (icalendar writes an X- property's str as it is, and refuses
    # one with a line break); reading refuses line breaks in a class's name anyway
    cal.add("x-wr-calname", vText(name))
    if description:
        cal.add("x-wr-caldesc", vText(description))
    return cal.to_ical()


@lru_cache(maxsize=64)
def vtimezone(zone: str, first_year: int, last_year: int) -> bytes:
    """A zone's transitions from a year before the events to a year after, as iCalendar text:
    small, and never dependent on the clock."""
    component = Timezone.from_tzid(
        zone, first_date=date(first_year, 1, 1), last_date=date(last_year, 1, 1)
    )
    for rule in component.subcomponents:
        # RFC 5545 gives an onset in the local time before it (TZOFFSETFROM): 02:00 where
        # clocks spring forward to 03:00. icalendar 7 writes 03:00 there, which a client
        # reads as an hour later, so a time from 03:00 to 04:00 that day would be off.
        jump = rule["TZOFFSETTO"].td - rule["TZOFFSETFROM"].td
        if jump > timedelta(0):
            rule["DTSTART"] = vDDDTypes(rule.decoded("DTSTART") - jump)
            if "RDATE" in rule:
                dates = rule["RDATE"] if isinstance(rule["RDATE"], list) else [rule["RDATE"]]
                rule["RDATE"] = vDDDLists([d.dt - jump for group in dates for d in group.dts])
    return component.to_ical()
