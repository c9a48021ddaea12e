"""A cold build renders its pages on every core: each forked worker renders a share.

Rendering the pages is half of a cold build, and Python renders on one core at a time. The
workers are forked after planning, so each starts with the school, the templates and the
settings already in memory; they write their files themselves and send back how many they
rendered and what they logged (warnings and errors count for `build` and `publish` as if
logged here). A fork is safe only in a process with one thread: the build's background
writes are waited for and their threads ended first, and where other threads run (the
preview's watcher and server) the pages are rendered here instead.
"""

import logging
from collections.abc import Callable

from homeroom_output import Writes
from homeroom_workers import can_fork, process_pool, shares

PARALLEL_FROM = 200  # pages: below this, starting the workers costs more than it saves

_job: tuple[Callable, list, Writes | None] | None = None  # what the forked workers render


class _Collect(logging.Handler):
    """A worker's log records, kept to be logged again in the parent."""

    def __init__(self):
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            message = f"{message} ({record.exc_info[1]})"
        record.msg, record.args, record.exc_info, record.exc_text = message, None, None, None
        self.records.append(record)  # now plain: it pickles


def _render_share(share: range) -> tuple[int, list[logging.LogRecord]]:
    render, pages, writes = _job
    root = logging.getLogger()
    collect = _Collect()
    saved = root.handlers[:]
    root.handlers = [collect]  # the parent's handlers are copies here: they would count nothing
    try:
        for index in share:
            render(pages[index])
        if writes is not None:
            writes.drain()
    except BaseException:
        if writes is not None:
            writes.abort()
        raise
    finally:
        root.handlers = saved
    return len(share), collect.records


def render_all(
    pages: list,
    render: Callable,
    workers: int,
    step: Callable = lambda: None,
    kind: Callable = lambda page: None,
    least: int | None = None,
    writes: Writes | None = None,
) -> None:
    """render(page) for every page, on `workers` processes when there are `least` or more;
    step() after each page, for the progress line. The first page of each kind is rendered
    here first, so that the workers inherit what it made (compiled templates, QR codes).
    `least` is PARALLEL_FROM unless given; `writes`, the build's background writes, are
    settled before the fork."""
    global _job
    if workers <= 1 or len(pages) < (PARALLEL_FROM if least is None else least):
        return _render_here(pages, render, step)
    first = set({kind(page): index for index, page in reversed(list(enumerate(pages)))}.values())
    for index in sorted(first):
        render(pages[index])
        step()
    rest = [page for index, page in enumerate(pages) if index not in first]
    if writes is not None:
        writes.settle()  # its threads end: only this one is left to fork
    if not can_fork():  # another thread runs (or no fork here): the workers could deadlock
        return _render_here(rest, render, step)
    _job = (render, rest, writes)
    try:
        with process_pool(workers) as pool:
            try:
                for done, records in pool.map(_render_share, shares(len(rest), workers, 8, 16)):
                    for record in records:
                        logging.getLogger(record.name).handle(record)
                    for _ in range(done):
                        step()
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)  # no share starts after this
                raise
    finally:
        _job = None


def _render_here(pages: list, render: Callable, step: Callable) -> None:
    for page in pages:
        render(page)
        step()
