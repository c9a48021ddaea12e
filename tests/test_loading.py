"""The school model, built from a small content folder."""

import subprocess
import sys
import threading

from homeroom_school.links import localize
from homeroom_school.model import PhotoUse
from homeroom_school.starting.starters import NEWS_BODY, NEWS_SUMMARY
from homeroom_school.views import show
from homeroom_site import Planner
from tests.sites import ROOT, load, small_school


def test_classes_languages_and_translations(tmp_path):
    school, _ = load(small_school(tmp_path))
    assert school.problems == []
    assert list(school.classes) == ["grade-1", "grade-2"]
    assert school.languages == ["en", "es", "ar"]
    first_week = school.items["news/grade-1/first-week"]
    assert list(first_week.versions) == ["en", "es"]
    assert first_week.original_lang == "en"
    # Grade 2 writes in Arabic first: its posts' original language is Arabic.
    assert school.items["news/grade-2/hello"].original_lang == "ar"


def test_yaml_front_matter_and_tags(tmp_path):
    school, _ = load(small_school(tmp_path))
    apples = school.items["news/grade-1/apples"].original
    assert apples.title == "Apples"
    assert apples.tags == ("science", "snacks")


def test_fallback_shows_the_original_with_its_language(tmp_path):
    school, _ = load(small_school(tmp_path))
    apples = show(school, school.items["news/grade-1/apples"], "es")
    assert apples.fallback
    assert apples.text_lang == "en"
    assert apples.url == "es/grade-1/news/apples/"
    translated = show(school, school.items["news/grade-1/first-week"], "es")
    assert not translated.fallback
    assert translated.title == "Nuestra primera semana"


def test_drafts_hidden_unless_previewing(tmp_path):
    school, _ = load(small_school(tmp_path))
    assert "news/grade-1/draft" not in school.items
    preview, _ = load(tmp_path, HOMEROOM_PREVIEW=True)
    assert preview.items["news/grade-1/draft"].draft
    assert "draft" not in [item.slug for item in preview.published_news("grade-1")]


def test_links_resolve_per_reader_language(tmp_path):
    school, _ = load(small_school(tmp_path))
    body = school.items["news/grade-1/first-week"].original.body
    assert localize(body, school, "es", "../..").count('href="../../es/grade-1/news/apples/#top"')
    assert "{hr-photo:" in body, "photos are published as derivatives, never the file itself"
    assert list(school.photos.values()) == [
        PhotoUse(
            "classes/grade-1/news/tree.png",
            "Our class tree",
            "classes/grade-1/news/2026-09-04-first-week.md",
            7,
        )
    ]
    apples = school.items["news/grade-1/apples"].original.body
    assert 'href="https://x.example/es/pages/agreement/"' in localize(
        apples, school, "es", "https://x.example"
    )
    assert school.media == {}


def test_site_plan_has_every_page_of_every_class_language(tmp_path):
    school, config = load(small_school(tmp_path))
    urls = {page.url for page in Planner(school, config).plan()}
    for lang in ("en", "es"):
        assert f"{lang}/grade-1/" in urls
        assert f"{lang}/grade-1/news/" in urls
        assert f"{lang}/grade-1/news/apples/" in urls
        assert f"{lang}/grade-1/news/first-week/" in urls
    for lang in ("ar", "en"):
        assert f"{lang}/grade-2/news/hello/" in urls
    assert "es/grade-2/" not in urls  # grade 2 does not publish in Spanish
    for lang in ("en", "es", "ar"):
        assert f"{lang}/" in urls
        assert f"{lang}/pages/agreement/" in urls
    assert {"", "404.html"} <= urls


def test_archive_is_paginated(tmp_path):
    files = {
        f"classes/grade-1/news/2026-10-{day:02d}-post-{day}.md": f"Title: Post {day}\n\nText\n"
        for day in range(1, 13)
    }
    school, config = load(small_school(tmp_path, **files), HOMEROOM_ARCHIVE_PAGE_SIZE=5)
    archive = [p for p in Planner(school, config).plan() if p.template == "archive"]
    english = [p.url for p in archive if p.url.startswith("en/grade-1/")]
    # 12 + 2 posts in pages of 5
    assert english == ["en/grade-1/news/", "en/grade-1/news/page/2/", "en/grade-1/news/page/3/"]
    last = next(p for p in archive if p.url == "en/grade-1/news/page/3/")
    assert last.vars["older_url"] is None
    assert last.vars["newer_url"] == "en/grade-1/news/page/2/"


