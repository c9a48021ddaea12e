"""The base of every Homeroom generator: the build's shared objects as typed properties.

Each generator used to begin by fetching the school, the settings, the newsletters, the
outputs, the photos and the pages from Pelican's context; here each is one property, read
through its owner's accessor (see homeroom_school.slots), so no generator names a context
key. Each is made on first use (the outputs only once generate_output asks for them).
"""

import logging

from pelican.generators import Generator

from homeroom_school import Config, School, announce_school, config_of, school_of, slots
from homeroom_school.features.newsletters import Newsletters, newsletters_of

from . import outputs_of
from .outputs import Outputs
from .pages import PlannedPage, pages_of

logger = logging.getLogger(__name__)


class HomeroomGenerator(Generator):
    """A Pelican generator that reads this build's Homeroom objects by name."""

    @property
    def config(self) -> Config:
        """The validated Homeroom settings (a wrong one has stopped the build already)."""
        return config_of(self.context)

    @property
    def school(self) -> School:
        return school_of(self.context)

    @property
    def newsletters(self) -> Newsletters:
        return newsletters_of(self.context)

    @property
    def outputs(self) -> Outputs:
        return outputs_of(self.context)

    @property
    def photos(self):
        """homeroom_photos' PhotoLibrary, or None where no photo was made (that plugin runs
        later in the chain than this base, so its type is not named here)."""
        return slots.PHOTOS.get(self.context)

    @property
    def pages(self) -> list[PlannedPage]:
        """Every HTML page homeroom_site planned (for the sitemap); none before it plans."""
        return pages_of(self.context)


class SchoolGenerator(HomeroomGenerator):
    """Reads the school in Pelican's first phase, so problems show before any output."""

    def generate_context(self) -> None:
        announce_school(self.context)
