"""`invoke new`'s starters: in the class's first language, and never published as written.

The mistake: a teacher runs `invoke new`, writes a title, commits. The starter's example lines
("Write your post here…") must stop check, build and publish on their lines, in whichever
catalog's language the starter was written, and a real post that uses the same words must not.
"""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.sites import PUBLISHED, ROOT, build, invoke, load, small_school, write_school

NEWS = "classes/grade-1/news"
TRANSLATIONS = ROOT / "themes/homeroom/translations"
CATALOGS = sorted(p.parent.parent.name for p in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))
BODY = "Write your post here. Leave a blank line between paragraphs."
SUMMARY = "One sentence that families see in lists and emails."


def catalog_text(lang: str, english: str) -> str:
    """What the theme's catalog in `lang` says for one English text (read here with Babel,
    not through the code under test)."""
    with (TRANSLATIONS / lang / "LC_MESSAGES/messages.po").open("rb") as po:
        text = read_po(po)[english].string
    assert text, f"{lang} does not translate {english!r}"
    return text


def new(content, *args: str):
    result = invoke("new", *args, "--content", str(content))
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.strip())


@pytest.mark.slow
def test_a_starter_left_as_written_stops_check_build_and_publish_on_its_lines(tmp_path):
    content = small_school(tmp_path / "content")
    path = new(content, "news", "--class", "grade-1", "--date", "2026-11-20", "Field trip")
    expected = [
        f"{path}:3: still holds the text `invoke new` wrote to show what goes here (“{SUMMARY}”)",
        f"{path}:5: still holds the text `invoke new` wrote to show what goes here (“{BODY}”)",
    ]
    checked = invoke("check", "--content", str(content))
    assert checked.returncode == 1
    said = [line for line in checked.stdout.splitlines() if line.startswith(str(path))]
    assert [line.split("); ")[0] + ")" for line in said] == expected, checked.stdout
    assert all(line.endswith("replace it with your own words, or delete the line") for line in said)
    said = [line.removeprefix(f"{content}/") for line in said]  # builds name it from content/
    built = build(content, tmp_path / "output")
    assert built.returncode == 1 and all(line in built.stderr for line in said), built.stderr
    for page in (tmp_path / "output").rglob("*"):  # the rest is built; nothing of the starter
        if page.is_file():
            assert b"Field trip" not in page.read_bytes() and b"Write your" not in page.read_bytes()
    site = tmp_path / "site"
    args = ["publish", "--content", str(content), "--output", str(site)]
    published = invoke(*args, env=PUBLISHED)
    assert published.returncode == 1 and not site.exists()
    assert all(line in published.stderr + published.stdout for line in said), published.stderr


@pytest.mark.slow
def test_starters_are_written_in_the_class_first_language(tmp_path):
    content = small_school(tmp_path / "content")  # grade-2: [ar, en]; grade-1: [en, es]
    arabic = new(content, "news", "--class", "grade-2", "--date", "2026-11-20", "Trip")
    text = arabic.read_text(encoding="utf-8")
    assert f"Summary: {catalog_text('ar', SUMMARY)}\n\n{catalog_text('ar', BODY)}\n" in text
    assert BODY not in text and arabic.name == "2026-11-20-trip.md"
    spanish = new(
        content, "news", "--class", "grade-1", "--lang", "es", "--date", "2026-11-20", "Paseo"
    )
    assert catalog_text("es", BODY) in spanish.read_text(encoding="utf-8")
    english = new(content, "news", "--class", "grade-1", "--date", "2026-11-20", "Trip")
    assert BODY in english.read_text(encoding="utf-8")
    school, _ = load(content)
    lines = sorted((p.path.rsplit("/", 1)[-1], p.line) for p in school.problems)
    assert lines == [
        ("2026-11-20-paseo.es.md", 3),
        ("2026-11-20-paseo.es.md", 5),
        ("2026-11-20-trip.md", 3),
        ("2026-11-20-trip.md", 3),
        ("2026-11-20-trip.md", 5),
        ("2026-11-20-trip.md", 5),
    ]


