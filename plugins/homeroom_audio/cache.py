"""Episodes kept by a hash of a recording's bytes and the settings: an unchanged one is free."""

import os
from pathlib import Path

from .pipeline import AudioSettings, Episode, transcode

META = ".json"  # beside each <key>.m4a: its Episode


def cached(entry: Path) -> Episode | None:
    """A finished cache entry, or None (missing, half-written or unreadable)."""
    try:
        episode = Episode.from_json(entry.with_suffix(META).read_text(encoding="utf-8"))
        return episode if entry.stat().st_size == episode.bytes else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def transcode_into(path: Path, entry: Path, settings: AudioSettings) -> Episode:
    """Transcode one recording into the cache, atomically: the .m4a is renamed into place
    before its .json, and a crash leaves no entry that `cached` would take."""
    entry.parent.mkdir(parents=True, exist_ok=True)
    work = entry.with_name(f".work-{os.getpid()}-{entry.name}")
    try:
        episode = transcode(path, work, settings)
        os.replace(work, entry)
        meta = entry.with_suffix(META)
        meta_work = work.with_suffix(META)
        meta_work.write_text(episode.to_json(), encoding="utf-8")
        os.replace(meta_work, meta)
        return episode
    finally:
        work.unlink(missing_ok=True)
