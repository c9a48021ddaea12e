"""tasks.py as teachers and admins use it: new, serve, and plain `pelican content`."""

import datetime
import subprocess
import sys
import urllib.request

import pytest

import tasks
from tests.sites import DEMO_CONTENT, ROOT, invoke, small_school
from tests.tools import wait_for_line


@pytest.mark.slow
def test_new_news_writes_a_named_file_from_a_template(tmp_path):
    content = small_school(tmp_path / "content")
    result = invoke(
        "new", "news", "--class", "grade-1", "Apple Picking Day!", "--content", str(content)
    )
    assert result.returncode == 0, result.stderr
    today = datetime.date.today().isoformat()
    path = content / f"classes/grade-1/news/{today}-apple-picking-day.md"
    assert result.stdout.strip() == str(path)
    text = path.read_text()
    assert text.startswith(f"Title: Apple Picking Day!\nDate: {today}\n")
    left = invoke("check", "--content", str(content))  # as written: its example lines stay out
    assert left.returncode == 1 and [f"{path}:3:", f"{path}:5:"] == [
        line.split(" ", 1)[0] for line in left.stdout.splitlines() if line.startswith(str(path))
    ], left.stdout
    path.write_text(
        f"Title: Apple Picking Day!\nDate: {today}\nSummary: We went to the orchard.\n\n"
        "Each child picked three apples.\n"
    )
    assert invoke("check", "--content", str(content)).returncode == 0


