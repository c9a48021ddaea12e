"""Every file a build writes, and, in the preview, which of them need not be made again.

A full build (`invoke build`, `invoke publish`) makes and writes every file. The preview keeps
a memo between rebuilds (memo.py); there, each output file has a key: a digest of everything
it is made from (its items, the theme, the catalogs, the settings). A file whose key is the
one it had last time is neither made nor written. What was written or deleted is remembered
until the preview copies it to the folder it serves. No Pelican here: the plugin's
`outputs_of` hands in the build's writes and how to announce a written file.
"""

import hashlib
import io
import pickle
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import unquote

from markupsafe import Markup

from homeroom_school import slots
from homeroom_school.links import LOCAL, place_languages
from homeroom_school.model import School, Version
from homeroom_school.views import Shown

from .memo import PreviewMemo
from .writes import Writes

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
        self.known: dict[int, tuple[object, bytes]] = {}  # id -> (object kept alive, digest)
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
        if found is None or found[0] is not obj:
            data = canonical(self.fields_of(obj))
            if type(obj) is Version:
                targets = LOCAL.findall(obj.body + (obj.image or ""))
                data += canonical([self.link_target(kind, value) for kind, value in targets])
            digest = hashlib.blake2b(data, digest_size=16).digest()
            found = (obj, digest)
        self.known[id(obj)] = found
        return found[1]

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


