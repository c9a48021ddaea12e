"""Pagefind run once per language, in parallel, and the bundles merged into one.

Pagefind indexes each language on its own (its index, filter, fragment and meta files are
named `<lang>_…`; `wasm.<lang>.pagefind` is that language's): a bundle made from one
language's pages holds that language's files of the bundle made from all of them, once both
are in their fixed order (canonical.py). The rest (pagefind.js, its worker, the fallback
WebAssembly) is the same in every bundle. So languages can be indexed side by side, on
every core, and merged: the same bytes as one run.

One rule of Pagefind's is site-wide: once any page is marked `data-pagefind-body`, pages
without the mark are left out. A language with no marked page would be indexed whole on its
own, and not at all beside the others: such a site is indexed in one run (`can_split`).
"""

import json
import os
from pathlib import Path

from homeroom_school.folders import files_under

MARK = b"data-pagefind-body"
ENTRY = "pagefind-entry.json"


class MergeError(ValueError):
    """Two bundles disagree about a file they should share: Pagefind's layout changed."""


def has_marked_page(folder: Path) -> bool:
    """Whether any index.html under `folder` is marked for the index (usually found at once:
    most pages are)."""
    for place, _, names in os.walk(folder):
        if "index.html" in names:
            with open(os.path.join(place, "index.html"), "rb") as page:
                if MARK in page.read():
                    return True
    return False


def can_split(output: Path, languages: list[str]) -> bool:
    """Whether indexing each language on its own gives the same index as one run."""
    return len(languages) > 1 and all(has_marked_page(output / lang) for lang in languages)


def merge_into(bundle: Path, other: Path) -> None:
    """Move `other`'s files into `bundle`: a language's own files, and its entry in
    pagefind-entry.json; a file both have must be the same."""
    entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
    more = json.loads((other / ENTRY).read_text(encoding="utf-8"))
    if {**entry, "languages": None} != {**more, "languages": None}:
        raise MergeError("the bundles' pagefind-entry.json differ beyond their languages")
    if entry["languages"].keys() & more["languages"].keys():
        raise MergeError("two bundles index the same language")
    entry["languages"].update(more["languages"])
    for path in sorted(path for path, _ in files_under(other)):
        if path == ENTRY:
            continue
        source, target = os.path.join(other, path), os.path.join(bundle, path)
        if not os.path.exists(target):
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.rename(source, target)
        elif Path(target).read_bytes() != Path(source).read_bytes():
            raise MergeError(f"{os.path.basename(path)} differs between two languages' bundles")
    (bundle / ENTRY).write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
