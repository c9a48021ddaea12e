"""homeroom_events: iCalendar feeds families subscribe to, and one .ics per event.

Signals: `get_generators` adds CalendarsGenerator, which writes in generate_output, from the
school model: /<lang>/<class>/calendar.ics, /<lang>/calendar.ics, and each event page's
/<lang>/<class>/events/<slug>/<slug>.ics. The event pages themselves are homeroom_site's.
"""

from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from homeroom_i18n import Catalogs
from homeroom_school import config_of, school_of, urls
from homeroom_school.views import Shown, show

from .ical import CalendarEvent, calendar

__all__ = ["CalendarsGenerator", "register"]


def event_uid(shown: Shown, authority: str) -> str:
    """The same in every language and across edits: calendar apps update, never duplicate."""
    return f"{shown.item.class_id}-event-{shown.item.slug}@{authority}"


class CalendarsGenerator(Generator):
    """Writes every class's and every language's calendar, and one .ics per event page."""

    def generate_output(self, writer) -> None:
        self.school = school_of(self.context)
        self.config = config_of(self.context)
        catalogs = Catalogs(self.config.translations_path)
        school = self.school
        for school_class in school.classes.values():
            events = school.published_events(school_class.id)
            for lang in school_class.languages:
                _ = catalogs[lang].gettext
                name = f"{school_class.name_in(lang)} · {school.name}"
                entries = [self.entry(show(school, item, lang)) for item in events]
                self.write(
                    urls.class_calendar(lang, school_class.id),
                    calendar(entries, name, _("Events of %(class)s") % {"class": name}),
                )
                for item, entry in zip(events, entries, strict=True):
                    self.write(
                        urls.event_calendar(lang, school_class.id, item.slug),
                        calendar([entry], name),
                    )
        for lang in school.languages:
            _ = catalogs[lang].gettext
            entries = [self.entry(show(school, item, lang)) for item in school.events_in(lang)]
            self.write(
                urls.school_calendar(lang),
                calendar(entries, school.name, _("Events of %(class)s") % {"class": school.name}),
            )

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
        target = Path(self.output_path) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        signals.content_written.send(str(target), context=self.context)


def get_generators(pelican):
    return CalendarsGenerator


def register():
    # get_generators: calendars are written from the school model, like the feeds.
    signals.get_generators.connect(get_generators)