def many_posts(folder):
    """The small school and enough posts to parse on every core, some with mistakes: a bad
    date, an unknown header key, a language the class does not offer."""
    from homeroom_school.reading.parsing import PARALLEL_FROM

    posts = {}
    for number in range(PARALLEL_FROM + 10):
        posts[f"classes/grade-1/news/2026-09-{number % 28 + 1:02d}-post-{number}.md"] = (
            f"Title: Post {number}\nSummary: Number {number}.\n\nText of post {number}.\n"
        )
    posts["classes/grade-1/news/bad-date.md"] = "Title: Bad\nDate: 2026-13-45\n\nText.\n"
    posts["classes/grade-1/news/2026-09-02-typo.md"] = "Title: Typo\nSumary: oops\n\nText.\n"
    posts["classes/grade-1/news/2026-09-03-vi.vi.md"] = "Title: Xin chào\n\nText.\n"
    posts["classes/grade-1/news/2026-09-04-starter.md"] = (
        f"Title: Started\nSummary: {NEWS_SUMMARY}\n\n{NEWS_BODY}\n"  # a starter left as it was
    )
    return small_school(folder, **posts)


# Run in a fresh process: a pool forks only where no other thread runs, and a test session may
# keep threads alive (a browser's, a server's). argv[1]: the content folder.
READ_IN_WORKERS = """
import sys
from pathlib import Path

from homeroom_school.reading import loading, versions
from tests.sites import load

content = Path(sys.argv[1])
alone, _ = load(content, HOMEROOM_WORKERS=1)
here, handed = [], []
read_one, read_versions = versions.read_one, loading.read_versions
versions.read_one = lambda *args: here.append(args) or read_one(*args)
loading.read_versions = lambda *args: handed.append(args) or read_versions(*args)
shared, _ = load(content, HOMEROOM_WORKERS=2)
assert here == [], len(here)  # the forked workers' calls are counted in their own memory
assert shared.items == alone.items and len(shared.items) > 70
assert shared.problems == alone.problems
# A file's Read holds the very ParsedFile parse_all gave (the preview's memory relies on it)
((_, parsed, _, _, ahead),) = handed
assert sorted(ahead) == list(range(len(parsed)))
read = [(i, outcome.record) for i, outcome in ahead.items() if outcome.record is not None]
assert len(read) > 70 and all(record.parsed is parsed[i] for i, record in read)
print("read in workers:", len(read))
"""

GOES_ON = """
import os
import sys

from homeroom_school.reading.parsing import parse_and_then

jobs = [(path, f"classes/c/news/{os.path.basename(path)}", 512 * 1024) for path in sys.argv[1:]]


def then(index, result):
    return index, result.path, os.getpid()


results, after = parse_and_then(jobs, 2, None, None, then)
assert sorted(after) == list(range(len(jobs)))
assert all(after[i][:2] == (i, results[i].path) for i in after)
assert os.getpid() not in {pid for _, _, pid in after.values()}
print("went on in workers:", len(after))
"""


def run_fresh(script: str, *args: str) -> str:
    """`script` in a new Python process from the repository (no thread but its own)."""
    ran = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert ran.returncode == 0, ran.stderr[-2000:]
    return ran.stdout


def test_the_parse_workers_read_the_files_they_parse(tmp_path):
    """A cold build reads each file (versions.read_one) in the worker that parsed it: this
    process reads none, and the school is the one a single process reads."""
    content = many_posts(tmp_path / "content")
    assert run_fresh(READ_IN_WORKERS, str(content)).startswith("read in workers: ")
    school, _ = load(content, HOMEROOM_WORKERS=2)
    assert {problem.path for problem in school.problems} >= {
        "classes/grade-1/news/bad-date.md",
        "classes/grade-1/news/2026-09-02-typo.md",
        "classes/grade-1/news/2026-09-03-vi.vi.md",
        "classes/grade-1/news/2026-09-04-starter.md",
    }


def test_parse_and_then_goes_on_in_the_worker_that_parsed(tmp_path):
    import os

    from homeroom_school.reading.parsing import PARALLEL_FROM, parse_and_then

    jobs = []
    for number in range(PARALLEL_FROM + 6):
        path = tmp_path / f"2026-10-{number % 28 + 1:02d}-post-{number}.md"
        path.write_text(f"Title: Post {number}\n\nText {number}.\n", encoding="utf-8")
        jobs.append((str(path), f"classes/c/news/{path.name}", 512 * 1024))
    assert run_fresh(GOES_ON, *[path for path, _, _ in jobs]).startswith("went on in workers: ")

    def then(index, result):
        return index, result.path, os.getpid()

    # One worker, too few files, or another thread running (no fork: the preview's watcher):
    # nothing goes on; the caller reads them all.
    assert parse_and_then(jobs, 1, None, None, then)[1] == {}
    assert parse_and_then(jobs[:5], 2, None, None, then)[1] == {}
    stop = threading.Event()
    watcher = threading.Thread(target=stop.wait)
    watcher.start()
    try:
        results, after = parse_and_then(jobs, 2, None, None, then)
    finally:
        stop.set()
        watcher.join()
    assert after == {} and [result.path for result in results] == [rel for _, rel, _ in jobs]
