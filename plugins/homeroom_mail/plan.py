"""What each subscriber gets this run, decided from the built site and the ledger: pure.

- A class new to the subscriber (no ledger record): one welcome; everything the class feed
  and the class calendar hold then is recorded as known, so the archive is never sent. The
  class's archive (its posts and newsletters on the site that are older than the feed's
  entries) is never new to anyone, even when a deleted post lets one back into the feed.
- Then only entries of the class feed the ledger does not know: a month's newsletter (it is in
  the feed once its month is over) as its own message, the email edition the build wrote; the
  posts and the events of the class calendar the ledger does not know together in one message,
  right away (`each`) or on the first run of a week (`weekly`). An event already over when it
  is first seen is never sent.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .events import Event
from .ledger import Ledger
from .published import ClassFeed, Entry
from .subscribers import Subscriber


def reading_language(subscriber: Subscriber, school_class) -> str:
    """The subscriber's language where the class publishes it, else the class's first."""
    if subscriber.lang in school_class.languages:
        return subscriber.lang
    return school_class.languages[0]


def archive(feed: ClassFeed, on_site: set[str], today: date) -> set[str]:
    """The class's posts and newsletters on the site that are not in its feed: older than
    the feed's newest entries, so never new. A newsletter whose month is not over is not in
    the feed yet either, but it is to come: it is not archive."""
    month = f"{today:%Y-%m}"
    found = set()
    for item in on_site - set(feed.items):
        _, kind, name = item.split("/", 2)
        if kind == "news" or (kind == "newsletter" and name < month):
            found.add(item)
    return found


def upgraded(known: set[str], feed: ClassFeed) -> set[str]:
    """What a version 2 record knew without saying: it kept only the feed's entries, so a
    feed entry older than the oldest post it knows (one that came back when a newer one was
    deleted since) was there before."""
    dates = [e.published for e in feed.entries if e.item in known and not e.month]
    return {e.item for e in feed.entries if dates and e.published < min(dates)}


def weekly_due(last: str, today: date) -> bool:
    """A weekly digest goes on the first run since the last Monday (today included)."""
    if not last:
        return True
    monday = today - timedelta(days=today.weekday())
    return date.fromisoformat(last) < monday


@dataclass(frozen=True)
class ClassSite:
    """What the built site holds for a class in one language."""

    feed: ClassFeed
    events: list[Event]
    on_site: set[str]  # ids of its posts, newsletters and events with a page


@dataclass(frozen=True)
class Planned:
    """One message a subscriber gets from a class this run, before it is written (the
    command renders it); with a `skipped` reason, what this run holds back instead."""

    kind: str  # welcome | newsletter | posts (and events) | events
    class_id: str
    lang: str
    date: datetime  # from the content: the order a family's messages go in
    items: tuple[str, ...]  # what the subscriber knows once it is accepted
    entries: tuple[Entry, ...] = ()  # a newsletter's month, or the new posts (oldest first)
    events: tuple[Event, ...] = ()  # the new events to come
    weekly: bool = False  # a welcome to a reader of the weekly digest
    skipped: str = ""  # why it is not sent this run ("" when it is)


WEEKLY_WAITS = "a weekly digest: it waits for the first run of the week"
OVER = "over when first seen: never sent"


def plan(
    subscriber: Subscriber, key: str, class_id: str, site: ClassSite, ledger: Ledger, today: date
) -> list[Planned]:
    """What one subscriber gets from one class this run, oldest first, then what is held
    back; reads nothing but its arguments and sends nothing."""
    feed, lang = site.feed, site.feed.lang
    record = ledger.get(key, class_id)
    if record is None:
        everything = (*feed.items, *(event.item for event in site.events))
        weekly = subscriber.digest == "weekly"
        return [Planned("welcome", class_id, lang, feed.updated, everything, weekly=weekly)]
    known = ledger.known(key, class_id)
    new = [entry for entry in reversed(feed.entries) if entry.item not in known]
    planned = [
        Planned("newsletter", class_id, lang, entry.published, (entry.item,), (entry,))
        for entry in new
        if entry.month
    ]
    skipped = [
        Planned(
            "events", class_id, lang, feed.updated, (event.item,), events=(event,), skipped=OVER
        )
        for event in site.events
        if event.item not in known and event.when.is_over(today)
    ]
    posts = tuple(entry for entry in new if not entry.month)
    coming = tuple(e for e in site.events if e.item not in known and not e.when.is_over(today))
    if posts or coming:
        # Date: the newest post's; an event has no publication date, so an events-only
        # message carries the class feed's (the newest content of the class), never the clock.
        date_of = max(entry.published for entry in posts) if posts else feed.updated
        items = (*(entry.item for entry in posts), *(event.item for event in coming))
        due = subscriber.digest == "each" or weekly_due(record.last, today)
        kind = "posts" if posts else "events"
        reason = "" if due else WEEKLY_WAITS
        news = Planned(kind, class_id, lang, date_of, items, posts, coming, skipped=reason)
        (planned if due else skipped).append(news)
    return [*sorted(planned, key=lambda message: message.date), *skipped]
