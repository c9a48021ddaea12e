"""Site benchmark: Homeroom against vanilla Pelican on the same synthetic school, in one run.

    python -m bench.site --size S|M|L [--runs 3]        (from the repository root)

Writes a school with bench/make_school.py into a temporary folder, then measures, each figure
the median of --runs runs:

- cold build: a subprocess with a fresh output folder, Homeroom through `invoke build` (this
  repository's pelicanconf.py; what teachers and the workflows run) and again through plain
  `python -m pelican`, vanilla Pelican through `python -m pelican` (the school's own
  pelicanconf.py, default theme) on the same Markdown. Each build runs through its own small
  helper process, so that the helper's RUSAGE_CHILDREN covers that build alone: wall time,
  CPU time (user + system of the build and of every process it started and waited for:
  Homeroom's forked workers), and the peak memory of its largest process (max RSS);
- Homeroom without the search index: what `invoke build` does but Pagefind (its pages and
  offline reader all made; `WITHOUT_INDEX`), so the index's share of a build is one subtraction;
- Homeroom on one worker: the same build with HOMEROOM_WORKERS=1 (one process parses and
  renders; vanilla Pelican is single-process too);
- Homeroom publish: `invoke publish` (publishconf.py, absolute URLs) with strong bench-only
  secrets, a passphrase for every family student of the school (each family page is
  encrypted: PBKDF2 is slow on purpose) and HOMEROOM_REPOSITORY_VISIBILITY=private; timed
  against the same vanilla build (vanilla has no publish of its own);
- vanilla warm rebuild: a second vanilla build of the unchanged content into the same folder;
- every build's output is kept until the end: on a disk with ext4 and no journal (the VM this
  benchmark runs on) a file made within minutes of thousands of deletions costs a scan past
  each deleted inode, so removing one build's output would slow the next build, whichever it
  is, by several seconds of system time;
- Homeroom's live preview (`invoke serve`): a file saved without a change, until the next
  server-sent event (no-change rebuild); a sentence appended to a post, until the next event
  and the post's page, as the preview serves it, contains the sentence (edit-to-reloaded).

The ratio is Homeroom / vanilla: below 1 means Homeroom is faster or smaller.
"""

import argparse
import datetime
import http.client
import json
import os
import platform
import queue
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAKE_SCHOOL = ROOT / "bench" / "make_school.py"
# Where the Homeroom builds and the preview run (tasks.py, pelicanconf.py, plugins/, themes/):
# the working tree, or a commit exported with --commit (a tree others are editing can be
# half-way through a change, and the preview restarts whenever plugins/ changes).
CODE = ROOT
EVENT_TIMEOUT = 900  # seconds to wait for one preview rebuild before calling it failed

# Runs one command (argv[2:], in folder argv[1]) as its own child, so that this helper's
# RUSAGE_CHILDREN is that one build. The build's output goes to stderr; stdout is the figures.
MEASURE = """\
import json, resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.run(sys.argv[2:], cwd=sys.argv[1], stdout=sys.stderr).returncode
seconds = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the build and what it waited for
cpu = usage.ru_utime + usage.ru_stime
print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_kb": usage.ru_maxrss, "code": code}))
"""

# `invoke build` without the search index (run from CODE, argv[1:] = content, output): the same
# settings and build, the offline reader written, Pagefind never started.
WITHOUT_INDEX = """\
import sys
from pathlib import Path
import tasks
from homeroom_tasks.runs import run_pelican
from homeroom_search import write_offline
settings = tasks.pelican_settings(tasks.DEV_SETTINGS, sys.argv[1], sys.argv[2])
errors = run_pelican(settings)
write_offline(Path(sys.argv[2]), settings["SITEURL"])
sys.exit(min(errors, 1))
"""


def child_env() -> dict:
    env = dict(os.environ)
    env.pop("HOMEROOM_TODAY", None)
    env.pop("HOMEROOM_PREVIEW_PORT", None)  # `invoke serve` would prefer it to --port 0
    env["PYTHONUNBUFFERED"] = "1"
    env["COLUMNS"] = "400"  # Pelican's console wraps at 80 columns: one message, one line
    if CODE != ROOT:  # an exported commit's plugins, before the installed (working tree) ones
        env["PYTHONPATH"] = str(CODE / "plugins")
    return env


