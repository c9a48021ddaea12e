"""Conference times and volunteer spots: the model (slots, codes, bookings) and every mistake
in the sign-up lines as one problem with file, line and fix."""

from datetime import UTC

import pytest

from tests.sites import invoke, load, small_school

EVENTS = "classes/grade-1/events"
CONF = f"{EVENTS}/2027-01-14-conferences.md"
HEAD = "Title: Conferences\nStart: 2027-01-14 15:30\nEnd: 19:30\n"


def school_with(tmp_path, files: dict, **settings):
    settings = {"HOMEROOM_TODAY": "2026-11-23", **settings}
    school, _ = load(small_school(tmp_path, **files), **settings)
    return school


def test_slots_pauses_bookings_and_codes(tmp_path):
    text = HEAD + "Slots: 15\nPause: 17:30-18:00\nBooked: 15:30, 16:45\nInterpreters: es, ar\n\nx\n"
    school = school_with(tmp_path, {CONF: text})
    assert school.problems == []
    signups = school.items["event/grade-1/conferences"].original.signups
    starts = [f"{slot.start:%H:%M}" for slot in signups.slots]
    assert starts[:8] == ["15:30", "15:45", "16:00", "16:15", "16:30", "16:45", "17:00", "17:15"]
    assert starts[8] == "18:00" and starts[-1] == "19:15"  # none in the pause, none past End
    assert (signups.total, signups.free_count) == (14, 12)
    assert [s.booked for s in signups.slots][:6] == [True, False, False, False, False, True]
    assert signups.interpreters == ("es", "ar")
    for slot in signups.slots:
        assert len(slot.code) <= 12 and set(slot.code) <= set("ABCDEFGHJKMNPQRSTVWXYZ0123456789-")
        assert slot.code.endswith(f"-{slot.start:%H%M}")
    assert len({slot.code for slot in signups.slots}) == signups.total


def test_a_code_stays_when_other_events_change(tmp_path):
    text = HEAD + "Slots: 20\n\nx\n"
    first = school_with(tmp_path / "a", {CONF: text})
    other = f"{EVENTS}/2027-01-15-more.md"
    more = "Title: More\nStart: 2027-01-15 15:00\nEnd: 16:00\nSlots: 10\n\nx\n"
    second = school_with(tmp_path / "b", {CONF: text, other: more})
    codes = [s.code for s in first.items["event/grade-1/conferences"].original.signups.slots]
    again = [s.code for s in second.items["event/grade-1/conferences"].original.signups.slots]
    assert codes == again
    more_codes = {s.code for s in second.items["event/grade-1/more"].original.signups.slots}
    assert not more_codes & set(codes)


def test_translations_share_the_originals_slots(tmp_path):
    files = {
        CONF: HEAD + "Slots: 30\nBooked: 16:00\n\nx\n",
        CONF.replace(".md", ".es.md"): "Title: Conferencias\n\ny\n",
    }
    item = school_with(tmp_path, files).items["event/grade-1/conferences"]
    assert item.versions["es"].signups == item.original.signups
    assert item.original.signups.free_count == 7


def test_slots_count_real_minutes_across_the_spring_change(tmp_path):
    # America/Chicago: at 02:00 on 2027-03-14 the clocks jump to 03:00.
    text = "Title: Night\nStart: 2027-03-14 00:30\nEnd: 04:00\nSlots: 30\n\nx\n"
    school = school_with(tmp_path, {f"{EVENTS}/2027-03-14-night.md": text})
    slots = school.items["event/grade-1/night"].original.signups.slots
    utc = [f"{slot.start.astimezone(UTC):%H:%M}" for slot in slots]
    assert utc == ["06:30", "07:00", "07:30", "08:00", "08:30"]
    assert [f"{slot.start:%H:%M}" for slot in slots] == [
        "00:30",
        "01:00",
        "01:30",
        "03:00",
        "03:30",
    ]


def test_the_hour_that_comes_round_twice_has_codes_of_its_own(tmp_path):
    # 2026-11-01 01:00-02:00 happens twice in Chicago: the second time's codes end in B.
    text = "Title: Back\nStart: 2026-11-01 00:30\nEnd: 03:00\nSlots: 30\nBooked: 01:30B\n\nx\n"
    school = school_with(
        tmp_path, {f"{EVENTS}/2026-11-01-back.md": text}, HOMEROOM_TODAY="2026-10-01"
    )
    slots = school.items["event/grade-1/back"].original.signups.slots
    codes = [slot.code.split("-")[1] for slot in slots]
    assert codes == ["0030", "0100", "0130", "0100B", "0130B", "0200", "0230"]
    assert [slot.booked for slot in slots] == [False] * 4 + [True] + [False] * 2


def test_yaml_front_matter_reads_the_same(tmp_path):
    # YAML reads `15:30` alone as a number (930, base 60) and `15` as an integer.
    text = "---\ntitle: Conferences\nstart: 2027-01-14 15:30\nend: '19:30'\nslots: 15\n"
    text += "booked: 15:30\nhelpers: 2\n---\nx\n"
    school = school_with(tmp_path, {CONF: text})
    assert school.problems == []
    signups = school.items["event/grade-1/conferences"].original.signups
    assert (signups.total, signups.free_count, signups.helpers) == (16, 15, 2)


