"""What photos, recordings and clips share around their own pipelines: a file's name and size
checked against its kind's rules, its cache key (a hash of its bytes and the settings), each
file made once, on every core, or found in the cache (`make_each_once`), and the recordings
and clips portfolio entries attach (`attached_media`), which are made like the others."""

import base64
import hashlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from homeroom_school.links import line_of
from homeroom_school.model import PhotoUse, School
from homeroom_school.problems import Problem
from homeroom_school.progress import made_on_every_core
from homeroom_school.reading.linked_files import CLIP_SUFFIXES, RECORDING_SUFFIXES
from homeroom_school.reading.photos_in_content import ATTACHMENT_TOKEN

ATTACHMENT_MARK = "{hr-attachment:"  # what every ATTACHMENT_TOKEN starts with

logger = logging.getLogger(__name__)


class MediaError(Exception):
    """A file Homeroom cannot publish: the message says what is wrong and what to do."""


@dataclass(frozen=True)
class FileRules:
    """What a kind of media file must be before it is opened, and what to say when it is not.
    Each message ends a sentence that names the file ("the clip 'x.mov' ...")."""

    what: str  # "clip": what a teacher calls it
    read_as: str  # "a video": what FFmpeg could not read it as
    suffixes: tuple[str, ...]  # lowercase, with the dot
    formats: str  # "MOV, MP4 ..., as a phone's camera does": what to save it as
    where: str  # "between the parentheses": where its name is written
    limit: str  # the setting of its largest size
    smaller: str  # what to do when it is over the limit
    error: type[MediaError] = MediaError  # what is raised


def check_file(path: Path, rules: FileRules, max_bytes: int) -> None:
    """What the file's name and size tell: one of its kind's extensions, there, not too large;
    else the kind's error."""
    if path.suffix.lower() not in rules.suffixes:
        raise rules.error(
            f"is not a {rules.what} Homeroom reads ({path.suffix or 'no extension'}); save it "
            f"as {rules.formats}"
        )
    try:
        size = path.stat().st_size
    except OSError:
        raise rules.error(f"is not there; check the file name {rules.where}") from None
    if size > max_bytes:
        raise rules.error(
            f"is {size_text(size)}, over {rules.limit} ({size_text(max_bytes)}); {rules.smaller}"
        )


def size_text(size: int) -> str:
    """A size as a teacher reads it: '250 MB', '1.5 MB', '21 kB' (never '0 MB')."""
    if size >= 10_000_000:
        return f"{size / 1e6:.0f} MB"
    if size >= 1_000_000:
        return f"{size / 1e6:.1f} MB"
    return f"{max(1, round(size / 1e3))} kB"


def unreadable(error: Exception, rules: FileRules) -> MediaError:
    """The kind's error for a file FFmpeg could not read (`error`, FFmpeg's)."""
    reason = getattr(error, "strerror", None) or "damaged"
    return rules.error(
        f"cannot be read as {rules.read_as} ({reason}); it may be cut short or not "
        f"{rules.read_as}: copy it from the phone again"
    )


def cache_key(path: Path, settings) -> str:
    """A file's name in a cache: a hash of the settings' `fingerprint()` and of its bytes."""
    digest = hashlib.sha256(settings.fingerprint().encode())
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:32]


@dataclass(frozen=True)
class Made:
    """What `make_each_once` made of each source, or found in the cache."""

    made: dict  # source -> what was made of it (a Processed, Episode, Clip), by source
    entries: dict[str, Path]  # source -> its cache entry (for every file that could be read)
    problems: list[Problem]  # one a file that could not be read or made, on its first use (logged)


def attempt(make: Callable, job: tuple) -> tuple:
    """`make(path, entry, settings)` of one job: (source, what it made, None) or (source, None,
    what is wrong). Module-level, so that a process pool can run it."""
    source, path, entry, settings = job
    try:
        return source, make(path, entry, settings), None
    except MediaError as error:
        return source, None, str(error)


@dataclass(frozen=True)
class Maker:
    """How one kind of media is made and kept (photos, recordings, clips)."""

    label: str  # the progress line's: "Clips"
    suffix: str  # a cache entry's: ".mp4" (a file), "" (a folder of files)
    cached: Callable  # cached(entry): what the entry holds, or None when it is not finished
    make: Callable  # make(path, entry, settings): module-level; raises a MediaError
    missing: str  # what is said of a file that cannot be read: "is not there; check ..."


def make_each_once(
    first: Mapping[str, object],
    content: Path,
    settings,
    cache_dir: Path,
    maker: Maker,
    workers: int,
    problem: Callable[[object, str], Problem],
) -> Made:
    """Each source of `first` (source -> its first use) made at most once: found in the cache,
    else made on up to `workers` processes. A file that cannot be read or made is a problem
    on its first use (`problem(use, message)`), logged as an error with its file and line."""
    made: dict = {}
    entries: dict[str, Path] = {}
    problems: list[Problem] = []
    jobs = []
    for source in sorted(first):
        path = content / source
        try:
            entry = cache_dir / f"{cache_key(path, settings)}{maker.suffix}"
        except OSError:
            problems.append(problem(first[source], maker.missing))
            continue
        entries[source] = entry
        hit = maker.cached(entry)
        if hit:
            made[source] = hit
        else:
            jobs.append((source, path, entry, settings))
    work = partial(attempt, maker.make)
    for source, result, error in made_on_every_core(maker.label, work, jobs, workers):
        if error:
            problems.append(problem(first[source], error))
        else:
            made[source] = result
    for refused in problems:
        logger.error("%s", refused.shown(content))
    return Made(dict(sorted(made.items())), entries, problems)


def attached_media(school: School, content: Path) -> dict[str, PhotoUse]:
    """Every recording or clip a portfolio entry links (`[Ana reads](reading.m4a)`), by its
    source, as its first use (the entry file and the line where its name is written, for a
    problem): published only as the audio or video pipeline makes it, inside the page."""
    first: dict[str, PhotoUse] = {}
    suffixes = tuple(RECORDING_SUFFIXES | CLIP_SUFFIXES)
    for key in sorted(school.entries):
        for item in school.entries[key]:
            for lang in sorted(item.versions):
                version = item.versions[lang]
                if ATTACHMENT_MARK not in version.body:  # most: a plain search, no regex
                    continue
                for quoted in ATTACHMENT_TOKEN.findall(version.body):
                    source = unquote(quoted)
                    if source in first or source not in school.attachments:
                        continue
                    if not source.lower().endswith(suffixes):
                        continue
                    line = entry_line(content / version.source, PurePosixPath(source).name)
                    first[source] = PhotoUse(source, "", version.source, line, private=True)
    return dict(sorted(first.items()))


def entry_line(path: Path, name: str) -> int | None:
    """The first line of the file at `path` that writes `name`."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return line_of(text.replace("\r\n", "\n"), name)


def data_url(mime: str, path: Path) -> str:
    """A made file as a data: URL, for a page that carries it inside (a portfolio's)."""
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
