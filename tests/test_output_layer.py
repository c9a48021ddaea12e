"""The output layer (homeroom_output): a build's writes end with the build, a failed build
leaves nothing behind, the preview's memo keeps only what the last build used, worker
processes start safely, and what a worker logs counts."""

import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import fields
from pathlib import Path

import invoke
import pytest

import tasks
from homeroom_output import PreviewMemo, UsedDict, writes
from homeroom_output.writes import BuildStopped, Writes
from homeroom_workers import process_pool, start_method
from tests.previews import CLASS, EVENT, POST, InProcessPreview, edit
from tests.sites import (
    DEMO_CONTENT,
    PUBLISHED,
    ROOT,
    SOURCE_DATE_EPOCH,
    pelican_build,
    read_tree,
    small_school,
)


def writers_alive(before: set[threading.Thread]) -> list[str]:
    """The background writers started since `before` that still run: a write that outlived its
    build would come from one of them (checked instead of sleeping and looking for late files)."""
    return [
        thread.name
        for thread in set(threading.enumerate()) - before
        if thread.name.startswith("homeroom-write") and thread.is_alive()
    ]


@pytest.fixture
def slow_disk(monkeypatch):
    """Every background write takes 20 ms, as on a slow disk; returns the paths written."""
    written: list[tuple[float, str]] = []
    real = writes.write_file

    def write_file(path: str, data: bytes) -> None:
        time.sleep(0.02)
        real(path, data)
        written.append((time.monotonic(), path))

    monkeypatch.setattr(writes, "write_file", write_file)
    return written


@pytest.mark.slow
def test_a_failed_publish_writes_nothing_after_and_leaves_the_last_good_site(
    tmp_path, slow_disk, monkeypatch
):
    import homeroom_sitemap

    monkeypatch.setenv("SITEURL", PUBLISHED["SITEURL"])
    content = small_school(tmp_path / "content")
    output = tmp_path / "site"
    tasks.publish(invoke.Context(), content=str(content), output=str(output))
    good = read_tree(output)
    slow_disk.clear()

    def broken(self, writer):  # the last generator: pages and feeds are still being written
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(homeroom_sitemap.SitemapGenerator, "generate_output", broken)
    before = set(threading.enumerate())
    with pytest.raises(invoke.Exit, match="publish failed"):
        tasks.publish(invoke.Context(), content=str(content), output=str(output))
    returned = time.monotonic()
    assert slow_disk, "the failed build had started writing (else this test shows nothing)"
    assert writers_alive(before) == []  # so no write can land after the build returned
    assert [path for moment, path in slow_disk if moment > returned] == []
    assert sorted(path.name for path in tmp_path.iterdir()) == ["content", "site"]
    assert read_tree(output) == good


@pytest.mark.slow
def test_content_written_fires_once_the_file_is_on_disk(tmp_path, slow_disk):
    from pelican import signals

    seen: dict[str, bool] = {}

    def on_written(path, context=None):
        seen[path] = Path(path).is_file()

    signals.content_written.connect(on_written)
    try:
        assert pelican_build(small_school(tmp_path / "content"), tmp_path / "out") == 0
    finally:
        signals.content_written.disconnect(on_written)
    assert any(path.endswith("atom.xml") for path in seen)  # Outputs.write
    assert any(path.endswith("index.html") for path in seen)  # Pelican's Writer
    assert [path for path, there in seen.items() if not there] == []


def test_writes_stop_after_a_failure():
    done = []
    before = set(threading.enumerate())
    pending = Writes()
    for number in range(40):
        pending._submit(lambda n=number: (time.sleep(0.01), done.append(n)))
    pending.abort()
    assert len(done) < 40  # the rest were cancelled
    assert writers_alive(before) == []  # and none can run after abort returned
    with pytest.raises(BuildStopped):
        pending.write("/nonexistent/file", b"")


