"""homeroom_mail.plan.plan on its own: what one subscriber gets from one class, decided from a
class's feed and events and the ledger, with no site on disk and no SMTP server."""

from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace

from homeroom_mail.events import Event
from homeroom_mail.ledger import Ledger, Record
from homeroom_mail.plan import OVER, WEEKLY_WAITS, ClassSite, plan, reading_language
from homeroom_mail.published import ClassFeed, Entry
from homeroom_mail.subscribers import Subscriber
from homeroom_school.model import When

TODAY = date(2026, 11, 4)  # a Wednesday
KEY = "k1"


def entry(item: str, day: int, title: str = "A post") -> Entry:
    published = datetime(2026, 10, day, 9, tzinfo=UTC)
    return Entry(item, item, title, f"https://s/{item}/", published, published, "", "", "en")


def event(slug: str, day: date) -> Event:
    start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return Event(
        f"grade-1/events/{slug}",
        slug,
        slug.title(),
        "en",
        "",
        "",
        When(start, start, True),
        start,
        f"https://s/{slug}/",
        f"https://s/{slug}.ics",
        None,
    )


def site(*entries: Entry, events=(), class_id: str = "grade-1") -> ClassSite:
    """A class feed (newest first, as read) and its calendar."""
    newest = max((e.published for e in entries), default=datetime(2026, 10, 1, tzinfo=UTC))
    ordered = tuple(sorted(entries, key=lambda e: e.published, reverse=True))
    feed = ClassFeed(class_id, "en", newest, ordered)
    return ClassSite(feed, list(events), {e.item for e in entries})


def subscriber(digest: str = "each", classes=("grade-1",), lang: str = "en") -> Subscriber:
    return Subscriber(1, 2, "maria@example.org", classes, lang, digest)


def ledger(**known: set[str]) -> Ledger:
    """A ledger where the subscriber KEY knows these items of these classes (`grade_1=`)."""
    records = {
        (KEY, class_id.replace("_", "-")): Record(set(items), "2026-11-02")
        for class_id, items in known.items()
    }
    return Ledger(Path("ledger.yml"), records)


POST = entry("grade-1/news/trip", 20)
OLD_POST = entry("grade-1/news/welcome-back", 3)
OCTOBER = entry("grade-1/newsletter/2026-10", 31, "Newsletter: October 2026")


def test_a_class_new_to_the_subscriber_is_one_welcome_knowing_everything_there():
    fair = event("fair", date(2026, 12, 1))
    planned = plan(
        subscriber("weekly"), KEY, "grade-1", site(POST, OLD_POST, events=[fair]), ledger(), TODAY
    )
    assert [p.kind for p in planned] == ["welcome"]
    assert set(planned[0].items) == {POST.item, OLD_POST.item, fair.item}
    assert planned[0].weekly is True
    assert planned[0].skipped == ""


def test_what_the_subscriber_already_knows_is_never_planned_again():
    known = {POST.item, OCTOBER.item}
    assert (
        plan(subscriber(), KEY, "grade-1", site(POST, OCTOBER), ledger(grade_1=known), TODAY) == []
    )


def test_a_new_newsletter_and_a_new_post_are_two_messages_oldest_first():
    planned = plan(
        subscriber(),
        KEY,
        "grade-1",
        site(OLD_POST, POST, OCTOBER),
        ledger(grade_1={OLD_POST.item}),
        TODAY,
    )
    assert [(p.kind, p.items) for p in planned] == [
        ("posts", (POST.item,)),
        ("newsletter", (OCTOBER.item,)),
    ]
    assert planned[1].entries == (OCTOBER,)


def test_the_class_archive_is_never_new():
    known = ledger(grade_1={POST.item})
    known.archive["grade-1"] = {OLD_POST.item}
    assert plan(subscriber(), KEY, "grade-1", site(OLD_POST, POST), known, TODAY) == []


def test_a_weekly_digest_already_sent_this_week_holds_posts_back_but_not_a_newsletter():
    planned = plan(
        subscriber("weekly"),
        KEY,
        "grade-1",
        site(OLD_POST, POST, OCTOBER),
        ledger(grade_1={OLD_POST.item}),
        TODAY,
    )
    assert [(p.kind, p.skipped) for p in planned] == [
        ("newsletter", ""),
        ("posts", WEEKLY_WAITS),
    ]


def test_a_weekly_digest_goes_on_the_first_run_of_a_new_week():
    records = ledger(grade_1={OLD_POST.item})
    records.records[(KEY, "grade-1")].last = "2026-10-30"  # the Friday before
    planned = plan(subscriber("weekly"), KEY, "grade-1", site(OLD_POST, POST), records, TODAY)
    assert [(p.kind, p.skipped) for p in planned] == [("posts", "")]


def test_an_event_over_when_first_seen_is_never_sent_and_one_to_come_is():
    over, coming = event("picnic", date(2026, 11, 1)), event("fair", date(2026, 12, 1))
    known = ledger(grade_1={POST.item})
    planned = plan(subscriber(), KEY, "grade-1", site(POST, events=[over, coming]), known, TODAY)
    assert [(p.kind, p.items, p.skipped) for p in planned] == [
        ("events", (coming.item,), ""),
        ("events", (over.item,), OVER),
    ]
    assert planned[0].events == (coming,)


def test_new_posts_and_events_to_come_go_together_in_one_message():
    fair = event("fair", date(2026, 12, 1))
    known = ledger(grade_1={OLD_POST.item})
    planned = plan(subscriber(), KEY, "grade-1", site(OLD_POST, POST, events=[fair]), known, TODAY)
    assert [(p.kind, p.items, p.date) for p in planned] == [
        ("posts", (POST.item, fair.item), POST.published)
    ]


def test_a_subscriber_of_two_classes_is_planned_class_by_class():
    grade_2_post = entry("grade-2/news/song", 21)
    records = ledger(grade_1={POST.item})  # welcomed to grade 1 only
    both = subscriber(classes=("grade-1", "grade-2"))
    first = plan(both, KEY, "grade-1", site(POST), records, TODAY)
    second = plan(both, KEY, "grade-2", site(grade_2_post, class_id="grade-2"), records, TODAY)
    assert first == []
    assert [(p.kind, p.class_id, p.items) for p in second] == [
        ("welcome", "grade-2", (grade_2_post.item,))
    ]


def test_planning_changes_nothing_in_the_ledger():
    records = ledger(grade_1={OLD_POST.item})
    plan(subscriber(), KEY, "grade-1", site(OLD_POST, POST, OCTOBER), records, TODAY)
    assert records.records[(KEY, "grade-1")] == Record({OLD_POST.item}, "2026-11-02")


def test_a_family_reads_its_language_where_the_class_publishes_it_else_the_first():
    school_class = SimpleNamespace(languages=["ar", "en"])
    assert reading_language(subscriber(lang="en"), school_class) == "en"
    assert reading_language(subscriber(lang="es"), school_class) == "ar"