def test_helpers(tmp_path):
    text = "Title: Picnic\nStart: 2027-05-14\nHelpers: 6\nHelpers-Found: 2\n\nx\n"
    school = school_with(tmp_path, {f"{EVENTS}/2027-05-14-picnic.md": text})
    signups = school.items["event/grade-1/picnic"].original.signups
    assert (signups.helpers, signups.helpers_found, signups.helpers_needed) == (6, 2, 4)
    assert signups.helper_code.endswith("-HELP") and len(signups.helper_code) <= 12
    assert signups.slots == ()


NO_EMAIL = "name: Grade 1\nlanguages: [en, es]\ncontact:\n  phone: 555-0100\n"
BAD = {
    "booked time that is no slot": (
        HEAD + "Slots: 15\nBooked: 15:40\n",
        5,
        "Booked '15:40' is not",
    ),
    "pause outside the event": (HEAD + "Slots: 15\nPause: 12:00-12:30\n", 5, "is not inside"),
    "pause that is no span": (HEAD + "Slots: 15\nPause: lunch\n", 5, "is not a span of time"),
    "overlapping pauses": (
        HEAD + "Slots: 15\nPause: 16:00-17:00, 16:30-17:30\n",
        5,
        "overlapping spans",
    ),
    "slots on an all-day event": (
        "Title: Day\nStart: 2027-01-14\nSlots: 15\n",
        3,
        "it is an all-day event",
    ),
    "slots not a number": (HEAD + "Slots: fifteen\n", 4, "Slots 'fifteen' is not a number"),
    "slots of zero minutes": (HEAD + "Slots: 0\n", 4, "Slots '0' is not a number"),
    "slots longer than the event": (HEAD + "Slots: 300\n", 4, "none fits between Start and End"),
    "booked without slots": (HEAD + "Booked: 15:30\n", 4, "has Booked but no Slots"),
    "more helpers found than needed": (
        HEAD + "Helpers: 3\nHelpers-Found: 5\n",
        5,
        "Helpers-Found is 5, more than the 3 Helpers",
    ),
    "helpers not a number": (HEAD + "Helpers: some\n", 4, "Helpers 'some' is not"),
    "helpers found without helpers": (HEAD + "Helpers-Found: 1\n", 4, "but no Helpers"),
    "unknown interpreter language": (
        HEAD + "Slots: 15\nInterpreters: es, martian\n",
        5,
        "'martian' is not a language code",
    ),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_signup_line_is_one_problem_with_file_line_and_fix(tmp_path, case):
    text, line, message = BAD[case]
    school = school_with(tmp_path, {CONF: text + "\nBody\n"})
    assert [(p.path, p.line) for p in school.problems] == [(CONF, line)], school.problems
    assert message in school.problems[0].message
    assert ";" in school.problems[0].message
    assert "event/grade-1/conferences" not in school.items  # never published half right


def test_a_class_without_email_cannot_take_bookings(tmp_path):
    files = {"classes/grade-1/class.yml": NO_EMAIL, CONF: HEAD + "Slots: 15\n\nx\n"}
    school = school_with(tmp_path, files)
    assert [(p.path, p.line) for p in school.problems] == [(CONF, 4)]
    assert "classes/grade-1/class.yml has no contact email" in school.problems[0].message


def test_sign_up_lines_in_a_translation_are_a_problem(tmp_path):
    files = {
        CONF: HEAD + "Slots: 15\n\nx\n",
        CONF.replace(".md", ".es.md"): "Title: Conferencias\nBooked: 15:30\n\ny\n",
    }
    school = school_with(tmp_path, files)
    assert [p.path for p in school.problems] == [CONF.replace(".md", ".es.md")]
    assert "read from the original only" in school.problems[0].message


def test_a_bad_sms_number_is_a_problem_of_class_yml(tmp_path):
    text = "name: Grade 1\nlanguages: [en, es]\ncontact:\n  email: a@b.example\n  sms: call me\n"
    school = school_with(tmp_path, {"classes/grade-1/class.yml": text})
    assert [p.path for p in school.problems] == ["classes/grade-1/class.yml"]
    assert "contact sms 'call me' is not a phone number" in school.problems[0].message


def test_sms_number_is_kept_as_digits(tmp_path):
    text = "name: Grade 1\nlanguages: [en, es]\ncontact:\n  email: a@b.example\n"
    text += "  sms: +1 (773) 555-0140\n"
    school = school_with(tmp_path, {"classes/grade-1/class.yml": text})
    assert school.problems == []
    assert school.classes["grade-1"].contact.sms == "+17735550140"


def test_check_reports_signup_mistakes_with_file_and_line(tmp_path):
    content = small_school(
        tmp_path / "content",
        **{
            CONF: BAD["booked time that is no slot"][0] + "\nx\n",
            f"{EVENTS}/2027-01-15-day.md": BAD["slots on an all-day event"][0] + "\nx\n",
        },
    )
    result = invoke("check", "--content", str(content))
    assert result.returncode == 1
    assert f"{CONF}:5: Booked '15:40' is not the start of a slot" in result.stdout + result.stderr
    assert f"{EVENTS}/2027-01-15-day.md:3: has Slots, but it is an all-day event" in (
        result.stdout + result.stderr
    )
