"""`invoke year-end --class C` on a copy of the demo school: each family's copy written and
locked with its passphrase, then the sources removed; refused, changing nothing, when a family
portfolio has no passphrase."""

import contextlib
import json
import logging
import shutil
from pathlib import Path

import pytest
from invoke import Exit

from homeroom_portfolio import crypto
from homeroom_portfolio.year_end import SENSITIVE_DATA_DOCS, handovers
from tests.sites import DEMO_CONTENT, DEMO_KEYS, DEMO_SECRET, ROOT, load

ANA = "grade-3b/ana"
ANA_PASSPHRASE = "demo-only maple river seven"  # demo-family-keys.yml's: her first household
ANA_SECOND = "demo-only willow harbor two"  # and her second
ANA_TEXT = "Ana read nine chapter books this quarter"  # from her reading log entry
PORTFOLIO = Path("classes/grade-3b/portfolio")


def demo_copy(folder: Path) -> Path:
    content = folder / "content"
    shutil.copytree(DEMO_CONTENT, content)
    return content


def year_end(monkeypatch, content: Path, output: Path, keys: str = str(DEMO_KEYS)):
    import tasks

    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("HOMEROOM_SECRET", DEMO_SECRET)
    monkeypatch.setenv("HOMEROOM_FAMILY_KEYS", keys)
    tasks.year_end.body(None, class_="grade-3b", content=str(content), output=str(output))


def locked_of(html: str) -> dict:
    return json.loads(html.split('<script type="application/json" id="locked">')[1].split("<")[0])


def opened(locked: dict, passphrase: str) -> str:
    """What portfolio.js shows for `passphrase` (crypto.Refused when it opens no key)."""
    return crypto.unlock(passphrase, locked).decode()


@pytest.fixture(scope="module")
def ended(tmp_path_factory):
    """The demo's grade-3b after `invoke year-end`: (content, exports, what it printed)."""
    folder = tmp_path_factory.mktemp("year-end")
    content = demo_copy(folder)
    with pytest.MonkeyPatch.context() as monkeypatch:
        capture = folder / "printed.txt"
        with capture.open("w") as printed, contextlib.redirect_stdout(printed):
            year_end(monkeypatch, content, folder / "exports")
    return content, folder / "exports", capture.read_text()


@pytest.mark.slow
def test_each_family_gets_its_copy_locked_with_its_passphrase(ended):
    _, exports, _ = ended
    assert sorted(path.name for path in exports.iterdir()) == [
        "grade-3b-ana-household-1",
        "grade-3b-ana-household-2",
        "grade-3b-leo",
    ]
    first, second = (
        locked_of((exports / f"grade-3b-ana-household-{n}" / "index.html").read_text("utf-8"))
        for n in (1, 2)
    )
    for locked, passphrase, other in (
        (first, ANA_PASSPHRASE, ANA_SECOND),
        (second, ANA_SECOND, ANA_PASSPHRASE),
    ):
        assert ANA_TEXT not in json.dumps(locked)  # not in plain text
        assert ANA_TEXT in opened(locked, passphrase)
        assert "Ana R." in opened(locked, passphrase)
        with pytest.raises(crypto.Refused):  # each household's copy opens with its own words only
            opened(locked, other)


@pytest.mark.slow
def test_the_sources_are_gone_and_the_rest_of_the_school_is_not(ended):
    content, _, _ = ended
    assert not (content / PORTFOLIO).exists()
    assert (content / "classes/grade-3b/class.yml").is_file()
    assert (content / "classes/grade-3b/news").is_dir()
    assert (content / "classes/grade-5a/portfolio/omar/student.yml").is_file()


@pytest.mark.slow
def test_it_says_how_to_purge_the_history_and_which_secrets_to_delete(ended):
    content, _, printed = ended
    assert '"Removing sensitive data from a repository"' in printed
    assert SENSITIVE_DATA_DOCS in printed
    assert f"git filter-repo --invert-paths --path {(content / PORTFOLIO).as_posix()}" in printed
    secrets = next(line for line in printed.splitlines() if "HOMEROOM_FAMILY_KEYS" in line)
    assert secrets.endswith(": grade-3b/ana")  # that class's lines only


