"""The portfolio policy, attacked one rule at a time: who may see what, and what is refused."""

import logging

import pytest
from PIL import Image

from homeroom_portfolio.keys import Household
from homeroom_portfolio.policy import (
    PortfolioPage,
    attached_file,
    page_mode,
    plan_portfolios,
    publish_problems,
    student_photos,
)
from homeroom_school.reading.loading import load_school
from homeroom_school.settings import load_config
from tests.sites import ROOT, write_school

SECRET = "test-only-secret-for-the-portfolio-policy-tests"
PORTFOLIO = "classes/grade-1/portfolio"
SCHOOL = {
    "classes/grade-1/class.yml": """
        name: {en: Grade 1}
        teachers: [Ms. Park]
        languages: [en]
    """,
    "classes/grade-1/news/2026-09-04-tree.md": """
        Title: Our class tree
        Date: 2026-09-04

        ![The class tree](tree.png "Shows: nobody")
    """,
    f"{PORTFOLIO}/mia/student.yml": "name: Mia K.\nphoto_consent: false\n",
    f"{PORTFOLIO}/mia/2026-10-01-chart.md": """
        Title: Hundred chart
        Date: 2026-10-01
        Image: chart.png
        Image-Alt: A hundred chart

        Mia colored every tenth square.
    """,
    f"{PORTFOLIO}/sam/student.yml": "name: Sam B.\nphoto_consent: true\nvisibility: link\n",
    f"{PORTFOLIO}/sam/2026-10-02-tower.md": """
        Title: Block tower
        Date: 2026-10-02
        Image: tower.png
        Image-Alt: A tower of blocks

        Sam counted 24 blocks.
    """,
    f"{PORTFOLIO}/sam/2026-10-03-painting.md": """
        Title: Autumn painting
        Date: 2026-10-03
        Visibility: public

        Sam painted the leaves.
    """,
}
PHOTOS = (
    "classes/grade-1/news/tree.png",
    f"{PORTFOLIO}/mia/chart.png",
    f"{PORTFOLIO}/sam/tower.png",
)


@pytest.fixture(scope="module")
def school(tmp_path_factory):
    content = write_school(tmp_path_factory.mktemp("policy") / "content", SCHOOL)
    for photo in PHOTOS:
        Image.new("RGB", (40, 30), (40, 140, 60)).save(content / photo)
    config = load_config(
        {
            "PATH": str(content),
            "SITEURL": "",
            "TIMEZONE": "America/Chicago",
            "DEFAULT_LANG": "en",
            "THEME": str(ROOT / "themes/homeroom"),
        }
    )
    school = load_school(config)
    assert [p for p in school.problems if not p.warning] == []
    return school


def plan(school, secret=SECRET, keys=None, preview=False, demo=frozenset()):
    """The planned pages by student (`content` only names a student.yml in the log); `keys`:
    one passphrase, or a list (one per household), by student."""
    households = {
        student: tuple(
            Household(phrase) for phrase in ([value] if isinstance(value, str) else value)
        )
        for student, value in (keys or {}).items()
    }
    pages = plan_portfolios(school, secret, households, preview, demo, content=ROOT)
    return {page.student.key: page for page in pages}


def test_a_family_student_stays_family_though_an_entry_is_public(school):
    mia = school.students["grade-1/mia"]
    assert page_mode(school, mia) == "family"


def test_a_link_student_is_never_public_though_an_entry_is(school):
    sam = school.students["grade-1/sam"]
    assert page_mode(school, sam) == "link"


def test_a_page_shows_no_photo_of_another_student_nor_of_the_class(school):
    mia = [use.source for use in student_photos(school, school.students["grade-1/mia"])]
    sam = [use.source for use in student_photos(school, school.students["grade-1/sam"])]
    assert mia == [f"{PORTFOLIO}/mia/chart.png"]
    assert sam == [f"{PORTFOLIO}/sam/tower.png"]


def test_a_family_page_without_keys_is_refused_in_a_strict_build(school, caplog):
    with caplog.at_level(logging.ERROR):
        pages = plan(school, keys={})
    assert "grade-1/mia" not in pages
    assert "grade-1/sam" in pages  # a link page needs no passphrase
    assert "grade-1/mia has a family portfolio but no passphrase" in caplog.text


