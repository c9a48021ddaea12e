"""Pelican's Writer, with each page handed to the build's background writes (writes.py)."""

import io
import os

from pelican import signals, writers
from pelican.writers import Writer

from homeroom_school import slots

from .writes import Writes


def announced() -> bool:
    """Whether anyone listens to `content_written`: then each file is on disk before the
    signal says so, as with Pelican's own Writer (written at once, not in the background)."""
    return bool(signals.content_written.receivers)


class _PendingText(io.StringIO):
    """What Pelican's Writer writes a page into: handed to the build's writes on close."""

    def __init__(self, path: str, encoding: str, writes: Writes, now: bool):
        super().__init__()
        self.path, self.charset, self.writes, self.now = path, encoding, writes, now

    def close(self) -> None:
        if not self.closed:
            data = self.getvalue().encode(self.charset)
            (self.writes.write_now if self.now else self.writes.write)(self.path, data)
        super().close()


class _FoldersOnDemand:
    """`os` as Pelican's Writer sees it while a BackgroundWriter writes a page: the same module
    but for `makedirs`, which does nothing. Pelican makes the folder of every page before
    opening it (three system calls, a tenth of rendering a page on the machine the benchmark
    runs on); the build's writes make a folder only when a file cannot be opened without it
    (writes.write_file), and a cold build has made them all before the pages render."""

    def __getattr__(self, name: str):
        return getattr(os, name)

    @staticmethod
    def makedirs(*args, **kwargs) -> None:
        return None


FOLDERS_ON_DEMAND = _FoldersOnDemand()


class BackgroundWriter(Writer):
    """Pelican's Writer (templates, relative URLs, content_written), with each file written
    by this build's `Writes`. Homeroom never writes a file twice in one build."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings)
        self.writes: Writes = slots.BUILD.of(self.settings).writes

    def write_file(self, *args, **kwargs):
        """Pelican's write_file (templates, relative URLs, pagination, content_written), with
        the folder left to the writes (_FoldersOnDemand) for the time of the call."""
        pelicans = writers.os
        writers.os = FOLDERS_ON_DEMAND
        try:
            return super().write_file(*args, **kwargs)
        finally:
            writers.os = pelicans

    def _open_w(self, filename, encoding, override=False):
        if filename in self._written_files:
            raise RuntimeError(f"{filename} would be written twice in one build")
        self._written_files.add(filename)
        return _PendingText(filename, encoding, self.writes, announced())
