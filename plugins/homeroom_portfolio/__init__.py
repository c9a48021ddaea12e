"""homeroom_portfolio: each child's portfolio, for that child's family only.

Signals: `get_generators` adds PortfolioGenerator. generate_context decides, per student,
which page to make (none, `link`: plain and unlisted, `family`: encrypted) and checks the
secrets; generate_output renders the page body, encrypts it (AES-256-GCM under a key from
the family's passphrase) and writes /portfolio/<token>/ through Pelican's Writer.
"""

import hashlib
import json
import logging
import mimetypes
import re
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote

from jinja2 import pass_context
from markupsafe import Markup, escape
from pelican import signals

from homeroom_output.generator import HomeroomGenerator
from homeroom_output.pages import PlannedPage
from homeroom_school import urls
from homeroom_school.files import Contained
from homeroom_school.links import localize
from homeroom_school.model import VISIBILITIES, School, Student, in_language
from homeroom_school.problems import shown_path
from homeroom_school.settings import own_origin, setting
from homeroom_school.views import show
from homeroom_site.parallel import render_all

from . import crypto
from .keys import (
    KeysError,
    demo_passphrases,
    keys_file_problem,
    load_keys,
    passphrase_problem,
    secret_problem,
)

logger = logging.getLogger(__name__)

__all__ = ["PortfolioPage", "plan_portfolios", "publish_problems", "register"]


@dataclass(frozen=True)
class PortfolioPage:
    student: Student
    token: str
    mode: str  # "family" (encrypted) or "link" (plain, unlisted)
    passphrase: str | None  # family pages; None in a preview without keys


def page_mode(school: School, student: Student) -> str:
    """The narrowest visibility of the student (family or link) and of every entry shown on
    the page that is not public: family or link."""
    modes = [student.visibility] + [
        item.visibility
        for item in school.entries.get(student.key, [])
        if item.visibility != "public"
    ]
    return min(modes, key=VISIBILITIES.index)


def plan_portfolios(
    school: School,
    secret: str,
    keys: dict,
    preview: bool,
    demo: frozenset | None = None,
    *,
    content: Path,
) -> list:
    """Every portfolio page to write, or log why one cannot be (publish then fails); a
    student.yml named from the repository root (`content`: the content folder).

    `demo`, in a strict build (publish): the demo's passphrases; a family's passphrase that is
    one of them, or too short or too plain (keys.passphrase_problem), is refused."""
    pages = []
    for student in school.students.values():
        mode = page_mode(school, student)  # a student is never public as a whole
        source = shown_path(content, student.source)
        if not secret:
            logger.error(
                "%s: %s has a %s portfolio, but HOMEROOM_SECRET is not set; set it as a secret "
                "of the environment homeroom (README, Secrets; its portfolio addresses are made "
                "from it)",
                source,
                student.key,
                mode,
            )
            continue
        passphrase = keys.get(student.key)
        if mode == "family" and passphrase is None and not preview:
            logger.error(
                "%s: %s has a family portfolio but no passphrase in HOMEROOM_FAMILY_KEYS; add "
                "a line `%s: <four random words>`; nothing of it is published until then",
                source,
                student.key,
                student.key,
            )
            continue
        problem = None
        if mode == "family" and passphrase is not None and demo is not None:
            problem = passphrase_problem(student.key, passphrase, demo)
        if problem:
            logger.error("%s: %s; nothing of it is published until then", source, problem)
            continue
        pages.append(PortfolioPage(student, crypto.token(secret, student.key), mode, passphrase))
    return pages


VISIBILITY_VALUES = ("public", "private", "internal")


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


def goal_progress(school: School, student: Student, lang: str) -> list[tuple[str, int]]:
    """(goal text in the family's language, how many entries give evidence of it)."""
    school_class = school.classes[student.class_id]
    entries = school.entries.get(student.key, [])
    progress = []
    for goal_id, text in school_class.goals.items():
        count = sum(1 for item in entries if goal_id in item.original.goals)
        progress.append((in_language(text, lang, school_class.languages), count))
    return progress


