"""homeroom_school: reads content/ once into the school model every other plugin uses.

Signals: `get_generators` adds SchoolGenerator, whose generate_context (the first phase of
Pelican's run, before any output) builds the School and reports every content problem.
What a build writes is homeroom_output's.
"""

import logging

from pelican import signals
from pelican.generators import Generator

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
    "register",
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


class SchoolGenerator(Generator):
    """Reads the school in Pelican's first phase, so problems show before any output."""

    def generate_context(self) -> None:
        school = school_of(self.context)  # a wrong setting: config_of stops the build
        logger.info(
            "homeroom: %d classes, %d languages, %d posts, %d pages, %d files scheduled",
            len(school.classes),
            len(school.languages),
            sum(len(posts) for posts in school.news.values()),
            len(school.pages),
            len(school.scheduled),
        )


def get_generators(pelican):
    return SchoolGenerator


def register():
    # get_generators: the school must be read inside Pelican's run (with its settings),
    # before the other Homeroom generators write anything.
    signals.get_generators.connect(get_generators)
