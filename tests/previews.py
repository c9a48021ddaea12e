"""The preview in tests: `invoke serve` in a subprocess (Preview), its rebuilds in this
process (InProcessPreview), a full build in a fresh process, and the demo files edits touch."""

import json
import queue
import re
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from tests.sites import ROOT, TODAY

CLASS = "classes/grade-3b"
POST = f"{CLASS}/news/2026-10-09-fraction-wall.md"
EVENT = f"{CLASS}/events/2026-12-10-winter-concert.md"


class InProcessPreview:
    """`invoke serve`'s rebuilds without the server and the watcher."""

    def __init__(self, content: Path, folder: Path, **settings):
        import tasks
        from homeroom_output import PreviewMemo
        from homeroom_preview import BuildState
        from homeroom_tasks.preview import preview_rebuilder

        self.served = folder / "served"
        self.served.mkdir()
        self.said: list[str] = []
        self.memo = PreviewMemo()
        self.state = BuildState()
        self.rebuilder = preview_rebuilder(
            tasks.DEV_SETTINGS,
            str(content),
            self.served,
            folder / "staging",
            self.state,
            self.memo,
            HOMEROOM_TODAY=TODAY,
            **settings,
        )
        self.rebuilder.say = self.said.append
        # what `invoke serve` watches: content and the theme (a change to code restarts it)
        self.watched = [content, Path(settings.get("THEME", ROOT / "themes" / "homeroom"))]
        self.seen: dict | None = None

    def rebuild(self, also=()) -> set[str]:
        """Rebuild, told what changed since the last rebuild as the watcher tells it (every
        path created, modified or deleted, folders too, and `also`: files that came and went
        in between); returns what the staging folder got: files written or deleted."""
        now = snapshot(self.watched)
        touched = None if self.seen is None else changed_paths(self.seen, now) | set(also)
        self.seen = now
        self.rebuilder.rebuild(touched)
        return self.rebuilder.changed


def snapshot(roots: list[Path]) -> dict[str, tuple]:
    """Every file and folder under `roots`: path -> (kind, bytes or None)."""
    found = {}
    for root in roots:
        for path in [root, *root.rglob("*")]:
            if path.is_symlink() or path.is_file():
                found[str(path)] = ("file", path.read_bytes() if path.is_file() else None)
            elif path.is_dir():
                found[str(path)] = ("folder", None)
    return found


def changed_paths(before: dict, after: dict) -> set[str]:
    """What a watcher reports between two snapshots: paths that came, went or changed."""
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


# A full build as `invoke build` makes it, in a fresh Python process: nothing this process
# imported, compiled or remembered (modules, templates, the preview's memo) can be reused, so a
# stale cache cannot make the preview and the full build agree by sharing a mistake.
FULL_BUILD = """\
import sys
import tasks
settings = {"THEME": sys.argv[3], "HOMEROOM_TODAY": sys.argv[4]}
sys.exit(tasks.run_pelican(tasks.pelican_settings(tasks.DEV_SETTINGS, sys.argv[1], sys.argv[2],
                                                  **settings)))
"""


def full_build(content: Path, output: Path, theme: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", FULL_BUILD, str(content), str(output), theme, TODAY],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def differences(served: dict, full: dict) -> list[str]:
    return sorted(
        name for name in served.keys() | full.keys() if served.get(name) != full.get(name)
    )


APPLES = "classes/grade-1/news/2026-09-11-apples.md"


class Preview:
    """`invoke serve` in a subprocess, with a server-sent-events listener."""

    def __init__(self, content, output, code=ROOT):
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "invoke",
                "serve",
                "--content",
                str(content),
                "--output",
                str(output),
                "--port",
                "0",
            ],
            cwd=code,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.url = self.wait_for(r"Serving on (http://127\.0\.0\.1:\d+/)").group(1)
        self.events: queue.Queue = queue.Queue()
        threading.Thread(target=self._listen, daemon=True).start()
        self.next_build()  # the state as it is when we connect

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line)

    def wait_for(self, pattern, timeout=60):
        deadline = time.monotonic() + timeout
        said = []
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                if self.process.poll() is not None:
                    break  # the preview stopped: no need to wait any longer
                continue
            said.append(line)
            match = re.search(pattern, line)
            if match:
                return match
        raise AssertionError(f"no line matched {pattern}; the preview said:\n{''.join(said)}")

    def _listen(self):
        with urllib.request.urlopen(self.url + "__homeroom__/events", timeout=120) as stream:
            for raw in stream:
                line = raw.decode()
                if line.startswith("data: "):
                    self.events.put(json.loads(line[6:]))

    def next_build(self, timeout=60) -> dict:
        try:
            return self.events.get(timeout=timeout)
        except queue.Empty:
            said = []
            while not self.lines.empty():
                said.append(self.lines.get())
            raise AssertionError("no build event; the preview said:\n" + "".join(said)) from None

    def get(self, path) -> str:
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            return response.read().decode()

    def close(self):
        self.process.terminate()
        self.process.wait(timeout=10)
