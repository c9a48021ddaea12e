"""The school as plain data: classes, languages and their items, built once per build."""

import heapq
import itertools
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

# Text that may differ per language: {"en": "Grade 3B", "es": "3.º B"}.
LocalText = dict[str, str]


def in_language(text: LocalText, lang: str, fallbacks: list[str] | tuple[str, ...] = ()) -> str:
    """The text in `lang`, else in the first fallback that has it, else any."""
    for candidate in (lang, *fallbacks):
        if candidate in text:
            return text[candidate]
    return next(iter(text.values()), "")


@dataclass(frozen=True)
class Contact:
    """How families reach a class's teacher: shown on every class page."""

    email: str = ""
    phone: str = ""
    sms: str = ""  # a number that receives texts, as `+` and digits (an sms: link's)
    response_time: LocalText = field(default_factory=dict)
    office_hours: LocalText = field(default_factory=dict)


@dataclass(frozen=True)
class SchoolClass:
    """One class, from classes/<id>/class.yml."""

    id: str
    name: LocalText
    teachers: tuple[str, ...]
    languages: tuple[str, ...]  # the first is the language the class writes in
    goals: dict[str, LocalText]
    contact: Contact
    source: str
    # Every photo of the class's posts, events and newsletters must say whom it shows
    # (`Shows:`), as it must anyway when a child of the class has no photo consent.
    photos_need_shows: bool = False
    # What class.yml says in fewer languages than the class publishes in (warnings).
    warnings: tuple = ()
    # The school year's last day (`year_ends`): its portfolios go offline some days after it.
    year_ends: date | None = None

    def name_in(self, lang: str) -> str:
        return in_language(self.name, lang, self.languages)


VISIBILITIES = ("family", "link", "public")  # narrowest first
# A student's, in student.yml: never public as a whole (each piece is, on purpose).
STUDENT_VISIBILITIES = VISIBILITIES[:2]


@dataclass(frozen=True)
class Student:
    """One child, from classes/<class>/portfolio/<id>/student.yml."""

    id: str
    class_id: str
    name: str  # a display name, never a full legal name
    family_languages: tuple[str, ...]  # the portfolio is shown in the first
    photo_consent: bool
    visibility: str  # family | link (never public: STUDENT_VISIBILITIES)
    source: str

    @property
    def key(self) -> str:
        return f"{self.class_id}/{self.id}"

    @property
    def lang(self) -> str:
        return self.family_languages[0]


@dataclass(frozen=True)
class PhotoUse:
    """A photo (or a clip, written like one) as content uses it: which file, with which alt
    text, written where."""

    source: str  # the photo, relative to content/
    alt: str
    used_in: str  # the Markdown file, relative to content/
    line: int | None
    private: bool = False  # on a family or link portfolio only: never published as a file


@dataclass(frozen=True)
class When:
    """When an event happens, in the site's time zone."""

    start: datetime  # all-day events: midnight of the first day
    end: datetime  # all-day events: midnight of the last day (inclusive); else the end time
    all_day: bool

    @property
    def first_day(self) -> date:
        return self.start.date()

    @property
    def last_day(self) -> date:
        return self.end.date()

    @property
    def day_after(self) -> date:
        """iCalendar's exclusive DTEND of an all-day event."""
        return self.last_day + timedelta(days=1)

    def is_over(self, today: date) -> bool:
        return self.last_day < today


@dataclass(frozen=True)
class Slot:
    """One bookable time of an event (homeroom_school.features.signups makes them)."""

    start: datetime  # in the site's time zone
    end: datetime
    code: str  # what a family replies with: `<event code>-<HHMM>`, A-Z0-9-, at most 12
    booked: bool  # who booked is never known here


@dataclass(frozen=True)
class Pause:
    """A span of an event without slots."""

    start: datetime
    end: datetime


