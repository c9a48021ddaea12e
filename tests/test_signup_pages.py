"""Booking by reply, as families and teachers meet it: the event page's mailto: and sms: links
(parsed, their code the printed one), one .ics per slot read by icalendar and vobject across a
daylight-saving change, a free slot's link in Chromium, `invoke book`, and nothing about who
booked anywhere in the output."""

import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import vobject
from icalendar import Calendar

from tests.sites import DEMO_CONTENT, invoke, pelican_build, small_school
from tests.tools import serve

EVENTS = "classes/grade-1/events"
GRADE_1 = """
    name: {en: Grade 1, es: Primer grado}
    teachers: [Ms. Park]
    languages: [en, es]
    contact:
      email: park@school.example
      sms: +1 (773) 555-0140
"""
# America/Chicago springs forward at 02:00 on 2027-03-14: 02:00-03:00 never happens.
NIGHT = """
    Title: Night conferences & games
    Start: 2027-03-14 00:30
    End: 04:00
    Location: Room 12
    Slots: 30
    Booked: 01:00
    Interpreters: es

    Across the change of the clocks.
"""


class Slots(HTMLParser):
    """Each slot of an event page as a browser sees it: (code, [hrefs], booked)."""

    def __init__(self):
        super().__init__()
        self.slots, self.in_code, self.in_slot = [], False, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "li" and "slot" in (attrs.get("class") or "").split():
            self.slots.append(["", [], "booked" in attrs["class"]])
            self.in_slot = True
        elif self.in_slot and tag == "code":
            self.in_code = True
        elif self.in_slot and tag == "a":
            self.slots[-1][1].append(attrs["href"])

    def handle_endtag(self, tag):
        self.in_code = False if tag == "code" else self.in_code
        self.in_slot = False if tag == "li" else self.in_slot

    def handle_data(self, data):
        if self.in_code:
            self.slots[-1][0] += data


def slots_of(page) -> list:
    parser = Slots()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.slots


@pytest.fixture(scope="module")
def night(tmp_path_factory):
    folder = tmp_path_factory.mktemp("night")
    files = {"classes/grade-1/class.yml": GRADE_1, f"{EVENTS}/2027-03-14-night.md": NIGHT}
    assert pelican_build(small_school(folder / "content", **files), folder / "out") == 0
    return folder / "out"


def test_slot_calendars_across_the_spring_change_in_utc(night):
    folder = night / "en/grade-1/events/night/slots"
    found = {}
    for path in sorted(folder.glob("*.ics")):
        data = path.read_bytes()
        calendar = Calendar.from_ical(data)
        assert calendar.get_missing_tzids() == set()
        # The zone's rule as RFC 5545 has it: the onset in the time before it (02:00 CST is
        # 08:00 UTC), or a client reads a slot from 03:00 to 04:00 that day an hour late.
        (daylight,) = calendar.walk("DAYLIGHT")
        onsets = [daylight.decoded("dtstart")] + [d.dt for d in daylight["rdate"].dts]
        offset = daylight["tzoffsetfrom"].td
        assert datetime(2027, 3, 14, 8, tzinfo=UTC) in [
            (o - offset).replace(tzinfo=UTC) for o in onsets
        ]
        (event,) = calendar.walk("VEVENT")
        assert not event.errors
        start = event.decoded("dtstart").astimezone(UTC)
        end = event.decoded("dtend").astimezone(UTC)
        assert (end - start).total_seconds() == 30 * 60  # real minutes, not wall-clock ones
        assert str(event["location"]) == "Room 12"
        # vobject keeps one time zone per TZID for the whole process (the first it met, in
        # any test): forget it, so this file is read with its own VTIMEZONE, as an app does.
        vobject.icalendar.registerTzid("America/Chicago", None)
        parsed = vobject.readOne(data.decode(), validate=True)
        assert parsed.vevent.dtstart.value.astimezone(UTC) == start
        found[path.stem.upper()] = (start, str(event["uid"]))
    utc = [f"{start:%H:%M}" for start, _ in sorted(found.values())]
    assert utc == ["06:30", "07:00", "07:30", "08:00", "08:30"]  # 00:30..01:30 CST, 03:00 CDT..
    assert len({uid for _, uid in found.values()}) == 5
    # The same slot's UID in every language; the whole event stays one entry in the class's
    spanish = Calendar.from_ical(
        (night / "es/grade-1/events/night/slots").glob("*.ics").__next__().read_bytes()
    )
    assert str(spanish.walk("VEVENT")[0]["uid"]) in {uid for _, uid in found.values()}
    whole = Calendar.from_ical((night / "en/grade-1/calendar.ics").read_bytes())
    night_events = [e for e in whole.walk("VEVENT") if "night" in str(e["uid"])]
    assert len(night_events) == 1
    assert night_events[0].decoded("dtstart").astimezone(UTC) == datetime(
        2027, 3, 14, 6, 30, tzinfo=UTC
    )


