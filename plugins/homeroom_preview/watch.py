"""Watch the sources, rebuild after a save, and restart when Python code or settings change."""

import gc
import gettext
import os
import shutil
import sys
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

from homeroom_i18n.counts import counted
from homeroom_output import PreviewMemo
from homeroom_school.reading.incremental import nothing_changed

from .server import BuildState
from .sync import sync_paths, sync_tree

# What a save, a new file, a deletion or a rename is made of. Not openings and reads: a
# rebuild opens hundreds of files and folders, and each would wake the watcher's thread.
SAVES = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileClosedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]
QUIET = 0.02  # seconds without a new event before rebuilding: a save is a burst of a few ms


class Changes(FileSystemEventHandler):
    """Collects what changed under the watched folders, ignoring what builds write."""

    def __init__(self, ignored: list[Path]):
        self.ignored = [str(path.resolve()) for path in ignored]
        self.paths: set[str] = set()
        self.last = 0.0
        self.event = threading.Event()

    def on_any_event(self, event):  # only SAVES arrive: watchdog filters the rest
        for path in (event.src_path, getattr(event, "dest_path", "") or ""):
            if not path or "__pycache__" in path or "/." in path:
                continue
            if any(path.startswith(ignored) for ignored in self.ignored):
                continue
            self.paths.add(path)
            self.last = time.monotonic()
            self.event.set()

    def take(self) -> set[str]:
        """Wait for a burst of changes to end, and return the paths."""
        self.event.wait()
        while time.monotonic() - self.last < QUIET:
            time.sleep(QUIET / 3)
        self.event.clear()
        paths, self.paths = self.paths, set()
        return paths


class Rebuilder:
    """Builds into a staging folder kept between rebuilds, where each build writes only the
    files whose inputs changed (homeroom_output.outputs). Only a build without problems
    reaches the served folder, and then only the files that changed since the last one did."""

    def __init__(
        self,
        build: Callable[[Path], list[str]],
        output: Path,
        staging: Path,
        state: BuildState,
        say: Callable[[str], None],
        memo: PreviewMemo,
        theme_static: str,
        catalog: gettext.NullTranslations,
    ):
        self.build, self.output, self.staging, self.state = build, output, staging, state
        self.say = say  # what `invoke serve` tells the person running it
        self.memo = memo  # the builds' memory (HOMEROOM_MEMO)
        self.theme_static = theme_static  # Pelican copies the theme's files every build
        self.catalog = catalog  # the words of `say`'s counts (homeroom_i18n.counts)
        self.whole = True  # compare the whole folders at the next good build
        self.changed: set[str] = set()  # what the last good build wrote or deleted
        self.first = True
        self.built_on: date | None = None  # the day of the last build: "past" events change

    def rebuild(self, touched: set[str] | None = None) -> None:
        """Build again; `touched`: the paths saved since the last build, if known."""
        # The memo holds many objects: a garbage collection during a rebuild costs a quarter
        # of it. Collect after the tabs were told, and never scan what the first build left.
        gc.disable()
        try:
            self._rebuild(touched)
        finally:
            gc.enable()
        gc.collect()
        if self.first:
            gc.freeze()
            self.first = False

    def _rebuild(self, touched: set[str] | None) -> None:
        started = time.perf_counter()
        if touched is not None:
            touched = {os.path.abspath(path) for path in touched}
        if self.memo.output.output_keys is None:  # the first build, or one stopped half-way
            shutil.rmtree(self.staging, ignore_errors=True)
            self.whole = True
            touched = None  # what the last build kept may be half made: nothing is reused
        elif (
            touched
            and self.built_on == date.today()
            and not self.state.problems
            and nothing_changed(self.memo.reading, touched)  # saved again as it was
        ):
            self.state.publish([])
            self.changed = set()
            seconds = time.perf_counter() - started
            self.say(f"Rebuilt in {seconds:.2f} s: nothing changed.")
            return
        self.memo.reading.touched = touched
        self.built_on = date.today()
        problems = self.build(self.staging)
        seconds = time.perf_counter() - started
        if problems:
            said = counted(self.catalog, len(problems), "problem")
            self.say(f"{said}; still serving the last good build.")
            self.state.publish(problems)
            return
        changed = self.changed = self.memo.take_changed()
        if self.whole:
            written, deleted = sync_tree(self.staging, self.output)
            self.whole = False
        else:
            written, deleted = sync_paths(self.staging, self.output, changed)
            theme = self.theme_static
            more = sync_tree(self.staging / theme, self.output / theme)
            written, deleted = written + more[0], deleted + more[1]
        self.state.publish([])
        self.say(f"Rebuilt in {seconds:.2f} s: {written} written, {deleted} deleted.")


def start_watching(roots: list[Path], ignored: list[Path]) -> tuple[Observer, Changes]:
    """Start noticing changes now: before the first build, so that no save is missed."""
    changes = Changes(ignored)
    observer = Observer()
    for root in roots:
        if root.exists():
            observer.schedule(changes, str(root), recursive=root.is_dir(), event_filter=SAVES)
    observer.start()
    return observer, changes


def rebuild_on_change(
    observer, changes: Changes, code: list[Path], rebuilder: Rebuilder, port: int
) -> None:
    """Rebuild on every burst of saves; restart the whole preview when code or settings change."""
    code_prefixes = [str(path.resolve()) for path in code]
    try:
        while True:
            changed = changes.take()
            if any(path.startswith(prefix) for path in changed for prefix in code_prefixes):
                rebuilder.say("Plugins or settings changed: restarting the preview.")
                observer.stop()
                os.environ["HOMEROOM_PREVIEW_PORT"] = str(port)  # the tabs' address stays
                os.execv(sys.executable, [sys.executable, *sys.argv])
            rebuilder.rebuild(changed)
    finally:
        observer.stop()
