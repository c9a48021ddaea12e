"""The helpers in tests/tools.py really find what they are meant to find, on tiny inputs."""

import base64
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.tools import (
    actionlint,
    axe_violations,
    need,
    nu_check,
    serve,
    wait_for_line,
    wait_until,
    watch_requests,
)

# A 1x1 transparent PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


def page_html(img: str) -> str:
    """A small page that is valid HTML and passes axe, except for what ``img`` brings."""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Grade 3B news</title>
<link rel="icon" href="data:,">
</head>
<body>
<main>
<h1>Our field trip</h1>
<p>We visited the farm.</p>
{img}
</main>
</body>
</html>
"""


GOOD_PAGE = page_html('<img src="trip.png" alt="Children feeding a goat" width="1" height="1">')
NO_ALT_PAGE = page_html('<img src="trip.png" width="1" height="1">')


# --- need ---------------------------------------------------------------------------------------


def test_need_does_nothing_when_the_tool_is_there(monkeypatch):
    monkeypatch.setenv("CI", "true")
    need(True, "unused")


def test_need_skips_outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no frobnicator"):
        need(False, "no frobnicator")


def test_need_fails_in_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no frobnicator"):
        need(False, "no frobnicator")


# --- serve --------------------------------------------------------------------------------------


def test_serve_serves_the_folder_on_loopback_and_stops(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "hello.txt").write_text("hello, families\n", encoding="utf-8")
    with serve(tmp_path) as base_url:
        assert base_url.startswith("http://127.0.0.1:")
        assert int(base_url.rsplit(":", 1)[1]) > 0
        with urllib.request.urlopen(base_url + "/sub/hello.txt", timeout=5) as response:
            assert response.status == 200
            assert response.read() == b"hello, families\n"
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(base_url + "/nope.txt", timeout=5)
        assert missing.value.code == 404
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(base_url + "/sub/hello.txt", timeout=5)


def test_serve_refuses_a_missing_folder(tmp_path):
    with pytest.raises(FileNotFoundError), serve(tmp_path / "missing"):
        pass


# --- nu_check -----------------------------------------------------------------------------------


@pytest.mark.slow
def test_nu_check_reports_an_error_with_file_and_line(tmp_path):
    (tmp_path / "good.html").write_text(GOOD_PAGE, encoding="utf-8")
    broken = GOOD_PAGE.replace("<p>We visited the farm.</p>", "<p>We visited the farm.</span>")
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "bad.html").write_text(broken, encoding="utf-8")
    # Not HTML: --skip-non-html must keep it out of the report.
    (tmp_path / "atom.xml").write_text('<?xml version="1.0"?><feed/>', encoding="utf-8")

    messages = nu_check(tmp_path)

    assert messages, "the stray </span> was not reported"
    assert {m["url"].rsplit("/", 1)[1] for m in messages} == {"bad.html"}
    stray = [m for m in messages if "Stray end tag" in m["message"] and "span" in m["message"]]
    assert stray, messages
    assert stray[0]["lastLine"] == 12
    assert stray[0]["url"].endswith("/news/bad.html")


@pytest.mark.slow
def test_nu_check_passes_valid_html(tmp_path):
    (tmp_path / "index.html").write_text(GOOD_PAGE, encoding="utf-8")
    assert nu_check(tmp_path) == []


def test_nu_check_refuses_to_check_nothing(tmp_path):
    with pytest.raises(FileNotFoundError):
        nu_check(tmp_path / "missing")
    (tmp_path / "atom.xml").write_text("<feed/>", encoding="utf-8")
    with pytest.raises(FileNotFoundError):
        nu_check(tmp_path)


# --- axe_violations and watch_requests (headless Chromium) ---------------------------------------


@pytest.mark.browser
def test_axe_finds_a_missing_alt(browser, tmp_path):
    (tmp_path / "trip.png").write_bytes(PNG)
    (tmp_path / "index.html").write_text(NO_ALT_PAGE, encoding="utf-8")
    page = browser.new_page()
    try:
        with serve(tmp_path) as base_url:
            page.goto(base_url + "/index.html")
            violations = axe_violations(page)
    finally:
        page.close()
    assert [v["id"] for v in violations] == ["image-alt"], violations
    assert violations[0]["impact"] == "critical"
    assert violations[0]["targets"] == ["img"]
    assert violations[0]["help"]


@pytest.mark.browser
def test_axe_passes_a_good_page(browser, tmp_path):
    (tmp_path / "trip.png").write_bytes(PNG)
    (tmp_path / "index.html").write_text(GOOD_PAGE, encoding="utf-8")
    page = browser.new_page()
    try:
        with serve(tmp_path) as base_url:
            page.goto(base_url + "/index.html")
            assert page.title() == "Grade 3B news"  # the page really loaded
            violations = axe_violations(page)
    finally:
        page.close()
    assert violations == []


@pytest.mark.browser
def test_watch_requests_records_other_hosts_and_errors(browser, tmp_path):
    site, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    site.mkdir()
    elsewhere.mkdir()
    (site / "trip.png").write_bytes(PNG)
    (elsewhere / "tracker.png").write_bytes(PNG)
    page = browser.new_page()
    try:
        with serve(site) as base_url, serve(elsewhere) as other_url:
            (site / "index.html").write_text(
                page_html(
                    '<img src="trip.png" alt="a">'
                    f'<img src="{other_url}/tracker.png" alt="b">'
                    f'<img src="data:image/png;base64,{base64.b64encode(PNG).decode()}" alt="c">'
                    '<script>console.error("boom"); throw new Error("kaboom");</script>'
                ),
                encoding="utf-8",
            )
            watch = watch_requests(page, base_url)
            page.goto(base_url + "/index.html", wait_until="networkidle")
    finally:
        page.close()
    assert watch.external == [other_url + "/tracker.png"]
    assert watch.console_errors == ["boom"]
    assert len(watch.page_errors) == 1
    assert "kaboom" in watch.page_errors[0]


# --- actionlint ---------------------------------------------------------------------------------

GOOD_WORKFLOW = """\
name: hello
on:
  push:
    branches: [main]