def test_mailto_and_sms_links_carry_the_printed_code(night):
    for lang, words in (("en", "Booking"), ("es", "Reserva")):
        slots = slots_of(night / f"{lang}/grade-1/events/night/index.html")
        assert [booked for _, _, booked in slots] == [False, True, False, False, False]
        for code, hrefs, booked in slots:
            mailto = [h for h in hrefs if h.startswith("mailto:")]
            sms = [h for h in hrefs if h.startswith("sms:")]
            assert len([h for h in hrefs if h.endswith(f"{code.lower()}.ics")]) == 1
            if booked:
                assert mailto == sms == []
                continue
            (mail,) = mailto
            parts = urlsplit(mail)
            assert unquote(parts.path) == "park@school.example"
            query = parse_qs(parts.query)
            subject, body = query["subject"][0], query["body"][0]
            assert subject.startswith(f"{words} {code}: ")
            assert code in body and "\r\n" in body
            assert "Night conferences & games" in body  # plain text, not &amp;
            assert ("español" if lang == "es" else "Spanish") in body  # the interpreter question
            assert not re.search(r"[^A-Za-z0-9%._~@:?=&+-]", mail)  # RFC 6068: all encoded
            (text,) = sms
            parts = urlsplit(text)
            assert parts.path == "+17735550140"
            assert code in parse_qs(parts.query)["body"][0]


def test_a_past_event_has_no_booking_links(tmp_path):
    files = {"classes/grade-1/class.yml": GRADE_1, f"{EVENTS}/2027-03-14-night.md": NIGHT}
    content = small_school(tmp_path / "content", **files)
    assert pelican_build(content, tmp_path / "out", HOMEROOM_TODAY="2027-04-01") == 0
    slots = slots_of(tmp_path / "out/en/grade-1/events/night/index.html")
    assert slots and all(
        not h.startswith(("mailto:", "sms:")) for _, hrefs, _ in slots for h in hrefs
    )


def test_helpers_still_needed_and_i_can_help(tmp_path):
    picnic = "Title: Picnic\nStart: 2027-05-14\nHelpers: 6\nHelpers-Found: 2\n\nx\n"
    content = small_school(tmp_path / "content", **{f"{EVENTS}/2027-05-14-picnic.md": picnic})
    assert pelican_build(content, tmp_path / "out") == 0
    page = (tmp_path / "out/es/grade-1/events/picnic/index.html").read_text(encoding="utf-8")
    assert "Faltan 4 voluntarios más." in page
    (href,) = re.findall(r'href="(mailto:[^"]+\?subject[^"]+)"', page)
    assert parse_qs(urlsplit(href).query)["subject"][0].startswith("Puedo ayudar: ")


