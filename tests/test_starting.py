"""A school's first day: from the demo to its own classes, as an admin does it with the tasks.

The mistakes: a school that removes the demo (no content/, an empty one, a class folder without
its class.yml) must get, from every task, what is missing and the command that makes it, never
a traceback; `invoke new class` and `invoke start` must leave a school that checks and builds.
"""

import os
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

from tests.sites import PUBLISHED, ROOT, SOURCE_DATE_EPOCH, invoke, small_school

TRANSLATIONS = ROOT / "themes/homeroom/translations"
START = ["--school", "Lakeview Elementary", "--timezone", "America/Chicago"]


def copy_of_the_repository(folder: Path) -> Path:
    """The files `invoke start` changes (tasks, settings, the demo's content) copied, the code
    and theme linked: a repository to start a school in without touching this one."""
    folder.mkdir()
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py", "demo-family-keys.yml"):
        shutil.copy2(ROOT / name, folder / name)
    shutil.copytree(ROOT / "content", folder / "content")
    for name in ("plugins", "themes"):
        (folder / name).symlink_to(ROOT / name)
    return folder


def run(repo: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`invoke ARGS` in `repo`, with its defaults, as the admin runs it there."""
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, **(env or {})},
    )


def catalog(lang: str) -> dict[str, str]:
    with (TRANSLATIONS / lang / "LC_MESSAGES/messages.po").open("rb") as po:
        return {m.id: m.string for m in read_po(po) if m.id and m.string}


def settings_of(repo: Path) -> dict:
    return runpy.run_path(str(repo / "pelicanconf.py"))


def tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


# ---- invoke new class


@pytest.mark.slow
def test_new_class_writes_a_commented_starter_in_the_class_language(tmp_path):
    from homeroom_tasks.class_starter import NOTES

    content = tmp_path / "content"
    content.mkdir()  # an empty content/: no classes/ yet
    made = invoke("new", "class", "room-12", "--lang", "es,en", "--content", str(content))
    assert made.returncode == 0, made.stderr
    yml = content / "classes/room-12/class.yml"
    assert made.stdout.strip() == str(yml)
    assert tree(content / "classes") == [
        "room-12",
        "room-12/class.yml",
        "room-12/events",
        "room-12/events/.gitkeep",
        "room-12/news",
        "room-12/news/.gitkeep",
    ]
    text = yml.read_text(encoding="utf-8")
    spanish = catalog("es")
    for english in NOTES.values():  # every note in the class's first language
        assert spanish[english] in text and english not in text, english
    data = yaml.safe_load(text)
    assert data["name"] == {"es": "Room 12", "en": "Room 12"}  # one name per language
    assert data["languages"] == ["es", "en"] and data["teachers"] == []
    for key in ("email:", "response_time:", "office_hours:", "sms:"):  # contact, commented
        assert f"  # {key}" in text
    response = spanish["within two school days"]  # an example text in each language
    assert f'  # response_time: {{es: "{response}", en: "within two school days"}}\n' in text
    assert "# fractions:" in text  # goals, commented
    checked = invoke("check", "--content", str(content))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    post = invoke(
        "new",
        "news",
        "--class",
        "room-12",
        "--date",
        "2026-11-20",
        "Primer día",
        "--content",
        str(content),
    )
    assert post.returncode == 0 and post.stdout.strip().endswith(
        "classes/room-12/news/2026-11-20-primer-dia.md"
    ), post.stderr
    # Uncommented and filled in, the notes' examples are a valid class.yml.
    filled = re.sub(r"(?m)^  # ", "  ", text.replace("teachers: []", "teachers: [Sra. Rivera]"))
    yml.write_text(filled, encoding="utf-8")
    (content / "classes/room-12/news/2026-11-20-primer-dia.md").unlink()
    assert invoke("check", "--content", str(content)).returncode == 0


@pytest.mark.slow
def test_new_class_uses_default_lang_and_finishes_a_half_made_class(tmp_path):
    content = small_school(tmp_path / "content")
    (content / "classes/room-12/news").mkdir(parents=True)  # a folder without class.yml
    made = invoke("new", "class", "room-12", "--content", str(content))
    assert made.returncode == 0, made.stderr
    data = yaml.safe_load((content / "classes/room-12/class.yml").read_text(encoding="utf-8"))
    assert data["languages"] == ["en"]  # pelicanconf.py's DEFAULT_LANG
    again = invoke("new", "class", "room-12", "--content", str(content))
    assert again.returncode == 1 and "class.yml exists already" in again.stderr
    for wrong, said in (("Room_12", "may only have lowercase letters"),):
        refused = invoke("new", "class", wrong, "--content", str(content))
        assert refused.returncode == 1 and said in refused.stderr, refused.stderr
    refused = invoke("new", "class", "room-13", "--lang", "en,klingon", "--content", str(content))
    assert refused.returncode == 1 and "'klingon' is not a language code" in refused.stderr
    assert not (content / "classes/room-13").exists()
    assert "Traceback" not in refused.stderr + again.stderr


def test_every_catalog_translates_every_class_note():
    from homeroom_tasks.class_starter import EXAMPLES, NOTES

    for po in sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")):
        translated = catalog(po.parent.parent.name)
        missing = [text for text in [*NOTES.values(), *EXAMPLES.values()] if text not in translated]
        assert not missing, (po, missing)


@pytest.mark.parametrize(
    "lang", sorted(p.parent.parent.name for p in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))
)
def test_a_class_starter_in_any_language_is_valid_as_written_and_uncommented(lang):
    """A translated note or example must never break the YAML that a teacher uncomments."""
    from homeroom_school.reading.classes import read_class
    from homeroom_tasks.class_starter import class_yml

    languages = [lang, "es" if lang == "en" else "en"]
    text = class_yml("room-12", languages, TRANSLATIONS)
    assert read_class("room-12", text.encode(), "class.yml").languages == tuple(languages)
    assert not read_class("room-12", text.encode(), "class.yml").photos_need_shows
    uncommented = re.sub(r"(?m)^  # ", "  ", text.replace("teachers: []", "teachers: [A. B.]"))
    uncommented = uncommented.replace("# photos_need_shows: true", "photos_need_shows: true")
    school_class = read_class("room-12", uncommented.encode(), "class.yml")
    assert school_class.photos_need_shows, "the line a teacher uncomments asks every photo"
    assert school_class.contact.email == "teacher@school.example"
    hours = "Tuesdays 15:00-16:00"
    assert school_class.contact.office_hours == {code: catalog(code)[hours] for code in languages}
    assert list(school_class.goals) == ["fractions"]


# ---- a missing, empty or half-made content/

STATES = {
    "missing": (lambda content: None, "does not exist", "invoke start"),
    "empty": (lambda content: content.mkdir(), "does not exist", "invoke new class"),
    "half-made": (
        lambda content: (content / "classes/room-12/news").mkdir(parents=True),
        "room-12/ has no class.yml",
        "invoke new class room-12",
    ),
}
TASKS = {
    "check": ["check"],
    "build": ["build", "--output", "{tmp}/out"],
    "publish": ["publish", "--output", "{tmp}/site"],
    "new news": ["new", "news", "--class", "room-12", "Hello"],
    "translations": ["translations"],
    "book": ["book", "--class", "room-12", "--event", "fair", "15:30"],
    "newsletter": ["newsletter", "--class", "room-12", "--month", "2026-11"],
    "portfolio-export": ["portfolio-export", "--student", "room-12/ana", "--output", "{tmp}/e"],
}


@pytest.mark.slow
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("task", TASKS)
def test_no_task_gives_a_traceback_on_a_school_just_begun(tmp_path, state, task):
    make, missing, command = STATES[state]
    content = tmp_path / "content"
    make(content)
    args = [arg.format(tmp=tmp_path) for arg in TASKS[task]]
    result = invoke(*args, "--content", str(content), env=PUBLISHED)
    said = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in said, said
    if task in ("check", "build", "publish") and state != "missing":  # a problem of the build
        missing, command = {
            "empty": ("classes: is missing", "invoke new class <id>"),
            "half-made": ("room-12: is a class folder without class.yml", command),
        }[state]
    assert missing in said and command in said, said


@pytest.mark.slow
def test_serve_and_send_without_content_say_so(tmp_path):
    for args in (
        ["serve", "--port", "0", "--output", str(tmp_path / "p")],
        ["send", "--dry-run", "--output", str(tmp_path / "site")],
    ):
        result = invoke(*args, "--content", str(tmp_path / "content"))
        said = result.stdout + result.stderr
        assert result.returncode == 1 and "Traceback" not in said, said
        assert f"{tmp_path}/content/ does not exist" in said and "invoke start" in said


HALF_MADE = {
    "an empty class.yml": (
        {"classes/r1/class.yml": b""},
        "classes/r1/class.yml: is empty; write its `key: value` lines (name, teachers, languages",
        "classes/r1/class.yml: is empty; write its",
        "r3/class.yml",
    ),
    "news/ a file": (
        {"classes/r1/class.yml": b"name: R\nlanguages: [en]\n", "classes/r1/news": b"x"},
        "classes/r1/news: is a file where Homeroom reads a folder of Markdown files; rename it",
        "classes/r1/news is a file where Homeroom needs a folder; rename or move that file",
        "r3/class.yml",
    ),
    "classes/ a file": (
        {"classes": b"x"},
        "classes: is a file: Homeroom needs a folder classes/ with one folder per class",
        "classes is a file, not a folder): `invoke new class <id>` starts one",
        "classes is a file where Homeroom needs a folder; rename or move that file",
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", HALF_MADE)
def test_a_half_made_class_is_said_by_check_and_new_without_a_traceback(tmp_path, case):
    files, checked, new_post, new_class = HALF_MADE[case]
    content = tmp_path / "content"
    for name, data in files.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_bytes(data)
    for args, said in (
        (["check"], checked),
        (["new", "news", "--class", "r1", "Hi"], new_post),
        (["new", "class", "r3"], new_class),
    ):
        result = invoke(*args, "--content", str(content))
        assert "Traceback" not in result.stderr and said in result.stdout + result.stderr, (
            args,
            result.stdout + result.stderr,
        )


def test_an_empty_classes_folder_is_a_problem_that_names_the_command(tmp_path):
    content = tmp_path / "content"
    (content / "classes").mkdir(parents=True)
    checked = invoke("check", "--content", str(content))
    assert checked.returncode == 1
    assert "classes: has no class yet: `invoke new class <id>` starts one" in checked.stdout


@pytest.mark.slow
def test_an_entry_in_a_class_without_students_says_how_to_add_one(tmp_path):
    content = small_school(tmp_path / "content")
    args = ["new", "entry", "--class", "grade-1", "Counting", "--content", str(content)]
    result = invoke(*args, "--student", "mia")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "grade-1 has no student yet: a student is a folder " in result.stderr
    assert "classes/grade-1/portfolio/<student-id>/ with its student.yml" in result.stderr
    (content / "classes/grade-1/portfolio/mia").mkdir(parents=True)
    (content / "classes/grade-1/portfolio/mia/student.yml").write_text("name: Mia\n")
    result = invoke(*args)
    assert result.returncode == 1 and "which student? give --student, one of: mia" in result.stderr


def test_unknown_class_suggests_the_nearest(tmp_path):
    content = small_school(tmp_path / "content")
    result = invoke("new", "news", "--class", "grade1", "Hi", "--content", str(content))
    assert result.returncode == 1
    assert "unknown class 'grade1'; known classes: grade-1, grade-2; did you mean 'grade-1'?" in (
        result.stderr
    )


# ---- invoke start


@pytest.mark.slow
def test_start_clears_the_demo_and_starts_a_school_that_builds(tmp_path):
    repo = copy_of_the_repository(tmp_path / "repo")
    before = (repo / "pelicanconf.py").read_text(encoding="utf-8")
    started = run(repo, "start", *START, "--lang", "es,en", "--class", "room-12")
    assert started.returncode == 0, started.stderr
    assert tree(repo / "content") == [
        "classes",
        "classes/room-12",
        "classes/room-12/class.yml",
        "classes/room-12/events",
        "classes/room-12/events/.gitkeep",
        "classes/room-12/news",
        "classes/room-12/news/.gitkeep",
    ]
    settings = settings_of(repo)
    assert (settings["SITENAME"], settings["TIMEZONE"], settings["DEFAULT_LANG"]) == (
        "Lakeview Elementary",
        "America/Chicago",
        "es",
    )
    after = (repo / "pelicanconf.py").read_text(encoding="utf-8")
    changed = [line for line in after.splitlines() if line not in before.splitlines()]
    assert changed == ['SITENAME = "Lakeview Elementary"', 'DEFAULT_LANG = "es"']
    text = (repo / "content/classes/room-12/class.yml").read_text(encoding="utf-8")
    assert catalog("es")["The class's name in each of its languages, as families see it."] in text
    assert run(repo, "check").returncode == 0
    built = run(repo, "build")
    assert built.returncode == 0, built.stdout + built.stderr
    home = (repo / "output/index.html").read_text(encoding="utf-8")
    assert 'lang="es"' in home and "Lakeview Elementary" in home
    assert (repo / "output/en/room-12/index.html").is_file()
    for page in (repo / "output").rglob("*.html"):  # nothing of the demo is left
        assert "grade-3b" not in page.read_text(encoding="utf-8"), page


@pytest.mark.slow
def test_start_refuses_more_than_the_demo_and_bad_values_changing_nothing(tmp_path):
    repo = copy_of_the_repository(tmp_path / "repo")
    assert run(repo, "new", "class", "room-12").returncode == 0  # the school's own class
    before = {"conf": (repo / "pelicanconf.py").read_bytes(), "content": tree(repo / "content")}
    refusals = {
        ("--lang", "en", "--class", "room-13"): "content/ holds more than the demo school: "
        "content/classes/room-12. Nothing was changed; to delete it all and start anyway, add "
        "--replace",
        ("--class", "room-13"): "start needs --lang, like: invoke start",
        ("--school", "Lakeview", "--timezone", "America/Chicgo", "--lang", "en", "--class", "r"): (
            "--timezone 'America/Chicgo' is not a time zone of the IANA list; did you mean "
            "America/Chicago?"
        ),
        ("--lang", "en,xx", "--class", "room-13"): "--lang: 'xx' is not a language code",
        ("--lang", "en", "--class", "Room 13"): "--class 'Room 13' may only have lowercase",
    }
    for args, said in refusals.items():
        refused = run(repo, "start", *(START if "--school" not in args else ()), *args)
        assert refused.returncode == 1 and said in refused.stderr, refused.stderr
        assert "Traceback" not in refused.stderr
    assert (repo / "pelicanconf.py").read_bytes() == before["conf"]
    assert tree(repo / "content") == before["content"]
    replaced = run(repo, "start", *START, "--lang", "en", "--class", "room-13", "--replace")
    assert replaced.returncode == 0, replaced.stderr
    assert sorted(p.name for p in (repo / "content/classes").iterdir()) == ["room-13"]


@pytest.mark.slow
def test_start_without_content_and_the_demo_list_is_the_demo(tmp_path):
    from homeroom_tasks.starting import DEMO_CLASSES, DEMO_PAGES, not_the_demo

    assert sorted(p.name for p in (ROOT / "content/classes").iterdir()) == sorted(DEMO_CLASSES)
    pages = {p.name.split(".")[0] for p in (ROOT / "content/pages").iterdir()}
    assert pages == set(DEMO_PAGES) and not_the_demo(ROOT / "content") == []
    repo = copy_of_the_repository(tmp_path / "repo")
    for hidden in ("content/.DS_Store", "content/classes/.DS_Store"):  # a Mac's own: no content
        (repo / hidden).write_bytes(b"\0")
    assert not_the_demo(repo / "content") == []
    (repo / "content/pages/welcome.md").write_text("Title: Welcome\n\nHi.\n")
    assert not_the_demo(repo / "content") == [(repo / "content/pages/welcome.md").as_posix()]
    shutil.rmtree(repo / "content")
    checked = run(repo, "check")  # what the admin sees first
    assert checked.returncode == 1 and "content/ does not exist" in checked.stderr
    assert "invoke start --school" in checked.stderr and "Traceback" not in checked.stderr
    started = run(repo, "start", *START, "--lang", "vi", "--class", "lop-1")
    assert started.returncode == 0, started.stderr
    assert run(repo, "check").returncode == 0


def test_start_writes_any_school_name_as_python_and_keeps_a_comment(tmp_path):
    from homeroom_tasks.starting import StartError, new_school, with_settings

    school = new_school('  L\'école "Ü" \\ 12 ', "Europe/Paris", "fr,en", "ce1")
    conf = (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
    conf = conf.replace('DEFAULT_LANG = "en"', 'DEFAULT_LANG = "en"  # the language of /index.html')
    written = tmp_path / "pelicanconf.py"
    written.write_text(with_settings(conf, school), encoding="utf-8")
    settings = runpy.run_path(str(written))
    assert settings["SITENAME"] == 'L\'école "Ü" \\ 12' and settings["DEFAULT_LANG"] == "fr"
    assert 'DEFAULT_LANG = "fr"  # the language of /index.html\n' in written.read_text()
    with pytest.raises(StartError, match="no single line `TIMEZONE"):
        with_settings(conf.replace('TIMEZONE = "America/Chicago"', "TIMEZONE = ZONE"), school)
    with pytest.raises(StartError, match="--school holds"):
        new_school("Lakeview\nElementary", "Europe/Paris", "fr", "ce1")