class Outputs:
    """The files of one build: written as they are made, skipped in the preview when their
    inputs did not change, and the ones no longer made deleted at the end (`finish`).

    `announce(path, context)` is called once a file made from `context` is written (Pelican's
    `content_written`); with `now`, each file is on disk before it is announced, else it is
    written on the build's background threads."""

    def __init__(
        self,
        output: Path,
        memo: PreviewMemo | None,
        school: School,
        shared: bytes,
        writes: Writes,
        announce: Callable[[str, dict], None] = lambda path, context: None,
        now: bool = False,
    ):
        self.output, self.memo, self.writes = output, memo, writes
        self.announce, self.now = announce, now
        self.shared = shared  # what every file depends on: theme, catalogs, settings
        self.keys: dict[str, bytes] = {}
        self.derived: dict = {}
        self.remembered_names: set = set()
        if memo is None:  # a full build: no last build
            self.before, self.derived_before, stable = {}, {}, {}
        else:
            # Until this build finishes, the preview has no keys: if it stops half-way, the
            # next one starts again from a clean staging folder.
            self.before, memo.output_keys = memo.output_keys or {}, None
            if memo.shared != shared:  # the theme, settings or a class changed: every file
                # is made again, so nothing of the last build is reused. Let it go now, before
                # this build plans and makes its own: the preview's peak memory stays that of a
                # first build.
                memo.derived, memo.stable_digests, memo.digests = {}, {}, None
                memo.output_inputs = {}
            memo.shared = shared
            self.derived_before, stable = memo.derived, memo.stable_digests
        # Whether last build's digests of versions stand (see Digests.earlier); then a file
        # made from the very same objects as last build has last build's key.
        self.same_links = self.links_stand(memo, school)
        self.inputs_before = memo.output_inputs if memo is not None and self.same_links else {}
        self.inputs: dict[str, tuple] = {}
        self.digests = Digests(school, stable, self.earlier_digests(memo))
        self.reused = self.digests.reused
        self.changed: set[str] = memo.changed if memo is not None else set()

    def links_stand(self, memo: PreviewMemo | None, school: School) -> bool:
        """Whether what versions' links resolve to is what it was last build: the same pages
        (the load says so: LoadMemo.links_kept), photos and attachments."""
        if memo is None or not memo.digests or not getattr(memo.load, "links_kept", False):
            return False
        return memo.digests[2] == link_basis(school)

    def earlier_digests(self, memo: PreviewMemo | None) -> dict:
        """Last build's digests that still stand (see Digests.earlier)."""
        if memo is None or not memo.digests:
            return {}
        pure, versions, _ = memo.digests
        return {**pure, **versions} if self.same_links else pure

    def same_inputs(self, name, inputs: tuple) -> bool:
        """Whether a file (or what `remember` made under `name`) is made from the very same
        objects as last build: then its key is last build's. Noted for the next build."""
        self.inputs[name] = inputs
        before = self.inputs_before.get(name)
        return before is not None and same(before, inputs)

    def key(self, *inputs) -> bytes:
        data = self.shared + canonical(self.digests.flat(inputs))
        return hashlib.blake2b(data, digest_size=16).digest()

    def fresh(self, save_as: str, *inputs) -> bool:
        """True when `save_as` was made from these same inputs last time (the preview only):
        then it need not be made now. Either way, `save_as` is one of this build's files."""
        if self.memo is None:
            return False
        if self.same_inputs(save_as, inputs) and save_as in self.before:
            self.keys[save_as] = self.before[save_as]
            return True
        self.keys[save_as] = key = self.key(*inputs)
        return self.before.get(save_as) == key

    def fresh_all(self, paths: list[str], *inputs) -> bool:
        """`fresh` for files made together from the same inputs (a feed's Atom and RSS): keyed
        once."""
        if self.memo is None:
            return False
        if all([self.same_inputs(path, inputs) and path in self.before for path in paths]):
            for save_as in paths:
                self.keys[save_as] = self.before[save_as]
            return True
        key = self.key(*inputs)
        for save_as in paths:
            self.keys[save_as] = key
        return all(self.before.get(save_as) == key for save_as in paths)

    def remember(self, name, inputs: tuple, make, *args):
        """make(*args), or in the preview what it made last build from the same inputs: for a
        part of a file that is slow to make (a month's newsletter in a feed)."""
        if self.memo is None:
            return make(*args)
        known = self.derived_before.get(name)
        if known and self.same_inputs(name, inputs):
            self.remembered_names.add(name)
            self.derived[name] = known
            return known[1]
        key = self.key(*inputs)
        if known and known[0] == key:
            value = known[1]
            self.remembered_names.add(name)
        else:
            value = make(*args)
        self.derived[name] = (key, value)
        return value

    def keep(self, names) -> None:
        """What `remember` made last build under these names is still used (by a file that
        was not made again): it is kept for the next build."""
        if self.memo is None:
            return
        for name in names:
            known = self.derived_before.get(name)
            if known is not None and name not in self.derived:
                self.derived[name] = known

    def remembered(self, name) -> bool:
        """Whether `remember` gave last build's value for `name`."""
        return name in self.remembered_names

    def reuse(self, objects) -> None:
        """These objects are last build's, made from the same inputs: a file made from one of
        them alone need not be keyed again (`carried`)."""
        self.reused.update(id(obj) for obj in objects)

    def carried(self, save_as: str, made_from) -> bool:
        """True when `save_as` is made from a reused object alone and was made last build:
        its key is last build's."""
        if id(made_from) in self.reused and save_as in self.before:
            self.keys[save_as] = self.before[save_as]
            return True
        return False

    def made(self, save_as: str) -> None:
        """`save_as` was written by someone else (Pelican's Writer)."""
        self.changed.add(save_as)

    def write(self, save_as: str, data: bytes | str, context: dict) -> None:
        """Write a file made from `context` (and tell Pelican's `content_written`), unless the
        preview has the same bytes there already."""
        if self.store(save_as, data.encode() if isinstance(data, str) else data):
            self.announce(str(self.output / save_as), context)

    def store(self, save_as: str, data: bytes) -> bool:
        """Write a file unless the preview has the same bytes there already; True if written."""
        if self.memo is not None and save_as not in self.keys:
            self.keys[save_as] = key = hashlib.blake2b(data, digest_size=16).digest()
            if self.before.get(save_as) == key:
                return False
        (self.writes.write_now if self.now else self.writes.write)(self.output / save_as, data)
        self.changed.add(save_as)
        return True

    def copy(self, save_as: str, source: Path, *inputs) -> None:
        """Copy a file (a photo, a PDF), unless the preview copied the same one last time."""
        status = source.stat()
        if self.fresh(save_as, str(source), status.st_mtime_ns, status.st_size, *inputs):
            return
        self.store(save_as, source.read_bytes())

    def finish(self) -> None:
        """Once every file is written: delete what the last build made and this one did not;
        keep this build's keys, and only what this build used, for the next one."""
        if self.memo is None:
            return
        for save_as in self.before.keys() - self.keys.keys():
            (self.output / save_as).unlink(missing_ok=True)
            self.changed.add(save_as)
        known = self.digests.known
        self.memo.stable_digests = {i: known[i] for i in self.reused if i in known}
        pure, versions = {}, {}
        for i, found in known.items():
            (versions if type(found[0]) is Version else pure)[i] = found
        self.memo.digests = (pure, versions, link_basis(self.digests.school))
        self.memo.output_inputs = self.inputs
        self.memo.derived = self.derived  # what `remember` made or `keep` kept: nothing else
        self.memo.output_keys = self.keys
        self.memo.end_build()


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