class Notes:
    """What the builds and the preview said beyond the figures: printed once, at the end."""

    def __init__(self):
        self.lines: list[str] = []

    def add(self, label: str, text: str) -> None:
        text = text.strip()
        if text:
            self.lines.append(f"[{label}]\n{text}")


def measured_build(
    label: str, cwd: Path, command: list[str], notes: Notes, env: dict | None = None
) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(cwd), *command],
        capture_output=True,
        text=True,
        env={**child_env(), **(env or {})},
    )
    if done.returncode != 0 or not done.stdout.strip():
        raise SystemExit(f"{label}: the measuring helper failed\n{done.stdout}\n{done.stderr}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    said = "\n".join(
        line for line in done.stderr.splitlines() if line.strip() and not _pelican_summary(line)
    )
    notes.add(f"{label}, exit code {result['code']}", said)
    if result["code"] != 0:
        notes.add(label, f"FAILED with exit code {result['code']}")
    return result


def _pelican_summary(line: str) -> bool:
    """Pelican prints its 'Done: Processed ... in N seconds.' summary even with -q."""
    return line.strip().startswith("Done: Processed")


def count_files(folder: Path) -> tuple[int, int]:
    files = [path for path in folder.rglob("*") if path.is_file()]
    return len(files), sum(1 for path in files if path.suffix == ".html")


def publish_secrets(school: Path, folder: Path) -> dict:
    """Strong bench-only secrets that `invoke publish` accepts, a passphrase for every family
    student of the school (make_school.py lists them in school.json), and a private
    repository: as environment variables."""
    summary = json.loads((school / "school.json").read_text(encoding="utf-8"))
    folder.mkdir(parents=True, exist_ok=True)
    keys = folder / "family-keys.yml"
    keys.write_text(
        "".join(
            f"{family}: bench-only {secrets.token_urlsafe(16)}\n" for family in summary["families"]
        ),
        encoding="utf-8",
    )
    return {
        "HOMEROOM_SECRET": "bench-only-" + secrets.token_urlsafe(32),
        "HOMEROOM_FAMILY_KEYS": str(keys),
        "HOMEROOM_REPOSITORY_VISIBILITY": "private",
        "SITEURL": "https://bench.example/homeroom",
    }


# The builds of one run, in the order they alternate: (figure, label).
BUILDS = [
    ("homeroom", "Homeroom cold build"),
    ("homeroom_pelican", "Homeroom cold build through plain pelican"),
    ("homeroom_no_index", "Homeroom cold build without the search index"),
    ("homeroom_1", "Homeroom cold build, HOMEROOM_WORKERS=1"),
    ("publish", "Homeroom publish, every family page encrypted"),
    ("vanilla", "vanilla cold build"),
    ("vanilla_warm", "vanilla warm rebuild"),
]


def cold_builds(school: Path, runs: int, work: Path, notes: Notes) -> dict:
    """Homeroom's cold builds (every core, one worker, publish) and vanilla's cold and warm
    builds, alternating within each run: wall seconds, CPU seconds and peak memory each."""
    figures: dict[str, list[float]] = {
        f"{name}_{unit}": [] for name, _ in BUILDS for unit in ("s", "cpu", "mb")
    }
    counts = {}
    content = school / "homeroom" / "content"
    publish_env = publish_secrets(school, work / "secrets")
    pelican = [sys.executable, "-m", "pelican"]
    for run in range(1, runs + 1):
        for name, label in BUILDS:
            if name == "homeroom":  # invoke build: what teachers and the workflows run
                out = work / f"{name}-{run}"
                command = [sys.executable, "-m", "invoke", "build", "--content", str(content)]
                command += ["--output", str(out)]
                cwd, env = CODE, None
            elif name == "homeroom_no_index":  # the same build, Pagefind left out
                out = work / f"{name}-{run}"
                command = [sys.executable, "-c", WITHOUT_INDEX, str(content), str(out)]
                cwd, env = CODE, None
            elif name.startswith("homeroom"):
                out = work / f"{name}-{run}"
                command = [*pelican, str(content), "-s", "pelicanconf.py", "-o", str(out), "-q"]
                if name == "homeroom_1":
                    command += ["-e", "HOMEROOM_WORKERS=1"]
                cwd, env = CODE, None
            elif name == "publish":
                out = work / f"publish-{run}"
                command = [sys.executable, "-m", "invoke", "publish", "--content", str(content)]
                command += ["--output", str(out)]
                cwd, env = CODE, publish_env
            else:  # vanilla, then its warm rebuild into the same folder
                out = work / f"vanilla-{run}"
                command = [*pelican, "content", "-s", "pelicanconf.py", "-o", str(out), "-q"]
                cwd, env = school / "pelican", None
            result = measured_build(f"{label} {run}", cwd, command, notes, env)
            figures[f"{name}_s"].append(result["seconds"])
            figures[f"{name}_cpu"].append(result["cpu"])
            figures[f"{name}_mb"].append(result["peak_kb"] / 1024)
            counts.setdefault(name, count_files(out))
        print(
            f"  run {run}: "
            + ", ".join(
                f"{name} {figures[name + '_s'][-1]:.2f} s ({figures[name + '_cpu'][-1]:.2f} CPU)"
                for name, _ in BUILDS
            ),
            flush=True,
        )
    return {"figures": figures, "counts": counts}


