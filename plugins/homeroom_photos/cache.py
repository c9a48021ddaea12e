"""Derivatives kept by a hash of a photo's bytes and the settings: an unchanged photo is free."""

import os
import shutil
import tempfile
from pathlib import Path

from .pipeline import PhotoSettings, Processed, process

META = "photo.json"


def cached(entry: Path) -> Processed | None:
    """A finished cache entry, or None (missing, half-written or unreadable)."""
    try:
        return Processed.from_json((entry / META).read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def process_into(path: Path, entry: Path, settings: PhotoSettings) -> Processed:
    """Process one photo into a cache entry, atomically: a crash never leaves half an entry."""
    entry.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".work-", dir=entry.parent))
    try:
        result = process(path, work, settings)
        (work / META).write_text(result.to_json(), encoding="utf-8")
        try:
            os.rename(work, entry)
        except OSError:  # another build made it meanwhile: theirs is as good
            shutil.rmtree(work, ignore_errors=True)
        return result
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
