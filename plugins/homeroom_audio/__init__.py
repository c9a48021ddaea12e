"""homeroom_audio: the teacher's recordings (a post's `Audio:`), published as podcast episodes.

Signals: `get_generators` adds AudioGenerator. In generate_context it makes every post's
recording into a mono, loudness-normalized AAC M4A (on all cores, each at most once:
cache/homeroom-audio/<hash of bytes and settings>.m4a) and puts an AudioLibrary in the
context, which pages, emails and feeds use for their players, "Listen" links and enclosures;
in generate_output it copies the episodes to media/. A recording a portfolio entry attaches
(`[Ana reads](reading.m4a)`) is made the same way, from the same cache, but is never a file of
the site: the portfolio page inlines the M4A (`AudioLibrary.attached`), under
HOMEROOM_ATTACHMENT_MAX_BYTES. The original file is never published.
"""

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pelican import signals

from homeroom_output.generator import HomeroomGenerator
from homeroom_school import slots
from homeroom_school.media import Maker, attached_media, data_url, make_each_once, size_text
from homeroom_school.model import PhotoUse, School, Version
from homeroom_school.problems import Problem
from homeroom_school.settings import setting
from homeroom_school.urls import recording

from .cache import cached, transcode_into
from .pipeline import MIME, AudioError, AudioSettings, Episode, check_decodes, is_recording

logger = logging.getLogger(__name__)

# said of a file that cannot be read (gone, or no permission)
MISSING = "is not there; check the file name after Audio:"

__all__ = [
    "MIME",
    "AudioLibrary",
    "Episode",
    "Published",
    "attached_recordings",
    "audio_settings",
    "check_recordings",
    "recordings_of",
    "register",
]


def audio_settings(settings: Mapping) -> AudioSettings:
    """The recording limits, each checked by the schema (a wrong one is a SettingsError)."""
    return AudioSettings(
        max_minutes=setting(settings, "HOMEROOM_AUDIO_MAX_MINUTES"),
        max_bytes=setting(settings, "HOMEROOM_AUDIO_MAX_BYTES"),
    )


def recorded_versions(school: School) -> list[Version]:
    """Every post version with an `Audio:`. Drafts and scheduled posts are in the school only
    in the preview (reading leaves them out of other builds): none is published early."""
    return [
        version
        for posts in school.news.values()
        for item in posts
        for version in item.versions.values()
        if version.audio
    ]


def attached_recordings(school: School, content: Path) -> dict[str, PhotoUse]:
    """Each recording a portfolio entry attaches, by its source, as its first use; a clip
    (MP4, WebM or 3GP holding moving pictures, or a MOV) is homeroom_video's."""
    return {
        source: use
        for source, use in attached_media(school, content).items()
        if is_recording(content / source)
    }


def problem(use: Version | PhotoUse, message: str) -> Problem:
    """A problem with a post's recording (`Audio:`) or one an entry attaches, on its line."""
    if isinstance(use, PhotoUse):
        name = PurePosixPath(use.source).name
        return Problem(use.used_in, use.line, f"the recording '{name}' {message}")
    name = PurePosixPath(use.audio).name
    return Problem(use.source, use.audio_line, f"the recording '{name}' {message}")


def check_recordings(school: School, content: Path, settings: AudioSettings) -> list[Problem]:
    """What `invoke check` tells of every recording, posts' and entries', without
    transcoding it: missing, not a recording, damaged, too long or too large
    (pipeline.check_decodes)."""
    uses: list[tuple[Version | PhotoUse, str]] = [
        (version, version.audio) for version in recorded_versions(school)
    ]
    uses += [(use, source) for source, use in attached_recordings(school, content).items()]
    return [
        problem(use, str(error))
        for use, source in uses
        for error in _refusal(content / source, settings)
    ]


def _refusal(path: Path, settings: AudioSettings) -> list[AudioError]:
    try:
        check_decodes(path, settings)
    except AudioError as error:
        return [error]
    return []


