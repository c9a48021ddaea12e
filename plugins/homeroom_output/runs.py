"""One Pelican build run by a task (build, serve, publish): its writes, and its problems counted.

Every error Homeroom, Pelican or a worker logs during the build is counted and printed once,
plainly; a crash is one error more, never a traceback. The build's writes end with it
(`one_build`): after a crash, nothing more is written.
"""

import contextlib
import logging
import sys
from pathlib import Path

from . import one_build


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


def build_problems(settings: dict) -> list[str]:
    """Run one Pelican build; returns its errors, one line each (a crash is one too)."""
    from pelican import Pelican
    from pelican.log import console

    console.quiet = True  # Pelican's own summary counts articles; tasks print theirs
    with counting_problems() as counter:
        try:
            with one_build(settings):
                Pelican(settings).run()
        except SystemExit:
            counter.messages.append("the build stopped: see the messages above")
        except Exception as error:  # one line for the teacher, never a traceback
            logging.getLogger("homeroom").error("the build stopped: %s", error)
    return counter.messages


def run_pelican(settings: dict) -> int:
    """Run one Pelican build; returns the number of errors (a crash counts as one)."""
    return len(build_problems(settings))


def count_files(folder: Path) -> int:
    """How many files a build left in `folder`, for the tasks' last line."""
    return sum(1 for path in folder.rglob("*") if path.is_file())
