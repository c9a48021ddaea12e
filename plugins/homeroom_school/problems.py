"""Content problems: what is wrong, where, and how to fix it, in one line each."""

import os
from dataclasses import dataclass
from pathlib import PurePath


def shown_path(content: PurePath | str, path: str) -> str:
    """A content file as every message names it (check, build, publish, the preview's
    overlay): as from the folder the command runs in, the repository root, so
    `content/classes/…`; a content folder outside it by its full path."""
    # strings, not Paths: every build names each of its problems (a save too, hundreds at L)
    full = os.path.abspath(os.path.join(content, path))
    here = os.getcwd()
    if full == here:
        return "."
    inside = here if here.endswith(os.sep) else here + os.sep
    return full[len(inside) :] if full.startswith(inside) else full


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in the content, named by file (relative to content/) and line.

    A warning is something Homeroom ignores and says so (a header key it does not read): it
    is shown, and does not stop a build or a publish.
    """

    path: str
    line: int | None
    message: str
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"

    def shown(self, content: PurePath | str) -> str:
        """The problem as every message says it: `content/classes/…:line: message`
        (`content`: the content folder)."""
        where = shown_path(content, self.path)
        return f"{where}:{self.line}: {self.message}" if self.line else f"{where}: {self.message}"

    def annotation(self, content: PurePath | str) -> str:
        """A GitHub Actions annotation (`content`: the content folder), shown on the pull
        request's diff at the file and line."""
        path = shown_path(content, self.path)
        line = f",line={self.line}" if self.line else ""
        message = self.message.replace("%", "%25").replace("\n", "%0A")
        return f"::{'warning' if self.warning else 'error'} file={path}{line}::{message}"


class ContentError(Exception):
    """Raised while reading one file; carries the Problem to report."""

    def __init__(self, path: str, line: int | None, message: str):
        super().__init__(message)
        self.problem = Problem(path, line, message)