def test_a_failed_write_fails_the_build_that_waits_for_it(tmp_path):
    pending = Writes()
    (tmp_path / "file").write_text("")
    pending.write(tmp_path / "file" / "below-a-file", b"data")  # its folder is a file
    with pytest.raises(OSError):
        pending.close()
    with pytest.raises(BuildStopped):
        pending.write(tmp_path / "later", b"data")


# Run in a fresh process: render_all forks only when no other thread runs, and earlier tests
# (Playwright's) may leave some in this one.
WORKER_LOGS_AN_ERROR = """
import logging, os, sys
import homeroom_site.parallel, invoke, tasks
from homeroom_output.writer import BackgroundWriter

homeroom_site.parallel.PARALLEL_FROM = 2
parent, real = os.getpid(), BackgroundWriter.write_file

def write_file(self, name, *args, **kwargs):
    if os.getpid() != parent and name.endswith("index.html"):
        logging.getLogger("homeroom_site").error("a worker could not render %s", name)
    return real(self, name, *args, **kwargs)

BackgroundWriter.write_file = write_file
tasks.publish(invoke.Context(), content=sys.argv[1], output=sys.argv[2])
"""


@pytest.mark.slow
def test_an_error_logged_in_a_render_worker_fails_publish(tmp_path):
    if (os.cpu_count() or 1) < 2:
        pytest.skip("render_all forks only with two cores or more")
    content = small_school(tmp_path / "content")
    result = subprocess.run(
        [sys.executable, "-c", WORKER_LOGS_AN_ERROR, str(content), str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, **PUBLISHED},
    )
    assert result.returncode != 0
    assert "error: a worker could not render" in result.stderr
    assert "publish failed" in result.stderr
    assert not (tmp_path / "site").exists()


def _pid(_: int) -> int:
    return os.getpid()


@pytest.mark.slow
def test_pools_fork_only_when_no_other_thread_runs():
    if threading.active_count() == 1:
        assert start_method() == "fork"
    stop = threading.Event()
    watcher = threading.Thread(target=stop.wait)  # as the preview's watcher and server
    watcher.start()
    try:
        assert start_method() == "forkserver"
        with process_pool(2) as pool:
            pids = set(pool.map(_pid, range(4)))
        assert os.getpid() not in pids
    finally:
        stop.set()
        watcher.join()


def test_the_parse_pool_works_from_a_forkserver_while_another_thread_runs(tmp_path):
    """The preview's rebuilds parse while its watcher and server threads run: the parse pool
    then starts its workers from a forkserver, and every file is parsed all the same."""
    from homeroom_school.reading.front_matter import ParsedFile
    from homeroom_school.reading.parsing import PARALLEL_FROM, parse_all

    jobs = []
    for number in range(PARALLEL_FROM + 6):
        path = tmp_path / f"2026-10-{number % 28 + 1:02d}-post-{number}.md"
        path.write_text(f"Title: Post {number}\n\nText {number}.\n", encoding="utf-8")
        jobs.append((str(path), f"classes/c/news/{path.name}", 512 * 1024))
    stop = threading.Event()
    watcher = threading.Thread(target=stop.wait)
    watcher.start()
    try:
        assert start_method() == "forkserver"
        results = parse_all(jobs, 2, {})
    finally:
        stop.set()
        watcher.join()
    assert all(isinstance(result, ParsedFile) for result in results)
    assert [result.path for result in results] == [rel for _, rel, _ in jobs]


def test_render_all_renders_here_while_another_thread_runs():
    from homeroom_site.parallel import render_all

    stop = threading.Event()
    watcher = threading.Thread(target=stop.wait)
    watcher.start()
    rendered = []
    try:
        render_all(list(range(30)), lambda page: rendered.append(os.getpid()), 2, least=1)
    finally:
        stop.set()
        watcher.join()
    assert rendered == [os.getpid()] * 30


