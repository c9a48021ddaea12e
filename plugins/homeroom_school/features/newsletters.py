"""Which monthly newsletters a class has, and what each holds: model data, from the school.

A month has a newsletter when the class published a post in it, or wrote a note for it. Its
"issue date" is the first day of the next month: the newsletter reaches feeds from then on
(one digest a month), and lists the events of the weeks after it. `plan_newsletters` computes
every class's issues and their editions (an issue in one of the class's languages) once per
build, purely from the school; `newsletters_of` keeps them in the context, where the planner
(web pages), the feeds and the email edition all read them, so the three never disagree.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple

from homeroom_school import config_of, school_of, slots, urls
from homeroom_school.model import Item, School, SchoolClass
from homeroom_school.views import Shown, show


@dataclass(frozen=True)
class Issue:
    class_id: str
    month: str  # "YYYY-MM"
    first_day: date
    issue_date: date  # the first day of the next month
    posts: tuple[Item, ...]  # the month's published posts, oldest first
    note: Item | None
    events: tuple[Item, ...]  # events in the weeks after the issue date, soonest first
    issued: datetime  # midnight of the issue date, in the site's time zone


@dataclass(frozen=True)
class Edition:
    """An issue as the readers of one of its class's languages get it: on the web, by email
    and in the feeds alike."""

    issue: Issue
    lang: str
    school_class: SchoolClass
    note: Shown | None
    posts: tuple[Shown, ...]
    events: tuple[Shown, ...]

    @property
    def url(self) -> str:
        return urls.newsletter(self.lang, self.issue.class_id, self.issue.month)

    def email_url(self, kind: str = "html") -> str:
        return urls.newsletter_email(self.lang, self.issue.class_id, self.issue.month, kind)

    def template_vars(self, absolute_url: str) -> dict:
        """What the newsletter's templates show (web page, email, feed entry)."""
        class_id = self.issue.class_id
        calendar = f"{absolute_url}/{urls.class_calendar(self.lang, class_id)}"
        return {
            "school_class": self.school_class,
            "issue": self.issue,
            "note": self.note,
            "posts": list(self.posts),
            "events": list(self.events),
            "class_url": urls.class_home(self.lang, class_id),
            "calendar_url": calendar,
            "webcal_url": urls.webcal(calendar),
        }


@dataclass(frozen=True)
class Newsletters:
    """Every class's newsletters in one build: its issues, and their editions per language."""

    issues: dict[str, tuple[Issue, ...]]  # class id -> its issues, oldest first
    editions: dict[tuple[str, str], tuple[Edition, ...]]  # (class id, lang) -> oldest first

    def of(self, class_id: str) -> tuple[Issue, ...]:
        return self.issues.get(class_id, ())

    def in_language(self, class_id: str, lang: str) -> tuple[Edition, ...]:
        return self.editions.get((class_id, lang), ())

    def issued(self, class_id: str, lang: str, today: date) -> list[Edition]:
        """The editions whose month is over by `today`: the ones feeds carry."""
        return [e for e in self.in_language(class_id, lang) if e.issue.issue_date <= today]

    def every_edition(self) -> list[Edition]:
        """Every edition: class by class, language by language, oldest first."""
        return [edition for found in self.editions.values() for edition in found]


def month_of(moment: datetime) -> str:
    return f"{moment.year:04d}-{moment.month:02d}"


def next_month(first_day: date) -> date:
    return (first_day.replace(day=28) + timedelta(days=4)).replace(day=1)


def issues(school: School, class_id: str, weeks: int, timezone) -> list[Issue]:
    """Every newsletter of a class, oldest first."""
    posts = school.published_news(class_id)
    notes = {m: n for m, n in school.notes.get(class_id, {}).items() if not n.draft}
    by_month: dict[str, list[Item]] = {}
    for item in posts:
        by_month.setdefault(month_of(item.date), []).append(item)
    months = sorted(by_month.keys() | notes.keys())
    events = school.published_events(class_id)
    found = []
    for month in months:
        year, number = (int(part) for part in month.split("-"))
        first_day = date(year, number, 1)
        issue_date = next_month(first_day)
        until = issue_date + timedelta(weeks=weeks)
        issue = Issue(
            class_id=class_id,
            month=month,
            first_day=first_day,
            issue_date=issue_date,
            posts=tuple(reversed(by_month.get(month, []))),
            note=notes.get(month),
            events=tuple(
                item
                for item in events
                if item.when.last_day >= issue_date and item.when.first_day < until
            ),
            issued=datetime.combine(issue_date, datetime.min.time(), tzinfo=timezone),
        )
        found.append(issue)
    return found


def edition(school: School, issue: Issue, lang: str) -> Edition:
    """The issue for a reader of `lang`."""
    return Edition(
        issue=issue,
        lang=lang,
        school_class=school.classes[issue.class_id],
        note=show(school, issue.note, lang) if issue.note else None,
        posts=tuple(show(school, item, lang) for item in issue.posts),
        events=tuple(show(school, item, lang) for item in issue.events),
    )


class KeptNewsletters(NamedTuple):
    """The preview's memory of one class's newsletters (`ReadingMemory.newsletters`)."""

    inputs: tuple  # what they were made of (class_inputs)
    issues: tuple  # the class's issues
    editions: dict  # language -> the issues as shown in it


def plan_newsletters(school: School, weeks: int, timezone, kept: dict | None = None) -> Newsletters:
    """Every class's issues, and each in every language the class offers.

    `kept` (the preview's, ReadingMemory.newsletters: class id -> KeptNewsletters)
    gives a class whose posts, notes and events are the very same objects as last build
    last build's issues and editions; it is left holding this build's."""
    found, editions, now = {}, {}, {}
    for class_id, school_class in school.classes.items():
        inputs = class_inputs(school, class_id)
        known = kept.get(class_id) if kept is not None else None
        if known is not None and same_objects(known.inputs, inputs):
            planned, in_languages = known.issues, known.editions
        else:
            planned = tuple(issues(school, class_id, weeks, timezone))
            in_languages = {
                lang: tuple(edition(school, issue, lang) for issue in planned)
                for lang in school_class.languages
            }
        now[class_id] = KeptNewsletters(inputs, planned, in_languages)
        found[class_id] = planned
        for lang, listed in in_languages.items():
            editions[(class_id, lang)] = listed
    if kept is not None:
        kept.clear()
        kept.update(now)
    return Newsletters(issues=found, editions=editions)


def class_inputs(school: School, class_id: str) -> tuple:
    """What a class's newsletters are made of: its class, posts, notes and events, and what
    an edition shows of the school (its classes and languages)."""
    return (
        school.classes[class_id],
        *school.news.get(class_id, []),
        None,
        *school.notes.get(class_id, {}).values(),
        None,
        *school.events.get(class_id, []),
        None,
        *school.classes.values(),
        *school.languages,
    )  # the settings (weeks, time zone) change only with a restart of the preview


def same_objects(before: tuple, now: tuple) -> bool:
    return len(before) == len(now) and all(a is b for a, b in zip(before, now, strict=True))


def newsletters_of(context: dict) -> Newsletters:
    """This build's newsletters: planned from the school on first use, then shared."""
    if not slots.NEWSLETTERS.filled(context):
        config = config_of(context)
        school = school_of(context)
        kept = config.reading.kept_newsletters()
        newsletters = plan_newsletters(school, config.newsletter_weeks, config.timezone, kept)
        slots.NEWSLETTERS.put(context, newsletters)
    return slots.NEWSLETTERS.of(context)
