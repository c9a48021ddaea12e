"""QR codes as inline SVG (segno), each made once per process, and on every core when a cold
build needs many at once.

Choosing a code's mask is most of what making it costs (about 5 ms, in Python): a class's
page and calendar are on every one of its newsletters, in each of its languages, and on the
web edition, the email edition and the feed entry alike. A cold build makes them all before
its workers fork (`make_all`), so that every page, feed and email finds them made.
"""

from collections.abc import Iterable
from html import escape

import segno
from markupsafe import Markup

from homeroom_workers import can_fork, process_pool

PARALLEL_FROM = 16  # codes: below this, starting workers costs more than it saves


class QrCodes:
    """The SVG of every address made into a QR code in this process (a school has a few
    hundred: its classes' pages and calendars in each language)."""

    def __init__(self):
        self.made: dict[str, str] = {}

    def svg(self, url: str) -> str:
        svg = self.made.get(url)
        if svg is None:
            svg = self.made[url] = encode(url)
        return svg

    def make_all(self, addresses: Iterable[str], workers: int) -> None:
        """Make the codes of these addresses not made yet, on `workers` processes when there
        are many and forking is safe (else here)."""
        todo = sorted(set(addresses) - self.made.keys())
        if workers > 1 and len(todo) >= PARALLEL_FROM and can_fork():
            chunk = max(1, len(todo) // (workers * 4))
            with process_pool(workers) as pool:
                made = list(pool.map(encode, todo, chunksize=chunk))
        else:
            made = [encode(url) for url in todo]
        self.made.update(zip(todo, made, strict=True))


def encode(url: str) -> str:
    """One address's QR code as an inline SVG element."""
    return segno.make(url, error="m").svg_inline(scale=3, dark="#1d2330", omitsize=False)


CODES = QrCodes()  # this process's: the preview's rebuilds find them made too


def qr(url: str, label: str = "") -> Markup:
    """A QR code of a URL as inline SVG, announced to screen readers by `label`."""
    described = escape(label or url)
    return Markup(CODES.svg(url).replace("<svg ", f'<svg role="img" aria-label="{described}" ', 1))