def test_a_family_page_without_keys_is_shown_plain_only_in_a_preview(school):
    mia = plan(school, keys={}, preview=True)["grade-1/mia"]
    assert mia.mode == "family"
    assert mia.unlocked_preview
    assert not mia.locked


def test_without_the_site_secret_no_page_is_made(school, caplog):
    keys = {"grade-1/mia": "river stone lantern four"}
    with caplog.at_level(logging.ERROR):
        pages = plan(school, secret="", keys=keys, preview=True)
    assert pages == {}
    assert "grade-1/sam has a link portfolio, but HOMEROOM_SECRET is not set" in caplog.text


def test_a_demo_passphrase_is_refused_in_a_strict_build_only(school, caplog):
    keys = {"grade-1/mia": "river stone lantern four"}
    demo = frozenset({"river stone lantern four"})
    with caplog.at_level(logging.ERROR):
        strict = plan(school, keys=keys, demo=demo)
    assert "grade-1/mia" not in strict
    assert "the passphrase of grade-1/mia is a demo passphrase" in caplog.text
    assert "river stone lantern four" not in caplog.text  # the log never shows a passphrase
    assert plan(school, keys=keys, preview=True, demo=None)["grade-1/mia"].locked


def test_a_weak_household_passphrase_is_refused_by_its_place_never_its_words(school, caplog):
    keys = {"grade-1/mia": ["river stone lantern four", "short one"]}
    with caplog.at_level(logging.ERROR):
        strict = plan(school, keys=keys, demo=frozenset())
    assert "grade-1/mia" not in strict
    assert "the passphrase of grade-1/mia (household 2) has 9 characters" in caplog.text
    assert "short one" not in caplog.text and "river" not in caplog.text
    both = {"grade-1/mia": ["river stone lantern four", "copper meadow violin nine"]}
    assert plan(school, keys=both, demo=frozenset())["grade-1/mia"].passphrases == tuple(
        both["grade-1/mia"]
    )


def test_a_family_page_with_keys_is_locked_and_a_link_page_never(school):
    keys = {"grade-1/mia": "river stone lantern four", "grade-1/sam": "harbor cloud ninety"}
    pages = plan(school, keys=keys)
    assert pages["grade-1/mia"].locked
    assert not pages["grade-1/sam"].locked  # a passphrase does not make a link page family
    assert not pages["grade-1/sam"].unlocked_preview


def test_the_address_is_unguessable_without_the_secret(school):
    one = plan(school, keys={"grade-1/mia": "x y z w"}, preview=True)
    other = plan(school, secret=SECRET + "!", keys={"grade-1/mia": "x y z w"}, preview=True)
    assert one["grade-1/sam"].token != other["grade-1/sam"].token
    assert "sam" not in one["grade-1/sam"].token


def test_an_attached_file_outside_the_content_folder_is_refused(tmp_path):
    content = write_school(tmp_path / "content", {"classes/a/report.pdf": b"%PDF-1.4"})
    (tmp_path / "secrets.yml").write_text("key: value")
    assert attached_file(content, "classes/a/report.pdf") == content / "classes/a/report.pdf"
    assert attached_file(content, "../secrets.yml") is None
    assert attached_file(content, "classes/a/missing.pdf") is None


def test_a_public_repository_publishes_no_portfolio(school, tmp_path):
    settings = {
        "HOMEROOM_REPOSITORY_VISIBILITY": "public",
        "HOMEROOM_SECRET": SECRET,
        "HOMEROOM_FAMILY_KEYS": "",
    }
    (problem,) = publish_problems(school, settings, tmp_path)
    assert problem.startswith("the repository is public, and grade-1/mia, grade-1/sam have")
    settings["HOMEROOM_REPOSITORY_VISIBILITY"] = "private"
    assert publish_problems(school, settings, tmp_path) == []


def test_a_locked_page_is_a_family_page_with_a_passphrase():
    student = object()
    assert PortfolioPage(student, "t", "family", (Household("a b c d"),)).locked
    assert not PortfolioPage(student, "t", "family", ()).locked
    assert PortfolioPage(student, "t", "family", ()).unlocked_preview
    assert not PortfolioPage(student, "t", "link", ()).unlocked_preview
