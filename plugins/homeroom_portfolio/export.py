"""`invoke portfolio-export`: one child's portfolio as a single HTML file that opens offline.

Made without building the site: the school read, the photos of that child's entries made (or
found in the cache), the page rendered with the theme's templates in a Jinja environment of its
own, and one file written: styles, photos and attached files inside.
"""

from pathlib import Path

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from homeroom_i18n import install
from homeroom_i18n.counts import counted, task_catalog
from homeroom_photos import cache_folder, make_library, photo_settings
from homeroom_school.reading.loading import load_school
from homeroom_school.settings import Config

from .policy import student_photos
from .rendering import render_body


class ExportError(ValueError):
    """The portfolio cannot be exported; the message says why and what to do."""


def theme_environment(settings: dict, config: Config) -> Environment:
    """The theme's templates as Pelican's generators see them (JINJA_ENVIRONMENT, gettext and
    the language filters), for the two templates an export renders."""
    templates = Path(settings["THEME"]) / "templates"
    env = Environment(loader=FileSystemLoader(str(templates)), **settings["JINJA_ENVIRONMENT"])
    install(env, config.translations_path)
    return env


def export_portfolio(settings: dict, config: Config, student_key: str, folder: Path) -> Path:
    """Write <folder>/index.html for the student `class/name`; returns its path. A photo or an
    attached file that cannot be inlined is logged as an error (the caller counts them)."""
    school = load_school(config)
    errors = [problem for problem in school.problems if not problem.warning]
    if errors:
        problems = counted(task_catalog(settings), len(errors), "problem")
        raise ExportError(f"{problems} in the content; run `invoke check`")
    student = school.students.get(student_key)
    if student is None:
        raise ExportError(f"no student {student_key}; students: {', '.join(school.students)}")
    content = config.content_path
    library = make_library(
        student_photos(school, student),
        set(),  # nothing is published: every photo is inlined
        content,
        photo_settings(settings),
        cache_folder(settings),
        config.workers,
    )
    env = theme_environment(settings, config)
    root = config.absolute_url
    body = render_body(
        env.get_template("portfolio_body.html"),
        settings,
        school,
        student,
        root,
        library.inline_html,
        content,
    )
    css = (Path(settings["THEME"]) / "static" / "css" / "homeroom.css").read_text(encoding="utf-8")
    html = env.get_template("portfolio_export.html").render(
        {
            **settings,
            "lang": student.lang,
            "school": school,
            "css": Markup(css),
            "body": Markup(body),
        }
    )
    folder.mkdir(parents=True, exist_ok=True)
    index = folder / "index.html"
    index.write_text(html, encoding="utf-8")
    return index
