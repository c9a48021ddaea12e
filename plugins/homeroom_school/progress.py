"""A one-line progress counter for long work, on a terminal only; and media made on every
core with it (photos, recordings, clips: each job a file, each outcome said in order)."""

import os
import sys
from collections.abc import Callable, Iterator

from homeroom_workers import process_pool


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


def made_on_every_core(label: str, work: Callable, jobs: list, workers: int) -> Iterator:
    """`work(job)` of every job, in order, on up to `workers` processes (one job, or one
    worker: in this process), with a progress line named `label`. `work` must be a module-level
    function and each job plain data, as a process pool needs."""
    if not jobs:
        return
    progress = Progress(label, len(jobs))
    if workers == 1 or len(jobs) == 1:
        for outcome in map(work, jobs):
            progress.step()
            yield outcome
        return
    with process_pool(min(workers, len(jobs))) as pool:
        for outcome in pool.map(work, jobs):
            progress.step()
            yield outcome
