"""homeroom_portfolio: each child's portfolio, for that child's family only.

Signals: `get_generators` adds PortfolioGenerator, the wiring of the modules beside it.
generate_context plans, per student, which page to make (policy: none, `link`: plain and
unlisted, `family`: encrypted) and checks the secrets; generate_output renders the page body
(rendering), locks it (crypto: AES-256-GCM once, its key wrapped for each household's
passphrase) and writes
/portfolio/<token>/ through Pelican's Writer. `invoke portfolio-export` (export) and the
printable cards (setup, cards) use the same policy without building the site.
"""

from dataclasses import replace
from functools import partial
from pathlib import Path

from pelican import signals

from homeroom_audio import recordings_of
from homeroom_output import memo_of
from homeroom_output.generator import HomeroomGenerator
from homeroom_output.memo import PreviewMemo
from homeroom_output.pages import PlannedPage
from homeroom_school import urls
from homeroom_site.parallel import render_all
from homeroom_video import clips_of

from . import crypto
from .deriving import Derivation
from .keys import KeysError, load_keys
from .policy import PortfolioPage, plan_build
from .rendering import made_attachment, page_values, render_body

__all__ = ["PortfolioGenerator", "register"]


class PortfolioGenerator(HomeroomGenerator):
    """Writes every student's portfolio page: plain for `link`, encrypted for `family`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.derived: dict = {}  # a full build's household keys, by keys_name
        self.derivation = self.start_derivation()

    def start_derivation(self) -> Derivation | None:
        """A full build on every core: every household key of HOMEROOM_FAMILY_KEYS derived
        from before the school is read, beside the build, on the cores it leaves idle
        (PBKDF2 is slow on purpose: deriving.py). None for the preview, which keeps its keys,
        and for one worker."""
        config = self.config
        if isinstance(memo_of(self.settings), PreviewMemo) or config.workers <= 1:
            return None
        try:
            keys = load_keys(config.family_keys, Path.cwd())
        except KeysError:
            return None  # plan_build says why
        classes = Path(self.path) / config.classes_path
        wanted = {}
        for student, households in sorted(keys.items()):
            if not (classes / student.split("/", 1)[0]).is_dir():
                continue  # a class this school does not have (the demo's keys): no page needs it
            salt = crypto.salt(config.secret, student)
            for household in households:
                wanted[crypto.keys_name(household.passphrase, salt)] = (household.passphrase, salt)
        return Derivation(wanted, config.workers)

    def generate_context(self) -> None:
        self.portfolios = plan_build(self.school, self.config, self.settings, Path.cwd())

    def generate_output(self, writer) -> None:
        self.writer = writer
        outputs = self.outputs
        if outputs.memory is None:  # a full build: the keys derived beside it, pages on every core
            if self.derivation is not None:
                locked = [page for page in self.portfolios if page.locked]
                names = [name for page in locked for name in self.keys_names(page)]
                self.derived = self.derivation.keys(names)
            workers = self.config.workers
            render_all(self.portfolios, self.write, workers, least=8, writes=outputs.writes)
            return
        for portfolio in self.portfolios:
            student = portfolio.student
            # its parts, not the PortfolioPage made afresh each build: the same student,
            # entries and class as last build need no digest (made_of_same_objects)
            entries = self.school.entries.get(student.key, [])
            school_class = self.school.classes[student.class_id]
            inputs = (student, portfolio.token, portfolio.mode, portfolio.passphrases)
            save_as = self.page(portfolio).save_as
            if not outputs.unchanged(save_as, *inputs, entries, school_class):
                self.write(portfolio)
                outputs.written(save_as)
            elif portfolio.locked:
                for name in self.keys_names(portfolio):
                    outputs.memory.portfolio_keys.get(name)  # still used

    def page(self, portfolio: PortfolioPage) -> PlannedPage:
        url = urls.portfolio(portfolio.token)
        lang = portfolio.student.lang
        return PlannedPage(url=url, lang=lang, template="portfolio", title="", in_sitemap=False)

    def keys_names(self, portfolio: PortfolioPage) -> list[tuple[int, str]]:
        salt = crypto.salt(self.config.secret, portfolio.student.key)
        return [crypto.keys_name(passphrase, salt) for passphrase in portfolio.passphrases]

    def keys(self, portfolio: PortfolioPage) -> list[bytes]:
        """Each household's key: derived beside a full build (deriving.py), else one PBKDF2
        each here (slow on purpose); the preview keeps them between rebuilds."""
        memory = self.outputs.memory
        # a full build's keys were derived beside it (deriving.py), or are derived here
        known = memory.portfolio_keys if memory is not None else self.derived
        salt = crypto.salt(self.config.secret, portfolio.student.key)
        keys = []
        for passphrase, name in zip(portfolio.passphrases, self.keys_names(portfolio), strict=True):
            key = known.get(name)  # a memo's get marks the key still used
            if key is None:
                key = known[name] = crypto.household_key(passphrase, salt)
            keys.append(key)
        return keys

    def write(self, portfolio: PortfolioPage) -> None:
        """One student's page: encrypted (family), or plain (link, or a preview without keys)."""
        relative = self.settings.get("RELATIVE_URLS", False)
        root = "../.." if relative else self.config.site_url
        library = self.photos
        photo = library.inline_html if library else None
        template = self.get_template("portfolio_body")
        content = self.config.content_path
        student, locked = portfolio.student, portfolio.locked
        clips = clips_of(self.context)
        clip = clips.inline_html if clips else None
        # attached recordings and clips, made before any page by homeroom_audio and _video
        made = partial(made_attachment, recordings_of(self.context), clips)
        body = render_body(
            template, self.context, self.school, student, root, photo, content, locked, clip, made
        )
        lang, values = page_values(portfolio, body, self.config, self.school.languages, self.keys)
        page = replace(self.page(portfolio), lang=lang)
        template = self.get_template("portfolio")
        self.writer.write_file(
            page.save_as,
            template,
            self.context,
            relative_urls=relative,
            page=page,
            lang=page.lang,
            school=self.school,
            **values,
        )


def get_generators(pelican):
    return PortfolioGenerator


def register():
    # get_generators: portfolio pages are written from the school model, by our Writer call,
    # never listed in HOMEROOM_PAGES: so no sitemap, feed or other page can name them.
    signals.get_generators.connect(get_generators)
