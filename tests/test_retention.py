"""The retention schedule, written as the mistake: a year that ended, and a year_ends that is
not a date. A class's portfolios go offline HOMEROOM_PORTFOLIO_RETENTION_DAYS after it."""

import logging
from datetime import date, timedelta

import pytest

from homeroom_portfolio import crypto
from homeroom_portfolio.policy import plan_build
from homeroom_school.problems import ContentError
from homeroom_school.reading.classes import read_class
from tests.portfolios import KEYS, SCHOOL, SECRET, portfolio_build, portfolio_school
from tests.sites import load, write_school

YEAR_ENDS = date(2026, 6, 30)
CLASS_YML = SCHOOL["classes/grade-1/class.yml"]


def ended(days: int | None) -> str:
    """grade-1's class.yml with a year that ended `days` before the tests' today (none: no
    year_ends line)."""
    if days is None:
        return CLASS_YML
    return CLASS_YML + f"    year_ends: {YEAR_ENDS.isoformat()}\n"


def today_after(days: int) -> str:
    return (YEAR_ENDS + timedelta(days=days)).isoformat()


def read(text: str):
    return read_class("grade-1", text.encode(), "content/classes/grade-1/class.yml")


def test_year_ends_is_read_as_a_date():
    assert read("name: Grade 1\nlanguages: [en]\nyear_ends: 2027-06-30\n").year_ends == date(
        2027, 6, 30
    )
    assert read("name: Grade 1\nlanguages: [en]\n").year_ends is None


@pytest.mark.parametrize("value", ["2027-06-31", "end of June", "2027-06-30 15:00", "[2027]"])
def test_a_year_ends_that_is_not_a_date_is_a_problem_on_its_line(value):
    with pytest.raises(ContentError) as raised:
        read(f"name: Grade 1\nlanguages: [en]\nyear_ends: {value}\n")
    problem = raised.value.problem
    assert problem.line == 3
    assert "year_ends" in problem.message
    assert value.strip("[]") in problem.message  # what was written, said back


def planned(tmp_path, days: int | None, **settings):
    content = portfolio_school(tmp_path / "content")
    write_school(content, {"classes/grade-1/class.yml": ended(days)})
    school, config = load(
        content,
        HOMEROOM_SECRET=SECRET,
        HOMEROOM_FAMILY_KEYS=KEYS,
        HOMEROOM_TODAY=today_after(days or 0),
        **settings,
    )
    assert not [problem for problem in school.problems if not problem.warning]
    return plan_build(school, config, {}, tmp_path), school


@pytest.mark.parametrize("preview", [True, False])
def test_a_year_that_ended_31_days_ago_has_no_portfolio_page(tmp_path, caplog, preview):
    caplog.set_level(logging.WARNING)
    pages, _ = planned(tmp_path, 31, HOMEROOM_PREVIEW=preview)
    assert pages == []
    said = [record for record in caplog.records if "year ended" in record.getMessage()]
    assert len(said) == 1  # once for the class, not once per student
    assert said[0].levelno == logging.WARNING
    assert "classes/grade-1/class.yml" in said[0].getMessage()
    assert "2026-07-30" in said[0].getMessage()  # its last day online


def test_a_year_that_ended_29_or_30_days_ago_keeps_its_pages(tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    for days in (29, 30):
        pages, school = planned(tmp_path / str(days), days, HOMEROOM_PREVIEW=True)
        assert {page.student.key for page in pages} == set(school.students) != set()
    assert not [record for record in caplog.records if "year ended" in record.getMessage()]


def test_the_setting_says_how_many_days(tmp_path):
    pages, _ = planned(tmp_path, 31, HOMEROOM_PREVIEW=True, HOMEROOM_PORTFOLIO_RETENTION_DAYS=31)
    assert len(pages) == 2
    pages, _ = planned(
        tmp_path / "0", 1, HOMEROOM_PREVIEW=True, HOMEROOM_PORTFOLIO_RETENTION_DAYS=0
    )
    assert pages == []


def test_a_class_without_year_ends_keeps_its_pages(tmp_path):
    pages, _ = planned(tmp_path, None, HOMEROOM_PREVIEW=True)
    assert len(pages) == 2


@pytest.mark.slow
@pytest.mark.parametrize(("days", "online"), [(31, False), (29, True)])
def test_the_build_writes_no_portfolio_file_after_the_schedule(tmp_path, days, online):
    content = portfolio_school(tmp_path / "content")
    write_school(content, {"classes/grade-1/class.yml": ended(days)})
    assert portfolio_build(content, tmp_path, HOMEROOM_TODAY=today_after(days)) == 0
    output = tmp_path / "output"
    files = sorted((output / "portfolio").rglob("*")) if (output / "portfolio").exists() else []
    assert bool(files) is online
    tokens = [crypto.token(SECRET, key) for key in ("grade-1/mia", "grade-1/sam")]
    written = [path for path in output.rglob("*") if path.is_file()]
    paths = " ".join(path.relative_to(output).as_posix() for path in written)
    assert [token in paths for token in tokens] == [online, online]
    everything = b"".join(path.read_bytes() for path in written)
    assert not [token for token in tokens if token.encode() in everything]  # no sitemap line


def test_no_card_is_printed_for_a_class_past_its_schedule(tmp_path):
    from homeroom_tasks.portfolio import portfolio_setup

    for days, cards in ((31, 0), (29, 2)):
        content = portfolio_school(tmp_path / str(days) / "content")
        write_school(content, {"classes/grade-1/class.yml": ended(days)})
        settings = {"HOMEROOM_SECRET": SECRET, "HOMEROOM_FAMILY_KEYS": KEYS}
        _, config = load(content, HOMEROOM_TODAY=today_after(days), **settings)
        _, _, pages = portfolio_setup(settings, config, real_keys=False)
        assert len(pages) == cards
