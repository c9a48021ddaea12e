"""`invoke year-end --class C`: each family's copy of its portfolio, then the sources gone.

In this order, so that nothing is lost: every household's export planned (a family portfolio
without a passphrase stops it all, before anything is written), every export written (locked
with that household's passphrase, as its family page is), and only then the class's
`portfolio/` folder removed from the working tree. What is left to do by hand (commit, purge
the history, delete the secrets) is said, never done: a history rewrite is the school's call.
"""

import shutil
from dataclasses import dataclass
from pathlib import Path

from homeroom_school.model import School, Student

from .export import Lock, export_html, write_export
from .keys import households
from .policy import page_mode

SENSITIVE_DATA_DOCS = (
    "https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/"
    "removing-sensitive-data-from-a-repository"
)


class YearEndError(ValueError):
    """The year cannot be ended; the message says why, and that nothing was changed."""


@dataclass(frozen=True)
class Handover:
    """One household's copy of a student's portfolio."""

    student: Student
    folder: str  # the export's folder name: class-student, and -household-N when several
    passphrase: str | None  # None: a link portfolio without one, handed over as it is


def handovers(school: School, class_id: str, keys: dict) -> list[Handover]:
    """Every copy to write for the class: one per household of each student. A family
    portfolio without a passphrase is a YearEndError naming every such student."""
    students = [s for s in school.students.values() if s.class_id == class_id]
    missing = [
        student.key
        for student in students
        if page_mode(school, student) == "family" and not households(keys, student.key)
    ]
    if missing:
        raise YearEndError(
            f"{', '.join(missing)}: a family portfolio with no passphrase in "
            "HOMEROOM_FAMILY_KEYS, so no copy can be locked for the family; set the keys "
            "(README, Secrets) and run it again"
        )
    copies = []
    for student in students:
        name = student.key.replace("/", "-")
        phrases = households(keys, student.key) or (None,)
        for number, passphrase in enumerate(phrases, start=1):
            folder = name if len(phrases) == 1 else f"{name}-household-{number}"
            copies.append(Handover(student, folder, passphrase))
    return copies


def write_handover(settings: dict, config, school: School, copy: Handover, output: Path) -> Path:
    """The copy's <output>/<folder>/index.html, locked with its household's passphrase (the
    salt made as the family page's is, from the site secret and the student)."""
    lock = None
    if copy.passphrase is not None:
        lock = Lock(copy.passphrase, config.secret)
    html = export_html(settings, config, school, copy.student, lock)
    return write_export(html, output / copy.folder)


def remove_sources(portfolio: Path) -> int:
    """Remove the class's portfolio folder from the working tree; how many files it had."""
    count = sum(1 for path in portfolio.rglob("*") if path.is_file())
    shutil.rmtree(portfolio)
    return count


def what_is_left(portfolio: str, students: list[str]) -> str:
    """What the school still has to do, by hand: commit the removal, purge the history
    (GitHub's page, by its name), delete the families' passphrases."""
    return "\n".join(
        [
            "What is left to do:",
            f"1. Commit the removal: git add -A {portfolio} && "
            f'git commit -m "Year end: remove {portfolio}"',
            "2. The portfolios are still in the repository's history. Purge them as GitHub's "
            f'"Removing sensitive data from a repository" says ({SENSITIVE_DATA_DOCS}):',
            f"   git filter-repo --invert-paths --path {portfolio}",
            "   then force-push, and ask GitHub Support to remove cached views, as that page "
            "explains.",
            "3. Delete these lines from the secret HOMEROOM_FAMILY_KEYS (Settings, Environments, "
            "homeroom): " + ", ".join(students),
        ]
    )
