"""The search index of every language, made by Pagefind's own binary (pagefind-bin-extended:
its Chinese and Japanese segmentation) from the pages the theme marks `data-pagefind-body`."""

import os
import shutil
import subprocess
import tempfile
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


def pagefind_command(output: Path, languages: list[str], bundle: Path) -> list[str]:
    """Pagefind on the pages of `output`, its bundle written into `bundle`."""
    return [
        str(pagefind_binary()),
        "--site", str(output),
        "--output-path", str(bundle),
        "--glob", index_glob(languages),
        "--silent",
    ]  # fmt: skip


def pagefind_env() -> dict:
    """The environment without PAGEFIND_* variables: only the command line configures it."""
    return {key: value for key, value in os.environ.items() if not key.startswith("PAGEFIND_")}


def failed(code: int, said: str) -> SearchError:
    lines = said.strip().splitlines()
    return SearchError(
        "the search index could not be made (Pagefind: "
        f"{lines[-1] if lines else f'exit {code}'}); fix that, or turn search off "
        "with HOMEROOM_SEARCH = False in pelicanconf.py"
    )


def finish_bundle(bundle: Path) -> None:
    """Pagefind's fresh bundle put in a fixed order, without what no page loads."""
    try:
        canonical_bundle(bundle)
    except (OSError, ValueError, KeyError, StopIteration) as error:
        raise SearchError(f"the search index could not be put in a fixed order: {error}") from None
    for name in UNUSED:  # Pagefind's ready-made interfaces: the theme's search.js is ours
        (bundle / name).unlink(missing_ok=True)


def build_index(output: Path, languages: list[str]) -> None:
    """Write `<output>/pagefind/`: one index per language (Pagefind reads each page's
    <html lang>), byte for byte the same for the same pages."""
    with BackgroundIndex(output, languages) as index:
        index.wait()


class BackgroundIndex:
    """Pagefind indexing `output`'s pages in its own process, while the build goes on.

    The bundle is written into a folder beside `output` and moved to `<output>/pagefind/`
    only when it is whole and in its fixed order (`wait`): a failure, or a build stopped
    before `wait`, leaves no half-written index (leaving the block ends Pagefind and removes
    its folder). No thread waits for it: the build may still fork its workers."""

    def __init__(self, output: Path, languages: list[str]):
        self.output = output
        self.languages = languages
        self.process: subprocess.Popen | None = None
        self.staging: Path | None = None
        self.said = None  # Pagefind's console, a temporary file (a pipe could fill and block)

    def __enter__(self) -> "BackgroundIndex":
        shutil.rmtree(self.output / urls.search_bundle(), ignore_errors=True)
        if self.languages:
            self.staging = Path(
                tempfile.mkdtemp(prefix=f".{self.output.name}-pagefind-", dir=self.output.parent)
            )
            command = pagefind_command(self.output, self.languages, self.staging)
            self.said = tempfile.TemporaryFile()
            self.process = subprocess.Popen(
                command, stdout=self.said, stderr=subprocess.STDOUT, env=pagefind_env()
            )
        return self

    def wait(self) -> None:
        """Wait for Pagefind; put its bundle in order and in place, or raise a SearchError."""
        if self.process is None:
            return
        try:
            code = self.process.wait(timeout=600)
        except subprocess.TimeoutExpired:
            raise failed(-1, "no index after 600 s") from None
        if code != 0:
            self.said.seek(0)
            raise failed(code, self.said.read().decode("utf-8", "replace"))
        finish_bundle(self.staging)
        bundle = self.output / urls.search_bundle()
        shutil.rmtree(bundle, ignore_errors=True)
        self.staging.rename(bundle)
        self.staging = None

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if self.said is not None:
            self.said.close()
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
