"""What each subscriber was sent: mail-ledger.yml, committed back by the publish workflow.

The ledger holds no address: a subscriber is a keyed hash of their address (HMAC-SHA256 with
HOMEROOM_SECRET), so a public repository shows nothing a spammer can use. Per subscriber and
class it records the entries known to them (sent, or already there when they were welcomed),
as language-free ids, and the day of the last message (weekly digests). It is written after
each accepted message, atomically, so a run that stops halfway leaves exactly what was sent.
"""

import hmac
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HEADER = (
    "# Written by `invoke send`: what each subscriber has been sent, so nothing goes twice.\n"
    "# Keys are HMACs of addresses (HOMEROOM_SECRET), never an address. Deleting a key sends\n"
    "# that family a new welcome; deleting this file welcomes everyone again.\n"
)


VERSION = 2  # 2: events are mailed and recorded, like posts


class LedgerError(ValueError):
    """The ledger cannot be read; the message says how to fix it."""


def subscriber_key(secret: str, address: str) -> str:
    digest = hmac.new(secret.encode(), b"homeroom-mail:" + address.lower().encode(), "sha256")
    return digest.hexdigest()[:24]


def item_id(entry_id: str) -> str:
    """A feed entry's id (tag:host,date:class/news/slug/lang) without host and language: the
    same post edited, or read in another language, is the same item."""
    dated = entry_id.split(",", 1)[-1]  # 2026-09-04:grade-1/news/first-week/es
    return dated.rsplit("/", 1)[0] if dated.count("/") >= 3 else dated


@dataclass
class Record:
    """One subscriber's mail from one class."""

    known: set[str] = field(default_factory=set)  # item ids sent, or there at the welcome
    last: str = ""  # YYYY-MM-DD of the last message
    events: bool = True  # False: written before events were mailed (a version 1 ledger)


@dataclass
class Ledger:
    path: Path
    records: dict[tuple[str, str], Record] = field(default_factory=dict)

    def get(self, key: str, class_id: str) -> Record | None:
        return self.records.get((key, class_id))

    def record(self, key: str, class_id: str, items, day: str, keep=None) -> None:
        """`items` are now known to the subscriber; `keep` (the class's current items), when
        given, drops what left the feed so the ledger does not grow forever."""
        entry = self.records.setdefault((key, class_id), Record())
        entry.known |= set(items)
        if keep is not None:
            entry.known &= set(keep)
        entry.last = day
        self.save()

    def adopt_events(self, key: str, class_id: str, items, save: bool) -> None:
        """A record from before events were mailed: the class's events it has now are known
        (like a welcome's), so the upgrade sends no event that was already there."""
        entry = self.records[(key, class_id)]
        entry.known |= set(items)
        entry.events = True
        if save:
            self.save()

    def save(self) -> None:
        data: dict = {}
        for (key, class_id), entry in sorted(self.records.items()):
            record = {"last": entry.last, "known": sorted(entry.known)}
            if not entry.events:
                record["events"] = False  # not adopted yet (a run that stopped early)
            data.setdefault(key, {})[class_id] = record
        text = HEADER + yaml.safe_dump(
            {"version": VERSION, "subscribers": data}, allow_unicode=True, sort_keys=True, width=200
        )
        scratch = self.path.with_name(f".{self.path.name}.tmp")
        scratch.write_text(text, encoding="utf-8")
        os.replace(scratch, self.path)


def load_ledger(path: Path) -> Ledger:
    """The ledger at `path`; an empty one when there is no file yet."""
    if not path.is_file():
        return Ledger(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError):
        data = None
    subscribers = data.get("subscribers") if isinstance(data, dict) else None
    if not isinstance(subscribers, dict):
        raise LedgerError(
            f"{path.name} is not a ledger `invoke send` wrote; restore it from git history "
            "(deleting it sends every family a new welcome)"
        )
    ledger = Ledger(path)
    events = isinstance(data.get("version"), int) and data["version"] >= 2
    for key, classes in subscribers.items():
        for class_id, entry in (classes or {}).items():
            entry = entry or {}
            ledger.records[(str(key), str(class_id))] = Record(
                set(map(str, entry.get("known") or ())),
                str(entry.get("last") or ""),
                entry.get("events", events) is not False,
            )
    return ledger