permissions:
  contents: read
jobs:
  hello:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event_name }}"
"""


@pytest.mark.slow
def test_actionlint_passes_a_good_workflow(tmp_path):
    workflow = tmp_path / "good.yml"
    workflow.write_text(GOOD_WORKFLOW, encoding="utf-8")
    assert actionlint(workflow) == []


@pytest.mark.slow
def test_actionlint_flags_a_bad_workflow(tmp_path):
    workflow = tmp_path / "bad.yml"
    # Line 12: a context that does not exist (a typo of `github`).
    workflow.write_text(GOOD_WORKFLOW.replace("github.event_name", "gihtub.event_name"))
    findings = actionlint(workflow)
    assert len(findings) == 1, findings
    assert findings[0]["line"] == 12
    assert findings[0]["kind"] == "expression"
    assert "gihtub" in findings[0]["message"]
    assert findings[0]["file"] == str(workflow)


def child(code: str) -> subprocess.Popen:
    """A Python child running ``code``, its stdout and stderr on one pipe."""
    return subprocess.Popen(
        [sys.executable, "-u", "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_wait_for_line_returns_the_match():
    process = child("print('starting'); print('Serving on http://127.0.0.1:8123/')")
    match = wait_for_line(process, r"Serving on (http://\S+)", timeout=30)
    assert match.group(1) == "http://127.0.0.1:8123/"
    process.wait(timeout=10)


@pytest.mark.slow
def test_wait_for_line_fails_on_a_child_that_hangs_with_what_it_said():
    process = child("import time; print('starting'); time.sleep(60)")
    started = time.monotonic()
    try:
        with pytest.raises(AssertionError) as failed:
            wait_for_line(process, r"Serving on", timeout=2)
    finally:
        process.kill()
        process.wait(timeout=10)
    assert time.monotonic() - started < 10
    assert str(failed.value) == "no line matched Serving on within 2 s; it said:\nstarting\n"


def test_wait_for_line_fails_at_once_on_a_child_that_exits():
    process = child("import sys; print('no such task'); sys.exit(3)")
    started = time.monotonic()
    with pytest.raises(AssertionError) as failed:
        wait_for_line(process, r"Serving on", timeout=60)
    assert time.monotonic() - started < 30
    assert str(failed.value) == (
        "exited (3) before a line matched Serving on; it said:\nno such task\n"
    )


def test_wait_until_returns_what_came_true_and_fails_after_its_timeout():
    calls = []
    assert wait_until(lambda: calls.append(1) or (len(calls) >= 3 and "ready"), "three") == "ready"
    assert len(calls) == 3
    started = time.monotonic()
    with pytest.raises(AssertionError, match=r"^waited 0\.3 s for the page to answer$"):
        wait_until(lambda: False, "the page to answer", timeout=0.3)
    assert 0.3 <= time.monotonic() - started < 5
