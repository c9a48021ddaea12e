"""A cold build renders its pages on every core: each forked worker renders a share.

Rendering the pages is half of a cold build, and Python renders on one core at a time. The
workers are forked after planning, so each starts with the school, the templates and the
settings already in memory; they write their files themselves and send back only a count.
The preview renders a few pages per rebuild and does not use this.
"""

from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from homeroom_school import writing
from homeroom_school.loading import FORKS

PARALLEL_FROM = 200  # pages: below this, starting the workers costs more than it saves

_job: tuple[Callable, list] | None = None  # what the forked workers render


def _render_share(bounds: tuple[int, int]) -> int:
    render, pages = _job
    start, stop = bounds
    for page in pages[start:stop]:
        render(page)
    writing.wait()
    return stop - start


def render_all(pages: list, render: Callable, workers: int, step: Callable = lambda: None,
               kind: Callable = lambda page: None, least: int = PARALLEL_FROM) -> None:  # fmt: skip
    """render(page) for every page, on `workers` processes when there are `least` or more;
    step() after each page, for the progress line. The first page of each kind is rendered
    here first, so that the workers inherit what it made (compiled templates, QR codes)."""
    global _job
    if workers <= 1 or not FORKS or len(pages) < least:
        for page in pages:
            render(page)
            step()
        return
    first = set({kind(page): index for index, page in reversed(list(enumerate(pages)))}.values())
    for index in sorted(first):
        render(pages[index])
        step()
    rest = [page for index, page in enumerate(pages) if index not in first]
    # Files still being written by this process's threads go on being written: a forked
    # worker starts with none of them (homeroom_school.writing forgets them in the child).
    size = max(16, len(rest) // (workers * 8))
    shares = [(start, min(start + size, len(rest))) for start in range(0, len(rest), size)]
    _job = (render, rest)
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
            for done in pool.map(_render_share, shares):
                for _ in range(done):
                    step()
    finally:
        _job = None
