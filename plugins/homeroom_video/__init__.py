"""homeroom_video: short clips, written like photos (`![what the clip shows](clip.mov)`).

Signals: `get_generators` adds VideoGenerator. In generate_context it makes every clip the
content shows into an H.264/AAC MP4 of at most 720 lines with a WebP/JPEG poster (on all
cores, each at most once: cache/homeroom-video/<hash of bytes and settings>.mp4) and puts a
VideoLibrary in the context, whose `html` the pages' `localized` filter uses for the
{hr-clip:id} tokens; in generate_output it copies the clips, posters and captions to media/.
A clip a portfolio entry links plainly (`[our experiment](clip.mov)`) is made the same way,
from the same cache, and its page inlines the MP4 (`VideoLibrary.attached`), never a file.
The original file is never published.
"""

import html
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pelican import signals

from homeroom_audio.pipeline import is_recording
from homeroom_output.generator import HomeroomGenerator
from homeroom_school import slots
from homeroom_school.media import Maker, attached_media, data_url, make_each_once
from homeroom_school.model import PhotoUse, School
from homeroom_school.problems import Problem
from homeroom_school.settings import setting
from homeroom_school.urls import clip as clip_url
from homeroom_school.urls import media

from .cache import cached, poster_of, transcode_into
from .captions import captions_of, for_reader, refused_captions
from .pipeline import MIME, Clip, VideoError, VideoSettings, check_decodes

logger = logging.getLogger(__name__)
# said of a file that cannot be read (gone, or no permission)
MISSING = "is not there; check the file name between the parentheses"

__all__ = [
    "VideoLibrary",
    "attached_clips",
    "cache_folder",
    "check_clips",
    "clips_of",
    "make_library",
    "register",
    "video_settings",
]


def video_settings(settings: Mapping) -> VideoSettings:
    """The clip limits, each checked by the schema (a wrong one is a SettingsError)."""
    return VideoSettings(
        max_seconds=setting(settings, "HOMEROOM_VIDEO_MAX_SECONDS"),
        max_bytes=setting(settings, "HOMEROOM_VIDEO_MAX_BYTES"),
    )


def first_uses(school: School) -> dict[str, PhotoUse]:
    """Each clip file's first use (where a problem with it is said), by its source."""
    first: dict[str, PhotoUse] = {}
    for use in school.clips.values():
        first.setdefault(use.source, use)
    return dict(sorted(first.items()))


def attached_clips(school: School, content: Path) -> dict[str, PhotoUse]:
    """Each clip a portfolio entry links plainly, by its source, as its first use; a
    recording (an MP4, WebM or 3GP of sound only) is homeroom_audio's."""
    return {
        source: use
        for source, use in attached_media(school, content).items()
        if not is_recording(content / source)
    }


def problem(use: PhotoUse, message: str, warning: bool = False) -> Problem:
    name = PurePosixPath(use.source).name
    return Problem(use.used_in, use.line, f"the clip '{name}' {message}", warning)


def check_clips(school: School, content: Path, settings: VideoSettings) -> list[Problem]:
    """What `invoke check` tells of every clip without transcoding it: not a video, damaged,
    too long or too large (pipeline.check_decodes), captions browsers would not show; and, as
    a warning, one with no captions. A clip that cannot be published is that one problem. A
    clip an entry links plainly is checked the same, with no captions asked for: it is a
    download, not a player."""
    problems = []
    shown = first_uses(school)
    for source, use in attached_clips(school, content).items():
        if source not in shown:
            try:
                check_decodes(content / source, settings)
            except VideoError as error:
                problems.append(problem(use, str(error)))
    for source, use in shown.items():
        try:
            check_decodes(content / source, settings)
        except VideoError as error:
            problems.append(problem(use, str(error)))
            continue  # one problem: its captions are for when the clip is mended
        refused = refused_captions(source, content)
        problems += [problem(use, message) for message in refused]
        if not refused and not captions_of(source, content):
            stem = PurePosixPath(source).stem
            problems.append(
                problem(
                    use,
                    f"has no captions; add {stem}.vtt beside it (WebVTT: what is said, for "
                    "families who cannot hear it, or watch without sound)",
                    warning=True,
                )
            )
    return problems


@dataclass(frozen=True)
class Published:
    clip: Clip
    cached: Path  # the cache file (.mp4; its posters beside it)
    url: str  # where it is published without a suffix, relative to the site root
    captions: dict[str, str]  # language ('' for every language) -> caption file in content/
    private: bool = False  # a family's (or link-only) entry's: inside its page, never a file


