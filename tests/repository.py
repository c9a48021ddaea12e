"""A throw-away clone of this repository, as it is in the working tree, for tests of what
tasks write there."""

import shutil
import subprocess
from pathlib import Path

from tests.sites import ROOT


def git(folder: Path, *args: str) -> str:
    """git in `folder` as anyone may run it (a CI container's checkout belongs to another
    user: `safe.directory`), committing as a test."""
    options = ["-c", "safe.directory=*", "-c", "user.name=Test", "-c", "user.email=t@example.org"]
    return subprocess.run(
        ["git", *options, *args],
        cwd=folder,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout


def clone_of_the_repository(folder: Path) -> Path:
    """A repository holding every file this one tracks, as it is in the working tree (so a
    .gitignore not yet committed is the one tested), committed; and the photo cache copied
    (git-ignored: only so that its builds need not make every photo again)."""
    folder.mkdir()
    git(folder, "init", "-q")
    tracked = git(ROOT, "ls-files", "-z").split("\0")
    for name in filter(None, tracked):
        source = ROOT / name
        if not source.exists() and not source.is_symlink():
            continue  # deleted in the working tree, not yet committed
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, folder / name, follow_symlinks=False)
        git(folder, "add", "-f", "--", name)
    git(folder, "commit", "-q", "-m", "the repository as it is")
    if (ROOT / "cache").is_dir():
        shutil.copytree(ROOT / "cache", folder / "cache")
    return folder
