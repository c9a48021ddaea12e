"""`invoke serve`'s folders and rebuilds: a staging folder kept between rebuilds, and a served
folder that only good builds reach."""

from functools import partial
from pathlib import Path

from invoke import Exit

from homeroom_i18n.counts import task_catalog

from .paths import PREVIEW_FOLDER, PUBLISHED_FOLDER
from .runs import build_problems
from .settings import pelican_settings


def preview_rebuilder(conf: Path, content: str, output: Path, staging: Path, state, memo, **extra):
    """The preview's builds: into a staging folder kept between rebuilds, with a memory of what
    each file was made from (`memo`, a homeroom_output.PreviewMemo); only good builds reach
    `output`, the served folder. `conf`: the settings file (pelicanconf.py)."""
    from homeroom_preview.watch import Rebuilder

    settings = pelican_settings(conf, content, str(staging), **extra)

    def build_into(folder: Path) -> list[str]:
        settings = pelican_settings(
            conf,
            content,
            str(folder),
            HOMEROOM_MEMO=memo,
            DELETE_OUTPUT_DIRECTORY=False,  # the staging folder is kept: only changes are written
            **extra,
        )
        return build_problems(settings)

    say = partial(print, flush=True)  # a line for the person running the preview, right away
    catalog = task_catalog(settings)
    return Rebuilder(
        build_into, output, staging, state, say, memo, settings["THEME_STATIC_DIR"], catalog
    )


def preview_folders(output: str) -> tuple[Path, Path]:
    """The folder the preview serves and its staging folder beside it (`.<name>-staging`),
    or a stop when `output` is the folder `invoke publish` and `invoke send` use."""
    served = Path(output).resolve()
    if served == Path(PUBLISHED_FOLDER).resolve():
        raise Exit(
            f"serve: {PUBLISHED_FOLDER}/ holds the published site that `invoke send` mails "
            f"from; the preview writes into {PREVIEW_FOLDER}/ (or give --output another folder)",
            code=1,
        )
    return served, served.with_name(f".{served.name}-staging")
