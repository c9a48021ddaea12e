"""Who gets email: HOMEROOM_SUBSCRIBERS (YAML, or the path of a YAML file), checked once.

A mistake is named by the subscriber's position and line, never by the address: the messages
end up in CI logs, which are public on a public repository.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

SETTING = "HOMEROOM_SUBSCRIBERS"
DIGESTS = ("each", "weekly")
KEYS = {"email", "classes", "lang", "digest"}
ADDRESS = re.compile(
    r"^[^@\s<>()\[\],;:\"\\]{1,64}@(?=.{1,253}$)"
    r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
EXAMPLE = "- email: family@example.org\n  classes: [grade-3b]\n  lang: es"


class SubscribersError(ValueError):
    """HOMEROOM_SUBSCRIBERS cannot be read at all (nothing is sent)."""


@dataclass(frozen=True)
class Subscriber:
    position: int  # 1-based, in the list
    line: int  # where the entry starts in the YAML
    email: str
    classes: tuple[str, ...]
    lang: str
    digest: str  # each | weekly

    @property
    def where(self) -> str:
        return f"subscriber {self.position} (line {self.line})"

    @property
    def masked(self) -> str:
        return mask(self.email)


def mask(address: str) -> str:
    """m***@example.org: enough for the admin to recognize, not enough to harvest."""
    local, _, domain = address.rpartition("@")
    return f"{local[:1]}***@{domain}" if local else "***"


def _source(value: str, base: Path) -> tuple[str, str]:
    """(where, YAML text): a path (relative to `base`) when the value is one line naming a
    file, else the YAML itself."""
    one_line = "\n" not in value and ": " not in value and "@" not in value
    if one_line and not value.startswith(("-", "[", "{")):
        path = Path(value) if Path(value).is_absolute() else base / value
        if not path.is_file():
            raise SubscribersError(  # the value itself is never shown: it may hold addresses
                f"{SETTING} names a file that does not exist; set it to the subscribers' YAML, "
                "or to the path of a file holding it"
            )
        return path.name, path.read_text(encoding="utf-8")
    return SETTING, value


def _entries(text: str, where: str) -> list[tuple[int, object]]:
    """Each list item with the line it starts on."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark else ""
        raise SubscribersError(
            f"{where}{line} is not valid YAML; write one `- email: ...` item per family, "
            f"like:\n{EXAMPLE}"
        ) from None
    if data is None:
        return []
    if not isinstance(data, list) or node is None or node.id != "sequence":
        raise SubscribersError(f"{where} must be a list of subscribers, like:\n{EXAMPLE}")
    return [(child.start_mark.line + 1, item) for child, item in zip(node.value, data, strict=True)]


def _check(position: int, line: int, raw, classes: dict, languages: set) -> Subscriber | str:
    """The subscriber, or the one message that says what is wrong and how to fix it."""
    where = f"subscriber {position} (line {line})"
    if not isinstance(raw, dict):
        return f"{where}: must be `email:`, `classes:` and `lang:` lines, like:\n{EXAMPLE}"
    unknown = sorted(str(key) for key in raw if key not in KEYS)
    if unknown:
        return f"{where}: unknown key {unknown[0]!r}; use {', '.join(sorted(KEYS))}"
    email = raw.get("email")
    if not isinstance(email, str) or not ADDRESS.match(email.strip()):
        return f"{where}: `email` is not a valid address; write it like name@example.org"
    wanted = raw.get("classes")
    if isinstance(wanted, str):
        wanted = [wanted]
    if not wanted or not isinstance(wanted, list) or not all(isinstance(c, str) for c in wanted):
        return f"{where}: `classes` must list class ids, like [grade-3b]"
    for class_id in wanted:
        if class_id not in classes:
            return (
                f"{where}: unknown class {class_id!r}; known classes: {', '.join(sorted(classes))}"
            )
    for class_id in wanted:
        if not classes[class_id].contact.email:
            return (
                f"{where}: class {class_id!r} has no contact email, which families write to "
                f"unsubscribe; add `contact: email:` to its class.yml"
            )
    lang = raw.get("lang")
    if lang is None:
        lang = classes[wanted[0]].languages[0]
    if not isinstance(lang, str) or lang not in languages:
        return f"{where}: unknown language {lang!r}; the site has {', '.join(sorted(languages))}"
    digest = raw.get("digest", "each")
    if digest not in DIGESTS:
        return f"{where}: `digest` must be each or weekly, not {digest!r}"
    return Subscriber(
        position, line, email.strip(), tuple(dict.fromkeys(wanted)), lang, str(digest)
    )


def load_subscribers(
    value: str, base: Path, classes: dict, languages: set
) -> tuple[list[Subscriber], list[str]]:
    """The subscribers that can be mailed, and a message for each one that cannot.

    `classes` maps class id to SchoolClass; `languages` are the site's. Raises
    SubscribersError when the setting cannot be read at all."""
    value = (value or "").strip()
    if not value:
        return [], []
    where, text = _source(value, base)
    found, problems, seen = [], [], set()
    for position, (line, raw) in enumerate(_entries(text, where), start=1):
        checked = _check(position, line, raw, classes, languages)
        if isinstance(checked, str):
            problems.append(checked)
        elif checked.email.lower() in seen:
            problems.append(
                f"{checked.where}: the same address is listed earlier; list each family once, "
                "with all its classes"
            )
        else:
            seen.add(checked.email.lower())
            found.append(checked)
    return found, problems
