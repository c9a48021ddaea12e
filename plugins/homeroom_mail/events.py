"""A class's events as the built site publishes them: its calendar.ics, read with icalendar.

"New" for an event is decided like a post's: its UID (homeroom_events.event_uid) is the same in
every language and across edits, so an edited or moved event is the same item. Only the class
calendar's VEVENTs count (an event page's own .ics and its per-time .ics files are not
events). The sign-ups an email summarizes ("5 of 16 times still free") are the counts the theme
wrote on the event page of the same build (data-* attributes, from the model): never anything
the page's content could write.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar

from homeroom_school import urls
from homeroom_school.model import When

from .published import SiteError


@dataclass(frozen=True)
class SignupCounts:
    """An event's sign-ups as its page counts them: what an email's summary line says."""

    total: int  # times to book
    free_count: int
    helpers: int  # helpers needed in all
    helpers_found: int

    @property
    def helpers_needed(self) -> int:
        return self.helpers - self.helpers_found


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
    signups: SignupCounts | None  # times free of how many, helpers wanted: as its page says


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


# What the theme writes on an event page's sign-up sections, from the model (signups.html):
# data-* attributes, which content never keeps (the sanitizer's allow-list has none), so a
# body that imitates the theme's list (`<li class="slot booked">`) is never counted.
COUNTS = {
    "times": ("data-slots", "data-slots-free"),
    "helpers": ("data-helpers", "data-helpers-found"),
}


class _PageCounts(HTMLParser):
    """The counts the theme wrote on an event page: the first of each pair of attributes."""

    def __init__(self):
        super().__init__()
        self.counts: dict[str, tuple[int, int]] = {}

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        for kind, (all_name, part_name) in COUNTS.items():
            if kind in self.counts or all_name not in found:
                continue
            whole, part = found.get(all_name) or "", found.get(part_name) or ""
            if whole.isdigit() and part.isdigit() and int(part) <= int(whole):
                self.counts[kind] = (int(whole), int(part))


def page_signups(page: Path) -> SignupCounts | None:
    """The event page's sign-up counts, or None when it asks for none (or was not written)."""
    try:
        html = page.read_text(encoding="utf-8")
    except OSError:
        return None
    parser = _PageCounts()
    parser.feed(html)
    (total, free), (helpers, found) = (parser.counts.get(k, (0, 0)) for k in COUNTS)
    if not total and not helpers:
        return None
    return SignupCounts(total, free, helpers, found)


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
                signups=page_signups(output / page / "index.html"),
            )
        )
    return sorted(events, key=lambda event: (event.when.start, event.item))
