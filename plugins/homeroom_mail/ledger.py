"""What each subscriber was sent: mail-ledger.yml, kept by the mail workflow.

The ledger holds no address: a subscriber is a keyed hash of their address (HMAC-SHA256 with
HOMEROOM_SECRET), so a public repository shows nothing a spammer can use. Per subscriber and
class it records the items known to them (sent, or there when they were welcomed), as
language- and date-free ids, and the day of the last message (weekly digests). Per class it
records the archive: the posts and newsletters on the site that are older than its feed's
newest entries, which are never new to anyone, even when a deleted or drafted post lets one of
them back into the feed. An id is kept while its page is on the site and goes with it; a
family's own ids are only those not in the archive (about a feed's worth), so the ledger grows
with the number of families and the site's pages, not with time. It is written after each
accepted message, atomically, so a run that stops halfway leaves exactly what was sent.

The ledger is data that a run reads back: anchors and aliases are refused before anything is
expanded, and any other shape is one LedgerError naming the line, never a traceback.
"""

import hmac
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from homeroom_school.problems import ContentError
from homeroom_school.reading.front_matter import YAML_LOADER, check_yaml_shape, yaml_error_line

HEADER = (
    "# Written by `invoke send`: what each subscriber has been sent, so nothing goes twice.\n"
    "# Keys are HMACs of addresses (HOMEROOM_SECRET), never an address. Deleting a key sends\n"
    "# that family a new welcome; without this file `invoke send` sends nothing until it is\n"
    "# restored, or run with --start to welcome everyone again.\n"
)

# 1: posts; 2: events too; 3: ids kept while their item is on the site (not only the feed's)
VERSION = 3
KEY = re.compile(r"[0-9a-f]{24}")
CLASS_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
DATED = re.compile(r"\d{4}-\d{2}-\d{2}:")
STR = "tag:yaml.org,2002:str"
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: ten times faster
KINDS = {
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:null": "empty",
    "tag:yaml.org,2002:timestamp": "a date",
    STR: "text",
}
RESTORE = (
    "`invoke send` never writes that; restore the last good ledger from git history "
    "(in the workflow: the history of the branch homeroom-mail)"
)


class LedgerError(ValueError):
    """The ledger cannot be read; the message says how to fix it."""


def subscriber_key(secret: str, address: str) -> str:
    digest = hmac.new(secret.encode(), b"homeroom-mail:" + address.lower().encode(), "sha256")
    return digest.hexdigest()[:24]


def undated(item: str) -> str:
    """An id without the date an older ledger kept in front (`2026-09-04:grade-1/news/x`)."""
    return item.split(":", 1)[1] if DATED.match(item) else item


def item_id(entry_id: str) -> str:
    """A feed entry's id (tag:host,date:class/news/slug/lang) without host, date and
    language: `grade-1/news/first-week`, the path of its page in every language, so the same
    post edited, redated or read in another language is the same item."""
    dated = entry_id.split(",", 1)[-1]  # 2026-09-04:grade-1/news/first-week/es
    path = undated(dated)
    return path.rsplit("/", 1)[0] if path.count("/") >= 3 else path


@dataclass
class Record:
    """One subscriber's mail from one class."""

    known: set[str] = field(default_factory=set)  # item ids sent, or there at the welcome
    last: str = ""  # YYYY-MM-DD of the last message
    version: int = VERSION  # older: written before this version, adopted on first use


