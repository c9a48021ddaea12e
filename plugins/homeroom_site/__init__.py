"""homeroom_site: writes the HTML pages of the URL contract, and the files they link to.

Signals: `get_generators` adds SiteGenerator, and `generator_init` installs the theme's
filters (and a template loader that reads nothing from outside the theme). In
generate_context it checks that the theme holds no link out of its folder, then plans every
page (so the sitemap plugin can list them); in generate_output it renders each with the
theme's templates through Pelican's Writer, then copies linked media and the favicon.
"""

import glob
import logging
import os
import re
from pathlib import Path

from jinja2 import BaseLoader, TemplateNotFound, pass_context
from markupsafe import Markup
from pelican import signals

from homeroom_audio import recordings_of
from homeroom_output import pages_written
from homeroom_output.generator import HomeroomGenerator
from homeroom_output.pages import PlannedPage, set_pages
from homeroom_photos import photos_of
from homeroom_photos.markup import first_eager
from homeroom_school import config_of, podcasts, replies, slots, urls
from homeroom_school.links import localize
from homeroom_school.model import in_language
from homeroom_school.progress import Progress
from homeroom_school.reading.files import Contained
from homeroom_school.settings import own_origin
from homeroom_video import clips_of

from . import bytecode
from .parallel import render_all
from .planning import Planner
from .qr_codes import CODES, qr

logger = logging.getLogger(__name__)

# Every web page's Content-Security-Policy (a <meta> in base.html, before any resource: GitHub
# Pages sends no header of ours). Only the site itself: its stylesheet and favicon, the family
# page's portfolio.js (WebCrypto) with photos inlined as data: URIs and attachments as data: or
# blob: links, offline.js and the service worker it registers (sw.js, same origin), the search
# page's search.js and Pagefind's bundle, the preview's reload.js and its server-sent events.
# 'wasm-unsafe-eval' lets Pagefind compile its own WebAssembly (fetched from this site): it
# allows no eval() of JavaScript and no inline script. form-action 'self': the search boxes
# send their words to the search page. No inline script or style anywhere (segno's QR codes
# are SVG presentation attributes, not style). frame-ancestors is ignored in a <meta>; the
# email edition (newsletter_email.html) is made for mail clients and has none.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data: blob:; media-src 'self' data: blob:; connect-src 'self'; "
    "font-src 'self'; manifest-src 'self'; worker-src 'self'; base-uri 'none'; "
    "form-action 'self'; object-src 'none'"
)

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "Planner",
    "qr",
    "register",
    "theme_escapes",
    "theme_problems",
]


@pass_context
def href(context, path: str) -> str:
    """A site-root-relative path as a link from the page being rendered."""
    root = context.get("SITEURL") or ""
    return f"{root}/{path}" if root else f"/{path}"


@pass_context
def absolute(context, path: str) -> str:
    """A site-root-relative path as a whole address: for print, email, QR codes."""
    return f"{slots.CONFIG.of(context).absolute_url}/{path}"


@pass_context
def localized(context, html: str) -> Markup:
    """Content HTML with its links made right for this page and its reader's language."""
    school = context["school"]
    library = photos_of(context)
    photo = None
    if library:  # email and feeds know no <picture>: one plain <img> with its size
        photo = library.feed_html if context.get("plain_photos") else library.html
    clips = clips_of(context)  # an email plays no video: its poster links the clip
    clip = None
    if clips:
        clip = clips.feed_html if context.get("plain_photos") else clips.html
    root = context.get("SITEURL") or ""
    return Markup(localize(html, school, context["lang"], root, photo, clip=clip))


@pass_context
def recording(context, shown):
    """The published recording of what `shown` shows (partials/recording.html), or None."""
    library = recordings_of(context)
    return library.of(shown.version) if library else None


@pass_context
def podcast_languages(context, class_id: str) -> tuple[str, ...]:
    """The languages a class has a podcast in (partials/podcast.html)."""
    return podcasts.recorded_languages(context["school"], class_id)


@pass_context
def local(context, text: dict, school_class=None) -> str:
    """A per-language text from class.yml in the page's language (or the class's first)."""
    fallbacks = school_class.languages if school_class else ()
    return in_language(text, context["lang"], fallbacks)


