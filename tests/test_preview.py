"""The live preview: rebuild on save, reload every tab, overlay problems, write only changes."""

import re
import shutil

import pytest

from tests.previews import APPLES, Preview
from tests.sites import ROOT, build, read_tree, small_school


@pytest.fixture
def preview(tmp_path):
    content = small_school(tmp_path / "content")
    running = Preview(content, tmp_path / "output")
    yield running, content, tmp_path
    running.close()


@pytest.mark.slow
def test_save_rebuilds_and_tells_every_tab(preview):
    running, content, tmp_path = preview
    page = running.get("en/grade-1/news/apples/")
    assert "<h1>Apples</h1>" in page
    assert "/__homeroom__/reload.js" in page
    (content / APPLES).write_text("Title: Apples, edited\nDate: 2026-09-11\n\nNew text.\n")
    result = running.next_build()
    assert result["problems"] == []
    assert "<h1>Apples, edited</h1>" in running.get("en/grade-1/news/apples/")
    # What the preview wrote equals a full build of the same content, and has no script of ours.
    full = tmp_path / "full"
    assert build(content, full).returncode == 0
    served = read_tree(tmp_path / "output")
    # The search index and the offline reader are made by build and publish only (the
    # preview says so when it starts): the rest is the same, byte for byte.
    finished = ("pagefind/", "sw.js", "offline.json")
    assert served == {k: v for k, v in read_tree(full).items() if not k.startswith(finished)}
    assert not any(b"__homeroom__" in data for data in served.values())


@pytest.mark.slow
def test_the_preview_shows_the_translation_table(preview):
    running, _, _ = preview
    page = running.get("__homeroom__/translations")
    assert "<h1>Translations</h1>" in page and '<td class="missing">missing</td>' in page


@pytest.mark.slow
def test_a_problem_keeps_the_last_good_pages_and_shows_until_fixed(preview):
    running, content, _ = preview
    (content / APPLES).write_text("Title: Apples\nDate: 2026-13-45\n\nText.\n")
    result = running.next_build()
    assert any(
        f"{APPLES}:2: Date '2026-13-45' is not a date" in problem for problem in result["problems"]
    )
    assert "<h1>Apples</h1>" in running.get("en/grade-1/news/apples/")  # the last good page
    (content / APPLES).write_text("Title: Apples, fixed\nDate: 2026-09-11\n\nText.\n")
    result = running.next_build()
    assert result["problems"] == []
    assert "<h1>Apples, fixed</h1>" in running.get("en/grade-1/news/apples/")


@pytest.mark.slow
def test_an_unchanged_build_writes_nothing(preview):
    running, content, tmp_path = preview
    before = {p: p.stat().st_mtime_ns for p in (tmp_path / "output").rglob("*") if p.is_file()}
    (content / APPLES).write_text((content / APPLES).read_text())  # saved, not changed
    assert running.next_build()["problems"] == []
    running.wait_for(r"Rebuilt in [\d.]+ s: nothing changed")  # the bytes are the same
    after = {p: p.stat().st_mtime_ns for p in (tmp_path / "output").rglob("*") if p.is_file()}
    assert after == before


def copy_of_the_code(folder):
    """What `invoke serve` runs from (tasks.py, the settings, plugins, theme), copied: a test
    that changes settings changes the copy, never the repository's files."""
    skip = shutil.ignore_patterns("__pycache__")
    folder.mkdir(parents=True)
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py", "demo-family-keys.yml"):
        shutil.copy2(ROOT / name, folder / name)
    for name in ("plugins", "themes"):
        shutil.copytree(ROOT / name, folder / name, ignore=skip)
    return folder