@dataclass
class Ledger:
    path: Path
    records: dict[tuple[str, str], Record] = field(default_factory=dict)
    archive: dict[str, set[str]] = field(default_factory=dict)  # class id -> item ids

    def get(self, key: str, class_id: str) -> Record | None:
        return self.records.get((key, class_id))

    def known(self, key: str, class_id: str) -> set[str]:
        """What the subscriber never gets as new: their own ids and the class's archive."""
        record = self.records.get((key, class_id))
        return (record.known if record else set()) | self.archive.get(class_id, set())

    def forget_others(self, wanted, classes) -> None:
        """Only the (key, class id) pairs `wanted` and the archives of `classes` stay: a
        family taken off the list (or a key from an old HOMEROOM_SECRET) is forgotten, and
        gets a welcome, never the archive, if it is listed again."""
        self.records = {pair: record for pair, record in self.records.items() if pair in wanted}
        self.archive = {c: ids for c, ids in self.archive.items() if c in classes}

    def archived(self, class_id: str, items, on_site) -> None:
        """`items` are the class's archive now; of the archive, only what is `on_site` stays."""
        self.archive[class_id] = (self.archive.get(class_id, set()) | set(items)) & set(on_site)

    def record(self, key: str, class_id: str, items, day: str, on_site) -> None:
        """`items` are now known to the subscriber; of their ids, only those `on_site` and not
        in the class's archive stay, so the ledger does not grow with time."""
        entry = self.records.setdefault((key, class_id), Record())
        mine = (entry.known & set(on_site)) | set(items)
        entry.known = mine - self.archive.get(class_id, set())
        entry.last = day
        self.save()

    def adopt(self, key: str, class_id: str, items, events) -> bool:
        """A record from an older ledger, brought up to this version without sending
        anything: a version 1 record learns the class's events (it was written before events
        were mailed), a version 2 one `items` (feed entries it forgot: plan.upgraded). False
        when the record was already current."""
        entry = self.records[(key, class_id)]
        if entry.version >= VERSION:
            return False
        if entry.version < 2:
            entry.known |= set(events)
        entry.known |= set(items)
        entry.version = VERSION
        return True

    def save(self) -> None:
        data: dict = {}
        for (key, class_id), entry in sorted(self.records.items()):
            record: dict = {"last": entry.last, "known": sorted(entry.known)}
            if entry.version < VERSION:
                record["version"] = entry.version  # not adopted yet (not met in a run)
            data.setdefault(key, {})[class_id] = record
        archive = {class_id: sorted(ids) for class_id, ids in sorted(self.archive.items()) if ids}
        text = HEADER + yaml.dump(
            {"version": VERSION, "archive": archive, "subscribers": data},
            Dumper=DUMPER,
            allow_unicode=True,
            sort_keys=True,
            width=200,
        )
        scratch = self.path.with_name(f".{self.path.name}.tmp")
        scratch.write_text(text, encoding="utf-8")
        os.replace(scratch, self.path)


def missing_ledger(path: Path) -> str:
    return (
        f"{path.name} does not exist, so nothing was sent: without it every family would get "
        "a new welcome and posts they may have had. Restore it, or, to start over on purpose "
        "(a first run, or a ledger lost for good), run `invoke send --start` (in the "
        "workflow: delete the branch homeroom-mail, and the next run starts it)"
    )


def load_ledger(path: Path, start: bool = False) -> Ledger:
    """The ledger at `path`. With no file: an empty one when `start`, else a LedgerError."""
    if not path.exists():
        if start:
            return Ledger(path)
        raise LedgerError(missing_ledger(path))
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError:
        raise LedgerError(f"{path.name} cannot be read; {RESTORE}") from None
    except UnicodeDecodeError:
        raise LedgerError(f"{path.name} is not UTF-8 text; {RESTORE}") from None
    try:
        check_yaml_shape(text, path.name, 1)  # anchors, aliases and deep nesting: refused
        node = yaml.compose(text, Loader=YAML_LOADER)
    except ContentError as error:
        line = error.problem.line
        raise LedgerError(f"{path.name} line {line}: {error.problem.message}; {RESTORE}") from None
    except yaml.YAMLError as error:
        line = yaml_error_line(error, text)
        where = f" line {line}" if line else ""
        raise LedgerError(f"{path.name}{where} is not valid YAML; {RESTORE}") from None
    if node is None:
        raise LedgerError(f"{path.name} is empty; {RESTORE}, or delete it and see below")
    return _Reader(path).ledger(node)


