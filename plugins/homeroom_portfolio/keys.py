"""HOMEROOM_FAMILY_KEYS: a YAML file's path, or the YAML itself: class/student: passphrase.

And the secrets policy of a strict build (`invoke publish`): the site secret and every
passphrase must be long, varied and not the demo's, which anyone can read in this repository.
No message here ever contains a secret or a passphrase: they end up in CI logs.
"""

from pathlib import Path

import yaml

from .crypto import normalize  # NFC, surrounding whitespace trimmed: as the browser does

MIN_LENGTH = 16  # a passphrase's characters, after normalize()
MIN_DISTINCT = 6  # different characters in a passphrase ("aaaaaaaaaaaaaaaa" is not one)
MIN_SECRET_LENGTH = 32
DEMO_MARK = "demo-only"  # every demo value contains it
DEMO_SECRET = "demo-only-site-secret-not-for-real-use"  # pelicanconf.py's, for the preview
DEMO_KEYS = Path(__file__).resolve().parents[2] / "demo-family-keys.yml"
MAKE_SECRET = 'python3 -c "import secrets; print(secrets.token_urlsafe(32))"'
MAKE_PASSPHRASE = (
    "four random words from a word list (easy to type, hard to guess), or "
    'python3 -c "import secrets; print(secrets.token_urlsafe(16))"'
)


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


def _parse(text: str, where: str) -> dict[str, str]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark else ""
        raise KeysError(
            f"{where}{line} is not valid YAML; write one `class/student: passphrase` per line"
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise KeysError(f"{where} must be `class/student: passphrase` lines")
    keys = {}
    for student, passphrase in data.items():
        if not isinstance(student, str) or student.count("/") != 1:
            raise KeysError(
                f"{where}: '{student}' must be written class/student, like grade-3b/ana"
            )
        if not isinstance(passphrase, str) or not normalize(passphrase):
            raise KeysError(
                f"{where}: the passphrase of {student} must be text; make one with "
                f"{MAKE_PASSPHRASE}"
            )
        keys[student] = normalize(passphrase)
    return keys


def load_keys(value: str, base: Path) -> dict[str, str]:
    """The passphrases, from a path (relative to `base`) or from YAML text; {} when empty."""
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
        return frozenset(_plain(p) for p in _parse(demo.read_text(encoding="utf-8"), "").values())
    except (OSError, KeysError):
        return frozenset()


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
