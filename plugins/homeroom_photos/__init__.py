"""homeroom_photos: every photo content uses, published small, upright and without metadata.

Signals: `get_generators` adds PhotosGenerator. In generate_context it makes the derivatives
of every photo (on all cores, each at most once: cache/homeroom-photos/<hash of bytes and
settings>) and puts a PhotoLibrary in the context, which homeroom_site and homeroom_feeds use
to write <picture> and <img> markup; in generate_output it copies the derivatives to media/.
"""

import base64
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape
from pathlib import Path, PurePosixPath

from pelican import signals

from homeroom_output.generator import HomeroomGenerator
from homeroom_school import slots
from homeroom_school.media import Maker, make_each_once
from homeroom_school.model import PhotoUse
from homeroom_school.problems import Problem
from homeroom_school.settings import setting
from homeroom_school.urls import media

from .cache import cached, process_into
from .markup import largest, picture, plain_img
from .pipeline import PhotoError, PhotoSettings, Processed, check_decodes

# said of a file that cannot be read (gone, or no permission)
MISSING = "cannot be read; check the file name"

__all__ = [
    "PhotoLibrary",
    "cache_folder",
    "check_photos",
    "make_library",
    "photo_settings",
    "photos_of",
    "register",
]


def photo_settings(settings: Mapping) -> PhotoSettings:
    """The photo settings, each checked by the schema (a wrong one is a SettingsError)."""
    return PhotoSettings(
        widths=setting(settings, "HOMEROOM_PHOTO_WIDTHS"),
        jpeg_quality=setting(settings, "HOMEROOM_JPEG_QUALITY"),
        webp_quality=setting(settings, "HOMEROOM_WEBP_QUALITY"),
        max_bytes=setting(settings, "HOMEROOM_PHOTO_MAX_BYTES"),
        max_pixels=setting(settings, "HOMEROOM_PHOTO_MAX_PIXELS"),
    )


def problem(use: PhotoUse, message: str) -> Problem:
    name = PurePosixPath(use.source).name
    return Problem(use.used_in, use.line, f"the photo '{name}' {message}")


def check_photos(school, content: Path, settings: PhotoSettings) -> list[Problem]:
    """What `invoke check` can tell without making derivatives: missing, not an image, too
    large, damaged (pipeline.check_decodes)."""
    problems = {}
    for use in school.photos.values():
        if use.source in problems:
            continue
        try:
            check_decodes(content / use.source, settings)
        except PhotoError as error:
            problems[use.source] = problem(use, str(error))
    return list(problems.values())


@dataclass
class Published:
    processed: Processed
    entry: Path  # the cache entry holding the files
    names: dict[str, str]  # cache file name -> published path
    public: bool  # used on a public page: copied to media/; else only ever inlined, encrypted


class PhotoLibrary:
    """The published photos of one build, and the markup that shows them."""

    def __init__(self, published: dict[str, Published]):
        self.published = published

    def html(self, kind: str, use: PhotoUse, prefix: str) -> str:
        """For pages: a responsive <picture>, lazy; the page makes its first one eager
        (`first_eager`, around base.html's main block)."""
        found = self.published.get(use.source)
        if found is None or not found.public:
            return ""  # it could not be made (the build said so), or it is a portfolio's
        if kind == "photo-link":
            return largest(prefix, found.names, found.processed)
        return picture(prefix, found.names, found.processed, use.alt, lazy=True)

    def inline_html(self, kind: str, use: PhotoUse, prefix: str) -> str:
        """For portfolio pages: the photo inside the page itself (a data: URI), so that it is
        encrypted with the page and no file of it is ever published."""
        found = self.published.get(use.source)
        if found is None or kind == "photo-link":
            return ""
        processed = found.processed
        # WebP where the photo has one (smaller); a photo too tall for WebP has only JPEG/PNG.
        format = "webp" if processed.of("webp") else processed.fallback
        variant = min(processed.of(format), key=lambda v: abs(v.width - 960))
        data = base64.b64encode((found.entry / variant.name).read_bytes()).decode()
        return (
            f'<img src="data:image/{format};base64,{data}" width="{variant.width}" '
            f'height="{variant.height}" alt="{escape(use.alt)}">'
        )

    def feed_html(self, kind: str, use: PhotoUse, prefix: str) -> str:
        """For feeds and email: one absolute mid-size JPEG with its size."""
        found = self.published.get(use.source)
        if found is None:
            return ""
        if kind == "photo-link":
            return largest(prefix, found.names, found.processed)
        return plain_img(prefix, found.names, found.processed, use.alt)


