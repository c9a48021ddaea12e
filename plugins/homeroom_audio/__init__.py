"""homeroom_audio: the teacher's recordings (a post's `Audio:`), published as podcast episodes.

Signals: `get_generators` adds AudioGenerator. In generate_context it makes every post's
recording into a mono, loudness-normalized AAC M4A (on all cores, each at most once:
cache/homeroom-audio/<hash of bytes and settings>.m4a) and puts an AudioLibrary in the
context, which pages, emails and feeds use for their players, "Listen" links and enclosures;
in generate_output it copies the episodes to media/. The original file is never published.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pelican import signals

from homeroom_output.generator import HomeroomGenerator
from homeroom_school import slots
from homeroom_school.media import Maker, make_each_once
from homeroom_school.model import School, Version
from homeroom_school.problems import Problem
from homeroom_school.settings import setting
from homeroom_school.urls import recording

from .cache import cached, transcode_into
from .pipeline import MIME, AudioError, AudioSettings, Episode, check_decodes

# said of a file that cannot be read (gone, or no permission)
MISSING = "is not there; check the file name after Audio:"

__all__ = [
    "MIME",
    "AudioLibrary",
    "Episode",
    "Published",
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


def problem(version: Version, message: str) -> Problem:
    name = PurePosixPath(version.audio).name
    return Problem(version.source, version.audio_line, f"the recording '{name}' {message}")


def check_recordings(school: School, content: Path, settings: AudioSettings) -> list[Problem]:
    """What `invoke check` tells of every recording without transcoding it: missing, not a
    recording, damaged, too long or too large (pipeline.check_decodes)."""
    return [
        problem(version, str(error))
        for version in recorded_versions(school)
        for error in _refusal(content / version.audio, settings)
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


class AudioLibrary:
    """The published recordings of one build, by source path (relative to content/)."""

    def __init__(self, published: dict[str, Published]):
        self.published = published

    def of(self, version: Version) -> Published | None:
        """The version's published recording; None when it has none or it could not be made
        (the build said why)."""
        return self.published.get(version.audio) if version.audio else None


def recordings_of(context: Mapping) -> AudioLibrary | None:
    """This build's recordings, for a template's function; None before AudioGenerator ran."""
    return slots.AUDIO.get(context)


def cache_folder(settings: Mapping) -> Path:
    """Where episodes are kept between builds: <CACHE_PATH>/homeroom-audio."""
    return Path(settings.get("CACHE_PATH") or "cache") / "homeroom-audio"


def make_library(
    school: School, content: Path, settings: AudioSettings, cache_dir: Path, workers: int
) -> AudioLibrary:
    """Every recording a post names, transcoded at most once (or found in the cache); one
    that cannot be made is logged as an error with its file and line, and left out."""
    first: dict[str, Version] = {}
    for version in recorded_versions(school):
        first.setdefault(version.audio, version)
    maker = Maker("Recordings", ".m4a", cached, transcode_into, MISSING)
    done = make_each_once(first, content, settings, cache_dir, maker, workers, problem)
    episodes: dict[str, Episode] = done.made
    entries = done.entries
    return AudioLibrary(
        {s: Published(episodes[s], entries[s], recording(s)) for s in sorted(episodes)}
    )


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
        )
        slots.AUDIO.put(self.context, library)

    def generate_output(self, writer) -> None:
        for published in slots.AUDIO.of(self.context).published.values():
            self.outputs.copy(published.url, published.cached)


def get_generators(pelican):
    return AudioGenerator


def register():
    # get_generators: recordings are made in generate_context, before any page is written,
    # so pages and feeds know each one's length and size, and leave out what failed.
    signals.get_generators.connect(get_generators)