@pytest.mark.slow
def test_new_news_in_another_language(tmp_path):
    content = small_school(tmp_path / "content")
    result = invoke(
        "new",
        "news",
        "--class",
        "grade-1",
        "--lang",
        "es",
        "Día de campo",
        "--content",
        str(content),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("-dia-de-campo.es.md")


@pytest.mark.slow
def test_new_event_is_valid_once_its_example_lines_are_replaced(tmp_path):
    from homeroom_school.starting.starters import EVENT_ALL_DAY, EVENT_BODY, EVENT_SUMMARY

    content = small_school(tmp_path / "content")
    result = invoke(
        "new",
        "event",
        "--class",
        "grade-1",
        "--date",
        "2026-12-04",
        "Family reading morning",
        "--content",
        str(content),
    )
    assert result.returncode == 0, result.stderr
    path = content / "classes/grade-1/events/2026-12-04-family-reading-morning.md"
    assert result.stdout.strip() == str(path)
    text = path.read_text()
    assert "Start: 2026-12-04 18:00" in text
    for example, own in (
        (EVENT_SUMMARY, "Stories together."),
        (EVENT_BODY, "Bring a book."),
        (EVENT_ALL_DAY, ""),
    ):
        assert example in text
        text = text.replace(example, own)
    path.write_text(text)
    assert invoke("check", "--content", str(content)).returncode == 0


@pytest.mark.slow
def test_new_portfolio_entry(tmp_path):
    from tests.portfolios import portfolio_school

    content = portfolio_school(tmp_path / "content")
    result = invoke(
        "new",
        "entry",
        "--class",
        "grade-1",
        "--student",
        "mia",
        "--date",
        "2026-11-02",
        "Counting by fives",
        "--content",
        str(content),
    )
    assert result.returncode == 0, result.stderr
    path = content / "classes/grade-1/portfolio/mia/2026-11-02-counting-by-fives.md"
    assert result.stdout.strip() == str(path) and path.read_text().startswith("Title: Counting")
    unknown = invoke(
        "new", "entry", "--class", "grade-1", "--student", "zed", "X", "--content", str(content)
    )
    assert unknown.returncode == 1 and "students: mia, sam" in unknown.stderr


@pytest.mark.slow
def test_new_refuses_unknown_class_and_language(tmp_path):
    content = small_school(tmp_path / "content")
    unknown = invoke("new", "news", "--class", "grade-7", "Hi", "--content", str(content))
    assert unknown.returncode == 1
    assert "unknown class 'grade-7'; known classes: grade-1, grade-2" in unknown.stderr
    wrong = invoke(
        "new", "news", "--class", "grade-2", "--lang", "es", "Hi", "--content", str(content)
    )
    assert wrong.returncode == 1
    assert "grade-2 does not publish in 'es'; its languages: ar, en" in wrong.stderr


@pytest.mark.slow
def test_serve_builds_and_serves_on_loopback(tmp_path):
    content = small_school(tmp_path / "content")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "invoke",
            "serve",
            "--content",
            str(content),
            "--output",
            str(tmp_path / "out"),
            "--port",
            "0",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        match = wait_for_line(server, r"Serving on (http://127\.0\.0\.1:\d+/)", timeout=120)
        with urllib.request.urlopen(match.group(1) + "es/grade-1/", timeout=10) as response:
            assert response.status == 200
            assert "Primer grado" in response.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.slow
def test_plain_pelican_builds_the_demo(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            str(DEMO_CONTENT),
            "-s",
            "pelicanconf.py",
            "-o",
            str(tmp_path / "out"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "out/es/grade-3b/news/fraction-wall/index.html").is_file()


@pytest.mark.slow
def test_plain_pelican_builds_a_school_that_needs_worker_processes(tmp_path):
    """Enough posts and photos for the parse and photo pools. `pelican` runs a thread of its own
    (its status line), so the workers start from a forkserver and must still find the plugins
    (installed packages, not a folder Pelican's PLUGIN_PATHS put on its own path)."""
    from PIL import Image

    from homeroom_school.reading.parsing import PARALLEL_FROM

    posts = {
        f"classes/grade-1/news/2026-10-{n % 28 + 1:02d}-post-{n}.md": (
            f"Title: Post {n}\nDate: 2026-10-{n % 28 + 1:02d}\n\n"
            f"Text {n}.\n\n![A square](p{n % 3}.png)\n"
        )
        for n in range(PARALLEL_FROM + 6)
    }
    content = small_school(tmp_path / "content", **posts)
    for n in range(3):
        Image.new("RGB", (600 + n, 400), (n * 60, 90, 120)).save(
            content / f"classes/grade-1/news/p{n}.png"
        )
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
            "--cache-path",
            str(tmp_path / "cache"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert (tmp_path / f"out/en/grade-1/news/post-{PARALLEL_FROM + 5}/index.html").is_file()
    assert list((tmp_path / "out/media").rglob("p2-*.webp"))


def test_every_task_has_a_one_line_docstring():
    for name in ("build", "serve", "publish", "check", "new", "catalogs"):
        doc = getattr(tasks, name).__doc__
        assert doc and "\n" not in doc.strip(), name


def test_progress_shows_on_a_terminal_only(capsys, monkeypatch):
    from homeroom_school.progress import Progress

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    progress = Progress("Pages", 3)
    for _ in range(3):
        progress.step()
    assert capsys.readouterr().err == "\rPages: 1/3\rPages: 2/3\rPages: 3/3\n"
    monkeypatch.setattr("sys.stderr.isatty", lambda: False)
    quiet = Progress("Pages", 3)
    quiet.step()
    assert capsys.readouterr().err == ""


# Leaves garbage in a cycle, with a finalizer that says so, then exits as `invoke` does.
LEAVING = """\
import tasks
class Node:
    def __del__(self):
        print("freed one by one", flush=True)
a, b = Node(), Node()
a.other, b.other = b, a
del a, b
"""


def test_a_task_leaves_without_freeing_its_objects_one_by_one():
    """At exit the build's objects are left to the system (gc.freeze in atexit), not freed by
    Python's last garbage collection; without tasks.py, the same garbage is freed."""
    left = subprocess.run(
        [sys.executable, "-c", LEAVING], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert left.returncode == 0, left.stderr
    assert "freed one by one" not in left.stdout
    plain = LEAVING.replace("import tasks\n", "")
    freed = subprocess.run(
        [sys.executable, "-c", plain], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert "freed one by one" in freed.stdout
