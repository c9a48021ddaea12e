"""Which monthly newsletters a class has, and what each holds: pure, from the school model.

A month has a newsletter when the class published a post in it, or wrote a note for it. Its
"issue date" is the first day of the next month: the newsletter reaches feeds from then on
(one digest a month), and lists the events of the weeks after it.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .model import Item, School


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


def month_of(moment: datetime) -> str:
    return f"{moment.year:04d}-{moment.month:02d}"


def next_month(first_day: date) -> date:
    return (first_day.replace(day=28) + timedelta(days=4)).replace(day=1)


def issues(school: School, class_id: str, weeks: int, timezone) -> list[Issue]:
    """Every newsletter of a class, oldest first."""
    posts = school.published_news(class_id)
    notes = {m: n for m, n in school.notes.get(class_id, {}).items() if not n.draft}
    months = sorted({month_of(item.date) for item in posts} | set(notes))
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
            posts=tuple(reversed([item for item in posts if month_of(item.date) == month])),
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