@dataclass(frozen=True)
class Signups:
    """An event's times to book (`Slots`) and volunteers wanted (`Helpers`)."""

    code: str  # the event's part of every code: 5 characters from its class and slug
    slots: tuple[Slot, ...] = ()
    pauses: tuple[Pause, ...] = ()
    interpreters: tuple[str, ...] = ()  # language codes an interpreter is there for
    helpers: int = 0  # helpers needed in all (0: the event asks for none)
    helpers_found: int = 0

    @property
    def total(self) -> int:
        return len(self.slots)

    @property
    def free(self) -> tuple[Slot, ...]:
        return tuple(slot for slot in self.slots if not slot.booked)

    @property
    def free_count(self) -> int:
        return len(self.free)

    @property
    def helpers_needed(self) -> int:
        """How many helpers are still wanted."""
        return self.helpers - self.helpers_found

    @property
    def helper_code(self) -> str:
        """What a volunteer replies with; '' when the event asks for no helpers."""
        return f"{self.code}-HELP" if self.helpers else ""

    def slot(self, code: str) -> Slot | None:
        return next((slot for slot in self.slots if slot.code == code.upper()), None)


@dataclass(frozen=True)
class Version:
    """One language's text of an item: one Markdown file."""

    lang: str
    title: str
    summary: str  # plain text
    body: str  # sanitized HTML; internal links are tokens (see links.py)
    source: str  # path relative to the content folder
    date: datetime
    modified: datetime | None
    tags: tuple[str, ...] = ()
    image: str | None = None  # photo token of the cover image
    image_alt: str = ""
    image_shows: str | None = None  # the cover's `Shows:` line, if written: only checked
    draft: bool = False  # not published: `Status: draft`, or scheduled
    # A post or school page dated after the build's today: held like a draft until that day
    # (published builds leave it out; the preview shows it marked "Scheduled for <date>").
    scheduled: date | None = None
    when: When | None = None  # events only
    location: str = ""  # events only
    signup: str = ""  # events only: a URL
    signups: Signups | None = None  # events only: the original's Slots and Helpers
    goals: tuple[str, ...] = ()  # portfolio entries only: ids from class.yml
    # News posts only: the teacher's recording (`Audio:`), a path relative to content/, and
    # the header's line. Each translation has its own, in its own language; it is published
    # transcoded by homeroom_audio and is an episode of that language's podcast.
    audio: str | None = None
    audio_line: int | None = None
    visibility: str | None = None  # portfolio entries only: as written, if written

    @property
    def updated(self) -> datetime:
        return self.modified or self.date


@dataclass(frozen=True)
class Item:
    """A post or a school page, with its versions in every language it was written in."""

    kind: str  # "news", "event", "entry" (portfolio), "note" (newsletter) or "page"
    class_id: str | None  # None for school pages
    slug: str
    original_lang: str
    versions: dict[str, Version]
    student: str | None = None  # portfolio entries only
    visibility: str | None = None  # portfolio entries only: the entry's, or its student's

    @property
    def key(self) -> str:
        """Stable identity across edits and translations: kind/class[/student]/slug."""
        owner = f"{self.class_id}/{self.student}" if self.student else self.class_id or "-"
        return f"{self.kind}/{owner}/{self.slug}"

    @property
    def original(self) -> Version:
        return self.versions[self.original_lang]

    @property
    def date(self) -> datetime:
        return self.original.date

    @property
    def draft(self) -> bool:
        return self.original.draft

    @property
    def when(self) -> When | None:
        return self.original.when

    def version_in(self, lang: str) -> Version:
        """The translation in `lang`, or the original when there is none yet."""
        return self.versions.get(lang) or self.original


def soonest_first(events: list[Item]) -> list[Item]:
    """Events by start, then slug."""
    return sorted(events, key=lambda item: (item.when.start.timestamp(), item.slug))


def newest_first(items: list[Item]) -> list[Item]:
    """Items by date, newest first; ties broken by slug so the order never varies."""
    return sorted(items, key=lambda item: (-item.date.timestamp(), item.slug))