@pytest.mark.slow
def test_a_family_portfolio_without_a_passphrase_stops_it_changing_nothing(tmp_path, monkeypatch):
    content = demo_copy(tmp_path)
    keys = tmp_path / "keys.yml"
    keys.write_text("grade-5a/omar: demo-only cedar lantern four\n", encoding="utf-8")
    with pytest.raises(Exit) as stopped:
        year_end(monkeypatch, content, tmp_path / "exports", str(keys))
    message = str(stopped.value.message)
    assert ANA in message and "nothing was exported or removed" in message
    assert len(message.splitlines()) == 1
    assert not (tmp_path / "exports").exists()
    assert (content / PORTFOLIO / "ana" / "student.yml").is_file()


@pytest.mark.parametrize(
    "second", ["second household's words", {"passphrase": "second household's words", "lang": "es"}]
)
def test_a_student_of_two_households_gets_a_copy_for_each(second):
    school, _ = load(DEMO_CONTENT)
    keys = {ANA: ["first household's words", second]}
    copies = handovers(school, "grade-3b", keys)
    ana = [copy for copy in copies if copy.student.key == ANA]
    assert [(copy.folder, copy.passphrase) for copy in ana] == [
        ("grade-3b-ana-household-1", "first household's words"),
        ("grade-3b-ana-household-2", "second household's words"),
    ]
    assert [copy.folder for copy in copies if copy.student.key != ANA] == ["grade-3b-leo"]


@pytest.mark.slow
@pytest.mark.browser
def test_a_copy_opens_offline_in_chromium_with_the_passphrase_only(ended, browser):
    _, exports, _ = ended
    page = browser.new_page()
    try:
        errors, requests = [], []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("request", lambda request: requests.append(request.url))
        page.goto((exports / "grade-3b-ana-household-1" / "index.html").as_uri())
        page.wait_for_selector("[data-lang=es] form.unlock", state="visible")  # her family's
        assert not page.is_visible("input[name=remember]")  # a file: nothing to remember
        page.fill("#passphrase-es", "demo-only maple river eight")
        page.click("[data-lang=es] button[type=submit]")
        page.wait_for_selector("[data-lang=es] .unlock-error", state="visible", timeout=30000)
        assert page.inner_text("#unlocked") == ""
        page.fill("#passphrase-es", ANA_PASSPHRASE)
        page.click("[data-lang=es] button[type=submit]")
        page.wait_for_selector("#unlocked h1", timeout=30000)
        assert page.inner_text("#unlocked h1") == "Ana R."
        assert ANA_TEXT in page.inner_text("#unlocked")  # an entry not translated: as written
        assert errors == []
        assert {url.split(":")[0] for url in requests} <= {"file", "data", "blob"}  # offline
    finally:
        page.close()


@pytest.mark.slow
def test_a_copy_that_cannot_be_written_whole_removes_nothing(tmp_path, monkeypatch):
    from homeroom_portfolio import year_end as module

    made = module.export_html

    def photo_missing(settings, config, school, student, lock=None):
        if student.key == "grade-3b/leo":  # the last copy: the first is already written
            logging.getLogger("homeroom_photos").error("water-cycle-drawing.jpg is missing")
        return made(settings, config, school, student, lock)

    monkeypatch.setattr(module, "export_html", photo_missing)
    content = demo_copy(tmp_path)
    with pytest.raises(Exit) as stopped:
        year_end(monkeypatch, content, tmp_path / "exports")
    assert "nothing was removed" in str(stopped.value.message)
    assert (content / PORTFOLIO / "leo" / "student.yml").is_file()
    assert (content / PORTFOLIO / "ana" / "student.yml").is_file()
