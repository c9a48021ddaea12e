"""Who may see what of a portfolio: pure decisions, no rendering, no files written.

A student is never public as a whole: their page is `family` (encrypted for the family) or
`link` (plain, at an unguessable address), the narrowest visibility of the student and of every
entry on it that is not public. A page is refused (and logged, so that publish fails) when the
site secret is missing, a family page has no passphrase outside a preview, or, in a strict
build, its passphrase is the demo's or too weak. A page shows only its own student's entries,
so only the photos those entries use; an attached file must be a file of the content folder.
"""

import logging
from dataclasses import dataclass
from pathlib import Path

from homeroom_school.model import VISIBILITIES, PhotoUse, School, Student
from homeroom_school.problems import shown_path
from homeroom_school.reading.files import Contained
from homeroom_school.settings import setting

from . import crypto
from .keys import (
    Household,
    KeysError,
    demo_passphrases,
    keys_file_problem,
    load_keys,
    passphrase_problem,
    secret_problem,
)
from .retention import ended_portfolios

logger = logging.getLogger(__name__)

VISIBILITY_VALUES = ("public", "private", "internal")  # GitHub's repository visibilities


@dataclass(frozen=True)
class PortfolioPage:
    student: Student
    token: str
    mode: str  # "family" (encrypted) or "link" (plain, unlisted)
    households: tuple[Household, ...] = ()  # family pages; none in a preview without keys

    @property
    def passphrases(self) -> tuple[str, ...]:
        return tuple(household.passphrase for household in self.households)

    @property
    def locked(self) -> bool:
        """Encrypted: a family page with its households' passphrases."""
        return self.mode == "family" and bool(self.households)

    @property
    def unlocked_preview(self) -> bool:
        """A family page shown plain: a local preview without keys (publish refuses it)."""
        return self.mode == "family" and not self.households


def page_mode(school: School, student: Student) -> str:
    """The narrowest visibility of the student (family or link) and of every entry shown on
    the page that is not public: family or link."""
    modes = [student.visibility] + [
        item.visibility
        for item in school.entries.get(student.key, [])
        if item.visibility != "public"
    ]
    return min(modes, key=VISIBILITIES.index)


def refusal(
    student: Student,
    mode: str,
    secret: str,
    households: tuple[Household, ...],
    preview: bool,
    demo: frozenset | None,
) -> str | None:
    """Why this student's page cannot be written (the message after its file's path), or None.

    `demo`, in a strict build (publish): the demo's passphrases; a household's passphrase that
    is one of them, or too short or too plain (keys.passphrase_problem), is refused."""
    if not secret:
        return (
            f"{student.key} has a {mode} portfolio, but HOMEROOM_SECRET is not set; set it as a "
            "secret of the environment homeroom (README, Secrets; its portfolio addresses are "
            "made from it)"
        )
    if mode != "family":
        return None
    if not households:
        if preview:
            return None
        return (
            f"{student.key} has a family portfolio but no passphrase in HOMEROOM_FAMILY_KEYS; "
            f"add a line `{student.key}: <four random words>`; nothing of it is published "
            "until then"
        )
    if demo is None:
        return None
    problems = (
        passphrase_problem(household_label(student.key, number, len(households)), phrase, demo)
        for number, (phrase, _) in enumerate(households, 1)
    )
    problem = next((problem for problem in problems if problem), None)
    return f"{problem}; nothing of it is published until then" if problem else None


def household_label(student_key: str, number: int, count: int) -> str:
    """How a message names one household of a student: by its place in the list, never by its
    passphrase (`grade-3b/ana (household 2)`), or the student alone when there is one."""
    return student_key if count == 1 else f"{student_key} (household {number})"


def plan_portfolios(
    school: School,
    secret: str,
    keys: dict,
    preview: bool,
    demo: frozenset | None = None,
    *,
    content: Path,
    ended: set | frozenset = frozenset(),
) -> list[PortfolioPage]:
    """Every portfolio page to write, or log why one cannot be (publish then fails); a
    student.yml named from the repository root (`content`: the content folder). A student of
    a class in `ended` (past its retention schedule) has none, and needs no secret."""
    pages = []
    for student in school.students.values():
        if student.class_id in ended:
            continue
        mode = page_mode(school, student)
        households = keys.get(student.key, ())
        refused = refusal(student, mode, secret, households, preview, demo)
        if refused:
            logger.error("%s: %s", shown_path(content, student.source), refused)
            continue
        page_token = crypto.token(secret, student.key)
        pages.append(PortfolioPage(student, page_token, mode, households))
    return pages