@dataclass
class School:
    """Everything a build publishes, grouped once for every generator and template."""

    name: str
    default_lang: str
    languages: list[str]  # every class's languages, the default first
    classes: dict[str, SchoolClass]  # by id, in id order
    news: dict[str, list[Item]]  # per class id, newest first, drafts included
    events: dict[str, list[Item]]  # per class id, soonest first, drafts included
    pages: list[Item]  # school pages, by slug
    media: dict[str, str]  # published path -> source path (relative to content/): PDFs
    photos: dict[str, PhotoUse]  # photo token id -> use; published as resized derivatives
    items: dict[str, Item]  # every item by its key
    students: dict[str, Student] = field(default_factory=dict)  # by "<class>/<student>"
    entries: dict[str, list[Item]] = field(default_factory=dict)  # by student key, newest first
    notes: dict[str, dict[str, Item]] = field(default_factory=dict)  # class -> "YYYY-MM" -> note
    # Files portfolio entries attach (inlined into their page): source path -> (size, mtime),
    # so that the preview makes the page again when the file changes.
    attachments: dict[str, tuple] = field(default_factory=dict)
    clips: dict[str, PhotoUse] = field(default_factory=dict)  # clip token id -> use: videos
    problems: list = field(default_factory=list)
    scheduled: dict[str, date] = field(default_factory=dict)  # file -> the day it comes out
    # what the methods below found, by what they were asked: the school never changes
    found: dict = field(default_factory=dict, repr=False, compare=False)

    def classes_in(self, lang: str) -> list[SchoolClass]:
        return [c for c in self.classes.values() if lang in c.languages]

    def published_news(self, class_id: str) -> list[Item]:
        """A class's posts but drafts, newest first (found once: every page lists them)."""
        key = ("news", class_id)
        if key not in self.found:
            self.found[key] = [item for item in self.news.get(class_id, []) if not item.draft]
        return self.found[key]

    def news_in(self, lang: str, limit: int | None = None) -> list[Item]:
        """Every published post of the classes that publish in `lang`, newest first; the
        first `limit` of them: merged from the classes' lists, which are in that order."""
        lists = [self.published_news(c.id) for c in self.classes_in(lang)]
        merged = heapq.merge(*lists, key=lambda item: (-item.date.timestamp(), item.slug))
        return list(itertools.islice(merged, limit))

    def last_news_change(self, lang: str) -> datetime | None:
        """When a post in `lang` last changed (its Modified, else its Date): a home's lastmod."""
        dates = []
        for school_class in self.classes_in(lang):
            key = ("last news change", school_class.id)
            if key not in self.found:
                posts = self.published_news(school_class.id)
                self.found[key] = max((post.original.updated for post in posts), default=None)
            dates.append(self.found[key])
        return max((moment for moment in dates if moment), default=None)

    def published_events(self, class_id: str) -> list[Item]:
        """A class's events but drafts, soonest first (found once)."""
        key = ("events", class_id)
        if key not in self.found:
            self.found[key] = [item for item in self.events.get(class_id, []) if not item.draft]
        return self.found[key]

    def events_in(self, lang: str) -> list[Item]:
        """Every published event of the classes that publish in `lang`, soonest first: merged
        from the classes' lists, which are in that order (found once)."""
        key = ("events in", lang)
        if key not in self.found:
            lists = [self.published_events(c.id) for c in self.classes_in(lang)]
            order = lambda item: (item.when.start.timestamp(), item.slug)  # noqa: E731
            self.found[key] = list(heapq.merge(*lists, key=order))
        return self.found[key]

    def public_entries(self, class_id: str) -> list[Item]:
        """Portfolio entries marked public (consent checked on reading), newest first."""
        entries = [
            item
            for student in self.students.values()
            if student.class_id == class_id
            for item in self.entries.get(student.key, [])
            if item.visibility == "public" and not item.draft
        ]
        return newest_first(entries)

    def languages_of(self, item: Item) -> tuple[str, ...]:
        """The languages an item is shown in: its class's, or the whole site's."""
        if item.class_id is None:
            return tuple(self.languages)
        return self.classes[item.class_id].languages
