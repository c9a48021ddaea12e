"""homeroom_school: reads content/ once into the school model every other plugin uses.

Pelican-free: the tasks and `invoke send` read a `class.yml` without importing Pelican.
`config_of` and `school_of` take a build's context (a plain dict); `plugin.py` is the Pelican
plugin that reads the school in the build's first phase. What a build writes is
homeroom_output's.
"""

import logging

from .loading import load_school
from .model import School
from .settings import Config, SettingsError, load_config

logger = logging.getLogger(__name__)

CONTEXT_KEY = "HOMEROOM_SCHOOL"

__all__ = [
    "CONTEXT_KEY",
    "Config",
    "School",
    "config_of",
    "school_of",
]


def config_of(context: dict) -> Config:
    """The validated Homeroom settings of this build (validated once, kept in the context); a
    wrong setting stops the build with one line, whichever plugin asks first."""
    if "HOMEROOM_CONFIG" not in context:
        try:
            context["HOMEROOM_CONFIG"] = load_config(context)
        except SettingsError as error:
            logger.error("settings: %s", error)
            raise SystemExit(1) from None
    return context["HOMEROOM_CONFIG"]


def school_of(context: dict) -> School:
    """The school of this build: read on first use, then shared by every generator."""
    if CONTEXT_KEY not in context:
        config = config_of(context)
        school = load_school(config)
        for problem in school.problems:
            say = logger.warning if problem.warning else logger.error
            say("%s", problem.shown(config.content_path))
        context[CONTEXT_KEY] = school
        if config.memo is not None:
            config.memo.school = school  # the preview's translations page reads it
    return context[CONTEXT_KEY]
