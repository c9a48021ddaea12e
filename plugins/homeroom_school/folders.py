"""The files under a folder, as paths relative to it: what the tasks count and weigh in a built
site, what the offline reader digests, what the search bundles hold when they are merged."""

import os
from collections.abc import Iterator
from pathlib import Path


def files_under(folder: Path | str) -> Iterator[tuple[str, os.DirEntry]]:
    """Each regular file under `folder` as its path there ('en/index.html', with '/') and its
    directory entry; no link is followed. One os.scandir per folder: a `Path`, an is_file and a
    relative_to per file cost a second at 34,000 files."""
    folders = [("", str(folder))]
    while folders:
        prefix, path = folders.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.is_file(follow_symlinks=False):
                    yield prefix + entry.name, entry