@pass_context
def class_part(context, name: str) -> Markup:
    """A partial that shows only the page's class and language (partials/contact.html),
    rendered once a build for each class and language, not again on each of its pages; what
    it would have given where included, byte for byte (`homeroom_class_parts` keeps them)."""
    made = context.environment.globals["homeroom_class_parts"]
    key = (name, context["school_class"].id, context.get("lang"), context.eval_ctx.autoescape)
    part = made.get(key)
    if part is None:
        rendered = context.environment.get_template(name).render(context.get_all())
        part = made[key] = Markup(rendered) if context.eval_ctx.autoescape else rendered
    return part


@pass_context
def open_signups(context, shown):
    """An event's sign-ups while it can still be booked (not over by the build's date), else
    None: summaries and booking links show only then."""
    signups = shown.signups
    if not signups or shown.when.is_over(slots.CONFIG.of(context).today):
        return None
    return signups


EXTENSION = re.compile(r"(?i)\s*(?:ext\.?|x)\s*(?=\d)")


def tel(phone: str) -> str:
    """A tel: link for a written phone number; an extension ('ext. 218') is dialled after ','."""
    number, extension = ([*EXTENSION.split(phone, maxsplit=1), ""])[:2]
    digits = re.sub(r"[^0-9+]", "", number)
    extra = re.sub(r"[^0-9]", "", extension)
    return f"tel:{digits},{extra}" if extra else f"tel:{digits}"


def first_of_kind(page: PlannedPage) -> str:
    """Pages rendered before the workers fork, one of each kind, so that they inherit each
    template compiled (the QR codes are made before, on every core: `qr_addresses`)."""
    return page.template


def qr_addresses(pages: list[PlannedPage], absolute_url: str) -> set[str]:
    """What newsletter.html shows as QR codes: its class's page and calendar, whole."""
    found = set()
    for page in pages:
        if page.template == "newsletter":
            found.add(f"{absolute_url}/{page.vars['class_url']}")
            found.add(page.vars["calendar_url"])
    return found


def theme_escapes(theme: Path) -> list[Path]:
    """Every file or folder in the theme that is a link to somewhere outside it, sorted.

    The theme's folders are walked without following links: a linked folder is one entry,
    checked once, and nothing behind a link out of the theme is ever listed or read."""
    inside = Contained(theme, "theme")
    found = []
    for folder, folders, files in os.walk(inside.real):
        folders.sort()
        for name in (*folders, *files):
            path = Path(folder, name)
            if path.is_symlink() and not inside.holds(path):
                found.append(path)
    return sorted(found)


def shown(path: Path) -> str:
    """A path as the person running the build knows it: from where they are, if inside."""
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


class InsideTheme(BaseLoader):
    """The environment's loader, refusing any template of the theme that resolves outside the
    theme's folder (before it is read): the build's check names it as an error."""

    def __init__(self, loader: BaseLoader, theme: Path):
        self.loader = loader
        self.theme = Contained(theme, "theme")
        self.templates = theme / "templates"

    def get_source(self, environment, template):
        candidate = self.templates / template
        if os.path.lexists(candidate) and not self.theme.holds(candidate):
            raise TemplateNotFound(template)
        return self.loader.get_source(environment, template)

    def list_templates(self):
        return self.loader.list_templates()


def theme_problems(escapes: list[Path], theme: Path) -> list[str]:
    """One line for each link out of the theme folder (`theme_escapes`): build and check."""
    return [
        f"{shown(path)}: links to {os.readlink(path)}, outside the theme folder {shown(theme)}; "
        "a theme may only use its own files: put the file itself there instead of a link"
        for path in escapes
    ]


def check_theme(theme: Path, settings: dict) -> None:
    """Log an error for every link out of the theme folder, and keep Pelican from copying it
    (its copy of the theme's static files follows links): once per build, before any output."""
    escapes = theme_escapes(theme)
    for problem in theme_problems(escapes, theme):
        logger.error("%s", problem)
    if escapes:
        # Pelican's copy skips a file or folder by its name: these are never copied.
        names = sorted({glob.escape(path.name) for path in escapes})
        settings["IGNORE_FILES"] = [*settings.get("IGNORE_FILES", []), *names]


