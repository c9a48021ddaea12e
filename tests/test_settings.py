"""One settings schema: every HOMEROOM_* setting declared once, a wrong value one SettingsError
naming it, and the README's Settings table the schema's own."""

import json
import os
import re
import subprocess
import sys

import pytest

from homeroom_photos import photo_settings
from homeroom_photos.pipeline import PhotoSettings
from homeroom_school.settings import BY_NAME, SCHEMA, SettingsError, load_config
from tests.sites import ROOT, small_school

ROW = re.compile(r"^\| `(HOMEROOM_[A-Z_]+)` \| (.*?) \| .* \|$")


def settings_table() -> dict[str, str]:
    """The README's Settings table: each HOMEROOM_* row's default, as written."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    return {m[1]: m[2] for line in section.splitlines() if (m := ROW.match(line))}


def as_written(value: object) -> str:
    """A default as the README writes it: Python's literal, in backticks."""
    return f'`"{value}"`' if isinstance(value, str) else f"`{value!r}`"


def test_the_readme_settings_table_is_the_schema():
    table = settings_table()
    assert set(table) == set(BY_NAME), "rows not in the schema, or settings with no row"
    for setting in SCHEMA:
        written = table[setting.name]
        expected = setting.shown or as_written(setting.default)
        assert written == expected or written.startswith(f"{expected} ("), (setting.name, written)
        assert setting.doc and "\n" not in setting.doc, setting.name


def test_the_defaults_are_the_schemas():
    config = load_config({})
    assert (config.feed_items, config.preview, config.search) == (20, False, True)
    assert photo_settings({}) == PhotoSettings()
    assert PhotoSettings().widths == BY_NAME["HOMEROOM_PHOTO_WIDTHS"].default


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("HOMEROOM_PREVIEW", "no", "must be True or False, not 'no'"),
        ("HOMEROOM_REQUIRE_VISIBILITY", "false", "must be True or False, not 'false'"),
        ("HOMEROOM_SEARCH", 0, "must be True or False, not 0"),
        ("HOMEROOM_WORKERS", -1, "must be a whole number of at least 0, not -1"),
        ("HOMEROOM_WORKERS", "two", "must be a whole number of at least 0, not 'two'"),
        ("HOMEROOM_FEED_ITEMS", 2.5, "must be a whole number of at least 1, not 2.5"),
        ("HOMEROOM_JPEG_QUALITY", 120, "must be a whole number from 1 to 95, not 120"),
        ("HOMEROOM_WEBP_QUALITY", 0, "must be a whole number from 1 to 100, not 0"),
        ("HOMEROOM_PHOTO_MAX_BYTES", "30MB", "must be a whole number of at least 1"),
        ("HOMEROOM_PHOTO_WIDTHS", (480, -960), "must be a list of widths in pixels"),
        ("HOMEROOM_SECRET", None, "must be a string in quotes, not None"),
        ("HOMEROOM_CLASSES_PATH", 3, "must be a folder's path in quotes, not 3"),
        ("HOMEROOM_TODAY", 20261123, "must be a date in quotes like '2026-11-23'"),
    ],
)
def test_a_wrong_value_is_one_settings_error_naming_the_setting(name, value, problem):
    with pytest.raises(SettingsError) as raised:
        load_config({name: value})
    assert str(raised.value).startswith(f"{name} {problem}")


def test_a_misspelled_setting_names_the_one_it_meant():
    with pytest.raises(
        SettingsError,
        match=r"^HOMEROOM_SERACH is not a setting: did you mean "
        r"HOMEROOM_SEARCH\?$",
    ):
        load_config({"HOMEROOM_SERACH": False})
    load_config({"HOMEROOM_OTHER_THING": 1, "HOMEROOM_NEWSLETTERS": []})  # the build's own key


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "value"),
    [("HOMEROOM_PREVIEW", "no"), ("HOMEROOM_WORKERS", "two"), ("HOMEROOM_JPEG_QUALITY", 120)],
)
def test_a_build_with_a_wrong_value_stops_with_one_line(tmp_path, name, value):
    """Plain `pelican -e`, as a school might: one line naming the setting, no traceback."""
    content = small_school(tmp_path / "content")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            str(content),
            "-s",
            "pelicanconf.py",
            "-o",
            str(tmp_path / "out"),
            "-e",
            f"{name}={json.dumps(value)}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "1000"},  # Pelican's log: one line a message
    )
    said = result.stdout + result.stderr
    assert result.returncode != 0, said
    assert "Traceback" not in said, said
    assert said.count("ERROR") == 1 and said.count(f"settings: {name} ") == 1, said


def test_the_tasks_find_the_classes_where_the_setting_puts_them(tmp_path, monkeypatch, capsys):
    """A school whose classes live in groups/ (HOMEROOM_CLASSES_PATH): `invoke new` and
    `invoke send` read them there, not in a folder typed into the code."""
    import tasks
    from homeroom_mail.command import school_classes

    content = small_school(tmp_path / "content")
    (content / "classes").rename(content / "groups")
    real = tasks.pelican_settings

    def grouped(conf, content, output, **extra):
        return real(conf, content, output, HOMEROOM_CLASSES_PATH="groups", **extra)

    monkeypatch.setattr(tasks, "pelican_settings", grouped)
    tasks.new.body(
        None, "news", "Field trip", class_="grade-1", date="2026-10-02", content=str(content)
    )
    written = capsys.readouterr().out.strip()
    assert written == str(content / "groups/grade-1/news/2026-10-02-field-trip.md")
    assert (content / written).is_file()
    config = load_config({"PATH": str(content), "HOMEROOM_CLASSES_PATH": "groups"})
    found, unreadable = school_classes(config.content_path / config.classes_path)
    assert sorted(found) == ["grade-1", "grade-2"] and not unreadable
