"""homeroom_school's Pelican plugin (`PLUGINS`: "homeroom_school.plugin").

Signals: `get_generators` adds SchoolGenerator, whose generate_context (the first phase of
Pelican's run, before any output) builds the School and reports every content problem.
"""

import logging

from pelican import signals
from pelican.generators import Generator

from . import school_of

logger = logging.getLogger(__name__)


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
    # get_generators: the school must be read inside Pelican's run (with its settings), in
    # generate_context, before any Homeroom generator writes (whichever reads it first).
    signals.get_generators.connect(get_generators)
