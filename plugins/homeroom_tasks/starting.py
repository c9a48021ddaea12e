"""What `invoke start` does: the demo school cleared, the school's own settings, its first class.

Everything is checked before anything changes: the values given, the three lines of
pelicanconf.py it rewrites, and that content/ holds nothing but the demo school (anything else
is named, and deleted only with `--replace`: git keeps what was committed).
"""

import difflib
import json
import re
import shutil
import zoneinfo
from dataclasses import dataclass
from pathlib import Path

from homeroom_school.characters import one_line_problem
from homeroom_school.problems import ContentError
from homeroom_school.reading.classes import CLASS_ID, language_codes

# The demo school that ships in content/: what `invoke start` clears without asking.
DEMO_CLASSES = ("grade-3b", "grade-5a", "kindergarten-sunflowers")
DEMO_PAGES = ("how-to-reach-us", "partnership-agreement")
EXAMPLE = (
    'invoke start --school "Lakeview Elementary" --timezone America/Chicago --lang en,es '
    "--class room-12"
)
# The settings `invoke start` writes, each a `NAME = "value"` line of pelicanconf.py.
SETTINGS = ("SITENAME", "TIMEZONE", "DEFAULT_LANG")


class StartError(ValueError):
    """What stops `invoke start` before it changes anything; the message says what to do."""


@dataclass(frozen=True)
class NewSchool:
    """What `invoke start` was given, checked."""

    name: str
    timezone: str
    languages: tuple[str, ...]  # DEFAULT_LANG first: the first class's languages too
    class_id: str

    def settings(self) -> dict[str, str]:
        """The lines of pelicanconf.py it sets: {setting: value}."""
        return {"SITENAME": self.name, "TIMEZONE": self.timezone, "DEFAULT_LANG": self.languages[0]}


def new_school(
    name: str | None, timezone: str | None, lang: str | None, class_id: str | None
) -> NewSchool:
    """The values of `invoke start`, checked, or a StartError naming each one missing or wrong."""
    given = {"--school": name, "--timezone": timezone, "--lang": lang, "--class": class_id}
    missing = [option for option, value in given.items() if not value]
    if missing:
        raise StartError(f"start needs {', '.join(missing)}, like: {EXAMPLE}")
    name = name.strip()
    wrong = one_line_problem(name)
    if not name or wrong:
        raise StartError(
            f"--school {wrong or 'is empty'}: the school's name, like 'Lakeview Elementary'"
        )
    if timezone not in zoneinfo.available_timezones():
        close = difflib.get_close_matches(timezone, sorted(zoneinfo.available_timezones()), n=1)
        hint = f"did you mean {close[0]}?" if close else "use a name like America/Chicago"
        raise StartError(f"--timezone {timezone!r} is not a time zone of the IANA list; {hint}")
    try:
        languages = language_codes(lang.split(","), "--lang", None)
    except ContentError as error:
        raise StartError(f"--lang: {error.problem.message}") from None
    if not CLASS_ID.match(class_id):
        raise StartError(
            f"--class {class_id!r} may only have lowercase letters, digits and '-', like room-12 "
            "(it is part of the class's web addresses)"
        )
    return NewSchool(name, timezone, tuple(languages), class_id)


def with_settings(conf: str, school: NewSchool) -> str:
    """pelicanconf.py's text with SITENAME, TIMEZONE and DEFAULT_LANG set to the school's (a
    comment after a value kept); a StartError when one is not a single `NAME = "…"` line."""
    for setting, value in school.settings().items():
        line = re.compile(
            rf"^{setting} = (?:\"[^\"\n]*\"|'[^'\n]*')(?P<comment>[ \t]*#[^\n]*)?$", re.MULTILINE
        )
        if len(line.findall(conf)) != 1:
            raise StartError(
                f'pelicanconf.py has no single line `{setting} = "…"` to set; set {setting} '
                "there by hand, then run start again"
            )
        found = line.search(conf)
        literal = json.dumps(value, ensure_ascii=False)  # a Python string literal too
        written = f"{setting} = {literal}{found['comment'] or ''}"
        conf = conf[: found.start()] + written + conf[found.end() :]
    return conf


def not_the_demo(content: Path) -> list[str]:
    """What content/ holds besides the demo school (folders and files, from the repository
    root), each named once; [] when it is missing, empty or only the demo (hidden files aside)."""
    if not content.is_dir():
        return [content.as_posix()] if content.exists() else []
    found = []
    for path in listed(content):
        if path.name == "classes" and path.is_dir():
            found += [p.as_posix() for p in listed(path) if p.name not in DEMO_CLASSES]
        elif path.name == "pages" and path.is_dir():
            found += [p.as_posix() for p in listed(path) if p.name.split(".")[0] not in DEMO_PAGES]
        else:
            found.append(path.as_posix())
    return found


def listed(folder: Path) -> list[Path]:
    """What a folder holds, by name, without hidden files (an editor's or a file manager's own,
    like .DS_Store: never content)."""
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


def clear(content: Path) -> None:
    """An empty content/ folder, whatever was there."""
    if content.is_dir() and not content.is_symlink():
        shutil.rmtree(content)
    elif content.exists() or content.is_symlink():
        content.unlink()
    content.mkdir(parents=True)