def plan_build(school: School, config, settings: dict, base: Path) -> list[PortfolioPage]:
    """The pages a build writes: in a preview, every page it can (the demo's DEMO-ONLY secret
    and keys are fine there); in a strict build (publish), none while publish_problems says
    why, else every page whose passphrase publish accepts. Each refusal is logged. A class
    past its retention schedule (retention) has none, in a preview as in publish."""
    content, secret = config.content_path, config.secret
    ended = ended_portfolios(school, config.today, config.retention_days, content)
    try:
        keys = load_keys(config.family_keys, base)
    except KeysError as error:
        logger.error("%s", error)
        keys = {}
    if config.preview:
        return plan_portfolios(school, secret, keys, True, content=content, ended=ended)
    refused = publish_problems(school, settings, base)
    for problem in refused:
        logger.error("%s; nothing of the portfolios is published until then", problem)
    demo = demo_passphrases()
    pages = plan_portfolios(school, secret, keys, False, demo, content=content, ended=ended)
    return [] if refused else pages


def publish_problems(school: School, settings: dict, base: Path) -> list[str]:
    """Why a strict build publishes no portfolio at all: the sources are public (or, in GitHub
    Actions, not known to be private), the site secret is weak or the demo's, or the keys are
    the demo's file. Nothing, for a school without family or link portfolios."""
    private = list(school.students)  # every student has a family or link page
    if not private:
        return []
    problems = []
    visibility = setting(settings, "HOMEROOM_REPOSITORY_VISIBILITY").strip().lower()
    named = ", ".join(private[:3]) + (f" and {len(private) - 3} more" if len(private) > 3 else "")
    if visibility == "public":
        problems.append(
            f"the repository is public, and {named} have family or link portfolios: their "
            "sources (entries, names, original photos with their GPS position) would be "
            "readable by anyone; make the repository private (see the README's set-up), or "
            "remove the portfolios"
        )
    elif visibility and visibility not in VISIBILITY_VALUES:
        problems.append(
            f"HOMEROOM_REPOSITORY_VISIBILITY is {visibility!r}; it must be public, private or "
            "internal (as GitHub Actions' github.event.repository.visibility says)"
        )
    elif not visibility and setting(settings, "HOMEROOM_REQUIRE_VISIBILITY"):
        problems.append(
            f"this publish runs in GitHub Actions, {named} have family or link portfolios, and "
            "HOMEROOM_REPOSITORY_VISIBILITY is not set, so nothing says the repository is "
            "private; pass it to `invoke publish` as .github/workflows/publish.yml does "
            "(HOMEROOM_REPOSITORY_VISIBILITY: ${{ github.event.repository.visibility }})"
        )
    secret = setting(settings, "HOMEROOM_SECRET")
    if secret:  # an empty one: plan_portfolios names every student who needs it
        problems.append(secret_problem(secret))
    problems.append(keys_file_problem(setting(settings, "HOMEROOM_FAMILY_KEYS"), base))
    return [problem for problem in problems if problem]


def entry_files(school: School, student: Student) -> frozenset[str]:
    """The Markdown files of the student's entries (every language), relative to content/."""
    return frozenset(
        version.source
        for item in school.entries.get(student.key, [])
        for version in item.versions.values()
    )


def student_photos(school: School, student: Student) -> list[PhotoUse]:
    """The photos the student's page shows: those its own entries use, never another's."""
    files = entry_files(school, student)
    return [use for use in school.photos.values() if use.used_in in files]


def attached_file(content: Path, source: str) -> Path | None:
    """The file an entry attaches, or None when it is missing or outside the content folder
    (a link made to reach `../secrets.yml` is never inlined)."""
    path = content / source
    if not Contained(content).holds(path) or not path.is_file():
        return None
    return path
