"""homeroom_workers: process pools that are safe to start whatever threads are running.

A library every plugin may import (homeroom_school's parse pool too), not a Pelican plugin.

Forking a process that runs other threads (the preview's watcher and HTTP server, a build's
background writes) copies locks those threads may hold: the child can deadlock (Python 3.12
warns). So a pool forks only when the main thread is the only one alive; otherwise its
workers come from a forkserver, which starts them from a clean process that imports what it
needs. Work that relies on inheriting the parent's memory asks `can_fork` first.
"""

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


def process_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` processes, started the safe way for this moment (`start_method`).
    Its jobs must be picklable (a module-level function and plain arguments); a worker that
    does not fork imports them from the installed packages (`pip install -e .`)."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=get_context(start_method()))
