"""Make one folder equal to another, writing only what differs: no change, no write."""

import filecmp
import os
import shutil
from pathlib import Path


def copy_if_changed(path: Path, destination: Path) -> bool:
    """Copy a file unless the destination has the same bytes; True when it was copied."""
    if destination.is_file() and filecmp.cmp(path, destination, shallow=False):
        return False
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, destination)
    return True


def sync_tree(source: Path, target: Path) -> tuple[int, int]:
    """Copy new and changed files from source to target, delete what source no longer has.

    Returns (files written, files deleted).
    """
    written = deleted = 0
    wanted = set()
    for folder, _, files in os.walk(source):
        for name in files:
            path = Path(folder) / name
            relative = path.relative_to(source)
            wanted.add(relative)
            written += copy_if_changed(path, target / relative)
    if target.is_dir():
        for folder, _, files in os.walk(target, topdown=False):
            for name in files:
                path = Path(folder) / name
                if path.relative_to(target) not in wanted:
                    path.unlink()
                    deleted += 1
            if Path(folder) != target and not any(Path(folder).iterdir()):
                Path(folder).rmdir()
    return written, deleted


def sync_paths(source: Path, target: Path, paths) -> tuple[int, int]:
    """Make `paths` (relative, POSIX) in target what they are in source: copied where they
    differ, deleted where source has none. Returns (files written, files deleted)."""
    written = deleted = 0
    for relative in sorted(paths):
        path, destination = source / relative, target / relative
        if path.is_file():
            written += copy_if_changed(path, destination)
        elif destination.is_file():
            destination.unlink()
            deleted += 1
            folder = destination.parent
            while folder != target and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent
    return written, deleted
