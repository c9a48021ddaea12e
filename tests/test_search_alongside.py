"""The search index made alongside the build: Pagefind starts once the HTML pages are written
(while the rest of the site is made), its bundle reaches the site only whole, and a build
that stops leaves neither a Pagefind running nor a half-written index. Also `shares`, which
splits a pool's work. Each language is indexed by a Pagefind of its own when that gives the
same bytes as one run."""

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

import tasks
from homeroom_search import SearchError, finishing, indexing, merging, searched_languages
from homeroom_tasks.runs import run_pelican
from homeroom_workers import share_size, shares
from tests.sites import read_tree, small_school

# Stands in for Pagefind: writes part of a bundle into its output folder (argv[1]), then
# exits with argv[2], after sleeping argv[3] seconds.
FAKE_PAGEFIND = """\
import pathlib, sys, time
pathlib.Path(sys.argv[1], "pagefind-entry.json").write_text("{}")
time.sleep(float(sys.argv[3]))
sys.exit(int(sys.argv[2]))
"""


def fake_pagefind(monkeypatch, code: int, seconds: float = 0.0) -> list:
    """Pagefind replaced by FAKE_PAGEFIND; returns the list of the processes it starts."""
    started = []
    real_popen = indexing.subprocess.Popen

    def command(output: Path, languages: list[str], bundle: Path) -> list[str]:
        return [sys.executable, "-c", FAKE_PAGEFIND, str(bundle), str(code), str(seconds)]

    def popen(*args, **kwargs):
        started.append(real_popen(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(indexing, "pagefind_command", command)
    monkeypatch.setattr(indexing.subprocess, "Popen", popen)
    return started


def a_site(folder: Path) -> Path:
    """A finished build's folder with one search page (the language searched: en)."""
    (folder / "en" / "search").mkdir(parents=True)
    (folder / "en" / "search" / "index.html").write_text("<html lang=en></html>")
    return folder


def test_pagefind_starts_once_the_pages_are_written_before_the_rest_of_the_site(tmp_path):
    content = small_school(tmp_path / "content")
    output = tmp_path / "out"
    settings = tasks.pelican_settings(tasks.DEV_SETTINGS, str(content), str(output))
    seen = []

    def on_pages(folder: Path) -> None:
        seen.append(
            (
                folder,
                (folder / "en" / "grade-1" / "index.html").is_file(),
                (folder / "en" / "search" / "index.html").is_file(),
                (folder / "sitemap.xml").exists(),  # written by a later generator
            )
        )

    assert run_pelican(settings, on_pages=on_pages) == 0
    assert seen == [(output, True, True, False)]
    assert (output / "sitemap.xml").is_file()


def test_a_failed_index_leaves_no_bundle_and_no_offline_reader(tmp_path, monkeypatch, capsys):
    fake_pagefind(monkeypatch, code=3)
    site = a_site(tmp_path / "site")
    with finishing("") as finish:
        finish.pages_written(site)
        assert finish.finish(site) == 1
    assert "exit 3" in capsys.readouterr().err
    assert not (site / "pagefind").exists()
    assert not (site / "sw.js").exists()  # written only with a whole index, as before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]  # no staging left


def test_a_good_index_is_moved_in_place_whole(tmp_path, monkeypatch):
    fake_pagefind(monkeypatch, code=0)
    monkeypatch.setattr(indexing, "canonical_bundle", lambda bundle: None)
    site = a_site(tmp_path / "site")
    with finishing("") as finish:
        finish.pages_written(site)
        assert finish.finish(site) == 0
    assert (site / "pagefind" / "pagefind-entry.json").read_text() == "{}"
    assert (site / "sw.js").is_file()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]


def test_a_build_that_stops_ends_pagefind_and_removes_its_folder(tmp_path, monkeypatch):
    started = fake_pagefind(monkeypatch, code=0, seconds=60)
    site = a_site(tmp_path / "site")
    with pytest.raises(RuntimeError), finishing("") as finish:
        finish.pages_written(site)
        stopped = time.perf_counter()
        raise RuntimeError("the build stopped")
    assert time.perf_counter() - stopped < 30  # Pagefind was ended, not waited for
    assert len(started) == 1 and started[0].returncode is not None
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]
    assert not (site / "pagefind").exists()


def test_a_search_error_names_pagefinds_last_line(tmp_path, monkeypatch):
    fake_pagefind(monkeypatch, code=2)
    site = a_site(tmp_path / "site")
    with pytest.raises(SearchError, match=r"\(Pagefind: exit 2\)"):
        indexing.build_index(site, ["en"])
    assert not (site / "pagefind").exists()


def test_shares_cover_every_job_once_in_order():
    assert shares(100, 2, 8, 16) == [
        range(start, min(start + 16, 100)) for start in range(0, 100, 16)
    ]
    assert [i for share in shares(1000, 2, 8, 16) for i in share] == list(range(1000))
    assert shares(0, 2, 8, 16) == []
    assert share_size(10_000, 2, 4, 8, 64) == 64  # at most `most`
    assert share_size(10_000, 2, 8, 16) == 625  # no most: about 8 shares a worker
    assert share_size(20, 2, 4, 8, 64) == 8  # at least `least`


def test_one_pagefind_per_language_gives_the_index_of_one_run(tmp_path, monkeypatch):
    content = small_school(tmp_path / "content")
    settings = tasks.pelican_settings(tasks.DEV_SETTINGS, str(content), str(tmp_path / "site"))
    assert run_pelican(settings) == 0
    site = tmp_path / "site"
    languages = searched_languages(site)
    assert len(languages) > 1 and merging.can_split(site, languages)
    started = []
    real_start = indexing.BackgroundIndex.start

    def start(self, glob):
        started.append(glob)
        real_start(self, glob)

    monkeypatch.setattr(indexing.BackgroundIndex, "start", start)
    indexing.build_index(site, languages)
    split = read_tree(site / "pagefind")
    monkeypatch.setattr(indexing, "can_split", lambda output, languages: False)
    indexing.build_index(site, languages)
    one_each = [indexing.page_glob([lang]) for lang in languages]
    assert started == [*one_each, indexing.page_glob(languages)]
    assert read_tree(site / "pagefind") == split