class _Reader:
    """The ledger's node tree, checked shape by shape; every value is read from its node."""

    def __init__(self, path: Path):
        self.path = path
        self.scalars = SafeConstructor()

    def fail(self, node, what: str):
        line = node.start_mark.line + 1
        raise LedgerError(f"{self.path.name} line {line}: {what}; {RESTORE}")

    def kind(self, node) -> str:
        if isinstance(node, yaml.MappingNode):
            return "a mapping"
        if isinstance(node, yaml.SequenceNode):
            return "a list"
        return KINDS.get(node.tag, "a value of another type")

    def scalar(self, node):
        try:
            return self.scalars.construct_object(node)
        except (ConstructorError, ValueError):
            self.fail(node, "holds a value that cannot be read")

    def mapping(self, node, what: str, keys=None) -> list[tuple[str, object]]:
        """(key, value node) pairs; keys must be text (and, given `keys`, one of them)."""
        if node.tag == "tag:yaml.org,2002:null":
            return []
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, f"{what} must be a mapping, not {self.kind(node)}")
        pairs, seen = [], set()
        for key_node, value in node.value:
            if not (isinstance(key_node, yaml.ScalarNode) and key_node.tag == STR):
                self.fail(key_node, f"{what} has a key that is {self.kind(key_node)}, not text")
            name = key_node.value
            if keys is not None and name not in keys:
                self.fail(key_node, f"{what} has a key other than {', '.join(sorted(keys))}")
            if name in seen:
                self.fail(key_node, f"{what} has the same key twice")
            seen.add(name)
            pairs.append((name, key_node, value))
        return pairs

    def ledger(self, node) -> Ledger:
        pairs = self.mapping(node, "the file", {"version", "subscribers", "archive"})
        top = {name: value for name, _, value in pairs}
        version = 1
        if "version" in top:
            version = self.scalar(top["version"])
            if type(version) is not int or not 1 <= version <= VERSION:
                self.fail(top["version"], f"`version` must be a whole number from 1 to {VERSION}")
        if "subscribers" not in top:
            self.fail(node, "has no `subscribers:`")
        ledger = Ledger(self.path)
        archive = self.mapping(top["archive"], "`archive`") if "archive" in top else []
        for class_id, class_node, items in archive:
            if not CLASS_ID.fullmatch(class_id):
                self.fail(class_node, "`archive` has a class that is not a class id")
            ledger.archive[class_id] = self.ids(items, "a class's archive")
        for key, key_node, classes in self.mapping(top["subscribers"], "`subscribers`"):
            if not KEY.fullmatch(key):
                self.fail(key_node, "a subscriber's key is not 24 hex digits")
            for class_id, class_node, entry in self.mapping(classes, "a subscriber"):
                if not CLASS_ID.fullmatch(class_id):
                    self.fail(class_node, "a subscriber has a class that is not a class id")
                ledger.records[(key, class_id)] = self.record(entry, version)
        return ledger

    def ids(self, node, what: str) -> set[str]:
        """A list of item ids (an older ledger's dated ones without their date)."""
        if node.tag == "tag:yaml.org,2002:null":
            return set()
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, f"{what} must be a list of ids, not {self.kind(node)}")
        found = set()
        for item in node.value:
            if not (isinstance(item, yaml.ScalarNode) and item.tag == STR and item.value):
                self.fail(item, f"{what} holds {self.kind(item)}, not an id")
            found.add(undated(item.value))
        return found

    def record(self, node, version: int) -> Record:
        fields = {
            name: value
            for name, _, value in self.mapping(
                node, "a class's record", {"known", "last", "events", "version"}
            )
        }
        known = self.ids(fields["known"], "`known`") if "known" in fields else set()
        last = ""
        if "last" in fields and fields["last"].tag != "tag:yaml.org,2002:null":
            value = fields["last"]
            if not isinstance(value, yaml.ScalarNode) or not (
                value.value == "" or DAY.fullmatch(value.value)
            ):
                self.fail(value, f"`last` must be a day (YYYY-MM-DD), not {self.kind(value)}")
            last = value.value
        if "events" in fields:  # version 2 wrote `events: false` before a record was adopted
            if self.scalar(fields["events"]) is not False:
                self.fail(fields["events"], "`events` can only be false")
            version = 1
        if "version" in fields:
            version = self.scalar(fields["version"])
            if type(version) is not int or not 1 <= version < VERSION:
                self.fail(fields["version"], f"a record's `version` must be below {VERSION}")
        return Record(known, last, version)
