"""Who gets email: HOMEROOM_SUBSCRIBERS (YAML, or the path of a YAML file), checked once.

A mistake is named by the subscriber's position and line, never by the address or by anything
else written in the list (a key or a class may be an address written in the wrong place): the
messages end up in CI logs, which are public on a public repository.

An address is one plain `local@domain`: an ASCII local part (dot-atom, no RFC 2047 encoded word
such as `=?utf-8?q?…?=` that a mail program would decode into other addresses), an ASCII or
internationalized domain (sent in its IDNA form); no list, no display name, no comment.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from homeroom_school.problems import ContentError
from homeroom_school.reading.front_matter import check_yaml_shape, yaml_error_line

SETTING = "HOMEROOM_SUBSCRIBERS"
DIGESTS = ("each", "weekly")
KEYS = {"email", "classes", "lang", "digest"}
ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
LOCAL = re.compile(rf"{ATOM}(?:\.{ATOM})*")
LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
DOMAIN = re.compile(rf"(?=.{{1,253}}$){LABEL}(?:\.{LABEL})+")
ADDRESS = re.compile(rf"{LOCAL.pattern}@{DOMAIN.pattern}")  # a plain ASCII address
TOKEN = re.compile(r"[A-Za-z0-9_-]{1,40}")  # what a message may quote of the list
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


def plain_address(value: str) -> str | None:
    """The address to send to (its domain in IDNA form), or None when `value` is not one
    plain `local@domain`."""
    local, at, domain = value.strip().rpartition("@")
    if not at or len(local) > 64 or not LOCAL.fullmatch(local) or "=?" in local:
        return None
    try:
        domain = domain.encode("idna").decode("ascii") if not domain.isascii() else domain
    except UnicodeError:
        return None
    return f"{local}@{domain.lower()}" if DOMAIN.fullmatch(domain) else None


def shown(value) -> str:
    """A value for a message: quoted when it is a plain word (a class id, a language),
    otherwise not at all, since a mistaken one may be an address."""
    if isinstance(value, str) and TOKEN.fullmatch(value):
        return repr(value)
    return "not shown here: it may be an address"


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
        check_yaml_shape(text, where, 1)  # no anchors or aliases: nothing expands
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except ContentError as error:
        problem = error.problem
        raise SubscribersError(f"{where} line {problem.line} {problem.message}") from None
    except yaml.YAMLError as error:
        found = yaml_error_line(error, text)
        line = f" line {found}" if found else ""
        raise SubscribersError(
            f"{where}{line} is not valid YAML; write one `- email: ...` item per family, "
            f"like:\n{EXAMPLE}"
        ) from None
    if data is None:
        return []
    if not isinstance(data, list) or node is None or node.id != "sequence":
        raise SubscribersError(f"{where} must be a list of subscribers, like:\n{EXAMPLE}")
    return [(child.start_mark.line + 1, item) for child, item in zip(node.value, data, strict=True)]


def _check(
    position: int, line: int, raw, classes: dict, languages: set, unreadable=frozenset()
) -> Subscriber | str:
    """The subscriber, or the one message that says what is wrong and how to fix it. Classes
    in `unreadable` (their class.yml has a mistake, said once elsewhere) are left out."""
    where = f"subscriber {position} (line {line})"
    if not isinstance(raw, dict):
        return f"{where}: must be `email:`, `classes:` and `lang:` lines, like:\n{EXAMPLE}"
    unknown = [key for key in raw if key not in KEYS]
    if unknown:
        return (
            f"{where}: unknown key ({shown(unknown[0])}); use {', '.join(sorted(KEYS))}, "
            f"the address on its own `email:` line, like:\n{EXAMPLE}"
        )
    email = raw.get("email")
    address = plain_address(email) if isinstance(email, str) else None
    if address is None:
        return (
            f"{where}: `email` is not one plain address; write it like name@example.org: "
            "one address, no name or <…>, no list, letters of the English alphabet before "
            "the @ (a family whose address has others needs another address)"
        )
    wanted = raw.get("classes")
    if isinstance(wanted, str):
        wanted = [wanted]
    if not wanted or not isinstance(wanted, list) or not all(isinstance(c, str) for c in wanted):
        return f"{where}: `classes` must list class ids, like [grade-3b]"
    for class_id in wanted:
        if class_id not in classes and class_id not in unreadable:
            return (
                f"{where}: unknown class ({shown(class_id)}); known classes: "
                f"{', '.join(sorted(classes))}"
            )
    wanted = [class_id for class_id in wanted if class_id in classes]
    for class_id in wanted:
        if not classes[class_id].contact.email:
            return (
                f"{where}: class {class_id!r} has no contact email, which families write to "
                f"unsubscribe; add `contact: email:` to its class.yml"
            )
    lang = raw.get("lang")
    if lang is None:
        lang = classes[wanted[0]].languages[0] if wanted else ""
    if wanted and (not isinstance(lang, str) or lang not in languages):
        return (
            f"{where}: unknown language ({shown(lang)}); the site has "
            f"{', '.join(sorted(languages))}"
        )
    digest = raw.get("digest", "each")
    if digest not in DIGESTS:
        return f"{where}: `digest` must be each or weekly ({shown(digest)})"
    return Subscriber(position, line, address, tuple(dict.fromkeys(wanted)), lang, str(digest))


def load_subscribers(
    value: str, base: Path, classes: dict, languages: set, unreadable=frozenset()
) -> tuple[list[Subscriber], list[str]]:
    """The subscribers that can be mailed, and a message for each one that cannot.

    `classes` maps class id to SchoolClass; `languages` are the site's; `unreadable` are the
    ids of classes whose class.yml cannot be read (left out of every subscriber's classes).
    Raises SubscribersError when the setting cannot be read at all."""
    value = (value or "").strip()
    if not value:
        return [], []
    where, text = _source(value, base)
    found, problems, seen = [], [], set()
    for position, (line, raw) in enumerate(_entries(text, where), start=1):
        checked = _check(position, line, raw, classes, languages, unreadable)
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
