"""What `invoke new class <id>` writes: a commented class.yml and the class's news/ and events/.

The notes of the starter (lines after `#`, never published) are in the class's first
language, from the theme's catalogs; its values are valid as written (a name from the id in
every language, no teacher, the languages asked), so a new class builds at once and its
contact and goals wait, commented, for the admin to fill in.
"""

import json
from pathlib import Path

from invoke import Exit

from homeroom_school.problems import ContentError
from homeroom_school.reading.classes import CLASS_ID, language_codes
from homeroom_school.starting.starters import CLASSES, N_, StarterError, in_language, make_folder

from .settings import task_config

# The notes of class.yml, each one line: {name: English text}, in the class's first language.
NOTES = {
    "NOTES": N_("Lines that start with # are notes for you: they are not published."),
    "NAME": N_("The class's name in each of its languages, as families see it."),
    "TEACHERS": N_("Who teaches the class, as families call them, like: [Ms. Alvarez, Mr. Diallo]"),
    "LANGUAGES": N_("The languages the class publishes in; the first is the one it writes in."),
    "CONTACT": N_(
        "How families reach the class, shown on every class page: remove the # before a line "
        "to use it."
    ),
    "ADDRESS": N_("one plain address"),
    "TEXTS": N_("a number that receives texts"),
    "GOALS": N_("Optional: the class's learning goals, which portfolio entries name by their id."),
    "SHOWS": N_(
        "Optional: remove the # to have every photo say who is in it (Shows:), as a class "
        "with a child without photo consent must."
    ),
}
# The example texts of class.yml, written in each of the class's languages (one text per
# language, as a class with several languages writes them).
EXAMPLES = {
    "RESPONSE": N_("within two school days"),
    "HOURS": N_("Tuesdays 15:00-16:00"),
    "GOAL": N_("Compare and order fractions"),
}

TEMPLATE = """\
# {NOTES}

# {NAME}
name:
{names}
# {TEACHERS}
teachers: []
# {LANGUAGES}
languages: [{languages}]
# {CONTACT}
contact:
  # email: teacher@school.example    # {ADDRESS}
  # phone: 555-0100
  # sms: +1 555 0100                 # {TEXTS}
  # response_time: {RESPONSE}
  # office_hours: {HOURS}
# {SHOWS}
# photos_need_shows: true
# {GOALS}
goals:
  # fractions: {GOAL}
"""
# Folders of a class that teachers write in; each gets a `.gitkeep` (hidden: never read), as
# git and GitHub's web editor keep no empty folder.
FOLDERS = ("news", "events")


def class_yml(class_id: str, languages: list[str], translations: Path) -> str:
    """The starter class.yml of `class_id`, its notes in its first language, its example
    texts in each of its languages."""
    readable = class_id.replace("-", " ").capitalize()
    names = "".join(f"  {lang}: {readable}\n" for lang in languages).rstrip("\n")
    notes = in_language(translations, languages[0], NOTES)
    by_lang = {lang: in_language(translations, lang, EXAMPLES) for lang in languages}
    examples = {
        name: per_language({lang: by_lang[lang][name] for lang in by_lang}) for name in EXAMPLES
    }
    return TEMPLATE.format(names=names, languages=", ".join(languages), **notes, **examples)


def per_language(texts: dict[str, str]) -> str:
    """A YAML text: quoted, or one per language (`{es: "…", en: "…"}`) when there are several."""
    quoted = {lang: json.dumps(text, ensure_ascii=False) for lang, text in texts.items()}
    if len(quoted) == 1:
        return next(iter(quoted.values()))
    return "{" + ", ".join(f"{lang}: {text}" for lang, text in quoted.items()) + "}"


def check_id(class_id: str | None) -> None:
    """Stop (StarterError) unless `class_id` can name a class folder and its addresses."""
    if not class_id:
        raise StarterError("give the class's id: `invoke new class room-12`")
    if not CLASS_ID.match(class_id):
        raise StarterError(
            f"the class id {class_id!r} may only have lowercase letters, digits and '-', like "
            "grade-3b or room-12 (it is part of the class's web addresses)"
        )


def write_class(
    content: Path, class_id: str, languages: list[str], translations: Path, classes: str = CLASSES
) -> Path:
    """Write content/classes/<class_id>/class.yml and its news/ and events/ folders (and
    content/classes/ when needed); returns the class.yml's path."""
    check_id(class_id)
    try:
        codes = language_codes(languages, "--lang", None)
    except ContentError as error:
        raise StarterError(error.problem.message) from None
    if not codes:
        raise StarterError("give the class's languages, first the one it writes in: --lang en,es")
    folder = content / classes / class_id
    yml = folder / "class.yml"
    if yml.exists():
        raise StarterError(f"{yml} exists already; edit it, or choose another class id")
    for name in FOLDERS:
        make_folder(folder / name)
        (folder / name / ".gitkeep").touch()
    yml.write_text(class_yml(class_id, codes, translations), encoding="utf-8")
    return yml


def new_class(content: str, class_id: str, lang: str | None, read_settings) -> Path:
    """`invoke new class <id>`: its class.yml, news/ and events/ (the content folder first, if
    there is none: `read_settings()`, the task's Pelican settings, needs it), or a stop."""
    try:
        check_id(class_id)  # before anything is made
        make_folder(Path(content))
        config = task_config(read_settings())
        languages = lang.split(",") if lang else [config.default_lang]
        return write_class(
            Path(content), class_id, languages, config.translations_path, config.classes_path
        )
    except StarterError as error:
        raise Exit(str(error), code=1) from None
