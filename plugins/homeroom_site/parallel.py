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

PARALLEL_FROM = 200  # pages: below this, starting the workers costs more than it saves

_job: tuple[Callable, list] | None = None  # what the forked workers render


def _render_share(bounds: tuple[int, int]) -> int:
    render, pages = _job
    start, stop = bounds
    for page in pages[start:stop]:
        render(page)
    writing.wait()
    return stop - start


def render_all(pages: list, render: Callable, workers: int, step: Callable) -> None:
    """render(page) for every page, on `workers` processes when there are many; step() after
    each page (or each share), for the progress line."""
    global _job
    if workers <= 1 or len(pages) < PARALLEL_FROM:
        for page in pages:
            render(page)
            step()
        return
    writing.wait()  # nothing in flight while forking
    size = max(16, len(pages) // (workers * 8))
    shares = [(start, min(start + size, len(pages))) for start in range(0, len(pages), size)]
    _job = (render, pages)
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
            for done in pool.map(_render_share, shares):
                for _ in range(done):
                    step()
    finally:
        _job = None
