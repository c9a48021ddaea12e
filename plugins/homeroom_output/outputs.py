"""Every file a build writes, and, in the preview, which of them need not be made again.

A full build (`invoke build`, `invoke publish`) makes and writes every file (`Outputs`). The
preview keeps an `OutputMemory` between rebuilds (memo.py); there (`RememberingOutputs`), each
output file has a key: a digest of everything it is made from (its items, the theme, the
catalogs, the settings: digests.py). A file whose key is the one it had last time is neither
made nor written. What was written or deleted is remembered until the preview copies it to the
folder it serves. No Pelican here: the plugin's `outputs_of` hands in the build's writes and
how to announce a written file.
"""

import hashlib
from collections.abc import Callable
from pathlib import Path

from homeroom_school.model import School, Version

from .digests import Digests, canonical, link_basis, same
from .memo import Derived, LastDigests, OutputMemory
from .writes import Writes


class Outputs:
    """The files of one full build: every file made and written (`write`, `copy`), written as
    it is made. `announce(path, context)` is called once a file made from `context` is written
    (Pelican's `content_written`); with `now`, each file is on disk before it is announced,
    else it is written on the build's background threads.

    The preview's `RememberingOutputs` answers the same questions from the last build; here,
    with no memory, every answer is "make it". One verb per state:

    - `unchanged(save_as, *inputs)`, `all_unchanged(paths, *inputs)`: the file is the one
      last build made from these inputs; it is not made now;
    - `unchanged_reused(save_as, made_from)`: the same, for a file made from one object that
      `reuse` said is last build's;
    - `derive(name, inputs, make, *args)`: a part of a file (a feed entry, a class's planned
      pages), made, or taken from last build; `was_derived_before(name)` says which;
    - `reuse(objects)`: these objects are last build's, made from the same inputs;
    - `keep_derived(names)`: parts last build derived, still used by a file not made again;
    - `written(save_as)`: someone else (Pelican's Writer) wrote this file."""

    memory: OutputMemory | None = None  # a full build's: it remembers nothing

    def __init__(
        self,
        output: Path,
        writes: Writes,
        announce: Callable[[str, dict], None] = lambda path, context: None,
        now: bool = False,
    ):
        self.output, self.writes = output, writes
        self.announce, self.now = announce, now
        self.changed: set[str] = set()

    def unchanged(self, save_as: str, *inputs) -> bool:
        return False

    def all_unchanged(self, paths: list[str], *inputs) -> bool:
        return False

    def unchanged_reused(self, save_as: str, made_from) -> bool:
        return False

    def derive(self, name, inputs: tuple, make, *args):
        return make(*args)

    def was_derived_before(self, name) -> bool:
        return False

    def reuse(self, objects) -> None:
        pass

    def keep_derived(self, names) -> None:
        pass

    def written(self, save_as: str) -> None:
        self.changed.add(save_as)

    def write(self, save_as: str, data: bytes | str, context: dict) -> None:
        """Write a file made from `context` (and tell Pelican's `content_written`), unless the
        preview has the same bytes there already."""
        if self.store(save_as, data.encode() if isinstance(data, str) else data):
            self.announce(str(self.output / save_as), context)

    def store(self, save_as: str, data: bytes) -> bool:
        """Write a file (unless the preview has the same bytes there already); True if written."""
        (self.writes.write_now if self.now else self.writes.write)(self.output / save_as, data)
        self.changed.add(save_as)
        return True

    def copy(self, save_as: str, source: Path, *inputs) -> None:
        """Copy a file (a photo, a PDF), unless the preview copied the same one last time."""
        status = source.stat()
        if self.unchanged(save_as, str(source), status.st_mtime_ns, status.st_size, *inputs):
            return
        self.store(save_as, source.read_bytes())

    def finish(self) -> None:
        """Once every file is written (the preview deletes what is no longer made)."""


