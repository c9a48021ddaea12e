"""Which files the build may read: only those that resolve inside their folder.

A symlink committed into content/ (`notes.pdf -> /proc/self/environ`, a folder linked to the
home directory) must never bring what it points to into the published site. Paths are judged
after every symlink is followed, so a link that points back inside is fine.
"""

import os
from pathlib import Path


class Contained:
    """A folder (content/, the theme) and the test every path read from it must pass."""

    def __init__(self, root: Path, what: str = "content"):
        self.root = Path(root)
        self.real = os.path.realpath(self.root)
        self.what = what

    def holds(self, path: Path) -> bool:
        """Whether `path`, after following every symlink, is inside the folder."""
        real = os.path.realpath(path)
        return real == self.real or real.startswith(self.real + os.sep)

    def why_not(self) -> str:
        """The message for a path that `holds` refused (never where it leads: logs are read
        by others)."""
        return (
            f"leads outside the {self.what} folder (it is, or is inside, a symbolic link); "
            "Homeroom reads only files inside it: replace the link with the file itself"
        )
