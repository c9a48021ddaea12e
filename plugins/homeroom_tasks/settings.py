"""A task's Pelican settings and Homeroom Config, or one line that stops the task."""

import os
from pathlib import Path

from invoke import Exit

from homeroom_school.settings import Config, SettingsError, load_config, published_address
from homeroom_school.starting.first_steps import missing_content

from .paths import PUBLISH_SETTINGS_NAME


def pelican_settings(conf: Path, content: str, output: str, **extra) -> dict:
    """Pelican's settings from the settings file `conf` for this content and output folder
    (and `extra`), or a stop that says which command makes a missing content folder. For
    publishconf.py, SITEURL from the environment wins."""
    from pelican.settings import read_settings

    missing = missing_content(Path(content))
    if missing:  # else Pelican's "You need to specify a path containing the content" traceback
        raise Exit(missing, code=1)
    override = {"PATH": str(Path(content).resolve()), "OUTPUT_PATH": str(Path(output).resolve())}
    if Path(conf).name == PUBLISH_SETTINGS_NAME and os.environ.get("SITEURL"):
        override["SITEURL"] = os.environ["SITEURL"].rstrip("/")
    override.update(extra)
    return read_settings(str(conf), override=override)


def require_siteurl(siteurl: str) -> str:
    """The site's absolute address, or a stop that says where it comes from."""
    try:
        return published_address(siteurl)
    except SettingsError as error:
        raise Exit(str(error), code=1) from None


def task_config(settings: dict) -> Config:
    """The school's Config from Pelican's settings, or a stop naming the setting that is wrong
    (every task reads its settings through here: one line, never a traceback)."""
    try:
        return load_config(settings)
    except SettingsError as error:
        raise Exit(f"settings: {error}", code=1) from None
