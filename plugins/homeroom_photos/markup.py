"""HTML for a published photo: <picture> with WebP and a JPEG/PNG fallback, or a plain <img>."""

import re
from html import escape

from .pipeline import Processed

# The content column is at most 46rem wide, less 2rem of padding on a phone.
SIZES = "(min-width: 48rem) 44rem, calc(100vw - 2rem)"
LAZY = ' loading="lazy" decoding="async">'
FIRST_IMG = re.compile(r"<img\b[^>]*>")


def srcset(prefix: str, names: dict[str, str], processed: Processed, format: str) -> str:
    return ", ".join(f"{prefix}{names[v.name]} {v.width}w" for v in processed.of(format))


def picture(prefix: str, names: dict[str, str], processed: Processed, alt: str, lazy: bool) -> str:
    """A responsive photo: the browser picks the width it needs, WebP where it can.

    A photo too tall for WebP at every width (a long screenshot) has no WebP source at all."""
    fallback = processed.of(processed.fallback)
    default = min(fallback, key=lambda v: abs(v.width - 960))
    loading = LAZY if lazy else ' decoding="async">'
    source = (
        f'<source type="image/webp" srcset="{srcset(prefix, names, processed, "webp")}"'
        f' sizes="{SIZES}">'
        if processed.of("webp")
        else ""
    )
    return (
        f'<picture>{source}<img src="{prefix}{names[default.name]}"'
        f' srcset="{srcset(prefix, names, processed, processed.fallback)}" sizes="{SIZES}"'
        f' width="{processed.width}" height="{processed.height}" alt="{escape(alt)}"{loading}'
        "</picture>"
    )


def first_eager(html: str) -> str:
    """A page's main content with its first image loaded at once and before the rest: the
    largest thing on screen when the page opens (a post's cover, else its first photo). Every
    photo is lazy until then; an image that is not one of those photos is left as it is."""
    match = FIRST_IMG.search(html)
    if match is None or not match.group().endswith(LAZY):
        return html
    tag = '<img fetchpriority="high"' + match.group()[4 : -len(LAZY)] + ' decoding="async">'
    return html[: match.start()] + tag + html[match.end() :]


def plain_img(prefix: str, names: dict[str, str], processed: Processed, alt: str) -> str:
    """One mid-size JPEG (or PNG) with its size: for feeds and email, which know no srcset."""
    variant = min(processed.of(processed.fallback), key=lambda v: abs(v.width - 960))
    return (
        f'<img src="{prefix}{names[variant.name]}" width="{variant.width}" '
        f'height="{variant.height}" alt="{escape(alt)}">'
    )


def largest(prefix: str, names: dict[str, str], processed: Processed) -> str:
    """The URL of the largest JPEG/PNG: where a link to the photo itself leads."""
    return prefix + names[processed.of(processed.fallback)[0].name]