ATTACHMENT_HREF = re.compile(r'href="(\{hr-attachment:([^}"]*)\})"')
MIME_TYPES = mimetypes.MimeTypes()  # Python's own table only: the same on every machine


def with_download(html: str) -> str:
    """Attachment links carry `download="<file name>"`: they save the file under its name."""

    def add(match: re.Match) -> str:
        name = unquote(match.group(2)).rsplit("/", 1)[-1]
        return f'href="{match.group(1)}" download="{escape(name)}"'

    return ATTACHMENT_HREF.sub(add, html)


class PortfolioGenerator(HomeroomGenerator):
    """Writes every student's portfolio page: plain for `link`, encrypted for `family`."""

    def generate_context(self) -> None:
        secret = self.config.secret
        try:
            keys = load_keys(self.config.family_keys, Path.cwd())
        except KeysError as error:
            logger.error("%s", error)
            keys = {}
        if self.config.preview:  # the demo's DEMO-ONLY secret and keys are fine here
            content = self.config.content_path
            self.portfolios = plan_portfolios(self.school, secret, keys, True, content=content)
            return
        # A strict build (publish): the secrets policy, then every page or why not.
        refused = publish_problems(self.school, self.settings, Path.cwd())
        for problem in refused:
            logger.error("%s; nothing of the portfolios is published until then", problem)
        self.portfolios = plan_portfolios(
            self.school, secret, keys, False, demo_passphrases(), content=self.config.content_path
        )
        if refused:
            self.portfolios = []

    def body(self, student: Student, root: str, locked: bool = False) -> str:
        """The portfolio, photos and attached files inlined: what a family page encrypts, what
        an export keeps. `locked`: a family page's (in a block of the family's language, with
        its "Forget on this device" button)."""
        library = self.photos
        lang = student.lang
        photo = library.inline_html if library else None

        @pass_context
        def inline(context, html: str) -> Markup:
            html = with_download(html)
            return Markup(localize(html, self.school, lang, root, photo, self.attachment))

        self.env.filters["portfolio_html"] = inline
        return self.get_template("portfolio_body").render(
            {
                **self.context,
                "SITEURL": root,
                "lang": lang,
                "school": self.school,
                "student": student,
                "school_class": self.school.classes[student.class_id],
                "entries": [show(self.school, i, lang) for i in self.school.entries[student.key]],
                "progress": goal_progress(self.school, student, lang),
                "locked": locked,
            }
        )

    def attachment(self, source: str, prefix: str) -> str:
        """A file an entry links (a PDF, a recording), inlined as a data: URL: it is never a
        file of the site, and on a family page it is encrypted with the rest."""
        path = self.config.content_path / source
        if not Contained(self.config.content_path).holds(path) or not path.is_file():
            logger.error(
                "%s: the attached file is missing or outside the content folder",
                shown_path(self.config.content_path, source),
            )
            return "#"
        mime = MIME_TYPES.guess_type(path.name)[0] or "application/octet-stream"
        return f"data:{mime};base64,{crypto.b64(path.read_bytes())}"

    def generate_output(self, writer) -> None:
        export = setting(self.settings, "HOMEROOM_EXPORT")
        if export:
            self.export(export["student"], Path(export["path"]))
            return
        self.writer = writer
        outputs = self.outputs
        if outputs.memo is None:  # a full build: PBKDF2 is slow on purpose, so on every core
            workers = self.config.workers
            render_all(self.portfolios, self.write, workers, least=8, writes=outputs.writes)
            return
        for portfolio in self.portfolios:
            student = portfolio.student
            # its parts, not the PortfolioPage made afresh each build: the same student,
            # entries and class as last build need no digest (Outputs.same_inputs)
            inputs = (student, portfolio.token, portfolio.mode, portfolio.passphrase,
                      self.school.entries.get(student.key, []),
                      self.school.classes[student.class_id])  # fmt: skip
            save_as = self.page(portfolio).save_as
            if not outputs.fresh(save_as, *inputs):
                self.write(portfolio)
                outputs.made(save_as)
            elif portfolio.mode == "family" and portfolio.passphrase:
                self.config.memo.portfolio_keys.get(self.keys_name(portfolio))  # still used

    def keys_name(self, portfolio: PortfolioPage) -> tuple[int, str]:
        """Where the preview's memo keeps this page's derived keys: by format and a digest of
        the passphrase and salt (never the passphrase itself)."""
        salt = crypto.salt(self.config.secret, portfolio.student.key)
        return crypto.VERSION, hashlib.sha256(portfolio.passphrase.encode() + salt).hexdigest()

    def page(self, portfolio: PortfolioPage) -> PlannedPage:
        url = urls.portfolio(portfolio.token)
        lang = portfolio.student.lang
        return PlannedPage(url=url, lang=lang, template="portfolio", title="", in_sitemap=False)

    def write(self, portfolio: PortfolioPage) -> None:
        """One student's page: encrypted (family), or plain (link, or a preview without keys)."""
        relative = self.settings.get("RELATIVE_URLS", False)
        root = "../.." if relative else self.config.site_url
        locked = bool(portfolio.mode == "family" and portfolio.passphrase)
        body = self.body(portfolio.student, root, locked)
        extra = {"body": Markup(body), "preview": False, "locked": None}
        page = self.page(portfolio)
        if locked:
            extra["locked"] = self.lock(portfolio, body)
            extra["body"] = None
            # The shell speaks the school's language and offers every language of the site:
            # the family's, or the class's, could tell who the child is or which class.
            page = replace(page, lang=self.config.default_lang)
            extra["locked_langs"] = list(dict.fromkeys([page.lang, *self.school.languages]))
            can = own_origin(self.config.site_url)
            extra["remember_days"] = self.config.remember_days if can else 0
        elif portfolio.mode == "family":
            extra["preview"] = True  # a local preview only: publish refuses this case
        self.writer.write_file(
            page.save_as,
            self.get_template("portfolio"),
            self.context,
            relative_urls=relative,
            page=page,
            lang=page.lang,
            school=self.school,
            **extra,
        )

    def export(self, student_key: str, folder: Path) -> None:
        """A portfolio that opens offline from the disk: one HTML file, styles and photos inside."""
        student = self.school.students.get(student_key)
        if student is None:
            logger.error(
                "no student %s; students: %s", student_key, ", ".join(self.school.students)
            )
            return
        css = (Path(self.theme) / "static" / "css" / "homeroom.css").read_text(encoding="utf-8")
        html = self.get_template("portfolio_export").render(
            {
                **self.context,
                "lang": student.lang,
                "school": self.school,
                "css": Markup(css),
                "body": Markup(self.body(student, self.config.absolute_url)),
            }
        )
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(html, encoding="utf-8")

    def lock(self, portfolio: PortfolioPage, body: str) -> str:
        """The page body, padded and encrypted, as the JSON our script reads (format 2)."""
        salt = crypto.salt(self.config.secret, portfolio.student.key)
        memo = self.config.memo  # the preview's, between rebuilds: PBKDF2 is slow on purpose
        known = memo.portfolio_keys if memo is not None else {}
        keys = known.get(self.keys_name(portfolio))
        if keys is None:
            keys = crypto.derive_keys(portfolio.passphrase, salt)
            known[self.keys_name(portfolio)] = keys
        nonce, ciphertext = crypto.encrypt(keys, body.encode())
        return json.dumps(
            {
                "v": crypto.VERSION,
                "kdf": "PBKDF2-SHA256, HKDF-SHA256",
                "iterations": crypto.ITERATIONS,
                "info": crypto.AES_INFO,
                "salt": crypto.b64(salt),
                "iv": crypto.b64(nonce),
                "data": crypto.b64(ciphertext),
            },
            sort_keys=True,
        )


def get_generators(pelican):
    return PortfolioGenerator


def register():
    # get_generators: portfolio pages are written from the school model, by our Writer call,
    # never listed in HOMEROOM_PAGES: so no sitemap, feed or other page can name them.
    signals.get_generators.connect(get_generators)
