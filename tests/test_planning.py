"""The page families, planned for the small school without building it: which URLs each
plans, in which languages, and what the shared ClassPages gives every class page."""

import pytest

from homeroom_school.features.newsletters import plan_newsletters
from homeroom_school.reading.loading import load_school
from homeroom_school.settings import load_config
from homeroom_site.class_pages import ClassPages
from homeroom_site.families import EventPages, NewsletterPages, NewsPages, SchoolPages
from homeroom_site.planning import Planner
from tests.sites import ROOT, TODAY, small_school

CONFERENCES = """
    Title: Conferences
    Start: 2026-12-03 15:00
    End: 17:00
    Slots: 20
    Summary: Twenty minutes each.

    Pick a time.
"""
PICNIC = """
    Title: Picnic
    Start: 2026-10-02 12:00
    End: 13:00

    We ate outside.
"""


def planned(tmp_path, **settings):
    """The small school with two events in grade 1 (one with times to book), read as a
    build on the tests' TODAY reads it, and the factory every family shares."""
    folder = small_school(
        tmp_path,
        **{
            "classes/grade-1/events/2026-12-03-conferences.md": CONFERENCES,
            "classes/grade-1/events/2026-10-02-picnic.md": PICNIC,
        },
    )
    config = load_config(
        {
            "PATH": str(folder),
            "SITEURL": "",
            "TIMEZONE": "America/Chicago",
            "DEFAULT_LANG": "en",
            "THEME": str(ROOT / "themes/homeroom"),
            "HOMEROOM_TODAY": TODAY,
            **settings,
        }
    )
    school = load_school(config)
    assert school.problems == []
    newsletters = plan_newsletters(school, config.newsletter_weeks, config.timezone)
    return school, ClassPages(school, config), newsletters


def test_school_pages_are_the_root_the_404_and_each_languages_home_pages_and_search(tmp_path):
    _, pages, _ = planned(tmp_path)
    assert [page.url for page in SchoolPages(pages).all()] == [
        "",
        "404.html",
        *("en/", "en/pages/agreement/", "en/search/"),
        *("es/", "es/pages/agreement/", "es/search/"),
        *("ar/", "ar/pages/agreement/", "ar/search/"),
    ]


def test_without_search_no_language_has_a_search_page(tmp_path):
    _, pages, _ = planned(tmp_path, HOMEROOM_SEARCH=False)
    urls = [page.url for page in SchoolPages(pages).all()]
    assert [url for url in urls if "search" in url] == []
    assert len(urls) == 2 + 3 * 2


def test_news_is_the_class_home_its_archive_and_each_post(tmp_path):
    school, pages, newsletters = planned(tmp_path)
    news = NewsPages(pages, newsletters).of(school.classes["grade-1"], "es")
    assert [page.url for page in news] == [
        "es/grade-1/",
        "es/grade-1/news/",
        "es/grade-1/news/apples/",  # newest first
        "es/grade-1/news/first-week/",
    ]
    assert [page.template for page in news] == ["class", "archive", "post", "post"]
    apples = news[2]  # not translated: the English original, shown to Spanish readers
    assert (apples.title_lang, apples.canonical) == ("en", "en/grade-1/news/apples/")
    assert not apples.in_sitemap


def test_events_are_the_archive_each_event_and_the_sheet_of_one_with_times(tmp_path):
    school, pages, _ = planned(tmp_path)
    events = EventPages(pages).of(school.classes["grade-1"], "en")
    assert [(page.url, page.template, page.in_sitemap) for page in events] == [
        ("en/grade-1/events/", "events", True),
        ("en/grade-1/events/picnic/", "event", True),
        ("en/grade-1/events/conferences/", "event", True),
        ("en/grade-1/events/conferences/sheet/", "sheet", False),
    ]
    event, sheet = events[2], events[3]
    assert event.vars["sheet_url"] == sheet.url
    assert events[1].vars["sheet_url"] is None
    assert sheet.crumbs == [*event.crumbs, ("Conferences", event.url, "")]
    assert sheet.switcher == [
        ("en", "en/grade-1/events/conferences/sheet/"),
        ("es", "es/grade-1/events/conferences/sheet/"),
    ]


def test_newsletters_are_each_months_edition_and_their_archive(tmp_path):
    school, pages, newsletters = planned(tmp_path)
    planned_pages = NewsletterPages(pages, newsletters).of(school.classes["grade-1"], "es")
    assert [(page.url, page.template) for page in planned_pages] == [
        ("es/grade-1/newsletter/2026-09/", "newsletter"),
        ("es/grade-1/newsletter/", "newsletters"),
    ]
    edition = planned_pages[0]
    assert edition.vars["email_url"] == "es/grade-1/newsletter/2026-09/email.html"
    assert edition.crumbs[-1] == ("", "es/grade-1/newsletter/", "newsletters")


@pytest.mark.parametrize(
    "class_id, languages", [("grade-1", ["en", "es"]), ("grade-2", ["ar", "en"])]
)
def test_a_class_page_is_in_each_of_its_languages_and_only_those(tmp_path, class_id, languages):
    school, pages, newsletters = planned(tmp_path)
    planner = Planner(school, pages.config, newsletters)
    class_pages = planner.class_pages(school.classes[class_id])
    assert sorted({page.lang for page in class_pages}) == sorted(languages)
    home = next(page for page in class_pages if page.template == "class" and page.lang == "en")
    everywhere = [(lang, f"{lang}/{class_id}/") for lang in languages]
    assert home.switcher == everywhere
    assert home.alternates == everywhere
    assert home.feeds == [
        ("atom", "Atom", f"en/{class_id}/atom.xml"),
        ("rss", "RSS", f"en/{class_id}/rss.xml"),
    ]


def test_the_planner_runs_the_school_then_each_class_news_newsletters_events(tmp_path):
    school, pages, newsletters = planned(tmp_path)
    plan = Planner(school, pages.config, newsletters).plan()
    school_level = SchoolPages(pages).all()
    assert [p.url for p in plan[: len(school_level)]] == [p.url for p in school_level]
    grade_1_in_english = [page.template for page in plan if page.url.startswith("en/grade-1/")]
    assert grade_1_in_english == [
        *("class", "archive", "post", "post"),
        *("newsletter", "newsletters"),
        *("events", "event", "event", "sheet"),
    ]
