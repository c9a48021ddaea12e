"""`invoke send` and events: the class calendar's new events go in the family's message with
its new posts, once, in its language; never an edit, never the archive, never a past event."""

import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from icalendar import Calendar

from homeroom_i18n.formatting import event_when
from homeroom_mail.events import read_events
from tests.mailing import SITE, built_school, parts, publish, send, to
from tests.mailserver import Inbox, Server

# Events: the class calendar's, decided new by UID like a post by its feed id.
CONCERT = "Title: Fall concert\nStart: 2026-10-15 18:00\nEnd: 19:30\nLocation: Gym\n\nSongs.\n"
CONCERT_ES = (
    "Title: Concierto de otoño\nStart: 2026-10-15 18:00\nEnd: 19:30\nLocation: Gimnasio\n\n"
    "Canciones.\n"
)
MEETINGS = (  # grade-2 writes in Arabic; this one is only in English: 4 times, 1 booked
    "Title: Parent meetings\nStart: 2026-10-20 15:00\nEnd: 16:00\nLocation: Room 12\n"
    "Slots: 15\nBooked: 15:15\n\nMeet the teacher.\n"
)


@pytest.fixture
def school(tmp_path):
    return built_school(tmp_path)


def write(content: Path, path: str, text: str) -> None:
    (content / "classes" / path).parent.mkdir(parents=True, exist_ok=True)
    (content / "classes" / path).write_text(text, encoding="utf-8")


def ics_uids(output: Path, url: str) -> list[str]:
    data = (output / url.removeprefix(SITE + "/")).read_bytes()
    return [str(event["UID"]) for event in Calendar.from_ical(data).walk("VEVENT")]


def test_a_new_event_goes_once_in_each_familys_language_and_an_edit_is_not_new(school):
    content, output, ledger = school
    inbox = Inbox()
    with Server(inbox) as port:
        assert send(content, output, ledger, port)[0] == 0  # the welcomes
        write(content, "grade-1/events/2026-10-15-concert.md", CONCERT)
        write(content, "grade-1/events/2026-10-15-concert.es.md", CONCERT_ES)
        write(content, "grade-2/events/2026-10-20-meetings.en.md", MEETINGS)
        write(
            content, "grade-2/news/2026-09-28-trip.md", "Title: رحلة\nDate: 2026-09-28\n\nذهبنا.\n"
        )
        publish(content, output, "2026-10-02")
        inbox.messages.clear()
        code, said = send(content, output, ledger, port, today="2026-10-02")
        assert code == 0, said
        (maria,) = [
            m for m in to(inbox, "maria@example.org") if "concierto" in m["Subject"].lower()
        ]
        assert maria["Subject"] == "Nuevo evento de Primer grado: Concierto de otoño"
        text, html = parts(maria)
        (event,) = read_events(output, SITE, "es", "grade-1", ZoneInfo("America/Chicago"))
        written = event_when(event.when, "es")  # the date and time as Spanish writes them
        assert "15 de octubre de 2026" in written and "18:00" in written
        for part in (text, html):
            assert written in part and "Gimnasio" in part and "Canciones." in part
            assert "https://school.example/es/grade-1/events/concert/" in part
        (ics,) = [u for u in re.findall(r'href="([^"]+\.ics)"', html) if "/events/" in u]
        assert ics_uids(output, ics) == ["grade-1-event-concert@school.example"]
        assert "Fall concert" not in text + html
        # Arabic: a new post and an event not yet translated, in one message.
        (ahmed,) = [m for m in to(inbox, "ahmed@example.net") if " · " not in m["Subject"]]
        assert ahmed["Subject"] == "منشور جديد واحد وحدث واحد من Grade 2"
        text, html = parts(ahmed)
        assert 'dir="rtl"' in html and "ذهبنا." in text
        assert '<span lang="en" dir="ltr">Parent meetings</span>' in html
        assert "لم يُترجم هذا المحتوى" in text  # the "not yet translated" note, in Arabic
        (event,) = read_events(output, SITE, "ar", "grade-2", ZoneInfo("America/Chicago"))
        assert event_when(event.when, "ar") in text
        assert "3 من 4 مواعيد ما زالت متاحة" in text  # the sign-ups line
        assert "https://school.example/ar/grade-2/events/meetings/meetings.ics" in text
        # English reader of both classes: each class its own message.
        lan = sorted(
            m["Subject"] for m in to(inbox, "lan@example.com") if "etter" not in m["Subject"]
        )
        assert lan == [
            "1 new post and 1 event from Grade 2",
            "New event from Grade 1: Fall concert",
        ]
        # The teacher moves the concert and changes the place: the same event, not new.
        write(content, "grade-1/events/2026-10-15-concert.md", CONCERT.replace("18:00", "17:00"))
        moved = CONCERT_ES.replace("Gimnasio", "Patio").replace("18:00", "17:00")
        write(content, "grade-1/events/2026-10-15-concert.es.md", moved)
        publish(content, output, "2026-10-03")
        inbox.messages.clear()
        code, said = send(content, output, ledger, port, today="2026-10-03")
        assert (code, inbox.messages) == (0, []), said


def test_the_welcome_sends_no_existing_event_and_a_past_one_is_never_sent(school):
    content, output, ledger = school
    write(content, "grade-1/events/2026-10-15-concert.md", CONCERT)
    publish(content, output, "2026-09-20")
    inbox = Inbox()
    with Server(inbox) as port:
        assert send(content, output, ledger, port)[0] == 0
        assert len(inbox.messages) == 4  # welcomes only
        assert all("concert" not in "".join(parts(m)).lower() for _, m in inbox.messages)
        # Added late, already over when first seen: never sent, not even with a new post.
        write(
            content,
            "grade-1/events/2026-09-25-picnic.md",
            "Title: Picnic\nStart: 2026-09-25\n\nx\n",
        )
        write(
            content,
            "grade-1/news/2026-10-01-leaves.md",
            "Title: Leaves\nDate: 2026-10-01\n\nRed.\n",
        )
        publish(content, output, "2026-10-02")
        inbox.messages.clear()
        assert send(content, output, ledger, port, today="2026-10-02")[0] == 0
        subjects = {m["Subject"] for _, m in inbox.messages}
        assert "Leaves · Grade 1" in subjects and "Hojas" not in subjects
        for _, message in inbox.messages:
            assert "Picnic" not in "".join(parts(message)) + message["Subject"]
        inbox.messages.clear()
        assert send(content, output, ledger, port, today="2026-10-05")[0] == 0
        assert inbox.messages == []


def test_a_ledger_from_before_events_were_mailed_sends_no_existing_event(school):
    content, output, ledger = school
    write(content, "grade-1/events/2026-10-15-concert.md", CONCERT)
    publish(content, output, "2026-09-20")
    inbox = Inbox()
    with Server(inbox) as port:
        assert send(content, output, ledger, port)[0] == 0
        data = yaml.safe_load(ledger.read_text())
        for classes in data["subscribers"].values():  # as version 1 wrote it: no events
            for record in classes.values():
                record["known"] = [i for i in record["known"] if "/events/" not in i]
        ledger.write_text(yaml.safe_dump({**data, "version": 1}))
        inbox.messages.clear()
        assert send(content, output, ledger, port)[0] == 0
        assert inbox.messages == []
        assert "grade-1/events/concert" in ledger.read_text()