class Preview:
    """`invoke serve` on a free port, its console, and its server-sent events."""

    def __init__(self, content: Path, output: Path):
        command = [sys.executable, "-m", "invoke", "serve", "--content", str(content)]
        command += ["--output", str(output), "--port", "0"]
        self.process = subprocess.Popen(
            command,
            cwd=CODE,
            env=child_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
        )
        self.console: list[str] = []
        self.url = ""
        self.ready = threading.Event()
        self.events: queue.Queue = queue.Queue()
        threading.Thread(target=self._read_console, daemon=True).start()

    def _read_console(self) -> None:
        for line in self.process.stdout:
            self.console.append(line.rstrip("\n"))
            found = re.search(r"Serving on (http://127\.0\.0\.1:\d+/)", line)
            if found and not self.url:
                self.url = found.group(1)
                self.ready.set()
        self.ready.set()  # the process ended: stop waiting for it

    def start(self, timeout: float) -> float:
        started = time.perf_counter()
        if not self.ready.wait(timeout) or not self.url:
            raise RuntimeError("the preview did not start:\n" + "\n".join(self.console))
        seconds = time.perf_counter() - started
        host, port = self.url.removeprefix("http://").rstrip("/").split(":")
        connection = http.client.HTTPConnection(host, int(port))
        connection.request("GET", "/__homeroom__/events")
        response = connection.getresponse()
        if response.status != 200:
            raise RuntimeError(f"/__homeroom__/events answered {response.status}")
        threading.Thread(target=self._read_events, args=(response,), daemon=True).start()
        return seconds

    def _read_events(self, response) -> None:
        while True:
            line = response.readline()
            if not line:
                return
            if line.startswith(b"data:"):
                self.events.put((time.perf_counter(), json.loads(line[5:])))

    def next_event(self, timeout: float = EVENT_TIMEOUT) -> tuple[float, dict]:
        return self.events.get(timeout=timeout)

    def drain(self) -> list[dict]:
        extra = []
        while True:
            try:
                extra.append(self.events.get_nowait()[1])
            except queue.Empty:
                return extra

    def page(self, path: str) -> str:
        try:
            with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=30) as response:
                return response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return f"HTTP {error.code}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def preview_figures(school: Path, runs: int, work: Path, notes: Notes) -> dict:
    summary = json.loads((school / "school.json").read_text(encoding="utf-8"))
    lang = summary["languages"][0]
    content = school / "homeroom" / "content"
    news = content / "classes" / "class-01" / "news"
    originals = sorted(p for p in news.glob("*.md") if p.name.count(".") == 1)
    if len(originals) < 2 * runs:
        raise SystemExit("the school has too few posts in class-01 for this many runs")
    (work / "preview").mkdir()
    preview = Preview(content, work / "preview" / "output")
    figures: dict[str, list[float]] = {"no_change_s": [], "edit_s": []}
    try:
        first_build = preview.start(timeout=EVENT_TIMEOUT)
        stamp, first = preview.next_event(timeout=60)
        if first.get("problems"):
            notes.add("preview, first build", "\n".join(first["problems"]))
        for run in range(1, runs + 1):
            # (a) a save without a change
            post = originals[2 * run - 2]
            data = post.read_bytes()
            time.sleep(0.5)
            notes_extra(notes, "before no-change", preview.drain())
            started = time.perf_counter()
            post.write_bytes(data)
            stamp, event = preview.next_event()
            figures["no_change_s"].append(stamp - started)
            if event.get("problems"):
                notes.add(f"preview, no-change {run}", "\n".join(event["problems"]))

            # (b) a sentence appended to a post, until the page served has it
            post = originals[2 * run - 1]
            slug = post.name[len("YYYY-MM-DD-") :].removesuffix(".md")
            url = f"/{lang}/class-01/news/{slug}/"
            sentence = f"Benchmark edit number {run} added marker zqx{run}{time.time_ns() % 10**9}."
            text = post.read_text(encoding="utf-8")
            time.sleep(0.5)
            notes_extra(notes, "before edit", preview.drain())
            started = time.perf_counter()
            post.write_text(text.rstrip("\n") + "\n\n" + sentence + "\n", encoding="utf-8")
            stamp, event = preview.next_event()
            if event.get("problems"):
                notes.add(f"preview, edit {run}", "\n".join(event["problems"]))
            deadline = time.perf_counter() + EVENT_TIMEOUT
            while sentence not in preview.page(url):
                if time.perf_counter() > deadline:
                    notes.add(f"preview, edit {run}", f"{url} never showed the new sentence")
                    break
                time.sleep(0.01)
            figures["edit_s"].append(time.perf_counter() - started)
            print(
                f"  run {run}: no-change {figures['no_change_s'][-1]:.2f} s, "
                f"edit-to-reloaded {figures['edit_s'][-1]:.2f} s",
                flush=True,
            )
    finally:
        preview.stop()
        rebuilds = [line for line in preview.console if line.startswith("Rebuilt in")]
        others = [
            line
            for line in preview.console
            if not line.startswith(("Rebuilt in", "Serving on", "Translations:"))
        ]
        notes.add("preview console (other than 'Rebuilt in', 'Serving on')", "\n".join(others))
        notes.add(
            "preview's own 'Rebuilt in' lines (the first is its initial build)", "\n".join(rebuilds)
        )
    return {"figures": figures, "first_build_s": first_build}


