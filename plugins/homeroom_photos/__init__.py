"""homeroom_photos: every photo content uses, published small, upright and without metadata.

Signals: `get_generators` adds PhotosGenerator. In generate_context it makes the derivatives
of every photo (on all cores, each at most once: cache/homeroom-photos/<hash of bytes and
settings>) and puts a PhotoLibrary in the context, which homeroom_site and homeroom_feeds use
to write <picture> and <img> markup; in generate_output it copies the derivatives to media/.
"""

import base64
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from pathlib import Path, PurePosixPath

from pelican import signals

from homeroom_output.generator import HomeroomGenerator
from homeroom_school import slots
from homeroom_school.model import PhotoUse
from homeroom_school.problems import Problem
from homeroom_school.progress import Progress
from homeroom_school.settings import setting
from homeroom_school.urls import media
from homeroom_workers import process_pool

from .cache import cache_key, cached, process_into
from .markup import largest, picture, plain_img
from .pipeline import PhotoError, PhotoSettings, Processed, check_decodes

logger = logging.getLogger(__name__)

__all__ = ["PhotoLibrary", "check_photos", "photo_settings", "photos_of", "register"]


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


def _work(job):
    source, path, entry, settings = job
    try:
        return source, process_into(path, entry, settings), None
    except PhotoError as error:
        return source, None, str(error)


class PhotosGenerator(HomeroomGenerator):
    """Makes (or finds in the cache) every photo's derivatives, then publishes them."""

    def generate_context(self) -> None:
        school = self.school
        content = self.config.content_path
        settings = photo_settings(self.settings)
        cache_dir = Path(self.settings.get("CACHE_PATH") or "cache") / "homeroom-photos"
        uses: dict[str, PhotoUse] = {}
        public = {use.source for use in school.photos.values() if not use.private}
        for use in school.photos.values():
            uses.setdefault(use.source, use)
        results: dict[str, Processed] = {}
        entries: dict[str, Path] = {}
        jobs = []
        for source, use in sorted(uses.items()):
            path = content / source
            try:
                entry = cache_dir / cache_key(path, settings)
            except OSError:
                said = problem(use, "cannot be read; check the file name")
                logger.error("%s", said.shown(content))
                continue
            entries[source] = entry
            hit = cached(entry)
            if hit:
                results[source] = hit
            else:
                jobs.append((source, path, entry, settings))
        self.make(jobs, results, uses)
        names = published_names(sorted(uses), results)
        library = PhotoLibrary(
            {s: Published(results[s], entries[s], names[s], s in public) for s in sorted(results)}
        )
        slots.PHOTOS.put(self.context, library)

    def make(self, jobs: list, results: dict, uses: dict) -> None:
        if not jobs:
            return
        workers = self.config.workers
        progress = Progress("Photos", len(jobs))
        if workers == 1 or len(jobs) == 1:
            done = map(_work, jobs)
            for source, processed, error in done:
                self.collect(source, processed, error, results, uses, progress)
            return
        with process_pool(min(workers, len(jobs))) as pool:
            for source, processed, error in pool.map(_work, jobs):
                self.collect(source, processed, error, results, uses, progress)

    def collect(self, source, processed, error, results, uses, progress) -> None:
        progress.step()
        if error:
            content = self.config.content_path
            logger.error("%s", problem(uses[source], error).shown(content))
        else:
            results[source] = processed

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