class RememberingOutputs(Outputs):
    """The preview's files: each has a key, a digest of everything it is made from (its items,
    the theme, the catalogs, the settings); a file whose key is the one it had last build is
    neither made nor written. At the end (`finish`), what the last build made and this one did
    not is deleted, and `memory` keeps only what this build used."""

    def __init__(
        self,
        output: Path,
        memory: OutputMemory,
        school: School,
        shared: bytes,
        links_kept: bool,
        writes: Writes,
        announce: Callable[[str, dict], None] = lambda path, context: None,
        now: bool = False,
    ):
        super().__init__(output, writes, announce, now)
        self.memory = memory
        self.shared = shared  # what every file depends on: theme, catalogs, settings
        self.keys: dict[str, bytes] = {}
        self.derived: dict = {}
        self.derived_again: set = set()  # names `derive` took from last build
        # Until this build finishes, the preview has no keys: if it stops half-way, the next
        # one starts again from a clean staging folder.
        self.before, memory.output_keys = memory.output_keys or {}, None
        if memory.shared != shared:  # the theme, settings or a class changed: every file
            memory.forget_made()
        memory.shared = shared
        self.derived_before = memory.derived
        # Whether last build's digests of versions stand (see Digests.earlier); then a file
        # made from the very same objects as last build has last build's key.
        self.same_links = self.links_stand(links_kept, school)
        self.inputs_before = memory.output_inputs if self.same_links else {}
        self.inputs: dict[str, tuple] = {}
        self.digests = Digests(school, memory.stable_digests, self.earlier_digests())
        self.reused = self.digests.reused
        self.changed = memory.changed

    def links_stand(self, links_kept: bool, school: School) -> bool:
        """Whether what versions' links resolve to is what it was last build: the same pages
        (the load says so: LoadMemo.links_kept), photos and attachments."""
        last = self.memory.digests
        return links_kept and last is not None and last.link_basis == link_basis(school)

    def earlier_digests(self) -> dict:
        """Last build's digests that still stand (see Digests.earlier)."""
        last = self.memory.digests
        if last is None:
            return {}
        return {**last.pure, **last.versions} if self.same_links else last.pure

    def made_of_same_objects(self, name, inputs: tuple) -> bool:
        """Whether a file (or what `derive` made under `name`) is made from the very same
        objects as last build: then its key is last build's. Noted for the next build."""
        self.inputs[name] = inputs
        before = self.inputs_before.get(name)
        return before is not None and same(before, inputs)

    def key(self, *inputs) -> bytes:
        data = self.shared + canonical(self.digests.flat(inputs))
        return hashlib.blake2b(data, digest_size=16).digest()

    def unchanged(self, save_as: str, *inputs) -> bool:
        """True when `save_as` was made from these same inputs last build: then it need not
        be made now. Either way, `save_as` is one of this build's files."""
        if self.made_of_same_objects(save_as, inputs) and save_as in self.before:
            self.keys[save_as] = self.before[save_as]
            return True
        self.keys[save_as] = key = self.key(*inputs)
        return self.before.get(save_as) == key

    def all_unchanged(self, paths: list[str], *inputs) -> bool:
        """`unchanged` for files made together from the same inputs (a feed's Atom and RSS):
        keyed once."""
        same_objects = [self.made_of_same_objects(path, inputs) for path in paths]
        if all(same_objects) and all(path in self.before for path in paths):
            for save_as in paths:
                self.keys[save_as] = self.before[save_as]
            return True
        key = self.key(*inputs)
        for save_as in paths:
            self.keys[save_as] = key
        return all(self.before.get(save_as) == key for save_as in paths)

    def unchanged_reused(self, save_as: str, made_from) -> bool:
        """True when `save_as` is made from a reused object alone and was made last build:
        its key is last build's."""
        if id(made_from) in self.reused and save_as in self.before:
            self.keys[save_as] = self.before[save_as]
            return True
        return False

    def derive(self, name, inputs: tuple, make, *args):
        """make(*args), or what it made last build from the same inputs: for a part of a file
        that is slow to make (a month's newsletter in a feed)."""
        known = self.derived_before.get(name)
        if known and self.made_of_same_objects(name, inputs):
            self.derived_again.add(name)
            self.derived[name] = known
            return known.value
        key = self.key(*inputs)
        if known and known.key == key:
            value = known.value
            self.derived_again.add(name)
        else:
            value = make(*args)
        self.derived[name] = Derived(key, value)
        return value

    def was_derived_before(self, name) -> bool:
        """Whether `derive` gave last build's value for `name`."""
        return name in self.derived_again

    def reuse(self, objects) -> None:
        """These objects are last build's, made from the same inputs: a file made from one of
        them alone need not be keyed again (`unchanged_reused`)."""
        self.reused.update(id(obj) for obj in objects)

    def keep_derived(self, names) -> None:
        """What `derive` made last build under these names is still used (by a file that was
        not made again): it is kept for the next build."""
        for name in names:
            known = self.derived_before.get(name)
            if known is not None and name not in self.derived:
                self.derived[name] = known

    def store(self, save_as: str, data: bytes) -> bool:
        """Write a file unless the preview has the same bytes there already; True if written."""
        if save_as not in self.keys:
            self.keys[save_as] = key = hashlib.blake2b(data, digest_size=16).digest()
            if self.before.get(save_as) == key:
                return False
        return super().store(save_as, data)

    def finish(self) -> None:
        """Once every file is written: delete what the last build made and this one did not;
        keep this build's keys, and only what this build used, for the next one."""
        for save_as in self.before.keys() - self.keys.keys():
            (self.output / save_as).unlink(missing_ok=True)
            self.changed.add(save_as)
        memory, known = self.memory, self.digests.known
        memory.stable_digests = {i: known[i] for i in self.reused if i in known}
        pure, versions = {}, {}
        for i, found in known.items():
            (versions if type(found.obj) is Version else pure)[i] = found
        memory.digests = LastDigests(pure, versions, link_basis(self.digests.school))
        memory.output_inputs = self.inputs
        memory.derived = self.derived  # what `derive` made or `keep_derived` kept: nothing else
        memory.output_keys = self.keys