class VideoLibrary:
    """The published clips of one build, by source path (relative to content/)."""

    def __init__(
        self, published: dict[str, Published], content: Path = Path(), attachment_max_bytes=0
    ):
        self.published = published
        self.content = content  # where caption files are read for inline_html
        self.attachment_max_bytes = attachment_max_bytes

    def html(self, use: PhotoUse, lang: str, prefix: str) -> str:
        """A clip as a page shows it: a <video> that loads nothing until played, its poster
        first, its captions in the reader's language; '' when it could not be made (the
        build said why)."""
        published = self.published.get(use.source)
        if published is None:
            return ""
        clip, base = published.clip, prefix + published.url
        alt = html.escape(use.alt)
        track = ""
        chosen = for_reader(published.captions, lang)
        if chosen:
            track_lang, source = chosen
            srclang = f' srclang="{track_lang}"' if track_lang else ""
            track = f'<track kind="captions" src="{prefix}{media(source)}"{srclang} default>'
        return (
            f'<video controls preload="none" playsinline poster="{base}.poster.webp" '
            f'width="{clip.width}" height="{clip.height}" aria-label="{alt}">'
            f'<source src="{base}.mp4" type="{MIME}">{track}{alt}</video>'
        )

    def feed_html(self, use: PhotoUse, lang: str, prefix: str) -> str:
        """A clip as a feed reader or an email shows it (they play no <video>): its poster,
        a JPEG, linking the MP4; '' when it could not be made."""
        published = self.published.get(use.source)
        if published is None:
            return ""
        clip, base = published.clip, prefix + published.url
        return (
            f'<a href="{base}.mp4"><img src="{base}.poster.jpg" width="{clip.width}" '
            f'height="{clip.height}" alt="{html.escape(use.alt)}"></a>'
        )

    def inline_html(self, use: PhotoUse, lang: str, prefix: str) -> str:
        """A clip on a child's portfolio page: the MP4, its poster and captions inside the
        page as data: URLs (encrypted with it on a family's page), never files of the site;
        '' when it could not be made or is over HOMEROOM_ATTACHMENT_MAX_BYTES (said once)."""
        published = self.published.get(use.source)
        if published is None or published.clip.bytes > self.attachment_max_bytes:
            return ""
        clip, alt = published.clip, html.escape(use.alt)
        poster = data_url("image/webp", poster_of(published.cached, ".webp"))
        track = ""
        chosen = for_reader(published.captions, lang)
        if chosen:
            track_lang, source = chosen
            srclang = f' srclang="{track_lang}"' if track_lang else ""
            captions = data_url("text/vtt", self.content / source)
            track = f'<track kind="captions" src="{captions}"{srclang} default>'
        return (
            f'<video controls preload="none" playsinline poster="{poster}" '
            f'width="{clip.width}" height="{clip.height}" aria-label="{alt}">'
            f'<source src="{data_url(MIME, published.cached)}" type="{MIME}">{track}{alt}</video>'
        )

    def attached(self, source: str) -> str | None:
        """A clip an entry links plainly, as its page inlines it: the MP4 as a data: URL
        (encrypted with the page on a family's); None when it could not be made or is over
        HOMEROOM_ATTACHMENT_MAX_BYTES (the build said why)."""
        published = self.published.get(source)
        if published is None or not published.private:
            return None
        if published.clip.bytes > self.attachment_max_bytes:
            return None
        return data_url(MIME, published.cached)


def clips_of(context: Mapping) -> VideoLibrary | None:
    """This build's clips, for a template's function; None before VideoGenerator ran."""
    return slots.VIDEO.get(context)


def cache_folder(settings: Mapping) -> Path:
    """Where clips are kept between builds: <CACHE_PATH>/homeroom-video."""
    return Path(settings.get("CACHE_PATH") or "cache") / "homeroom-video"


def make_library(
    school: School,
    content: Path,
    settings: VideoSettings,
    cache_dir: Path,
    workers: int,
    attachment_max_bytes: int = 0,
) -> VideoLibrary:
    """Every clip the content shows or an entry links, transcoded at most once (or found in
    the cache); one that cannot be made is logged as an error with its file and line, and
    left out."""
    shown = first_uses(school)
    first = {**attached_clips(school, content), **shown}  # a clip shown is said where shown
    maker = Maker("Clips", ".mp4", cached, transcode_into, MISSING)
    done = make_each_once(first, content, settings, cache_dir, maker, workers, problem)
    clips: dict[str, Clip] = done.made
    entries = done.entries
    for source in sorted(clips.keys() & shown.keys()):  # said at every build, as check does
        for message in refused_captions(source, content):
            logger.error("%s", problem(first[source], message).shown(content))
    public = {use.source for use in school.clips.values() if not use.private}
    for source in sorted(clips.keys() - public):
        if clips[source].bytes > attachment_max_bytes:
            too_large = (
                f"is {clips[source].bytes / 1e6:.1f} MB once made for the web, more than "
                f"HOMEROOM_ATTACHMENT_MAX_BYTES ({attachment_max_bytes / 1e6:.1f} MB): it "
                "travels inside the family's page; trim it on the phone"
            )
            logger.error("%s", problem(first[source], too_large).shown(content))
    published = {
        source: Published(
            clips[source],
            entries[source],
            clip_url(source),
            captions_of(source, content),
            private=source not in public,
        )
        for source in sorted(clips)
    }
    return VideoLibrary(published, content, attachment_max_bytes)


class VideoGenerator(HomeroomGenerator):
    """Makes (or finds in the cache) every clip, then publishes it with its poster."""

    def generate_context(self) -> None:
        config = self.config
        library = make_library(
            self.school,
            config.content_path,
            video_settings(self.settings),
            cache_folder(self.settings),
            config.workers,
            config.attachment_max_bytes,
        )
        slots.VIDEO.put(self.context, library)

    def generate_output(self, writer) -> None:
        content = self.config.content_path
        for published in slots.VIDEO.of(self.context).published.values():
            if published.private:
                continue  # inside its child's page only
            self.outputs.copy(f"{published.url}.mp4", published.cached)
            for suffix in (".webp", ".jpg"):
                self.outputs.copy(
                    f"{published.url}.poster{suffix}", poster_of(published.cached, suffix)
                )
            for source in published.captions.values():
                self.outputs.copy(media(source), content / source)


def get_generators(pelican):
    return VideoGenerator


def register():
    # get_generators: clips are made in generate_context, before any page is written, so
    # pages know each one's size and leave out what failed.
    signals.get_generators.connect(get_generators)
