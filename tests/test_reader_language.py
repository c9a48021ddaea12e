"""Every label in the reader's language: what is shown in another is marked on every list and
in the footer, and `check` warns of a class.yml text the class's other languages lack."""

import pytest

from tests.sites import build, invoke, small_school

# A Spanish-only event of grade-1 (en, es): the English school home lists its original.
FERIA = {
    "classes/grade-1/events/2026-12-03-feria.es.md": """
        Title: Feria del libro
        Start: 2026-12-03 15:00
        End: 2026-12-03 17:00

        Vengan a la biblioteca.
    """,
    # November's newsletter: its posts, then the events ahead (the fair among them).
    "classes/grade-1/news/2026-11-20-leaves.md": "Title: Leaves\nDate: 2026-11-20\n\nWe raked.\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reader-language")
    content = small_school(folder / "content", **FERIA)
    result = build(content, folder / "output")
    assert result.returncode == 0, result.stdout + result.stderr
    return folder / "output"


@pytest.mark.browser
@pytest.mark.parametrize("home", ["en/index.html", "en/grade-1/index.html"])
def test_an_event_in_another_language_is_marked_on_every_list(site, browser, home):
    """On main the English school home listed "Feria del libro" with no mark (a post's card
    had one; an event's had none)."""
    page = browser.new_page()
    page.goto((site / home).as_uri())
    event = page.locator("li.event", has_text="Feria del libro")
    assert event.count() == 1
    badge = event.locator(".badge")
    assert badge.inner_text() == "Not yet translated"
    assert badge.evaluate("b => b.closest('[lang]').lang") == "en"  # in the reader's language
    assert event.locator("a").get_attribute("lang") == "es"  # the title in its own
    page.close()


@pytest.mark.browser
def test_the_footer_marks_a_school_page_shown_in_another_language(site, browser):
    """On main the Spanish pages' footer linked "Partnership agreement" (English only) as
    if it were Spanish: the admin's "About Lakeview Elementary" on every Spanish page."""
    page = browser.new_page()
    page.goto((site / "es/grade-1/index.html").as_uri())
    item = page.locator("footer li", has_text="Partnership agreement")
    assert item.locator("a").get_attribute("lang") == "en"
    badge = item.locator(".badge")
    assert badge.inner_text() == "Aún sin traducir"
    assert badge.evaluate("b => b.closest('[lang]').lang") == "es"
    page.goto((site / "en/grade-1/index.html").as_uri())  # in its own language: no mark
    assert (
        page.locator("footer li", has_text="Partnership agreement").locator(".badge").count() == 0
    )
    page.close()


@pytest.mark.slow
def test_check_warns_of_a_class_text_in_one_language_only(tmp_path):
    """On main a one-language office_hours showed in English on the Spanish pages, and
    `check` said "No problems"."""
    content = small_school(
        tmp_path / "content",
        **{
            "classes/grade-1/class.yml": """
                name: {en: Grade 1, es: Primer grado}
                teachers: [Ms. Park]
                languages: [en, es]
                goals:
                  reading: {en: Read simple books}
                contact:
                  email: park@school.example
                  response_time: {en: within a day, es: en un día}
                  office_hours: Tuesdays 3-4 pm
            """,
            "classes/grade-2/class.yml": """
                name: Grade 2
                teachers: Mr. Diallo
                languages: [ar, en]
                contact:
                  office_hours: {ar: الثلاثاء, en: Tuesdays}
            """,
        },
    )
    result = invoke("check", "--content", str(content))
    yml = f"{content}/classes/grade-1/class.yml"
    warnings = [line for line in result.stdout.splitlines() if ": warning: " in line]
    assert warnings == [
        f"{yml}:5: warning: `goals.reading` has no es text, so those pages show it in en; "
        "write it per language: `{en: …, es: …}`",
        f"{yml}:9: warning: `contact.office_hours` is in one language only, so the es pages "
        "show it as written; write it per language: `{en: …, es: …}`",
    ], result.stdout
    # Warnings, not errors; grade-2's plain name (a name, often the same in every language)
    # and its office hours in both of its languages say nothing.
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No errors (2 warnings above)" in result.stdout
    built = build(content, tmp_path / "output")
    said = [line for line in built.stderr.splitlines() if line.startswith("warning: ")]
    assert said == [f"warning: {line.replace(': warning: ', ': ', 1)}" for line in warnings]


@pytest.mark.browser
@pytest.mark.parametrize("edition", ["index.html", "email.html"])
def test_the_newsletter_marks_an_event_in_another_language(site, browser, edition):
    """On main November's newsletter listed "Feria del libro" among the events ahead with no
    mark (its posts had one)."""
    page = browser.new_page()
    page.goto((site / "en/grade-1/newsletter/2026-11" / edition).as_uri())
    event = page.locator("li", has_text="Feria del libro")
    assert event.count() == 1
    assert event.locator("span[lang=es]").inner_text().startswith("Feria del libro")
    assert event.inner_text().split("Feria del libro", 1)[1].startswith(" · Not yet translated")
    page.close()
