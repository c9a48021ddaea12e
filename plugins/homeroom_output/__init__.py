"""homeroom_output: every file a build writes, and the preview's memory between rebuilds.

A build has one `Build`: its background writes (writes.py), its `Outputs` (outputs.py: keys,
stale files) and, in the preview, the `PreviewMemo` (memo.py). Whoever runs the build owns
it (`one_build`, a try/finally: after a failure nothing more is written); a plain `pelican`
run gets one from this plugin. Worker processes come from `homeroom_workers.process_pool`.

The pages' generator calls `pages_written` once every HTML page is on disk: the build's
owner may start work on them (`invoke build` and `publish` start the search index then, while
the feeds, calendars, email editions, portfolios and sitemap are still being made).

Signals: `initialized` (a Build for a plain `pelican` run; the memo starts noting what this
build uses), `get_generators` (SchoolGenerator, which reads the school first: generator.py,
whose HomeroomGenerator is every Homeroom generator's base), `get_writer`
(`BackgroundWriter`), `finalized` (every write waited for, stale files deleted, the memo
pruned).
"""

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pelican import signals

from homeroom_school import school_of, slots

from .digests import Digests, canonical, shared_inputs
from .memo import NoPreviewMemo, PreviewMemo, UsedDict
from .outputs import Outputs, RememberingOutputs
from .writer import BackgroundWriter, announced
from .writes import BuildStopped, Writes

logger = logging.getLogger(__name__)

MEMO_KEY = "HOMEROOM_MEMO"  # the preview's PreviewMemo (a setting only the preview gives)

__all__ = [
    "MEMO_KEY",
    "Build",
    "BuildStopped",
    "Digests",
    "Outputs",
    "PreviewMemo",
    "RememberingOutputs",
    "UsedDict",
    "Writes",
    "canonical",
    "one_build",
    "outputs_of",
    "pages_written",
    "register",
]


@dataclass(eq=False)
class Build:
    """One Pelican run's output: its writes, and its Outputs once the first file is made."""

    writes: Writes
    outputs: Outputs | None = None
    owner: str = "caller"  # "plugin": a plain `pelican` run, ended on `finalized`
    # Called with the output folder once every HTML page is written (see `pages_written`)
    on_pages: Callable[[Path], None] | None = None


def install(settings: dict, owner: str = "caller") -> Build:
    """A new Build in these settings (before Pelican is made from them)."""
    return slots.BUILD.put(settings, Build(Writes(), owner=owner))


@contextlib.contextmanager
def one_build(settings: dict, on_pages: Callable[[Path], None] | None = None):
    """Run one build with `settings` inside this block: it is given its own writes, and
    they end with the block. If the block raises, the writes not yet made are cancelled,
    the ones under way finish, and nothing is written after; the preview's memo forgets
    the output keys (the next build starts from a clean staging folder). `on_pages(output)`
    is called once the HTML pages are on disk, while the rest of the build goes on."""
    build = install(settings)
    build.on_pages = on_pages
    try:
        yield build
    except BaseException:
        build.writes.abort()
        memo_of(settings).build_failed()
        raise
    else:
        build.writes.close()
    finally:
        slots.BUILD.clear(settings)  # the build is over: nothing may write through it


def memo_of(settings: dict) -> PreviewMemo | NoPreviewMemo:
    """The preview's memory (HOMEROOM_MEMO), or a full build's, which remembers nothing."""
    return settings.get(MEMO_KEY) or NoPreviewMemo()


def outputs_of(context: dict) -> Outputs:
    """The files of this build (see outputs.py): made on first use, in generate_output, once
    every generator has planned its part and the photos are made."""
    build: Build = slots.BUILD.of(context)
    if build.outputs is None:
        school = school_of(context)
        output = Path(context["OUTPUT_PATH"])

        def announce(path: str, made_from: dict) -> None:
            signals.content_written.send(path, context=made_from)

        memo = memo_of(context)
        # The one place that tells a full build from the preview's: a full build's Outputs
        # makes every file and keys none (outputs.py)
        if not isinstance(memo, PreviewMemo):
            build.outputs = Outputs(output, build.writes, announce, now=announced())
        else:
            build.outputs = RememberingOutputs(
                output,
                memo.output,
                school,
                shared_inputs(context, school),
                memo.reading.load.links_kept,
                build.writes,
                announce,
                now=announced(),
            )
    return build.outputs


def pages_written(context: dict) -> None:
    """Every HTML page of the build is made: wait until they are on disk, then tell the
    build's owner (`one_build(settings, on_pages=...)`), once, with the output folder."""
    build: Build = slots.BUILD.of(context)
    if build.on_pages is None:
        return
    build.writes.drain()
    on_pages, build.on_pages = build.on_pages, None
    on_pages(Path(context["OUTPUT_PATH"]))


def start_build(pelican) -> None:
    """A plain `pelican` run has no Build of its own yet: it gets one here. The preview's
    memo starts noting what this build uses."""
    build = slots.BUILD.get(pelican.settings)
    if build is None or build.writes.stopped:
        install(pelican.settings, owner="plugin")
    memo_of(pelican.settings).begin_build()


def finish_build(pelican) -> None:
    """After the last generator: wait for the files still being written, then delete what the
    preview's previous build made and this one did not, and prune the memo."""
    build: Build = slots.BUILD.of(pelican.settings)
    build.writes.drain()
    if build.outputs is not None:
        build.outputs.finish()
        memo_of(pelican.settings).end_build()  # drop what this build did not use
    if build.owner == "plugin":  # a plain `pelican` run, maybe the next of --autoreload
        build.writes.settle()
        build.outputs = None


def get_generators(pelican):
    from .generator import SchoolGenerator  # it builds on this package's outputs_of

    return SchoolGenerator


def get_writer(pelican):
    return BackgroundWriter


def register():
    # initialized: before any generator runs, so every write of the run has a Build.
    signals.initialized.connect(start_build)
    # get_generators: the school is read by the first Homeroom generator (this plugin comes
    # before every other that adds one), so its problems show before any output.
    signals.get_generators.connect(get_generators)
    # get_writer: pages are written on background threads while the next ones render.
    signals.get_writer.connect(get_writer)
    # finalized: every generator has written; wait for the writes, remove stale files.
    signals.finalized.connect(finish_build)
