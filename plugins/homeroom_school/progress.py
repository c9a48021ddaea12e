"""A one-line progress counter for long work, on a terminal only."""

import os
import sys


class Progress:
    """A one-line counter on a terminal; silent when output is not a terminal (CI, logs)."""

    def __init__(self, label: str, total: int):
        self.label, self.total, self.done = label, total, 0
        self.shown = sys.stderr.isatty() and total > 1 and os.environ.get("CI") != "true"
        self.every = max(1, total // 100)  # a hundred updates at most

    def step(self) -> None:
        self.done += 1
        if self.shown and (self.done % self.every == 0 or self.done == self.total):
            end = "\n" if self.done == self.total else ""
            sys.stderr.write(f"\r{self.label}: {self.done}/{self.total}{end}")  # a terminal's line
            sys.stderr.flush()