def pagefind_reads(site: Path, glob: str, bundle: Path) -> int:
    """How many files Pagefind found to read on `site` with `glob` (its bundle into `bundle`)."""
    command = indexing.pagefind_command(site, glob, bundle)
    command[command.index("--silent")] = "--verbose"
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return int(re.search(r"Found (\d+) files? matching", done.stdout).group(1))


def test_pagefind_reads_only_the_pages_the_theme_can_mark_and_misses_none(demo_site, tmp_path):
    """The demo's index (read through page_glob) is the one Pagefind makes reading every page
    of the language folders, while it reads no class home, archive or search page."""
    languages = searched_languages(demo_site)
    pages = [path for lang in languages for path in (demo_site / lang).rglob("index.html")]
    marked = [path for path in pages if merging.MARK in path.read_bytes()]
    kinds = {
        path.relative_to(demo_site).parts[2 if "pages" not in path.parts else 1] for path in marked
    }
    assert kinds == {"news", "events", "newsletter", "pages"}  # every kind the theme marks
    every = tmp_path / "every"
    assert pagefind_reads(demo_site, indexing.folder_glob(languages), every) == len(pages)
    indexing.finish_bundle(every)
    assert read_tree(every) == read_tree(demo_site / "pagefind")
    read = pagefind_reads(demo_site, indexing.page_glob(languages), tmp_path / "pages")
    drafts = [path for path in pages if b'class="note draft"' in path.read_bytes()]
    assert drafts and read == len(marked) + len(drafts) < len(pages)  # drafts: read, not kept


def test_a_language_without_a_marked_page_is_indexed_with_the_others(tmp_path):
    site = a_site(tmp_path / "site")
    (site / "en" / "post").mkdir()
    (site / "en" / "post" / "index.html").write_text("<main data-pagefind-body>words</main>")
    (site / "es" / "search").mkdir(parents=True)
    (site / "es" / "search" / "index.html").write_text("<html lang=es></html>")
    assert not merging.can_split(site, ["en", "es"])  # es alone would be indexed whole
    (site / "es" / "post").mkdir()
    (site / "es" / "post" / "index.html").write_text("<main data-pagefind-body>palabras</main>")
    assert merging.can_split(site, ["en", "es"])
    assert not merging.can_split(site, ["en"])  # one language: one run anyway


def test_bundles_that_disagree_on_a_shared_file_are_not_merged(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    for bundle, lang in ((one, "en"), (two, "es")):
        bundle.mkdir()
        entry = {"version": "1.5.2", "languages": {lang: {"hash": f"{lang}_1"}}}
        (bundle / "pagefind-entry.json").write_text(json.dumps(entry))
        (bundle / f"wasm.{lang}.pagefind").write_bytes(lang.encode())
        (bundle / "pagefind.js").write_text("same")
    merging.merge_into(one, two)
    assert json.loads((one / "pagefind-entry.json").read_text())["languages"].keys() == {
        "en",
        "es",
    }
    assert (one / "wasm.es.pagefind").read_bytes() == b"es"
    (tmp_path / "three").mkdir()
    (tmp_path / "three" / "pagefind-entry.json").write_text(
        json.dumps({"version": "1.5.2", "languages": {"vi": {"hash": "vi_1"}}})
    )
    (tmp_path / "three" / "pagefind.js").write_text("not the same")
    with pytest.raises(merging.MergeError, match=r"pagefind\.js differs"):
        merging.merge_into(one, tmp_path / "three")


def test_without_pagefind_the_build_goes_on_and_finish_says_why(tmp_path, monkeypatch, capsys):
    def missing():
        raise SearchError("Pagefind is not installed, so the site cannot be searched")

    monkeypatch.setattr(indexing, "pagefind_binary", missing)
    site = a_site(tmp_path / "site")
    with finishing("") as finish:
        finish.pages_written(site)  # during the build: it must not stop it
        assert finish.finish(site) == 1
    assert "error: Pagefind is not installed" in capsys.readouterr().err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]  # no folder left


def test_pagefind_gets_no_secret_of_the_build(tmp_path, monkeypatch):
    """In the workflow the site secret and the families' keys are environment variables of the
    build: Pagefind, a program of its own, is started without them (and without PAGEFIND_*)."""
    monkeypatch.setenv("HOMEROOM_SECRET", "test-only-secret-the-indexer-must-not-see")
    monkeypatch.setenv("HOMEROOM_FAMILY_KEYS", "grade-1/ana: copper meadow violin nine")
    monkeypatch.setenv("PAGEFIND_SITE", "elsewhere")
    started = fake_pagefind(monkeypatch, code=0)
    monkeypatch.setattr(indexing, "canonical_bundle", lambda bundle: None)
    fake_popen, given = indexing.subprocess.Popen, []

    def recording(*args, **kwargs):
        given.append(kwargs.get("env"))
        return fake_popen(*args, **kwargs)

    monkeypatch.setattr(indexing.subprocess, "Popen", recording)
    indexing.build_index(a_site(tmp_path / "site"), ["en"])
    assert len(given) == len(started) == 1
    assert given[0] is not None and "PATH" in given[0]
    assert not [name for name in given[0] if name.startswith(("HOMEROOM_", "PAGEFIND_"))]