@pytest.mark.parametrize("lang", CATALOGS)
def test_a_starter_copied_from_another_language_is_caught_on_its_line(tmp_path, lang):
    """An English class's post written from a copy of another language's starter."""
    from homeroom_school.starting.starters import EVENT_ALL_DAY, EVENT_SUMMARY

    body, summary = catalog_text(lang, BODY), catalog_text(lang, EVENT_SUMMARY)
    files = {
        f"{NEWS}/2026-10-01-copied.md": f"Title: Copied\nDate: 2026-10-01\n\nOur week.\n\n{body}\n",
        "classes/grade-1/events/2026-12-01-fair.md": (
            "---\ntitle: Fair\nstart: 2026-12-01\nsummary: " + summary + "\n---\n"
            f"Bring a friend. {catalog_text(lang, EVENT_ALL_DAY)}\n"
        ),
    }
    school, _ = load(small_school(tmp_path, **files))
    found = {(p.path, p.line): p.message for p in school.problems}
    assert sorted(found) == [
        ("classes/grade-1/events/2026-12-01-fair.md", 4),
        ("classes/grade-1/events/2026-12-01-fair.md", 6),
        (f"{NEWS}/2026-10-01-copied.md", 6),
    ], school.problems
    assert body in found[(f"{NEWS}/2026-10-01-copied.md", 6)]
    assert "copied" not in {item.slug for item in school.news["grade-1"]}  # never published


def test_a_real_post_with_the_same_words_and_a_draft_are_not_flagged(tmp_path):
    files = {
        f"{NEWS}/2026-10-01-blog.md": (
            "Title: Our class blog\nDate: 2026-10-01\nSummary: One sentence that families see.\n\n"
            "Ask your child how to write your post here, on the class blog: leave a blank line "
            "between paragraphs, as we do.\n\nWrite your post here.\n"
        ),
        f"{NEWS}/2026-10-02-later.md": (
            f"Title: Not yet\nDate: 2026-10-02\nStatus: draft\nSummary: {SUMMARY}\n\n{BODY}\n"
        ),
    }
    for preview in (True, False):  # a draft is shown in the preview only, and never published
        school, _ = load(small_school(tmp_path, **files), HOMEROOM_PREVIEW=preview)
        assert school.problems == [], school.problems
    assert "blog" in {item.slug for item in school.news["grade-1"]}


def test_the_check_finds_a_placeholder_inside_a_longer_line(tmp_path):
    files = {f"{NEWS}/2026-10-01-kept.md": f"Title: Kept\nDate: 2026-10-01\n\n> {BODY} Done.\n"}
    school, _ = load(small_school(tmp_path, **files))
    assert [(p.path, p.line) for p in school.problems] == [(f"{NEWS}/2026-10-01-kept.md", 4)]


def test_every_catalog_translates_every_starter_text():
    from homeroom_school.starting.starters import PLACEHOLDERS

    assert set(CATALOGS) >= {"en", "es", "fr", "ar", "vi", "zh"}
    for lang in CATALOGS:
        for text in PLACEHOLDERS:
            catalog_text(lang, text)


def test_a_starter_with_its_example_lines_replaced_is_valid(tmp_path):
    """Replacing the example lines is all a starter needs: the rest of it is valid."""
    content = small_school(tmp_path / "content")
    path = new(content, "news", "--class", "grade-2", "--date", "2026-11-20", "Trip")
    text = path.read_text(encoding="utf-8")
    for example in (catalog_text("ar", SUMMARY), catalog_text("ar", BODY)):
        text = text.replace(example, "رحلة إلى الحديقة.")
    write_school(content, {path.relative_to(content).as_posix(): text})
    school, _ = load(content)
    assert school.problems == []
