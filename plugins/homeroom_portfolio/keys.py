"""HOMEROOM_FAMILY_KEYS: a YAML file's path, or the YAML itself: `class/student: passphrase`,
or, for a child of several households, a list: one passphrase per household, each either text
or `{passphrase: words, lang: es}` (the language of that household's card).

And the secrets policy of a strict build (`invoke publish`): the site secret and every
passphrase must be long, varied and not the demo's, which anyone can read in this repository.
No message here ever contains a secret or a passphrase: they end up in CI logs.
"""

import re
from pathlib import Path
from typing import NamedTuple

import yaml

from .crypto import SLOTS, normalize  # normalize: NFC, whitespace trimmed, as the browser does

MIN_LENGTH = 16  # a passphrase's characters, after normalize()
MIN_DISTINCT = 6  # different characters in a passphrase ("aaaaaaaaaaaaaaaa" is not one)
MIN_SECRET_LENGTH = 32
MAX_HOUSEHOLDS = SLOTS  # every locked page has this many slots, used or not
LANG = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,8})*")  # a language code as the site writes it
DEMO_MARK = "demo-only"  # every demo value contains it
DEMO_SECRET = "demo-only-site-secret-not-for-real-use"  # pelicanconf.py's, for the preview
DEMO_KEYS = Path(__file__).resolve().parents[2] / "demo-family-keys.yml"
MAKE_SECRET = 'python3 -c "import secrets; print(secrets.token_urlsafe(32))"'
MAKE_PASSPHRASE = (
    "four random words from a word list (easy to type, hard to guess), or "
    'python3 -c "import secrets; print(secrets.token_urlsafe(16))"'
)


class Household(NamedTuple):
    """One household of a student: its passphrase (normalized), and the language of its card
    (None: the student's family language)."""

    passphrase: str
    lang: str | None = None


class KeysError(ValueError):
    """The keys cannot be used; the message says where and how to fix them."""


def _is_path(value: str) -> bool:
    return "\n" not in value and ":" not in value.split("/")[-1]


def _source(value: str, base: Path) -> tuple[str, str, Path | None]:
    """(where, YAML text, file) of the setting: a path relative to `base`, or the YAML."""
    if not _is_path(value):
        return "HOMEROOM_FAMILY_KEYS", value, None
    path = Path(value) if Path(value).is_absolute() else base / value
    if not path.is_file():
        raise KeysError(f"HOMEROOM_FAMILY_KEYS names {value}, which does not exist")
    return str(value), path.read_text(encoding="utf-8"), path


def _line(node) -> str:
    return f" line {node.start_mark.line + 1}"


def _household(node, where: str, student: str) -> Household:
    """One household of a student: `words`, or `{passphrase: words, lang: es}`."""
    problem = f"{where}{_line(node)}: a passphrase of {student}"
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str":
        passphrase, lang = node.value, None
    elif isinstance(node, yaml.MappingNode):
        fields = {str(key.value): value for key, value in node.value}
        if set(fields) - {"passphrase", "lang"}:  # never named: `a: b` may be a passphrase
            raise KeysError(
                f"{problem} has a field other than passphrase and lang (a passphrase with "
                "`: ` in it needs quotes)"
            )
        text = fields.get("passphrase")
        if text is None or text.tag != "tag:yaml.org,2002:str":
            raise KeysError(
                f"{problem} needs `passphrase:` with text; make one with {MAKE_PASSPHRASE}"
            )
        passphrase = text.value
        lang_node = fields.get("lang")
        lang = lang_node.value if lang_node is not None else None
        if lang is not None and (
            lang_node.tag != "tag:yaml.org,2002:str" or not LANG.fullmatch(lang)
        ):
            raise KeysError(f"{problem} has a lang that is not a language code like es or pt-br")
    else:
        raise KeysError(f"{problem} must be text; make one with {MAKE_PASSPHRASE}")
    if not normalize(passphrase):
        raise KeysError(f"{problem} is empty; make one with {MAKE_PASSPHRASE}")
    return Household(normalize(passphrase), lang)


def _households(node, where: str, student: str) -> tuple[Household, ...]:
    """A student's households: one passphrase, or a list of them (one per household)."""
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    if not items:
        raise KeysError(f"{where}{_line(node)}: {student} has an empty list of passphrases")
    if len(items) > MAX_HOUSEHOLDS:
        raise KeysError(
            f"{where}{_line(node)}: {student} has {len(items)} passphrases; a portfolio opens "
            f"for at most {MAX_HOUSEHOLDS} households"
        )
    households = tuple(_household(item, where, student) for item in items)
    plain = [_plain(household.passphrase) for household in households]
    if len(set(plain)) < len(plain):
        raise KeysError(
            f"{where}{_line(node)}: two households of {student} have the same passphrase; "
            "give each household its own"
        )
    return households


