"""The search index of every language, made by Pagefind's own binary (pagefind-bin-extended:
its Chinese and Japanese segmentation) from the pages the theme marks `data-pagefind-body`."""

import os
import shutil
import subprocess
from pathlib import Path

from homeroom_school import urls

from .canonical import canonical_bundle


class SearchError(RuntimeError):
    """The index could not be made: one line saying why and what to do."""


def pagefind_binary() -> Path:
    """Pagefind's binary from the pinned wheels (never a download), or a SearchError."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        get_executable = None
    binary = get_executable() if get_executable else None
    if binary is None or not Path(binary).is_file():
        raise SearchError(
            "Pagefind is not installed, so the site cannot be searched: run "
            "`pip install -r requirements.txt` (it pins pagefind and pagefind-bin-extended), "
            "or turn search off with HOMEROOM_SEARCH = False in pelicanconf.py"
        )
    return Path(binary)


def index_glob(languages: list[str]) -> str:
    """Only the pages of the language folders: never a portfolio, an email edition or the
    root page (and inside those folders, only what the theme marks data-pagefind-body)."""
    return "{" + ",".join(sorted(languages)) + "}/**/index.html"


# What Pagefind writes that no page loads (about 400 KB a site would publish for nothing):
# its ready-made search interfaces and the highlighter of a result's page. pagefind.js loads
# pagefind-worker.js, the entry, the WebAssembly, the index, filters and fragments.
UNUSED = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
)  # fmt: skip


def build_index(output: Path, languages: list[str]) -> None:
    """Write `<output>/pagefind/`: one index per language (Pagefind reads each page's
    <html lang>), byte for byte the same for the same pages."""
    bundle = output / urls.search_bundle()
    shutil.rmtree(bundle, ignore_errors=True)
    if not languages:
        return
    command = [
        str(pagefind_binary()),
        "--site", str(output),
        "--output-subdir", urls.search_bundle().rstrip("/"),
        "--glob", index_glob(languages),
        "--silent",
    ]  # fmt: skip
    env = {key: value for key, value in os.environ.items() if not key.startswith("PAGEFIND_")}
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        raise SearchError(
            "the search index could not be made (Pagefind: "
            f"{said[-1] if said else f'exit {done.returncode}'}); fix that, or turn search off "
            "with HOMEROOM_SEARCH = False in pelicanconf.py"
        )
    try:
        canonical_bundle(bundle)
    except (OSError, ValueError, KeyError, StopIteration) as error:
        raise SearchError(f"the search index could not be put in a fixed order: {error}") from None
    for name in UNUSED:  # Pagefind's ready-made interfaces: the theme's search.js is ours
        (bundle / name).unlink(missing_ok=True)
