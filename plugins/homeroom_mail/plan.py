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

from datetime import date, timedelta
from pathlib import Path

from .events import Event
from .ledger import Ledger
from .messages import Draft, Renderer
from .published import ClassFeed, newsletter_edition
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


def drafts_for(
    subscriber: Subscriber,
    key: str,
    school_class,
    feed: ClassFeed,
    events: list[Event],
    ledger: Ledger,
    renderer: Renderer,
    output: Path,
    today: date,
) -> list[Draft]:
    """The messages one subscriber gets from one class this run, oldest first."""
    lang = feed.lang
    record = ledger.get(key, school_class.id)
    if record is None:
        subject, html, text = renderer.welcome(school_class, lang, subscriber.digest == "weekly")
        return [
            Draft(
                school_class.id,
                "welcome",
                lang,
                subject,
                html,
                text,
                feed.updated,
                (*feed.items, *(event.item for event in events)),
            )
        ]
    known = ledger.known(key, school_class.id)
    new = [entry for entry in reversed(feed.entries) if entry.item not in known]
    drafts = []
    for entry in new:
        if entry.month:
            html, text = newsletter_edition(output, lang, school_class.id, entry.month)
            subject = f"{entry.title} · {school_class.name_in(lang)}"
            drafts.append(
                Draft(
                    school_class.id,
                    "newsletter",
                    lang,
                    subject,
                    html,
                    text,
                    entry.published,
                    (entry.item,),
                )
            )
    posts = [entry for entry in new if not entry.month]
    coming = [e for e in events if e.item not in known and not e.when.is_over(today)]
    if (posts or coming) and (subscriber.digest == "each" or weekly_due(record.last, today)):
        subject, html, text = renderer.news(school_class, lang, posts, coming)
        # Date: the newest post's; an event has no publication date, so an events-only
        # message carries the class feed's (the newest content of the class), never the clock.
        date_of = max(entry.published for entry in posts) if posts else feed.updated
        drafts.append(
            Draft(
                school_class.id,
                "posts" if posts else "events",
                lang,
                subject,
                html,
                text,
                date_of,
                (*(entry.item for entry in posts), *(event.item for event in coming)),
            )
        )
    return sorted(drafts, key=lambda draft: draft.date)