def _parse(text: str, where: str) -> dict[str, tuple[Household, ...]]:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark else ""
        raise KeysError(
            f"{where}{line} is not valid YAML; write one `class/student: passphrase` per line"
        ) from None
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        raise KeysError(f"{where} must be `class/student: passphrase` lines")
    keys = {}
    for student_node, value in root.value:
        student = student_node.value
        if (
            not isinstance(student_node, yaml.ScalarNode)
            or student_node.tag != "tag:yaml.org,2002:str"
            or student.count("/") != 1
        ):
            raise KeysError(
                f"{where}{_line(student_node)}: '{student}' must be written class/student, "
                "like grade-3b/ana"
            )
        if student in keys:
            raise KeysError(
                f"{where}{_line(student_node)}: {student} is there twice; give it one line, "
                "with a list of passphrases for several households"
            )
        keys[student] = _households(value, where, student)
    return keys


def load_keys(value: str, base: Path) -> dict[str, tuple[Household, ...]]:
    """Each student's households, from a path (relative to `base`) or from YAML text; {} when
    empty."""
    value = (value or "").strip()
    if not value:
        return {}
    where, text, _ = _source(value, base)
    return _parse(text, where)


# -- the policy of a strict build -------------------------------------------------------------


def _plain(passphrase: str) -> str:
    """For comparing passphrases: normalized, one space between words, any case."""
    return " ".join(normalize(passphrase).casefold().split())


def demo_passphrases(demo: Path = DEMO_KEYS) -> frozenset[str]:
    """The demo's passphrases (compared with _plain), if the demo keys file is there."""
    try:
        keys = _parse(demo.read_text(encoding="utf-8"), "")
    except (OSError, KeysError):
        return frozenset()
    return frozenset(_plain(one.passphrase) for households in keys.values() for one in households)


def secret_problem(secret: str) -> str | None:
    """Why HOMEROOM_SECRET cannot publish, or None; never says what it is."""
    secret = (secret or "").strip()
    how = (
        f"make one with {MAKE_SECRET} and set it as the secret HOMEROOM_SECRET of the "
        "environment homeroom (README, Secrets)"
    )
    if secret == DEMO_SECRET or DEMO_MARK in secret.casefold():
        return (
            "HOMEROOM_SECRET is the demo's secret, which anyone can read in this repository, "
            f"so anyone could find every portfolio's address; {how}"
        )
    if len(secret) < MIN_SECRET_LENGTH:
        return (
            f"HOMEROOM_SECRET has {len(secret)} characters; it needs at least "
            f"{MIN_SECRET_LENGTH} random ones, as portfolio addresses are made from it; {how}"
        )
    return None


def keys_file_problem(value: str, base: Path, demo: Path = DEMO_KEYS) -> str | None:
    """Why HOMEROOM_FAMILY_KEYS is the demo's keys file (by path or by content), or None."""
    value = (value or "").strip()
    if not value or not demo.is_file():
        return None
    try:
        _, text, path = _source(value, base)
    except KeysError:
        return None  # load_keys says why
    demo_text = demo.read_text(encoding="utf-8")
    same_file = path is not None and path.resolve() == demo.resolve()
    if same_file or text.strip() == demo_text.strip():
        return (
            f"HOMEROOM_FAMILY_KEYS is the demo's keys file ({demo.name}), whose passphrases "
            "anyone can read in this repository; write one `class/student: passphrase` line per "
            f"family, each passphrase {MAKE_PASSPHRASE}, and set that text as the repository's "
            "secret HOMEROOM_FAMILY_KEYS"
        )
    return None


def passphrase_problem(student: str, passphrase: str, demo: frozenset[str]) -> str | None:
    """Why one family's passphrase cannot publish, or None; names the student, never the
    passphrase."""
    passphrase = normalize(passphrase)
    how = f"give {student} a new one in HOMEROOM_FAMILY_KEYS: {MAKE_PASSPHRASE}"
    if DEMO_MARK in passphrase.casefold() or _plain(passphrase) in demo:
        return (
            f"the passphrase of {student} is a demo passphrase, which anyone can read in this "
            f"repository; {how}"
        )
    if len(passphrase) < MIN_LENGTH:
        return (
            f"the passphrase of {student} has {len(passphrase)} characters; it needs at least "
            f"{MIN_LENGTH} (surrounding spaces do not count); {how}"
        )
    if len(set(passphrase.casefold())) < MIN_DISTINCT:
        return (
            f"the passphrase of {student} uses fewer than {MIN_DISTINCT} different characters, "
            f"so it is easy to guess; {how}"
        )
    return None


def households(keys: dict, student: str) -> tuple[str, ...]:
    """The passphrases of a student's households, in the order written: one for the single
    `class/student: passphrase` line; one per household where the keys give a list. () when
    there is none."""
    value = keys.get(student)
    if value is None:
        return ()
    listed = value if isinstance(value, list | tuple) else [value]
    return tuple(passphrase_of(household) for household in listed)


def passphrase_of(household) -> str:
    """A household's passphrase: the text itself, or, for a household written with more (its
    language), its `passphrase` (a mapping's key, or an attribute)."""
    if isinstance(household, str):
        return household
    if isinstance(household, dict):
        return household["passphrase"]
    return household.passphrase