def test_used_dict_keeps_what_was_used():
    cache = UsedDict({"a": 1, "b": 2, "c": 3})
    cache.used = set()
    assert cache.get("a") == 1
    assert "b" in cache
    cache["d"] = 4
    cache.prune()
    assert cache == {"a": 1, "b": 2, "d": 4}
    cache.prune()
    assert cache == {}


def sizes(memo: PreviewMemo) -> dict[str, object]:
    """How much each part of the memo holds; its digests are bounded, not constant (a build
    keeps the digests of what it looked at: all of it after a class.yml edit)."""
    found = {}
    for record, field in [(r, f) for r in (memo.reading, memo.output) for f in fields(r)]:
        value = getattr(record, field.name)
        if value is None or field.name in BOUNDED:
            continue
        if field.name == "load":  # the load's memory: a record per file, item and class
            found["load"] = {
                part.name: len(getattr(value, part.name))
                for part in fields(value)
                if isinstance(getattr(value, part.name), dict)
            }
        else:
            found[field.name] = len(value)
    return found


# What is bounded, not constant: how much of the last build a build looked at (all of it
# after a class.yml edit, a part after a post's).
BOUNDED = ("school", "digests", "stable_digests", "output_inputs", "touched")


def digests(memo: PreviewMemo) -> int:
    return (
        len(memo.output.digests.pure)
        + len(memo.output.digests.versions)
        + len(memo.output.stable_digests)
        + len(memo.output.output_inputs)
    )


@pytest.mark.slow
def test_the_memo_keeps_only_what_the_last_build_used(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)  # the demo's family keys are found from the repository
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    preview = InProcessPreview(content, tmp_path)
    memo = preview.memo
    assert isinstance(memo, PreviewMemo)
    preview.rebuild()
    assert preview.state.problems == []
    assert memo.reading.school is not None and memo.output.output_keys
    assert memo.output.portfolio_keys  # the demo's family pages, locked with its passphrases
    first, most = sizes(memo), digests(memo) + 2 * len(memo.output.output_keys)

    # Saves across different files, again and again: nothing grows.
    for round_ in range(3):
        for path in (content / POST, content / EVENT):
            text = path.read_text(encoding="utf-8")
            path.write_text(f"{text}\nEdit {round_}.\n", encoding="utf-8")
            preview.rebuild()
        edit(content / CLASS / "class.yml", "en: Grade 3B", "en: Grade 3BX")  # a new class.yml
        preview.rebuild()
        assert preview.state.problems == []
    assert sizes(memo) == first
    assert digests(memo) <= most

    # A post added, then deleted: its parse result and feed entries go with it.
    added = f"{CLASS}/news/2026-11-22-a-new-post.md"
    (content / added).write_text("Title: A new post\nDate: 2026-11-22\n\nNews.\n", "utf-8")
    preview.rebuild()
    assert added in memo.reading.parsed
    assert [name for name in memo.output.derived if "a-new-post" in str(name)]
    (content / added).unlink()
    preview.rebuild()
    assert preview.state.problems == []
    assert added not in memo.reading.parsed
    assert [name for name in memo.output.derived if "a-new-post" in str(name)] == []
    assert sizes(memo) == first
    assert digests(memo) <= most


def test_a_preview_build_that_stops_half_way_forgets_its_output_keys(tmp_path, monkeypatch):
    import homeroom_sitemap

    monkeypatch.chdir(ROOT)
    content = small_school(tmp_path / "content")
    preview = InProcessPreview(content, tmp_path)
    preview.rebuild()
    assert preview.memo.output.output_keys

    def broken(self, writer):
        raise RuntimeError("the disk is full")

    with monkeypatch.context() as patch:
        patch.setattr(homeroom_sitemap.SitemapGenerator, "generate_output", broken)
        preview.rebuild()
    assert preview.state.problems
    assert preview.memo.output.output_keys is None
    preview.rebuild()  # starts again from a clean staging folder
    assert preview.state.problems == []
    assert preview.memo.output.output_keys
