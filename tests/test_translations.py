"""The translation status table: translated, missing, outdated."""

import pytest

from homeroom_school.translations import as_html, as_text, translation_table
from tests.sites import invoke, load, small_school

NEWS = "classes/grade-1/news"
FILES = {
    # corrected after its translation was written: the translation is outdated
    f"{NEWS}/2026-10-01-field-day.md": "Title: Field day\nDate: 2026-10-01\nModified: 2026-10-09\n",
    f"{NEWS}/2026-10-01-field-day.es.md": "Title: Día de campo\nDate: 2026-10-02\n",
    # corrected, and its translation after that: up to date
    f"{NEWS}/2026-10-03-lunch.md": "Title: Lunch\nDate: 2026-10-03\nModified: 2026-10-04\n",
    f"{NEWS}/2026-10-03-lunch.es.md": "Title: Almuerzo\nDate: 2026-10-03\nModified: 2026-10-05\n",
    "classes/grade-1/events/2026-11-05-conferences.md": "Title: Conferences\nStart: 2026-11-05\n",
}


def test_status_of_every_post_and_event(tmp_path):
    school, _ = load(small_school(tmp_path, **FILES))
    table = {row.item.slug: row.status for row in translation_table(school, "grade-1")}
    assert table["field-day"] == {"en": "original", "es": "outdated"}
    assert table["lunch"] == {"en": "original", "es": "translated"}
    assert table["first-week"] == {"en": "original", "es": "translated"}
    assert table["apples"] == {"en": "original", "es": "missing"}
    assert table["conferences"] == {"en": "original", "es": "missing"}
    text = as_text(school, "grade-1")
    assert "2026-10-01-field-day.md" in text and "1 outdated" in text
    html = as_html(school)
    assert '<td class="outdated">outdated</td>' in html and "never published" in html


@pytest.mark.slow
def test_invoke_translations(tmp_path):
    content = small_school(tmp_path / "content", **FILES)
    result = invoke("translations", "--class", "grade-1", "--content", str(content))
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if "field-day" in line)
    assert line.split()[1:] == ["original", "outdated"]
    unknown = invoke("translations", "--class", "grade-9", "--content", str(content))
    assert unknown.returncode == 1 and "known classes: grade-1, grade-2" in unknown.stderr