def notes_extra(notes: Notes, when: str, events: list[dict]) -> None:
    if events:
        notes.add(f"preview, {when}", f"{len(events)} unexpected extra event(s): {events}")


def cell(value: float | None, digits: int) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def export_code(commit: str, folder: Path) -> Path:
    """The files of `commit` (e.g. HEAD) in `folder`, as `git archive` writes them."""
    folder.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit], cwd=ROOT, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def use_code(commit: str | None, work: Path) -> str:
    """Point CODE at the working tree, or at `commit` exported into `work`; says which."""
    global CODE
    if not commit:
        CODE = ROOT
        return f"the working tree {ROOT}"
    CODE = export_code(commit, work / "code")
    rev = subprocess.run(
        ["git", "rev-parse", "--short", commit],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return f"commit {rev} ({commit}), exported to {CODE}"


def paired_ratio(homeroom: list[float], vanilla: list[float]) -> str:
    """The median of each run's Homeroom / vanilla: builds of one run ran minutes apart at
    most, so a slow minute of the machine slows both."""
    pairs = [h / v for h, v in zip(homeroom, vanilla, strict=True) if v]
    return f"{statistics.median(pairs):.2f}×" if pairs else "—"


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", choices=["S", "M", "L"], default="S")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--commit", help="build this commit (e.g. HEAD), exported, not the working tree"
    )
    options = parser.parse_args()
    runs = max(1, options.runs)

    work = Path(tempfile.mkdtemp(prefix="homeroom-bench-"))
    notes = Notes()
    try:
        print(f"Homeroom: {use_code(options.commit, work)}", flush=True)
        school = work / "school"
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, str(MAKE_SCHOOL), str(school), "--size", options.size],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        generated = time.perf_counter() - started
        summary = json.loads((school / "school.json").read_text(encoding="utf-8"))
        print(
            f"school {options.size}: {summary['source_files']} Markdown files in {school} "
            f"({generated:.1f} s); {runs} run(s) per figure",
            flush=True,
        )
        print("cold builds:", flush=True)
        cold = cold_builds(school, runs, work, notes)
        print("live preview:", flush=True)
        live = preview_figures(school, runs, work, notes)
    finally:
        if options.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    f = {k: median(v) for k, v in {**cold["figures"], **live["figures"]}.items()}
    (h_files, h_html), (v_files, v_html) = cold["counts"]["homeroom"], cold["counts"]["vanilla"]
    print()
    print(
        f"size {options.size}: {summary['source_files']} source files, Homeroom writes "
        f"{h_files} files ({h_html} HTML), vanilla {v_files} files ({v_html} HTML); "
        f"{len(summary['families'])} family pages encrypted by publish"
    )
    print(f"cores: os.cpu_count() = {os.cpu_count()}, usable = {len(os.sched_getaffinity(0))}")
    print(
        f"{'against a vanilla cold build':<30}{'wall s':>8}{'vanilla':>9}{'ratio':>8}"
        f"{'CPU s':>8}{'vanilla':>9}{'ratio':>8}{'MB':>6}{'vanilla':>9}{'ratio':>8}"
    )
    c = cold["figures"]
    for name, label in [
        ("homeroom", "Homeroom build, every core"),
        ("homeroom_pelican", "... through plain pelican"),
        ("homeroom_no_index", "... without search index"),
        ("homeroom_1", "Homeroom build, 1 worker"),
        ("publish", "Homeroom publish, encrypted"),
    ]:
        wall, cpu, mb = f[f"{name}_s"], f[f"{name}_cpu"], f[f"{name}_mb"]
        print(
            f"{label:<30}{cell(wall, 2):>8}{cell(f['vanilla_s'], 2):>9}"
            f"{paired_ratio(c[name + '_s'], c['vanilla_s']):>8}{cell(cpu, 2):>8}"
            f"{cell(f['vanilla_cpu'], 2):>9}{paired_ratio(c[name + '_cpu'], c['vanilla_cpu']):>8}"
            f"{cell(mb, 0):>6}{cell(f['vanilla_mb'], 0):>9}"
            f"{paired_ratio(c[name + '_mb'], c['vanilla_mb']):>8}"
        )
    print(
        f"{'vanilla warm rebuild':<30}{'':>8}{cell(f['vanilla_warm_s'], 2):>9}{'':>8}"
        f"{'':>8}{cell(f['vanilla_warm_cpu'], 2):>9}"
    )
    print(f"{'preview: no-change rebuild':<30}{cell(f['no_change_s'], 2):>8}")
    print(f"{'preview: edit-to-reloaded':<30}{cell(f['edit_s'], 2):>8}")
    print(
        "(wall: medians of the runs; CPU: user + system seconds of the build and every process "
        "it waited for; MB: peak resident memory of the build's largest process; ratios: the "
        "median over the runs of Homeroom / vanilla in the same run (the builds alternate). "
        "Homeroom's build is timed through `invoke build`, its front door, and also through "
        "plain `pelican`, whose status line is a thread: with it running, Homeroom starts "
        "workers from a forkserver and renders pages in one process (forking a process that "
        "runs threads can deadlock). Publish is timed through `invoke publish`, vanilla through "
        "`pelican`: vanilla has no publish. The preview's figures have no vanilla counterpart.)"
    )
    every = {**cold["figures"], **live["figures"]}
    print(
        "all runs: "
        + ", ".join(f"{k} " + "/".join(f"{x:.2f}" for x in v) for k, v in every.items())
    )
    print(f"preview's first build, start to 'Serving on': {live['first_build_s']:.2f} s")
    print(
        f"{datetime.datetime.now():%Y-%m-%d %H:%M}, os.cpu_count() = {os.cpu_count()}, "
        f"Python {platform.python_version()}, Pelican {metadata.version('pelican')}"
    )
    if notes.lines:
        print("\nnotes:")
        print("\n".join(notes.lines))


if __name__ == "__main__":
    main()
