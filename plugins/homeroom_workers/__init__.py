"""homeroom_workers: process pools that are safe to start whatever threads are running.

A library every plugin may import (homeroom_school's parse pool too), not a Pelican plugin.

Forking a process that runs other threads (the preview's watcher and HTTP server, a build's
background writes) copies locks those threads may hold: the child can deadlock (Python 3.12
warns). So a pool forks only when the main thread is the only one alive; otherwise its
workers come from a forkserver, which starts them from a clean process that imports what it
needs. Work that relies on inheriting the parent's memory asks `can_fork` first.

Before a fork, the parent's objects are frozen out of the garbage collector (`gc.freeze`):
a forked worker's collector then never writes to them, so the pages of memory it shares with
its parent stay shared instead of being copied one by one. `shares` splits the work of a pool.
"""

import gc
import threading
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_all_start_methods, get_context

METHODS = get_all_start_methods()


def can_fork() -> bool:
    """Whether forking now is safe: the system can, and no thread but this one is alive."""
    return "fork" in METHODS and threading.active_count() == 1


def start_method() -> str:
    """fork when it is safe; else forkserver where there is one (POSIX), else spawn."""
    if can_fork():
        return "fork"
    return "forkserver" if "forkserver" in METHODS else "spawn"


class _ForkedPool(ProcessPoolExecutor):
    """A pool of forked workers, the parent's objects frozen while it runs (see above)."""

    def __init__(self, workers: int):
        gc.freeze()  # before the first fork: the pool forks its workers on the first job
        super().__init__(max_workers=workers, mp_context=get_context("fork"))

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        super().shutdown(wait=wait, cancel_futures=cancel_futures)
        gc.unfreeze()  # the parent's objects may be collected again


def process_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` processes, started the safe way for this moment (`start_method`).
    Its jobs must be picklable (a module-level function and plain arguments); a worker that
    does not fork imports them from the installed packages (`pip install -e .`)."""
    method = start_method()
    if method == "fork":
        return _ForkedPool(workers)
    return ProcessPoolExecutor(max_workers=workers, mp_context=get_context(method))


def share_size(count: int, workers: int, per_worker: int, least: int, most: int = 0) -> int:
    """How many of `count` jobs to send a worker at a time: about `per_worker` shares per
    worker (a slow share then does not leave the other workers idle at the end), each of
    `least` jobs at least (a share costs a message each way) and `most` at most (if given)."""
    size = count // (workers * per_worker)
    return max(least, min(most, size) if most else size)


def shares(count: int, workers: int, per_worker: int, least: int, most: int = 0) -> list[range]:
    """`count` jobs split into consecutive shares of `share_size` jobs (the last smaller)."""
    size = share_size(count, workers, per_worker, least, most)
    return [range(start, min(start + size, count)) for start in range(0, count, size)]