@pytest.mark.slow
def test_a_settings_change_restarts_the_preview_on_the_same_port(tmp_path):
    repository_settings = (ROOT / "pelicanconf.py").read_bytes()
    code = copy_of_the_code(tmp_path / "code")
    running = Preview(small_school(tmp_path / "content"), tmp_path / "output", code)
    try:
        assert "Restarted School" not in running.get("en/grade-1/news/apples/")
        settings = code / "pelicanconf.py"
        settings.write_text(settings.read_text() + '\nSITENAME = "Restarted School"\n')
        running.wait_for(r"Plugins or settings changed: restarting the preview")
        running.wait_for(re.escape(f"Serving on {running.url}"))  # the tabs' address stays
        page = running.get("en/grade-1/news/apples/")
        assert "<h1>Apples</h1>" in page and "Restarted School" in page  # the new settings
    finally:
        running.close()
    assert (ROOT / "pelicanconf.py").read_bytes() == repository_settings


@pytest.mark.browser
def test_the_open_tab_reloads_and_shows_the_overlay(preview, browser):
    running, content, _ = preview
    page = browser.new_page()
    page.goto(running.url + "en/grade-1/news/apples/")
    assert page.locator("h1").inner_text() == "Apples"
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    (content / APPLES).write_text("Title: Apples in the browser\nDate: 2026-09-11\n\nText.\n")
    # Locators, not wait_for_function: the page's Content-Security-Policy refuses the eval()
    # that Playwright's string predicates need (and the reload must work under that policy).
    page.locator("h1", has_text=re.compile("^Apples in the browser$")).wait_for(timeout=30000)
    (content / APPLES).write_text("Title: Apples\nDate: soon\n\nText.\n")
    overlay = page.locator("#homeroom-problems")
    overlay.wait_for(state="visible", timeout=30000)
    assert f"{APPLES}:2: Date 'soon' is not a date" in overlay.inner_text()
    (content / APPLES).write_text("Title: Apples again\nDate: 2026-09-11\n\nText.\n")
    page.locator("h1", has_text=re.compile("^Apples again$")).wait_for(timeout=30000)
    assert page.locator("#homeroom-problems").count() == 0
    page.close()


def test_the_preview_never_touches_the_published_site(tmp_path, monkeypatch):
    """The mistake: `invoke publish`, then `invoke serve` with no options and a save. The
    preview (drafts shown, family pages unlocked) must not land in the folder that
    `invoke send` mails from: it has a folder of its own by default."""
    import inspect

    import invoke

    import tasks
    from homeroom_output import PreviewMemo
    from homeroom_preview import BuildState
    from homeroom_tasks.preview import preview_folders, preview_rebuilder
    from tests.sites import DEMO_KEYS, PUBLISHED, TODAY

    small_school(tmp_path / "content")
    monkeypatch.chdir(tmp_path)  # where a teacher runs the tasks, with their defaults
    monkeypatch.setenv("SITEURL", PUBLISHED["SITEURL"])
    monkeypatch.setenv("HOMEROOM_FAMILY_KEYS", str(DEMO_KEYS))  # pelicanconf's, from elsewhere
    tasks.publish.body(None, content="content")
    published = read_tree(tmp_path / "output")
    assert "en/grade-1/news/apples/index.html" in published
    assert "en/grade-1/news/draft/index.html" not in published

    default = inspect.signature(tasks.serve.body).parameters["output"].default
    served, staging = preview_folders(default)
    served.mkdir(parents=True, exist_ok=True)  # as serve does
    conf = tasks.DEV_SETTINGS
    memo = PreviewMemo()
    rebuilder = preview_rebuilder(
        conf, "content", served, staging, BuildState(), memo, HOMEROOM_TODAY=TODAY
    )
    rebuilder.say = lambda line: None
    rebuilder.rebuild()
    (tmp_path / "content" / APPLES).write_text("Title: Apples, saved\nDate: 2026-09-11\n\nNew.\n")
    rebuilder.rebuild({str(tmp_path / "content" / APPLES)})
    preview_page = served / "en/grade-1/news/apples/index.html"
    assert "<h1>Apples, saved</h1>" in preview_page.read_text()  # the preview did build
    assert (served / "en/grade-1/news/draft/index.html").is_file()  # drafts: preview only
    assert read_tree(tmp_path / "output") == published  # byte for byte as published
    assert served.parent == staging.parent == tmp_path and staging.name.startswith(".")
    with pytest.raises(invoke.Exit, match="holds the published site"):
        preview_folders("output")  # asked for by name: refused as well