def photos_of(context: Mapping) -> PhotoLibrary | None:
    """This build's photos, for a template's filter (a generator has `self.photos`); None
    before PhotosGenerator made them."""
    return slots.PHOTOS.get(context)


def published_names(sources: list[str], results: dict[str, Processed]) -> dict[str, dict]:
    """media/<folder>/<name>-<width>.<ext>; two photos of one stem keep their extension apart."""
    stems: dict[tuple, int] = {}
    for source in sources:
        path = PurePosixPath(source)
        stems[(path.parent, path.stem)] = stems.get((path.parent, path.stem), 0) + 1
    names = {}
    for source in sources:
        if source not in results:
            continue
        path = PurePosixPath(source)
        stem = (
            path.stem if stems[(path.parent, path.stem)] == 1 else f"{path.stem}-{path.suffix[1:]}"
        )
        folder = PurePosixPath(media(source)).parent
        # cache files are named <width>.<ext>: published as <stem>-<width>.<ext>
        names[source] = {v.name: f"{folder}/{stem}-{v.name}" for v in results[source].variants}
    return names


def cache_folder(settings: Mapping) -> Path:
    """Where derivatives are kept between builds: <CACHE_PATH>/homeroom-photos."""
    return Path(settings.get("CACHE_PATH") or "cache") / "homeroom-photos"


def make_library(
    uses: Iterable[PhotoUse],
    public: set[str],
    content: Path,
    settings: PhotoSettings,
    cache_dir: Path,
    workers: int,
) -> PhotoLibrary:
    """The derivatives of the photos `uses` name, and of no other (each made at most once,
    on up to `workers` processes, or found in the cache); a photo that cannot be made is
    logged as an error and left out. `public`: the sources published as files of the site."""
    first: dict[str, PhotoUse] = {}
    for use in uses:
        first.setdefault(use.source, use)
    maker = Maker("Photos", "", cached, process_into, MISSING)
    done = make_each_once(first, content, settings, cache_dir, maker, workers, problem)
    results: dict[str, Processed] = done.made
    entries = done.entries
    names = published_names(sorted(first), results)
    return PhotoLibrary(
        {s: Published(results[s], entries[s], names[s], s in public) for s in sorted(results)}
    )


class PhotosGenerator(HomeroomGenerator):
    """Makes (or finds in the cache) every photo's derivatives, then publishes them."""

    def generate_context(self) -> None:
        school = self.school
        config = self.config
        public = {use.source for use in school.photos.values() if not use.private}
        self.library = make_library(
            school.photos.values(),
            public,
            config.content_path,
            photo_settings(self.settings),
            cache_folder(self.settings),
            config.workers,
        )
        slots.PHOTOS.put(self.context, self.library)

    def generate_output(self, writer) -> None:
        outputs = self.outputs
        for found in self.photos.published.values():
            if not found.public:
                continue  # a portfolio's photo: inlined in its (encrypted) page only
            for name, published in found.names.items():
                outputs.copy(published, found.entry / name)


def get_generators(pelican):
    return PhotosGenerator


def register():
    # get_generators: photos are made in generate_context, before any page is written, so
    # pages know each photo's widths and leave out the ones that could not be made.
    signals.get_generators.connect(get_generators)
