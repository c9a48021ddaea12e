"""HOMEROOM_FAMILY_KEYS: a YAML file's path, or the YAML itself: class/student: passphrase."""

from pathlib import Path

import yaml

MIN_LENGTH = 10


class KeysError(ValueError):
    """The keys cannot be used; the message says where and how to fix them."""


def load_keys(value: str, base: Path) -> dict[str, str]:
    """The passphrases, from a path (relative to `base`) or from YAML text; {} when empty."""
    value = (value or "").strip()
    if not value:
        return {}
    where = "HOMEROOM_FAMILY_KEYS"
    text = value
    if "\n" not in value and ":" not in value.split("/")[-1]:
        path = Path(value) if Path(value).is_absolute() else base / value
        if not path.is_file():
            raise KeysError(f"{where} names {value}, which does not exist")
        text = path.read_text(encoding="utf-8")
        where = str(value)
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
        if not isinstance(passphrase, str) or len(passphrase.strip()) < MIN_LENGTH:
            raise KeysError(
                f"{where}: the passphrase of {student} must be text of at least {MIN_LENGTH} "
                "characters (four random words are easy to type and hard to guess)"
            )
        keys[student] = passphrase.strip()
    return keys
