"""`invoke portfolio-export`: one child's portfolio as a single HTML file that opens offline.

Made without building the site: the school read, the photos of that child's entries made (or
found in the cache), the page rendered with the theme's templates in a Jinja environment of its
own, and one file written: styles, photos and attached files inside. `invoke year-end` writes
the same page locked with a household's passphrase (`Lock`): the locked shell of a family page,
in the family's language, with portfolio.js inside, so the file opens in a browser, offline,
with that passphrase.
"""

from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import NamedTuple

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from homeroom_audio import audio_settings
from homeroom_audio import cache_folder as audio_cache
from homeroom_audio import make_library as make_recordings
from homeroom_i18n import install
from homeroom_i18n.counts import counted, task_catalog
from homeroom_photos import cache_folder, make_library, photo_settings
from homeroom_school.model import School, Student
from homeroom_school.reading.loading import load_school
from homeroom_school.settings import Config
from homeroom_video import cache_folder as video_cache
from homeroom_video import make_library as make_clips
from homeroom_video import video_settings

from . import crypto
from .policy import student_photos
from .rendering import made_attachment, render_body


class ExportError(ValueError):
    """The portfolio cannot be exported; the message says why and what to do."""


class Lock(NamedTuple):
    """What locks an export: one household's passphrase, and the site secret its key's salt
    and the page key are made with (as for the family page)."""

    passphrase: str
    secret: str


def theme_environment(settings: dict, config: Config) -> Environment:
    """The theme's templates as Pelican's generators see them (JINJA_ENVIRONMENT, gettext and
    the language filters), for the two templates an export renders."""
    templates = Path(settings["THEME"]) / "templates"
    env = Environment(loader=FileSystemLoader(str(templates)), **settings["JINJA_ENVIRONMENT"])
    install(env, config.translations_path)
    return env


def export_school(settings: dict, config: Config):
    """The school read for an export, or an ExportError when its content has problems."""
    school = load_school(config)
    errors = [problem for problem in school.problems if not problem.warning]
    if errors:
        problems = counted(task_catalog(settings), len(errors), "problem")
        raise ExportError(f"{problems} in the content; run `invoke check`")
    return school


def student_clips(school: School, student: Student) -> School:
    """The school with only this student's clips, entries and posts none: an export makes no
    other child's clip or recording (shown, or attached to an entry), and no post's."""
    sources = {
        version.source for item in school.entries[student.key] for version in item.versions.values()
    }
    return replace(
        school,
        clips={key: use for key, use in school.clips.items() if use.used_in in sources},
        entries={student.key: school.entries[student.key]},
        news={},
    )


def export_html(
    settings: dict, config: Config, school: School, student: Student, lock: Lock | None = None
) -> str:
    """The offline page of one student: plain, or with `lock` (a family's passphrase, and
    the salt its key is made with) a locked page that opens as the family page does, in
    the browser with that passphrase (portfolio.js inside)."""
    content = config.content_path
    library = make_library(
        student_photos(school, student),
        set(),  # nothing is published: every photo is inlined
        content,
        photo_settings(settings),
        cache_folder(settings),
        config.workers,
    )
    own = student_clips(school, student)
    clips = make_clips(
        own,
        content,
        video_settings(settings),
        video_cache(settings),
        config.workers,
        config.attachment_max_bytes,
    )
    recordings = make_recordings(
        own,
        content,
        audio_settings(settings),
        audio_cache(settings),
        config.workers,
        config.attachment_max_bytes,
    )
    env = theme_environment(settings, config)
    theme = Path(settings["THEME"])
    body = render_body(
        env.get_template("portfolio_body.html"),
        settings,
        school,
        student,
        config.absolute_url,
        library.inline_html,
        content,
        locked=lock is not None,
        clip=clips.inline_html,
        made=partial(made_attachment, recordings, clips),
    )
    css = (theme / "static" / "css" / "homeroom.css").read_text(encoding="utf-8")
    values = {**settings, "lang": student.lang, "school": school, "css": Markup(css)}
    if lock is None:
        values["body"] = Markup(body)
    else:
        script = (theme / "static" / "js" / "portfolio.js").read_text(encoding="utf-8")
        household = crypto.household_key(lock.passphrase, crypto.salt(lock.secret, student.key))
        values |= {
            "locked": crypto.lock(lock.secret, student.key, [household], body),
            "locked_langs": [student.lang],
            "remember_days": 0,  # a file kept by the family: nothing to remember it by
            "script": Markup(script),
        }
    return env.get_template("portfolio_export.html").render(values)


def write_export(html: str, folder: Path) -> Path:
    """<folder>/index.html; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    index = folder / "index.html"
    index.write_text(html, encoding="utf-8")
    return index


def export_portfolio(settings: dict, config: Config, student_key: str, folder: Path) -> Path:
    """Write <folder>/index.html for the student `class/name`; returns its path. A photo or an
    attached file that cannot be inlined is logged as an error (the caller counts them)."""
    school = export_school(settings, config)
    student = school.students.get(student_key)
    if student is None:
        raise ExportError(f"no student {student_key}; students: {', '.join(school.students)}")
    return write_export(export_html(settings, config, school, student), folder)
