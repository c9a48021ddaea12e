"""What an output file is made of, as a digest: `Digests` (every record by its digest, once a
build), `canonical` (the same bytes for equal plain data), `same` (the very same objects, far
cheaper than a digest) and `shared_inputs` (what every file depends on). The preview's
`RememberingOutputs` keys each file with them (outputs.py).
"""

import hashlib
import io
import pickle
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import unquote

from markupsafe import Markup

from homeroom_school import slots
from homeroom_school.links import LOCAL, place_languages
from homeroom_school.model import School, Version
from homeroom_school.views import Shown

from .memo import KnownDigest

PLAIN = frozenset({str, int, float, bool, type(None), bytes, date, datetime, Markup})


def canonical(value) -> bytes:
    """The same bytes for equal plain data (see `Digests.flat`), however it is shared: with
    pickle's memo off, a string used twice is written twice, not referred to the second time."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True
    pickler.dump(value)
    return buffer.getvalue()


def same(before, now) -> bool:
    """Whether `now` is `before`: the very same objects, in lists, tuples and dicts made
    afresh (plain values equal). Far cheaper than a digest, and enough: the objects are
    immutable records."""
    if before is now:
        return True
    kind = type(now)
    if type(before) is not kind:
        return False
    if kind is list or kind is tuple:
        return len(before) == len(now) and all(
            [a is b or same(a, b) for a, b in zip(before, now, strict=True)]
        )
    if kind is dict:
        return len(before) == len(now) and all(
            [
                ka == kb and (a is b or same(a, b))
                for (ka, a), (kb, b) in zip(before.items(), now.items(), strict=True)
            ]
        )
    return kind in PLAIN and before == now


def link_basis(school: School) -> tuple:
    """What a version's digest depends on besides the version: the photos and attachments
    its tokens name (the pages its links name are the load's: LoadMemo.links_kept)."""
    return school.photos, school.attachments


class Digests:
    """What an output file is made of, as plain data to compare: every record in it (an item,
    a version, a class, a planned page) replaced by its digest, computed once per build, so a
    page listing twenty posts costs twenty lookups, not twenty posts' text. A version's digest
    covers what its links point to, so renaming the target of a link changes the pages that
    link to it. The objects the preview reuses from the last build keep their digests."""

    def __init__(self, school: School, stable: dict, earlier: dict | None = None):
        self.school = school
        self.known: dict[int, KnownDigest] = {}  # by id()
        self.fields: dict[type, tuple[str, ...]] = {}
        self.reused: set[int] = set()  # ids of last build's objects, reused as they were
        self.stable = stable  # the digests of reused objects, from last build
        # Last build's digests of the objects the preview's load kept (incremental.py): an
        # object is immutable, so its digest stands; a version's covers its links' targets
        # too, so versions' are left out when what links resolve to changed (`link_basis`).
        self.earlier = earlier or {}

    def of(self, obj) -> bytes:
        key = id(obj)
        found = self.known.get(key) or self.stable.get(key) or self.earlier.get(key)
        if found is None or found.obj is not obj:
            data = canonical(self.fields_of(obj))
            if type(obj) is Version:
                targets = LOCAL.findall(obj.body + (obj.image or ""))
                data += canonical([self.link_target(kind, value) for kind, value in targets])
            digest = hashlib.blake2b(data, digest_size=16).digest()
            found = KnownDigest(obj, digest)
        self.known[id(obj)] = found
        return found.digest

    def flat(self, value):
        """`value` as tuples of plain values, each record (a dataclass) as its digest."""
        kind = type(value)
        if kind in PLAIN:
            return value
        flat = self.flat  # below, plain parts are kept without a call: most parts are plain
        if kind is list or kind is tuple:
            return tuple([part if type(part) in PLAIN else flat(part) for part in value])
        if kind is dict:
            return tuple(
                [(key, part if type(part) in PLAIN else flat(part)) for key, part in value.items()]
            )
        if kind is Shown:  # made afresh for every list an item is in: not worth a digest
            school_class = value.school_class
            owner = self.of(school_class) if school_class else None
            return self.of(value.item), self.of(value.version), value.lang, value.url, owner
        if is_dataclass(value):
            return self.of(value)
        return value  # a time zone, a set: pickled as it is

    def fields_of(self, value) -> tuple:
        kind = type(value)
        names = self.fields.get(kind)
        if names is None:
            names = self.fields[kind] = tuple(field.name for field in fields(value))
        parts = [getattr(value, name) for name in names]
        flat = self.flat
        return (kind.__name__, *[part if type(part) in PLAIN else flat(part) for part in parts])

    def link_target(self, kind: str, value: str):
        """What a link token's rendering depends on besides the token itself."""
        if kind == "item":
            target = self.school.items.get(value)
            if target is None:
                return None
            languages = self.school.languages_of(target)
            return target.kind, target.class_id, target.slug, target.original_lang, languages
        if kind == "place":
            return place_languages(value, self.school)
        if kind in ("photo", "cover", "photo-link"):
            return self.flat(self.school.photos.get(value))
        if kind == "attachment":
            return self.school.attachments.get(unquote(value))
        return None


def shared_inputs(context: dict, school: School) -> bytes:
    """What every file shows besides its own data: the theme's templates and catalogs, the
    settings, today's date, the school's name, languages, classes and pages, and the photos
    and recordings as made. A change to any of them makes every file again."""
    digest = hashlib.blake2b(digest_size=16)
    theme = Path(context["THEME"])
    for folder in (theme / "templates", theme / "translations"):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(path.as_posix().encode() + path.read_bytes())
    settings = {
        key: value
        for key, value in sorted(context.items())
        if key.isupper() and isinstance(value, (str, int, float, bool, tuple, type(None)))
    }
    library = slots.PHOTOS.get(context)
    recordings = slots.AUDIO.get(context)  # a new recording's length: "Listen (N min)"
    config = slots.CONFIG.of(context)
    shared = (
        settings,
        config.today,
        school.name,
        school.languages,
        school.classes,
        school.pages,
        library.published if library else None,
        recordings.published if recordings else None,
    )
    digest.update(canonical(shared))
    return digest.digest()
