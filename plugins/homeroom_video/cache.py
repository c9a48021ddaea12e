"""Clips kept by a hash of their bytes and the settings: an unchanged one is free."""

import os
from pathlib import Path

from .pipeline import Clip, VideoSettings, poster_file, transcode

META = ".json"  # beside each <key>.mp4: its Clip
POSTERS = (".webp", ".jpg")  # beside each <key>.mp4: <key>.poster.webp and .jpg


def poster_of(entry: Path, suffix: str) -> Path:
    """The poster of a cache entry in one format: <key>.poster.webp or .jpg."""
    return poster_file(entry.with_name(f"{entry.stem}.poster"), suffix)


def cached(entry: Path) -> Clip | None:
    """A finished cache entry, or None (missing, half-written or unreadable)."""
    try:
        clip = Clip.from_json(entry.with_suffix(META).read_text(encoding="utf-8"))
        if not all(poster_of(entry, suffix).is_file() for suffix in POSTERS):
            return None
        return clip if entry.stat().st_size == clip.bytes else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def transcode_into(path: Path, entry: Path, settings: VideoSettings) -> Clip:
    """Transcode one clip into the cache, atomically: the .mp4 and posters are renamed into
    place before the .json, and a crash leaves no entry that `cached` would take."""
    entry.parent.mkdir(parents=True, exist_ok=True)
    work = entry.with_name(f".work-{os.getpid()}-{entry.name}")
    poster = work.with_name(f"{work.stem}.poster")
    try:
        clip = transcode(path, work, poster, settings)
        for suffix in POSTERS:
            os.replace(poster_file(poster, suffix), poster_of(entry, suffix))
        os.replace(work, entry)
        meta_work = work.with_suffix(META)
        meta_work.write_text(clip.to_json(), encoding="utf-8")
        os.replace(meta_work, entry.with_suffix(META))
        return clip
    finally:
        work.unlink(missing_ok=True)
        for suffix in POSTERS:
            poster_file(poster, suffix).unlink(missing_ok=True)
