"""Content problems: what is wrong, where, and how to fix it, in one line each."""

from dataclasses import dataclass


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

    def annotation(self, content: str) -> str:
        """A GitHub Actions annotation (`content`: the content folder), shown on the pull
        request's diff at the file and line."""
        path = f"{content.rstrip('/')}/{self.path}"
        line = f",line={self.line}" if self.line else ""
        message = self.message.replace("%", "%25").replace("\n", "%0A")
        return f"::{'warning' if self.warning else 'error'} file={path}{line}::{message}"


class ContentError(Exception):
    """Raised while reading one file; carries the Problem to report."""

    def __init__(self, path: str, line: int | None, message: str):
        super().__init__(message)
        self.problem = Problem(path, line, message)
