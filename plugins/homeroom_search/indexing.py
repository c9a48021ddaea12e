"""The search index of every language, made by Pagefind's own binary (pagefind-bin-extended:
its Chinese and Japanese segmentation) from the pages the theme marks `data-pagefind-body`."""

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from homeroom_school import urls

from .canonical import canonical_bundle
from .merging import can_split, has_marked_page, merge_into


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


def folder_glob(languages: list[str]) -> str:
    """Every page of the language folders: never a portfolio, an email edition or the root
    page. Read only on a site where no page is marked, where Pagefind indexes whole bodies."""
    return "{" + ",".join(sorted(languages)) + "}/**/index.html"


def page_glob(languages: list[str]) -> str:
    """The pages of the language folders that the theme may mark data-pagefind-body
    (search_marks.html: posts, events, newsletters, school pages). Pagefind parses every file
    its glob matches, marked or not, at about a millisecond each; the class homes, archives
    and search pages it would read for nothing are a tenth of a site's pages."""
    pages = []
    for lang in sorted(languages):
        pages += [
            urls.news_post(lang, "*", "*"),
            urls.event_page(lang, "*", "*"),
            urls.newsletter(lang, "*", "*"),
            urls.school_page(lang, "*"),
        ]
    return "{" + ",".join(urls.save_as(page) for page in pages) + "}"


# What Pagefind writes that no page loads (about 400 KB a site would publish for nothing):
# its ready-made search interfaces and the highlighter of a result's page. pagefind.js loads
# pagefind-worker.js, the entry, the WebAssembly, the index, filters and fragments.
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


def pagefind_command(output: Path, glob: str, bundle: Path) -> list[str]:
    """Pagefind on the pages of `output` that `glob` matches, its bundle written into
    `bundle`."""
    return [
        str(pagefind_binary()),
        "--site",
        str(output),
        "--output-path",
        str(bundle),
        "--glob",
        glob,
        "--silent",
    ]


def pagefind_env() -> dict:
    """The environment without PAGEFIND_* variables (only the command line configures it) and
    without HOMEROOM_* ones: the site secret, the families' keys and addresses are none of its
    business."""
    return {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PAGEFIND_", "HOMEROOM_"))
    }


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


@dataclass
class PagefindRun:
    """One Pagefind process, the folder it writes its bundle into, and its console (a
    temporary file: a pipe nobody reads could fill and block it)."""

    bundle: Path
    console: IO[bytes] = field(default_factory=tempfile.TemporaryFile)
    process: subprocess.Popen | None = None


class BackgroundIndex:
    """Pagefind indexing `output`'s pages in processes of its own, while the build goes on:
    one per language when that gives the same index (merging.py: they run side by side, on
    every core), else one for all.

    The bundles are written into folders beside `output`; merged, in their fixed order and
    whole, they become `<output>/pagefind/` (`wait`): a failure, or a build stopped before
    `wait`, leaves no half-written index (leaving the block ends Pagefind and removes its
    folders). No thread waits for Pagefind: the build may still fork its workers."""

    def __init__(self, output: Path, languages: list[str]):
        self.output = output
        self.languages = languages
        self.runs: list[PagefindRun] = []

    def __enter__(self) -> "BackgroundIndex":
        shutil.rmtree(self.output / urls.search_bundle(), ignore_errors=True)
        if not self.languages:
            return self
        split = can_split(self.output, self.languages)
        marked = split or any(has_marked_page(self.output / lang) for lang in self.languages)
        glob = page_glob if marked else folder_glob
        try:
            for group in [[lang] for lang in self.languages] if split else [self.languages]:
                self.start(glob(group))
        except BaseException:
            self.__exit__()
            raise
        return self

    def start(self, glob: str) -> None:
        """One Pagefind process on the pages `glob` matches, into a new folder."""
        bundle = Path(
            tempfile.mkdtemp(prefix=f".{self.output.name}-pagefind-", dir=self.output.parent)
        )
        run = PagefindRun(bundle)
        self.runs.append(run)  # its folder removed by __exit__ if Pagefind never starts
        command = pagefind_command(self.output, glob, bundle)
        run.process = subprocess.Popen(
            command, stdout=run.console, stderr=subprocess.STDOUT, env=pagefind_env()
        )

    def wait(self) -> None:
        """Wait for Pagefind; put its bundle in order and in place, or raise a SearchError."""
        if not self.runs:
            return
        for run in self.runs:
            try:
                code = run.process.wait(timeout=600)
            except subprocess.TimeoutExpired:
                raise failed(-1, "no index after 600 s") from None
            if code != 0:
                run.console.seek(0)
                raise failed(code, run.console.read().decode("utf-8", "replace"))
        bundle = self.runs[0].bundle
        try:
            for run in self.runs[1:]:
                merge_into(bundle, run.bundle)
        except (OSError, ValueError, KeyError) as error:
            raise SearchError(
                f"the languages' search indexes could not be merged: {error}"
            ) from None
        finish_bundle(bundle)
        published = self.output / urls.search_bundle()
        shutil.rmtree(published, ignore_errors=True)
        bundle.rename(published)

    def __exit__(self, *exc) -> None:
        for run in self.runs:
            if run.process is not None and run.process.poll() is None:
                run.process.kill()
                run.process.wait()
            run.console.close()
            shutil.rmtree(run.bundle, ignore_errors=True)  # gone already once moved in place