@dataclass(frozen=True)
class Published:
    episode: Episode
    cached: Path  # the cache file
    url: str  # where it is published, relative to the site root
    private: bool = False  # an entry's attachment: inside its child's page, never a file


class AudioLibrary:
    """The published recordings of one build, by source path (relative to content/)."""

    def __init__(self, published: dict[str, Published], attachment_max_bytes: int = 0):
        self.published = published
        self.attachment_max_bytes = attachment_max_bytes

    def of(self, version: Version) -> Published | None:
        """The version's published recording; None when it has none or it could not be made
        (the build said why)."""
        return self.published.get(version.audio) if version.audio else None

    def attached(self, source: str) -> str | None:
        """An entry's attached recording as its page inlines it: the M4A as a data: URL
        (encrypted with the page on a family's); None when it could not be made or is over
        HOMEROOM_ATTACHMENT_MAX_BYTES (the build said why)."""
        published = self.published.get(source)
        if published is None or not published.private:
            return None
        if published.episode.bytes > self.attachment_max_bytes:
            return None
        return data_url(MIME, published.cached)


def recordings_of(context: Mapping) -> AudioLibrary | None:
    """This build's recordings, for a template's function; None before AudioGenerator ran."""
    return slots.AUDIO.get(context)


def cache_folder(settings: Mapping) -> Path:
    """Where episodes are kept between builds: <CACHE_PATH>/homeroom-audio."""
    return Path(settings.get("CACHE_PATH") or "cache") / "homeroom-audio"


def make_library(
    school: School,
    content: Path,
    settings: AudioSettings,
    cache_dir: Path,
    workers: int,
    attachment_max_bytes: int = 0,
) -> AudioLibrary:
    """Every recording a post names or an entry attaches, transcoded at most once (or found
    in the cache); one that cannot be made, or an entry's that is over
    HOMEROOM_ATTACHMENT_MAX_BYTES once made, is logged as an error with its file and line,
    and left out."""
    first: dict[str, Version | PhotoUse] = {}
    for version in recorded_versions(school):
        first.setdefault(version.audio, version)
    attached = attached_recordings(school, content)
    for source, use in attached.items():
        first.setdefault(source, use)
    maker = Maker("Recordings", ".m4a", cached, transcode_into, MISSING)
    done = make_each_once(first, content, settings, cache_dir, maker, workers, problem)
    episodes: dict[str, Episode] = done.made
    entries = done.entries
    private = attached.keys() - {version.audio for version in recorded_versions(school)}
    for source in sorted(episodes.keys() & private):
        size = episodes[source].bytes
        if size > attachment_max_bytes:
            too_large = (
                f"is {size_text(size)} once made for the web, more than "
                f"HOMEROOM_ATTACHMENT_MAX_BYTES ({size_text(attachment_max_bytes)}): it "
                "travels inside the family's page; record a shorter one"
            )
            logger.error("%s", problem(first[source], too_large).shown(content))
    published = {
        s: Published(episodes[s], entries[s], recording(s), private=s in private)
        for s in sorted(episodes)
    }
    return AudioLibrary(published, attachment_max_bytes)


class AudioGenerator(HomeroomGenerator):
    """Makes (or finds in the cache) every post's recording, then publishes it."""

    def generate_context(self) -> None:
        config = self.config
        library = make_library(
            self.school,
            config.content_path,
            audio_settings(self.settings),
            cache_folder(self.settings),
            config.workers,
            config.attachment_max_bytes,
        )
        slots.AUDIO.put(self.context, library)

    def generate_output(self, writer) -> None:
        for published in slots.AUDIO.of(self.context).published.values():
            if not published.private:  # an entry's is inside its child's page only
                self.outputs.copy(published.url, published.cached)


def get_generators(pelican):
    return AudioGenerator


def register():
    # get_generators: recordings are made in generate_context, before any page is written,
    # so pages and feeds know each one's length and size, and leave out what failed.
    signals.get_generators.connect(get_generators)
