"""The files of one build, written on background threads while the build renders the next ones.

Creating a file or a folder is a slow system call on many disks (about a millisecond each on
the machine the benchmark runs on), and Python lets other threads run meanwhile: two threads
write while the main one renders the next page. A `Writes` belongs to one build, which
creates it and ends it (`homeroom_output.one_build`): `close` waits for every write and
raises the first error one of them met; `abort`, after a failure, cancels what was not
written yet and waits for what was being written, so nothing is written once it returns.
"""

import os
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

THREADS = 2
IN_FLIGHT = 256  # files waiting to be written, at most: the memory they hold stays small
FOLDERS_A_JOB = 64


class BuildStopped(RuntimeError):
    """A write was asked for after the build failed or ended."""


def write_file(path: str, data: bytes) -> None:
    """Write `data` to `path`, making its folder if need be."""
    try:
        with open(path, "wb") as file:
            file.write(data)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as file:
            file.write(data)


def make_folders(folders: list[str]) -> None:
    for folder in folders:
        os.makedirs(folder, exist_ok=True)


class Writes:
    """One build's background writes. Used from the build's main thread only. A worker
    forked from the build (homeroom_site.parallel) has none of its parent's threads or
    queued files: there, the same object starts afresh with threads of its own."""

    def __init__(self, threads: int = THREADS):
        self.threads = threads
        self.stopped = False  # after `abort` or `close`: nothing more is written
        self._start()

    def _start(self) -> None:
        self._pid = os.getpid()
        self._pool: ThreadPoolExecutor | None = None
        self._pending: deque[Future] = deque()  # files being written
        self._folders: deque[Future] = deque()  # folders being made

    def _submit(self, function, *args, holds_data: bool = True) -> None:
        if self._pid != os.getpid():
            self._start()
        if self.stopped:
            raise BuildStopped("this build has ended: nothing more is written")
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="homeroom-write")
        future = self._pool.submit(function, *args)
        (self._pending if holds_data else self._folders).append(future)
        if len(self._pending) > IN_FLIGHT:
            self._pending.popleft().result()

    def write(self, path: Path | str, data: bytes) -> None:
        """Write `data` to `path` (its folder made if need be) on a background thread."""
        self._submit(write_file, str(path), data)

    def write_now(self, path: Path | str, data: bytes) -> None:
        """Write `data` to `path` before returning (for a `content_written` receiver)."""
        if self.stopped:
            raise BuildStopped("this build has ended: nothing more is written")
        write_file(str(path), data)

    def make_folders(self, folders) -> None:
        """Make these folders on the background threads, in this order, ahead of the pages
        that go into them (Pelican's Writer then finds them made)."""
        folders = [str(folder) for folder in folders]
        for start in range(0, len(folders), FOLDERS_A_JOB):  # one future a job, not a folder
            self._submit(make_folders, folders[start : start + FOLDERS_A_JOB], holds_data=False)

    def drain(self) -> None:
        """Wait for every write; raise the first error one of them met (the rest are then
        cancelled: see `abort`)."""
        if self._pid != os.getpid():
            return  # a forked worker that wrote nothing itself
        try:
            for queue in (self._folders, self._pending):
                while queue:
                    queue.popleft().result()
        except BaseException:
            self.abort()
            raise

    def settle(self) -> None:
        """Wait for every write and end the threads: before the build forks workers, which
        must start in a process with one thread. The next write starts them again."""
        self.drain()
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def abort(self) -> None:
        """The build failed: cancel what is not written yet, wait for what is being written,
        and write nothing more."""
        self.stopped = True
        if self._pid != os.getpid():
            return
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._pending.clear()
        self._folders.clear()

    def close(self) -> None:
        """The build ended well: wait for every write (raising the first error), then write
        nothing more."""
        try:
            self.settle()
        finally:
            self.stopped = True
