"""The class a task names, or a stop that says what is missing or lists the classes."""

from pathlib import Path

from invoke import Exit

from homeroom_school.model import SchoolClass
from homeroom_school.problems import ContentError
from homeroom_school.reading.classes import read_class
from homeroom_school.settings import SettingsError, setting
from homeroom_school.starting.first_steps import class_problem, known_classes


def require_class(class_id, content: str, settings: dict, known: list | None = None) -> str:
    """The classes folder (HOMEROOM_CLASSES_PATH of `settings`, inside `content`), or a stop
    with what is missing when `class_id` is not one of its classes (`known`, else each folder
    with a class.yml): no content/classes yet, a folder without its class.yml, another
    class's name."""
    try:
        classes = setting(settings, "HOMEROOM_CLASSES_PATH")
    except SettingsError as error:
        raise Exit(f"settings: {error}", code=1) from None
    known = known_classes(Path(content), classes) if known is None else known
    problem = class_problem(Path(content), class_id, known, classes)
    if problem:
        raise Exit(problem, code=1)
    return classes


def read_class_of(content: str, class_id, settings: dict) -> SchoolClass:
    """A class's class.yml, read, or a stop that says what is missing or lists the classes."""
    yml = Path(content) / require_class(class_id, content, settings) / class_id / "class.yml"
    try:
        return read_class(class_id, yml.read_bytes(), str(yml))
    except ContentError as error:
        raise Exit(str(error.problem), code=1) from None
