"""Events: their times, their pages, and the calendars that calendar apps subscribe to."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
import vobject
from icalendar import Calendar

from homeroom_school.problems import ContentError
from homeroom_school.reading.events import parse_when
from homeroom_school.reading.front_matter import split_header
from tests.pages import Page
from tests.sites import pelican_build, small_school

CHICAGO = ZoneInfo("America/Chicago")
EVENTS = "classes/grade-1/events"
SCHOOL_EVENTS = {
    f"{EVENTS}/2026-10-29-fall-conferences.md": """
        Title: Fall conferences
        Start: 2026-10-29 16:00
        End: 19:30
        Location: Room 12
        Signup: https://signup.school.example/fall
        Summary: Fifteen minutes with the teacher, evening slots too.

        Choose a time that works for your family.
    """,
    f"{EVENTS}/2026-10-29-fall-conferences.es.md": """
        Title: Conferencias de otoño
        Location: Salón 12

        Elija un horario.
    """,
    f"{EVENTS}/2026-11-05-more-conferences.md": """
        Title: More conferences
        Start: 2026-11-05 16:00
        End: 2026-11-05 19:30

        After the clocks changed.
    """,
    f"{EVENTS}/2026-11-25-thanksgiving-break.md": """
        Title: Thanksgiving break
        Start: 2026-11-25
        End: 2026-11-27
        Modified: 2026-10-01

        No school for three days.
    """,
    f"{EVENTS}/2026-12-10-concert.md": """
        Title: Winter concert
        Start: 2026-12-10 18:00

        Songs.
    """,
}


def spaced(text: str) -> str:
    """Babel writes thin and narrow no-break spaces; compare with plain ones."""
    return text.replace("\u2009", " ").replace("\u202f", " ").replace("\xa0", " ")


def when(text: str):
    header, _, _ = split_header(text + "\n\nbody\n", "e.md")
    return parse_when(header, "e.md", CHICAGO)


def test_all_day_event_end_is_its_last_day():
    event = when("Start: 2026-11-25\nEnd: 2026-11-27")
    assert event.all_day
    assert (event.first_day, event.last_day, event.day_after) == (
        date(2026, 11, 25),
        date(2026, 11, 27),
        date(2026, 11, 28),
    )


def test_timed_event_end_may_be_a_time_of_the_same_day():
    event = when("Start: 2026-11-05 16:00\nEnd: 19:30")
    assert not event.all_day
    assert event.end == datetime(2026, 11, 5, 19, 30, tzinfo=CHICAGO)
    assert when("Start: 2026-11-05 16:00").end == datetime(2026, 11, 5, 17, 0, tzinfo=CHICAGO)


def test_a_translation_may_leave_the_time_out():
    assert when("Title: x") is None


@pytest.mark.parametrize(
    ("header", "line", "message"),
    [
        ("Start: soon", 1, "Start 'soon' is not a date"),
        ("Start: 2026-11-05 16:00\nEnd: 15:00", 2, "End '15:00' is before Start"),
        ("Start: 2026-11-27\nEnd: 2026-11-25", 2, "is before Start"),
        ("Start: 2026-11-05\nEnd: 2026-11-05 18:00", 2, "both have a time or both be dates"),
        ("End: 2026-11-05", 1, "has an End but no Start"),
    ],
)
def test_bad_times_are_named_with_their_line(header, line, message):
    with pytest.raises(ContentError) as error:
        when(header)
    assert error.value.problem.line == line
    assert message in error.value.problem.message


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("events")
    content = small_school(folder / "content", **SCHOOL_EVENTS)
    output = folder / "output"
    assert pelican_build(content, output, HOMEROOM_TODAY="2026-11-01") == 0
    return output


def raw(site, path) -> bytes:
    return (site / path).read_bytes()


CALENDARS = [
    "en/grade-1/calendar.ics",
    "es/grade-1/calendar.ics",
    "en/calendar.ics",
    "es/calendar.ics",
    "ar/calendar.ics",
    "en/grade-2/calendar.ics",
    "en/grade-1/events/fall-conferences/fall-conferences.ics",
]


@pytest.mark.parametrize("path", CALENDARS)
def test_calendars_follow_rfc_5545(site, path):
    data = raw(site, path)
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    for line in data.split(b"\r\n"):
        assert len(line) <= 75, line
    calendar = Calendar.from_ical(data)
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar["PRODID"]
    assert calendar.get_missing_tzids() == set()
    for event in calendar.walk("VEVENT"):
        assert event.errors == []
        assert event["UID"] and event["DTSTAMP"]
        assert "DURATION" not in event
        assert str(event["URL"]).startswith("http://127.0.0.1:8000/")
    vobject.readOne(data.decode(), validate=True)


def test_all_day_events_are_dates_with_exclusive_end(site):
    text = raw(site, "en/grade-1/calendar.ics").decode()
    assert "DTSTART;VALUE=DATE:20261125\r\n" in text
    assert "DTEND;VALUE=DATE:20261128\r\n" in text


def test_times_are_right_in_utc_across_daylight_saving(site):
    calendar = Calendar.from_ical(raw(site, "en/grade-1/calendar.ics"))
    starts = {
        str(e["SUMMARY"]): e.decoded("DTSTART")
        for e in calendar.walk("VEVENT")
        if isinstance(e.decoded("DTSTART"), datetime)
    }
    starts = {summary: start.astimezone(UTC) for summary, start in starts.items()}
    # 2026-11-01 the US leaves daylight saving time: 16:00 in Chicago moves from 21:00Z to 22:00Z.
    assert starts["Fall conferences"] == datetime(2026, 10, 29, 21, 0, tzinfo=UTC)
    assert starts["More conferences"] == datetime(2026, 11, 5, 22, 0, tzinfo=UTC)
    assert "TZID=America/Chicago" in raw(site, "en/grade-1/calendar.ics").decode()


def test_calendar_name_and_text_are_in_the_readers_language(site):
    spanish = Calendar.from_ical(raw(site, "es/grade-1/calendar.ics"))
    assert str(spanish["X-WR-CALNAME"]).startswith("Primer grado")
    summaries = {str(e["SUMMARY"]) for e in spanish.walk("VEVENT")}
    assert "Conferencias de otoño" in summaries
    assert "Thanksgiving break" in summaries  # not translated: the original, like news


def test_calendars_of_one_class_share_their_written_header():
    """Every event's own .ics bears its class's name: the VCALENDAR around the events is
    written once per name and description, and each calendar still reads as its own."""
    from homeroom_events.ical import CalendarEvent, calendar, empty_calendar
    from homeroom_school.model import When

    start = datetime(2026, 10, 29, 16, 0, tzinfo=CHICAGO)

    def event(uid, title):
        when = When(start, start.replace(hour=17), False)
        return CalendarEvent(uid, start, when, title, "", "", f"https://s.example/{uid}", "en")

    empty_calendar.cache_clear()
    first = calendar([event("a@s", "Art")], "Grade 1 · School")
    second = calendar([event("b@s", "Band")], "Grade 1 · School")
    assert empty_calendar.cache_info().misses == 1
    for data, title in ((first, "Art"), (second, "Band")):
        parsed = Calendar.from_ical(data)
        assert str(parsed["X-WR-CALNAME"]) == "Grade 1 · School"
        assert [str(e["SUMMARY"]) for e in parsed.walk("VEVENT")] == [title]
    assert calendar([], "Grade 1 · School", "Events").count(b"X-WR-CALDESC:Events") == 1


def test_uid_and_stamp_come_from_content(site, tmp_path):
    content = small_school(tmp_path / "content", **SCHOOL_EVENTS)
    (content / EVENTS / "2026-12-10-concert.es.md").write_text(
        "Title: Concierto\nStart: 2026-12-10 18:00\n\nCanciones.\n"
    )
    (content / EVENTS / "2026-12-10-concert.md").write_text(
        "Title: Winter concert (new time)\nStart: 2026-12-10 18:00\n"
        "Modified: 2026-11-20\n\nSongs.\n"
    )
    assert pelican_build(content, tmp_path / "out", HOMEROOM_TODAY="2026-11-01") == 0

    def uids(root):
        calendar = Calendar.from_ical((root / "es/grade-1/calendar.ics").read_bytes())
        return {str(e["UID"]): e for e in calendar.walk("VEVENT")}

    before, after = uids(site), uids(tmp_path / "out")
    assert before.keys() == after.keys()
    concert = next(e for uid, e in after.items() if "concert" in uid)
    assert str(concert["SUMMARY"]) == "Concierto"
    assert concert.decoded("DTSTAMP") == datetime(2026, 11, 20, 6, 0, tzinfo=UTC)
    fall = next(e for uid, e in after.items() if "fall-conferences" in uid)
    assert fall.decoded("DTSTAMP") == datetime(2026, 10, 29, 21, 0, tzinfo=UTC)


def test_event_page_writes_out_time_place_signup_and_ics_link(site):
    page = Page(site / "es/grade-1/events/fall-conferences/index.html")
    text = page.all_text
    assert "jueves, 29 de octubre de 2026, 16:00–19:30" in spaced(text)
    assert "Salón 12" in text
    hrefs = [a.get("href") for a in page.links]
    assert "https://signup.school.example/fall" in hrefs
    assert "../../../../es/grade-1/events/fall-conferences/fall-conferences.ics" in hrefs
    english = Page(site / "en/grade-1/events/thanksgiving-break/index.html").all_text
    assert "Wed, Nov 25 – Fri, Nov 27, 2026" in spaced(english)


def test_upcoming_lists_drop_past_events(site, tmp_path):
    upcoming = Page(site / "en/grade-1/index.html").all_text
    assert "More conferences" in upcoming and "Winter concert" in upcoming
    assert "Fall conferences" not in upcoming  # 2026-10-29 is before HOMEROOM_TODAY
    school = Page(site / "es/index.html").all_text
    assert "Winter concert" in school
    archive = Page(site / "en/grade-1/events/index.html").all_text
    assert archive.index("More conferences") < archive.index("Past events")
    assert archive.index("Past events") < archive.index("Fall conferences")


def test_class_home_explains_calendar_subscription(site):
    page = Page(site / "es/grade-1/index.html")
    hrefs = [a.get("href") for a in page.links]
    assert "webcal://127.0.0.1:8000/es/grade-1/calendar.ics" in hrefs
    assert "http://127.0.0.1:8000/es/grade-1/calendar.ics" in page.all_text
    assert "Suscribirse al calendario" in page.all_text


def test_events_are_not_in_the_news_feeds(site):
    feed = (site / "en/grade-1/atom.xml").read_text()
    assert "Thanksgiving break" not in feed


def test_same_start_in_every_translation(tmp_path):
    from tests.sites import load

    files = {
        **SCHOOL_EVENTS,
        f"{EVENTS}/2026-12-10-concert.es.md": "Title: Concierto\nStart: 2026-12-11 18:00\n\nx\n",
    }
    school, _ = load(small_school(tmp_path, **files))
    assert [str(p) for p in school.problems] == [
        f"{EVENTS}/2026-12-10-concert.es.md: has another Start or End than "
        f"{EVENTS}/2026-12-10-concert.md; a translation keeps the original's time "
        "(or leave Start and End out of it)"
    ]


def test_signup_must_be_a_web_address(tmp_path):
    from tests.sites import load

    files = {f"{EVENTS}/2026-12-01-x.md": "Title: X\nStart: 2026-12-01\nSignup: our office\n\nx\n"}
    school, _ = load(small_school(tmp_path, **files))
    assert [str(p) for p in school.problems] == [
        f"{EVENTS}/2026-12-01-x.md:3: Signup 'our office' is not a web address; write the whole "
        "address, starting with https://"
    ]


def test_original_without_start_is_a_problem(tmp_path):
    from tests.sites import load

    school, _ = load(small_school(tmp_path, **{f"{EVENTS}/2026-12-01-x.md": "Title: X\n\nx\n"}))
    assert [(p.path, p.line) for p in school.problems] == [(f"{EVENTS}/2026-12-01-x.md", 1)]
    assert "has no Start" in school.problems[0].message


def test_every_demo_calendar_parses_and_follows_rfc_5545(published_demo):
    calendars = sorted(published_demo.rglob("*.ics"))
    # 7 class calendars, 5 school calendars, a one-event file per event page, and one per
    # bookable time of a conference
    event_pages = len(list(published_demo.glob("*/*/events/*/index.html")))
    slots = len(list(published_demo.glob("*/*/events/*/slots/*.ics")))
    assert slots and len(calendars) == 7 + 5 + event_pages + slots
    for path in calendars:
        data = path.read_bytes()
        assert all(len(line) <= 75 for line in data.split(b"\r\n")), path
        assert b"\n" not in data.replace(b"\r\n", b""), path
        calendar = Calendar.from_ical(data)
        assert calendar.get_missing_tzids() == set(), path
        for event in calendar.walk("VEVENT"):
            assert event.errors == [], path
            assert str(event["URL"]).startswith("https://riverside.example/homeroom/")
        vobject.readOne(data.decode(), validate=True)


def test_demo_class_homes_list_what_is_coming(demo_site):
    # The tests build on 2026-11-23 (tests/sites.py): fall conferences are past.
    home = Page(demo_site / "es/grade-3b/index.html").all_text
    assert "Vacaciones de Acción de Gracias: no hay clases" in home
    assert "Conferencias de otoño de padres y maestros" not in home
    school = Page(demo_site / "ar/index.html").all_text
    assert "الفعاليات القادمة" in school
