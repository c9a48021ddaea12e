"""One Pelican build run by a task (build, serve, publish): its writes, and its problems counted.

Every error Homeroom, Pelican or a worker logs during the build is counted and printed once,
plainly; a crash is one error more, never a traceback. The build's writes end with it
(`one_build`): after a crash, nothing more is written.
"""

import contextlib
import logging
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from homeroom_output import one_build
from homeroom_school.folders import files_under
from homeroom_school.problems import shown_path
from homeroom_school.urls import podcast_artwork


class ProblemCounter(logging.Handler):
    """Counts the errors logged during a build, and prints each once, plainly."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.errors = 0
        self.warnings = 0
        self.messages: list[str] = []  # the errors, for the preview's overlay

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR:
            self.errors += 1
            label = "error"
        else:
            self.warnings += 1
            label = "warning"
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            message = f"{message} ({record.exc_info[1]})"
        if label == "error":
            self.messages.append(message)
        sys.stderr.write(f"{label}: {message}\n")  # as a StreamHandler would, unadorned


@contextlib.contextmanager
def counting_problems():
    """Route Pelican's and Homeroom's log records through one ProblemCounter."""
    counter = ProblemCounter()
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    root.handlers = [counter]
    root.setLevel(logging.WARNING)
    try:
        yield counter
    finally:
        root.handlers, _ = saved
        root.setLevel(saved[1])


def build_problems(settings: dict, on_pages: Callable[[Path], None] | None = None) -> list[str]:
    """Run one Pelican build; returns its errors, one line each (a crash is one too).
    `on_pages(output)`: called once the HTML pages are written (`one_build`)."""
    from pelican import Pelican
    from pelican.log import console

    console.quiet = True  # Pelican's own summary counts articles; tasks print theirs
    with counting_problems() as counter:
        try:
            with one_build(settings, on_pages):
                Pelican(settings).run()
        except SystemExit:  # after its reason was logged (a wrong setting): that one line
            if not counter.messages:
                counter.messages.append("the build stopped: see the messages above")
        except Exception as error:  # one line for the teacher, never a traceback
            logging.getLogger("homeroom").error("the build stopped: %s", error)
    return counter.messages


def run_pelican(settings: dict, on_pages: Callable[[Path], None] | None = None) -> int:
    """Run one Pelican build; returns the number of errors (a crash counts as one)."""
    return len(build_problems(settings, on_pages))


def count_files(folder: Path) -> int:
    """How many files a build left in `folder`, for the tasks' last line."""
    return sum(1 for _ in files_under(folder))


# What a published file under media/ is, by how its name ends (the first that fits): a
# clip with its poster and captions, a recording (and the podcasts' artwork), a photo's
# width; else a file content links to.
MEDIA_KINDS = (
    ("clips", (".mp4", ".poster.webp", ".poster.jpg", ".vtt")),
    ("recordings", (".m4a",)),
    ("photos", (".webp", ".jpg", ".jpeg", ".png", ".gif")),
)


def media_kind(path: str) -> str:
    """'clips', 'recordings', 'photos' or 'other files': what a file of media/ is (`path`
    relative to the site)."""
    if path.startswith(f"{PurePosixPath(podcast_artwork()).parent}/"):
        return "recordings"
    lowered = path.lower()
    return next((kind for kind, endings in MEDIA_KINDS if lowered.endswith(endings)), "other files")


def site_size(site: Path, max_bytes: int, github: bool = False) -> list[str]:
    """The published site's size and its media's by kind (photos, clips, recordings), and a
    warning naming its five largest top-level folders and its media by kind when it is over
    80% of `max_bytes` (HOMEROOM_SITE_MAX_BYTES: GitHub Pages' limit); with `github`, the
    warning again as a GitHub Actions annotation."""
    sizes: dict[str, int] = {}
    media: dict[str, int] = {}
    files = total = 0
    for path, entry in files_under(site):
        size = entry.stat(follow_symlinks=False).st_size
        files, total = files + 1, total + size
        top, inside, _ = path.partition("/")
        if inside:  # in a top-level folder (files at the top are in no folder)
            sizes[f"{top}/"] = sizes.get(f"{top}/", 0) + size
        if inside and top == "media":
            kind = media_kind(path)
            media[kind] = media.get(kind, 0) + size
    by_kind = ", ".join(
        f"{kind} {size / 1e6:.1f} MB"
        for kind, size in sorted(media.items(), key=lambda item: (-item[1], item[0]))
    )
    lines = [f"Site size: {total / 1e6:.1f} MB in {files} files."]
    if media:
        lines[0] += f" Media: {by_kind}."
    if total > 0.8 * max_bytes:
        largest = sorted(sizes.items(), key=lambda item: (-item[1], item[0]))[:5]
        lines.append(
            f"warning: the site is {total / 1e6:.1f} MB, {total / max_bytes:.0%} of "
            f"HOMEROOM_SITE_MAX_BYTES ({max_bytes / 1e6:.1f} MB, GitHub Pages' limit for a "
            "published site); largest folders: "
            + ", ".join(f"{name} {size / 1e6:.1f} MB" for name, size in largest)
            + (f"; media: {by_kind}" if media else "")
        )
        if github:
            lines.append(f"::warning::{lines[-1].removeprefix('warning: ')}")
    return lines


def problem_lines(theme_lines: list[str], problems: list, content: Path):
    """What `invoke check` says of what it found: (lines as file:line: message, and GitHub
    annotations inside GitHub Actions; the number of errors, warnings left out)."""
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    lines = []
    for line in theme_lines:
        lines += [line, f"::error::{line}"] if github else [line]
    for problem in problems:
        where = shown_path(content, problem.path) + (f":{problem.line}" if problem.line else "")
        lines.append(f"{where}: {'warning: ' if problem.warning else ''}{problem.message}")
        if github:
            lines.append(problem.annotation(content))
    return lines, len(theme_lines) + sum(1 for problem in problems if not problem.warning)


def scheduled_lines(scheduled: dict, content: Path) -> list[str]:
    """What `invoke check` says of what is scheduled, not as a problem: one line per file,
    `Scheduled: file (comes out on YYYY-MM-DD)`, never in a problem's `file:line:` form
    (school.scheduled: path -> the day it comes out)."""
    return [
        f"Scheduled: {shown_path(content, path)} (comes out on {day.isoformat()})"
        for path, day in scheduled.items()
    ]


def swap_in(staging: Path, target: Path) -> None:
    """Put a finished build in place of the last one (publish): the old one is renamed aside
    first and removed last, so the folder is never half of each."""
    previous = target.with_name(f".{target.name}-previous")
    shutil.rmtree(previous, ignore_errors=True)
    if target.exists():
        target.rename(previous)
    staging.rename(target)
    shutil.rmtree(previous, ignore_errors=True)