class SiteGenerator(HomeroomGenerator):
    """Plans and writes every HTML page of the school."""

    def generate_context(self) -> None:
        check_theme(Path(self.theme), self.settings)
        school = self.school
        planner = Planner(school, self.config, self.newsletters)
        # In the preview, a class whose inputs did not change keeps last build's pages, and
        # none of them is keyed or rendered again (a full build plans every class).
        outputs = self.outputs
        pages = planner.school_level()
        for school_class in school.classes.values():
            name = ("class pages", school_class.id)
            planned = outputs.derive(
                name, planner.class_inputs(school_class), planner.class_pages, school_class
            )
            if outputs.was_derived_before(name):
                outputs.reuse(planned)
            pages += planned
        set_pages(self.context, pages)

    def generate_output(self, writer) -> None:
        school = self.school
        relative = self.settings.get("RELATIVE_URLS", False)
        output = Path(self.output_path)
        pages = self.pages
        progress = Progress("Pages", len(pages))
        outputs = self.outputs

        def render(page: PlannedPage) -> None:
            writer.write_file(
                page.save_as,
                self.get_template(page.template),
                self.context,
                relative_urls=relative,
                page=page,
                lang=page.lang,
                school=school,
                **page.vars,
            )

        if outputs.memory is None:  # a full build: every page is new, rendered on every core
            outputs.writes.settle()  # no write thread runs: the QR codes' workers may fork
            CODES.make_all(qr_addresses(pages, self.config.absolute_url), self.config.workers)
            outputs.writes.make_folders(
                dict.fromkeys((output / page.save_as).parent for page in pages)
            )
            workers = self.config.workers
            render_all(
                pages, render, workers, progress.step, kind=first_of_kind, writes=outputs.writes
            )
        else:
            for page in pages:
                progress.step()
                save_as = page.save_as
                if outputs.unchanged_reused(save_as, page) or outputs.unchanged(save_as, page):
                    continue  # made from the same inputs last time
                render(page)
                outputs.written(page.save_as)
        pages_written(self.context)  # the search index may start on them now
        for published, source in school.media.items():
            outputs.copy(published, Path(self.path) / source)
        favicon = Path(self.theme) / "static" / "favicon.ico"
        if favicon.is_file() and Contained(Path(self.theme), "theme").holds(favicon):
            outputs.copy("favicon.ico", favicon)


def get_generators(pelican):
    return SiteGenerator


def install_filters(generator) -> None:
    """The theme's helpers, in every generator's environment (portfolio pages use them too),
    and one store of compiled templates for all of them."""
    generator.env.bytecode_cache = bytecode.SHARED
    # An environment lives for one build (the preview makes new ones at every rebuild): Jinja
    # need not look at a template file's time each time a page includes or extends it.
    generator.env.auto_reload = False
    if not isinstance(generator.env.loader, InsideTheme):
        generator.env.loader = InsideTheme(generator.env.loader, Path(generator.theme))
    generator.env.filters.update(
        {"href": href, "localized": localized, "tel": tel, "qr": qr, "absolute": absolute}
    )
    # base.html's main block: its first photo loads at once, first (the page's largest paint)
    generator.env.filters["first_photo_eager"] = lambda html: Markup(first_eager(str(html)))
    # href and absolute as functions too: partials are told how to link (newsletter_content)
    generator.env.globals.update({"local": local, "site_link": href, "full_link": absolute})
    # a post's recording and its class's podcasts (partials/recording.html, podcast.html)
    generator.env.globals.update({"recording": recording, "podcast_languages": podcast_languages})
    # the URL contract itself, so no template spells a path: urls.lang_home(lang)|href
    generator.env.globals["urls"] = urls
    # booking by reply: mailto: and sms: links with the subject and body percent-encoded
    generator.env.globals.update({"mailto_link": replies.mailto, "sms_link": replies.sms})
    generator.env.filters["open_signups"] = open_signups
    # a class's contact card, once per class and language (an environment lives one build)
    generator.env.globals.update({"class_part": class_part, "homeroom_class_parts": {}})
    # offline.js (registers sw.js) only on a site with an origin of its own (README:
    # "Reading without a connection"): on a shared origin other sites could read the cache
    generator.env.globals["offline_reader"] = own_origin(config_of(generator.context).site_url)
    # base.html's <meta http-equiv="Content-Security-Policy">: as it is, quotes and all
    generator.env.globals["content_security_policy"] = Markup(CONTENT_SECURITY_POLICY)


def register():
    # get_generators: our pages are a generator of their own, so Pelican's Writer writes
    # them (RELATIVE_URLS, content_written and other plugins all apply).
    signals.get_generators.connect(get_generators)
    # generator_init: every generator that renders the theme gets the same filters.
    signals.generator_init.connect(install_filters)
