"""homeroom_events: iCalendar feeds families subscribe to, and one .ics per event.

Signals: `get_generators` adds CalendarsGenerator, which writes in generate_output, from the
school model: /<lang>/<class>/calendar.ics, /<lang>/calendar.ics, each event page's
/<lang>/<class>/events/<slug>/<slug>.ics, and one .ics per bookable time of an event with
`Slots` (/<lang>/<class>/events/<slug>/slots/<code>.ics). The event pages are homeroom_site's.
"""

from dataclasses import replace

from pelican import signals

from homeroom_i18n import Catalogs
from homeroom_output.generator import HomeroomGenerator
from homeroom_school import urls
from homeroom_school.model import When
from homeroom_school.views import Shown, show

from .ical import CalendarEvent, calendar

__all__ = ["CalendarsGenerator", "register"]


def event_uid(shown: Shown, authority: str) -> str:
    """The same in every language and across edits: calendar apps update, never duplicate."""
    return f"{shown.item.class_id}-event-{shown.item.slug}@{authority}"


def slot_uid(shown: Shown, code: str, authority: str) -> str:
    """One bookable time's: the same in every language, whether it is booked or not."""
    return f"{shown.item.class_id}-event-{shown.item.slug}-{code.lower()}@{authority}"


class CalendarsGenerator(HomeroomGenerator):
    """Writes every class's and every language's calendar, and one .ics per event page."""

    def generate_output(self, writer) -> None:
        catalogs = Catalogs(self.config.translations_path)
        school, outputs = self.school, self.outputs  # looked up once: asked of every event
        for school_class in school.classes.values():
            events = school.published_events(school_class.id)
            for lang in school_class.languages:
                _ = catalogs[lang].gettext
                name = f"{school_class.name_in(lang)} · {school.name}"
                path = urls.class_calendar(lang, school_class.id)
                if not outputs.unchanged(path, lang, school_class, events):
                    described = _("Events of %(class)s") % {"class": name}
                    self.write(path, calendar(self.entries(events, lang), name, described))
                for item in events:
                    path = urls.event_calendar(lang, school_class.id, item.slug)
                    if not outputs.unchanged(path, lang, school_class, item):
                        self.write(path, calendar(self.entries([item], lang), name))
                    self.slot_calendars(item, lang, name)
        for lang in school.languages:
            _ = catalogs[lang].gettext
            events = school.events_in(lang)
            path = urls.school_calendar(lang)
            if not outputs.unchanged(path, lang, events):
                self.write(
                    path,
                    calendar(
                        self.entries(events, lang),
                        school.name,
                        _("Events of %(class)s") % {"class": school.name},
                    ),
                )

    def slot_calendars(self, item, lang: str, name: str) -> None:
        """One .ics per bookable time: the family that booked it adds it to its calendar
        (the class calendar keeps one entry for the whole event)."""
        signups = item.original.signups
        if not signups or not signups.slots:
            return
        shown = show(self.school, item, lang)
        event = self.entry(shown)
        for slot in signups.slots:
            path = urls.slot_calendar(lang, item.class_id, item.slug, slot.code)
            if self.outputs.unchanged(path, lang, item, slot):
                continue
            entry = replace(
                event,
                uid=slot_uid(shown, slot.code, self.config.feed_id_authority),
                when=When(slot.start, slot.end, False),
                title=f"{shown.title} ({slot.code})",
            )
            self.write(path, calendar([entry], name))

    def entries(self, events, lang: str) -> list[CalendarEvent]:
        return [self.entry(show(self.school, item, lang)) for item in events]

    def entry(self, shown: Shown) -> CalendarEvent:
        version = shown.version
        return CalendarEvent(
            uid=event_uid(shown, self.config.feed_id_authority),
            stamp=version.modified or shown.item.original.modified or shown.when.start,
            when=shown.when,
            title=shown.title,
            description=shown.summary,
            location=shown.location,
            url=f"{self.config.absolute_url}/{shown.url}",
            lang=shown.text_lang,
        )

    def write(self, path: str, data: bytes) -> None:
        self.outputs.write(path, data, self.context)


def get_generators(pelican):
    return CalendarsGenerator


def register():
    # get_generators: calendars are written from the school model, like the feeds.
    signals.get_generators.connect(get_generators)
