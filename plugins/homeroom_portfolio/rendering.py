"""A student's portfolio rendered: the body a family page encrypts and an export keeps.

The entries' HTML still holds link tokens ({hr-photo:…}, {hr-attachment:…}); `Inline`, bound
to one student's page, turns them into addresses for that page, photos and attached files
inlined as data: URLs, and the template calls it (`{{ inline(shown.body) }}`): nothing in the
shared Jinja environment changes from one student to the next. An attached recording or clip
is inlined as its pipeline made it (homeroom_audio's M4A, homeroom_video's MP4, made before
any page), never as the phone's file, which says where, when and with what it was made.
"""

import logging
import mimetypes
import re
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from markupsafe import Markup, escape

from homeroom_school.links import localize
from homeroom_school.model import School, Student, in_language
from homeroom_school.problems import shown_path
from homeroom_school.reading.linked_files import CLIP_SUFFIXES, RECORDING_SUFFIXES
from homeroom_school.settings import Config, own_origin
from homeroom_school.views import show

from . import crypto
from .policy import PortfolioPage, attached_file

logger = logging.getLogger(__name__)

ATTACHMENT_HREF = re.compile(r'href="(\{hr-attachment:([^}"]*)\})"')
MIME_TYPES = mimetypes.MimeTypes()  # Python's own table only: the same on every machine
MEDIA_SUFFIXES = RECORDING_SUFFIXES | CLIP_SUFFIXES


def goal_progress(school: School, student: Student, lang: str) -> list[tuple[str, int]]:
    """(goal text in the family's language, how many entries give evidence of it)."""
    school_class = school.classes[student.class_id]
    entries = school.entries.get(student.key, [])
    progress = []
    for goal_id, text in school_class.goals.items():
        count = sum(1 for item in entries if goal_id in item.original.goals)
        progress.append((in_language(text, lang, school_class.languages), count))
    return progress


def is_media(source: str) -> bool:
    """Whether an attached file is a recording or a clip: inlined only as its pipeline made it."""
    return PurePosixPath(source).suffix.lower() in MEDIA_SUFFIXES


def download_name(source: str, url: str) -> str:
    """The name an attachment is saved under: its own, but a recording's or clip's, which
    is saved as what was made of it (`reading.m4a`, `clip.mp4`)."""
    path = PurePosixPath(source)
    if is_media(source):
        return path.stem + (".mp4" if url.startswith("data:video/") else ".m4a")
    return path.name


def with_download(html: str, url: Callable[[str], str] | None = None) -> str:
    """Attachment links carry `download="<file name>"`: they save the file under its name
    (`url(source)`: the address it is inlined at, which tells a made clip from a recording)."""

    def add(match: re.Match) -> str:
        source = unquote(match.group(2))
        name = download_name(source, url(source) if url else "")
        return f'href="{match.group(1)}" download="{escape(name)}"'

    return ATTACHMENT_HREF.sub(add, html)


def made_attachment(recordings, clips, source: str) -> str | None:
    """An entry's attached recording or clip as a data: URL of what homeroom_audio (an M4A)
    or homeroom_video (an MP4) made of it; None when it was not made (the build said why)."""
    for library in (recordings, clips):
        url = library.attached(source) if library is not None else None
        if url:
            return url
    return None


def attachment_url(content: Path, source: str, made: Callable | None = None) -> str:
    """A file an entry links (a PDF, a recording), inlined as a data: URL: it is never a
    file of the site, and on a family page it is encrypted with the rest. A recording or a
    clip is what `made(source)` gives (the pipelines' M4A or MP4), never the original bytes:
    '#' when there is none."""
    if is_media(source):
        return (made(source) if made else None) or "#"
    path = attached_file(content, source)
    if path is None:
        logger.error(
            "%s: the attached file is missing or outside the content folder",
            shown_path(content, source),
        )
        return "#"
    mime = MIME_TYPES.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{crypto.b64(path.read_bytes())}"


class Inline:
    """An entry's HTML as one student's page shows it; the template calls it."""

    def __init__(
        self,
        school: School,
        lang: str,
        root: str,
        photo: Callable | None,
        content,
        clip: Callable | None = None,
        made: Callable | None = None,
    ):
        self.school = school
        self.clip = clip  # VideoLibrary.inline_html, or None: clips left out
        self.made = made  # made(source): an attached recording or clip's data: URL, or None
        self.urls: dict[str, str] = {}  # source -> its data: URL, made once for this page
        self.lang = lang
        self.root = root  # the site's root as seen from the page
        self.photo = photo  # PhotoLibrary.inline_html, or None: photos left out
        self.content = Path(content)

    def __call__(self, html: str) -> Markup:
        html = with_download(html, self.url)
        shown = localize(
            html, self.school, self.lang, self.root, self.photo, self.attachment, self.clip
        )
        return Markup(shown)

    def url(self, source: str) -> str:
        if source not in self.urls:
            self.urls[source] = attachment_url(self.content, source, self.made)
        return self.urls[source]

    def attachment(self, source: str, prefix: str) -> str:
        return self.url(source)


def render_body(
    template,
    context: dict,
    school: School,
    student: Student,
    root: str,
    photo: Callable | None,
    content: Path,
    locked: bool = False,
    clip: Callable | None = None,
    made: Callable | None = None,
) -> str:
    """The portfolio, photos and attached files inlined. `locked`: a family page's (in a block
    of the family's language, with its "Forget on this device" button). `made(source)`: an
    attached recording or clip as made for the web (`made_attachment`); without it, none is
    inlined."""
    lang = student.lang
    return template.render(
        {
            **context,
            "SITEURL": root,
            "lang": lang,
            "school": school,
            "student": student,
            "school_class": school.classes[student.class_id],
            "entries": [show(school, item, lang) for item in school.entries[student.key]],
            "progress": goal_progress(school, student, lang),
            "locked": locked,
            "inline": Inline(school, lang, root, photo, content, clip, made),
        }
    )


def page_values(
    portfolio: PortfolioPage, body: str, config: Config, languages, keys: Callable
) -> tuple[str, dict]:
    """(the page's language, what the portfolio template shows): the body as it is, or, for a
    family page with its passphrases, the body locked (`keys(portfolio)`: its households'
    keys)."""
    if not portfolio.locked:
        values = {"body": Markup(body), "preview": portfolio.unlocked_preview, "locked": None}
        return portfolio.student.lang, values
    # The shell speaks the school's language and offers every language of the site: the
    # family's, or the class's, could tell who the child is or which class.
    lang = config.default_lang
    return lang, {
        "body": None,
        "preview": False,
        "locked": crypto.lock(config.secret, portfolio.student.key, keys(portfolio), body),
        "locked_langs": list(dict.fromkeys([lang, *languages])),
        "remember_days": config.remember_days if own_origin(config.site_url) else 0,
    }