@pytest.mark.browser
def test_a_free_slot_opens_a_mail_in_the_readers_language(browser, demo_site):
    with serve(demo_site) as base:
        page = browser.new_page()
        try:
            page.goto(f"{base}/es/grade-3b/events/winter-conferences/")
            free = page.locator("li.slot:not(.booked)").first
            code = free.locator("code").inner_text()
            link = free.get_by_role("link", name="Reservar este horario")
            href = link.get_attribute("href")
            assert href.startswith("mailto:alvarez@riverside.example?")
            subject = parse_qs(urlsplit(href).query)["subject"][0]
            assert subject.startswith(f"Reserva {code}: jue, 14 ene 2027")
            booked = page.locator("li.slot.booked").first
            assert booked.get_by_text("Reservado").count() == 1
            assert booked.locator("a[href^='mailto:']").count() == 0
        finally:
            page.close()


@pytest.mark.slow
def test_invoke_book_rewrites_only_the_booked_line(tmp_path):
    content = tmp_path / "content"
    event = f"{EVENTS}/2027-03-14-night.md"
    small_school(content, **{"classes/grade-1/class.yml": GRADE_1, event: NIGHT})
    path = content / event
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))  # a Windows editor's file
    before = path.read_bytes()
    result = invoke(
        "book", "--class", "grade-1", "--event", "night", "03:00", "--content", str(content)
    )
    assert result.returncode == 0, result.stderr
    assert "still free: 3 of 5 times" in result.stdout
    after = path.read_bytes()
    assert after == before.replace(b"Booked: 01:00\r\n", b"Booked: 01:00, 03:00\r\n")
    result = invoke(
        "book",
        "--class",
        "grade-1",
        "--event",
        str(path),
        "--free",
        "01:00",
        "--content",
        str(content),
    )
    assert result.returncode == 0, result.stderr
    assert path.read_bytes() == before.replace(b"Booked: 01:00\r\n", b"Booked: 03:00\r\n")
    wrong = invoke(
        "book", "--class", "grade-1", "--event", "night", "02:30", "--content", str(content)
    )
    assert wrong.returncode == 1 and "'02:30' is not a time of night" in wrong.stderr


def test_who_booked_is_never_published(tmp_path):
    # The attack: a teacher writes who booked into the file, hoping to keep track there.
    names = {
        f"{EVENTS}/2027-03-14-night.md": NIGHT.replace("Booked: 01:00", "Booked: 01:00 Ana R."),
    }
    content = small_school(tmp_path / "content", **{"classes/grade-1/class.yml": GRADE_1, **names})
    result = invoke("check", "--content", str(content))
    assert result.returncode == 1
    assert (
        f"{EVENTS}/2027-03-14-night.md:6: Booked '01:00 Ana R.' is not the start" in result.stdout
    )
    # A key of its own is not read, and its value goes nowhere.
    sneaky = NIGHT.replace("Booked: 01:00", "Booked: 01:00\nBooked-By: Ana Rodriguez 01:00")
    content = small_school(
        tmp_path / "c2",
        **{"classes/grade-1/class.yml": GRADE_1, f"{EVENTS}/2027-03-14-night.md": sneaky},
    )
    pelican_build(content, tmp_path / "out")
    for path in (tmp_path / "out").rglob("*"):
        if path.is_file():
            assert b"Rodriguez" not in path.read_bytes(), path


def test_demo_conferences_have_booked_times_and_no_names(demo_site):
    students = [
        line.split(":", 1)[1].strip()
        for path in DEMO_CONTENT.glob("classes/*/portfolio/*/student.yml")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("name:")
    ]
    assert students
    conference_pages = sorted(demo_site.glob("*/*/events/*conferences*/index.html"))
    classes_with_bookings = set()
    for page in conference_pages:
        slots = slots_of(page)
        if any(booked for _, _, booked in slots):
            classes_with_bookings.add(page.relative_to(demo_site).parts[1])
        text = page.read_text(encoding="utf-8")
        for name in students:
            assert name not in text, (page, name)
    assert classes_with_bookings == {"grade-3b", "grade-5a", "kindergarten-sunflowers"}
