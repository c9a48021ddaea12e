"""homeroom_school: reads content/ once into the school model every other plugin uses.

A library without Pelican (`invoke` tasks and `homeroom_mail` read a class.yml with it):
homeroom_output's SchoolGenerator calls `announce_school` in the first phase of Pelican's
run, before any output, so the School is built and every content problem reported first.
What a build writes is homeroom_output's.
"""

import logging

from homeroom_school import slots
from homeroom_school.model import School
from homeroom_school.reading.loading import load_school
from homeroom_school.settings import Config, SettingsError, load_config

logger = logging.getLogger(__name__)

__all__ = [
    "Config",
    "School",
    "announce_school",
    "config_of",
    "school_of",
]


def config_of(context: dict) -> Config:
    """The validated Homeroom settings of this build (validated once, kept in the context); a
    wrong setting stops the build with one line, whichever plugin asks first."""
    if not slots.CONFIG.filled(context):
        try:
            slots.CONFIG.put(context, load_config(context))
        except SettingsError as error:
            logger.error("settings: %s", error)
            raise SystemExit(1) from None
    return slots.CONFIG.of(context)


def school_of(context: dict) -> School:
    """The school of this build: read on first use, then shared by every generator."""
    if not slots.SCHOOL.filled(context):
        config = config_of(context)
        school = load_school(config)
        for problem in school.problems:
            say = logger.warning if problem.warning else logger.error
            say("%s", problem.shown(config.content_path))
        slots.SCHOOL.put(context, school)
        config.reading.remember_school(school)  # the preview's translations page reads it
    return slots.SCHOOL.of(context)


def announce_school(context: dict) -> School:
    """Read the school now (a wrong setting stops here, through `config_of`) and say what it
    holds: its problems are logged by `school_of` before any file is written."""
    school = school_of(context)
    logger.info(
        "homeroom: %d classes, %d languages, %d posts, %d pages, %d files scheduled",
        len(school.classes),
        len(school.languages),
        sum(len(posts) for posts in school.news.values()),
        len(school.pages),
        len(school.scheduled),
    )
    return school
