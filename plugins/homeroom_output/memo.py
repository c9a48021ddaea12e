"""What the preview keeps between rebuilds (`HOMEROOM_MEMO`): the reading's memory
(homeroom_school's `ReadingMemory`) and the output's (`OutputMemory`), each a typed record owned
by its package and pruned to what the last build used, so that `invoke serve` can run all
term without growing. A full build has no PreviewMemo: it runs the same pipeline with memories
that remember nothing (`NoPreviewMemo`, `NoReadingMemory`, and `Outputs` without an
`OutputMemory`).
"""

from dataclasses import dataclass, field
from typing import NamedTuple

from homeroom_school.reading.memory import ReadingMemory, UsedDict

__all__ = [
    "Derived",
    "KnownDigest",
    "LastDigests",
    "NoPreviewMemo",
    "OutputMemory",
    "PreviewMemo",
    "UsedDict",
]


class KnownDigest(NamedTuple):
    """One object's digest (digests.Digests), with the object itself: kept alive, its id is
    never another's."""

    obj: object
    digest: bytes


class LastDigests(NamedTuple):
    """The last build's digests (digests.Digests), by id() of their objects."""

    pure: dict[int, KnownDigest]  # everything but versions: they stand while kept
    versions: dict[int, KnownDigest]  # versions: they stand while links do
    link_basis: tuple  # what versions' digests covered besides them (outputs.link_basis)


class Derived(NamedTuple):
    """A part of a file made by `Outputs.derive` (a class's planned pages, a feed entry)."""

    key: bytes  # the digest of what it was made from
    value: object


@dataclass(eq=False)
class OutputMemory:
    """What the output keeps between the preview's rebuilds. Owner of each field in brackets."""

    # [Outputs] save_as -> key, as the last finished build left them; None when no build
    # finished since the preview started (or the last one stopped half-way)
    output_keys: dict[str, bytes] | None = None
    # [Outputs] what every file of the last build depended on (shared_inputs)
    shared: bytes | None = None
    # [Digests] id -> (object, digest) of the objects reused from the last build (each
    # object is kept, so its id is never another's)
    stable_digests: dict[int, tuple[object, bytes]] = field(default_factory=dict)
    # [Outputs] the last build's digests
    digests: LastDigests | None = None
    # [Outputs] save_as -> the objects it was made from last build (kept): a file made from
    # the very same objects has last build's key
    output_inputs: dict = field(default_factory=dict)
    # [Outputs.derive] name -> Derived: a class's planned pages, a feed entry, a newsletter's
    # feed entry
    derived: dict = field(default_factory=dict)
    # [homeroom_portfolio, lock] (format version, digest of passphrase and salt) -> derived
    # keys: PBKDF2 is slow on purpose
    portfolio_keys: UsedDict = field(default_factory=UsedDict)
    # [Outputs adds; homeroom_preview.Rebuilder takes] paths written or deleted in the
    # staging folder since the served folder was last synced
    changed: set[str] = field(default_factory=set)

    def forget_made(self) -> None:
        """Every file is made again (the theme, settings or a class changed): let go of what
        was made from the last build's objects now, before this build makes its own, so the
        preview's peak memory stays that of a first build."""
        self.derived, self.stable_digests, self.digests, self.output_inputs = {}, {}, None, {}


@dataclass(eq=False)
class PreviewMemo:
    """The preview's memory between rebuilds: the reading's and the output's."""

    reading: ReadingMemory = field(default_factory=ReadingMemory)
    output: OutputMemory = field(default_factory=OutputMemory)

    def begin_build(self) -> None:
        """A build starts: from now on, what it looks up is what it uses."""
        self.reading.begin_build()
        self.output.portfolio_keys.begin()

    def end_build(self) -> None:
        """A build finished: drop what it did not use."""
        self.reading.end_build()
        self.output.portfolio_keys.prune()

    def build_failed(self) -> None:
        """A build stopped half-way: with no output keys, the next one starts again from a
        clean staging folder."""
        self.output.output_keys = None

    def take_changed(self) -> set[str]:
        """What was written or deleted since the last call (the served folder is synced)."""
        changed, self.output.changed = self.output.changed, set()
        return changed


class NoPreviewMemo:
    """A full build's stand-in for the PreviewMemo: nothing to note, prune or forget."""

    def begin_build(self) -> None:
        pass

    def end_build(self) -> None:
        pass

    def build_failed(self) -> None:
        pass
