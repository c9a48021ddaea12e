"""Files written on background threads while the build renders the next ones.

Creating a file or a folder is a slow system call on many disks (about a millisecond each on
the machine the benchmark runs on), and Python lets other threads run meanwhile: two threads
write while the main one renders the next page. Every write is waited for
before Pelican's run ends (`wait`, on the `finalized` signal); a write that failed stops the
build there with its error.
"""

import io
import os
import threading
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from pelican.writers import Writer

THREADS = 2
IN_FLIGHT = 256  # files waiting to be written, at most: the memory they hold stays small
FOLDERS_A_JOB = 64

_lock = threading.Lock()
_pool: ThreadPoolExecutor | None = None
_pending: deque[Future] = deque()  # files being written
_folders: deque[Future] = deque()  # folders being made


def _write(path: str, data: bytes) -> None:
    try:
        with open(path, "wb") as file:
            file.write(data)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as file:
            file.write(data)


def _submit(function, *args, holds_data: bool = True) -> None:
    global _pool
    with _lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(THREADS, thread_name_prefix="homeroom-write")
        future = _pool.submit(function, *args)
        (_pending if holds_data else _folders).append(future)
        full = len(_pending) > IN_FLIGHT
    if full:
        _pending.popleft().result()


def write_soon(path: Path | str, data: bytes) -> None:
    """Write `data` to `path` (its folder made if need be) on a background thread."""
    _submit(_write, str(path), data)


def make_folders_soon(folders) -> None:
    """Make these folders on the background threads, in this order, ahead of the pages that
    go into them (Pelican's Writer then finds them made)."""
    folders = [str(folder) for folder in folders]
    for start in range(0, len(folders), FOLDERS_A_JOB):  # one future a job, not a folder
        _submit(_make, folders[start : start + FOLDERS_A_JOB], holds_data=False)


def _make(folders: list[str]) -> None:
    for folder in folders:
        os.makedirs(folder, exist_ok=True)


def wait() -> None:
    """Wait for every write; raise the first error one of them met."""
    for queue in (_folders, _pending):
        while True:
            with _lock:
                if not queue:
                    break
                future = queue.popleft()
            future.result()


def _forget_threads() -> None:
    """A forked child (a worker that renders pages) has none of its parent's threads."""
    global _pool, _lock
    _pool, _lock = None, threading.Lock()
    _pending.clear()
    _folders.clear()


if hasattr(os, "register_at_fork"):  # not on Windows, which cannot fork
    os.register_at_fork(after_in_child=_forget_threads)


class _PendingText(io.StringIO):
    """What Pelican's Writer writes a page into: handed to a background thread on close."""

    def __init__(self, path: str, encoding: str):
        super().__init__()
        self.path, self.charset = path, encoding

    def close(self) -> None:
        if not self.closed:
            write_soon(self.path, self.getvalue().encode(self.charset))
        super().close()


class BackgroundWriter(Writer):
    """Pelican's Writer (templates, relative URLs, content_written), with each file written
    on a background thread. Homeroom never writes a file twice in one build."""

    def _open_w(self, filename, encoding, override=False):
        if filename in self._written_files:
            raise RuntimeError(f"{filename} would be written twice in one build")
        self._written_files.add(filename)
        return _PendingText(filename, encoding)
