"""A missing, empty or half-made content/ said as what is missing and which command makes it.

The tasks look a class up before they read it (`invoke new`, `book`, `newsletter`,
`translations`, `portfolio-cards`); a school that is just starting has no content/, no
classes/, or a class folder without its class.yml, and each of those is one sentence here,
never a traceback.
"""

import difflib
from pathlib import Path

from homeroom_school.settings import DEFAULTS

CLASSES = DEFAULTS["HOMEROOM_CLASSES_PATH"]

NEW_CLASS = "`invoke new class <id>` starts one (its class.yml, news/ and events/)"
START = (
    "`invoke start --school NAME --timezone ZONE --lang LANGUAGES --class ID` starts an empty "
    "school"
)


def missing_content(content: Path) -> str | None:
    """Why `content` cannot be read as a school's content folder, or None when it can."""
    if content.is_dir():
        return None
    what = "is a file, not a folder" if content.exists() else "does not exist"
    demo = " (`git checkout -- content` brings back the demo school)"
    return (
        f"{content.as_posix()}/ {what}: it holds the school's classes and pages. {START} "
        f"there{demo if content == Path('content') else ''}"
    )


def known_classes(content: Path, classes_path: str = CLASSES) -> list[str]:
    """The class ids of content/classes: each folder that has a class.yml, by name."""
    classes_dir = content / classes_path
    if not classes_dir.is_dir():
        return []
    return sorted(p.name for p in classes_dir.iterdir() if (p / "class.yml").is_file())


def class_problem(
    content: Path, class_id: str | None, known: list[str], classes_path: str = CLASSES
) -> str | None:
    """Why `class_id` is not a class of the school (`known`, its class ids), or None."""
    if class_id and class_id in known:
        return None
    if missing_content(content):
        return missing_content(content)
    classes_dir = content / classes_path
    if not known:
        if class_id and (classes_dir / class_id).is_dir():
            return half_made(classes_dir, class_id)
        if not classes_dir.is_dir():
            what = "is a file, not a folder" if classes_dir.exists() else "does not exist"
            return f"there is no class yet ({classes_dir.as_posix()} {what}): {NEW_CLASS}"
        folders = sorted(p.name for p in classes_dir.iterdir() if p.is_dir())
        if folders:  # half-made: folders, none with its class.yml
            return half_made(classes_dir, folders[0])
        return f"there is no class yet ({classes_dir.as_posix()}/ is empty): {NEW_CLASS}"
    if not class_id:
        return f"which class? give --class, one of: {', '.join(known)}"
    if (classes_dir / class_id).is_dir():
        return half_made(classes_dir, class_id)
    close = difflib.get_close_matches(class_id, known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown class {class_id!r}; known classes: {', '.join(known)}{hint}"


def half_made(classes_dir: Path, class_id: str) -> str:
    """A class folder without its class.yml, and the command that writes one."""
    return (
        f"{classes_dir.as_posix()}/{class_id}/ has no class.yml, so it is not a class yet: "
        f"`invoke new class {class_id}` writes one (name, teachers, languages, contact, goals)"
    )
