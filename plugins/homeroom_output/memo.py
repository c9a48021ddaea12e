"""What the preview keeps between rebuilds (`HOMEROOM_MEMO`): one typed record, pruned to what
the last build used, so that `invoke serve` can run all term without growing.

Each field has one owner, the only code that writes it; every field is either replaced by
each build or pruned at the end of it (`PreviewMemo.end_build`) to what that build used. A
full build (`invoke build`, `invoke publish`) has no memo.
"""

from dataclasses import dataclass, field


class UsedDict(dict):
    """A cache that notes which keys a build looked up or stored, so that the ones it did not
    (a deleted file, an old version of class.yml) can be dropped at the end of the build."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.used: set = set()

    def __getitem__(self, key):
        self.used.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.used.add(key)
        return super().get(key, default)

    def __contains__(self, key) -> bool:
        self.used.add(key)
        return super().__contains__(key)

    def __setitem__(self, key, value) -> None:
        self.used.add(key)
        super().__setitem__(key, value)

    def setdefault(self, key, default=None):
        self.used.add(key)
        return super().setdefault(key, default)

    def prune(self) -> None:
        """Keep only what was used since the last prune."""
        for key in self.keys() - self.used:
            del self[key]
        self.used = set()


@dataclass(eq=False)
class PreviewMemo:
    """The preview's memory between rebuilds. Owner of each field in brackets."""

    # [homeroom_school.reading.parsing.parse_all, through loading.preview_caches] content path ->
    # ((mtime, size, inode), digest of the bytes, ParsedFile or Problem)
    parsed: UsedDict = field(default_factory=UsedDict)
    # [homeroom_school.reading.discover.Remembered, through loading.preview_caches] (reader, *its
    # arguments) -> result: class.yml and student.yml as read
    yaml: UsedDict = field(default_factory=UsedDict)
    # [homeroom_portfolio, lock] (format version, digest of passphrase and salt) -> derived
    # keys: PBKDF2 is slow on purpose
    portfolio_keys: UsedDict = field(default_factory=UsedDict)
    # [homeroom_output.Outputs] save_as -> key, as the last finished build left them; None
    # when no build finished since the preview started (or the last one stopped half-way)
    output_keys: dict[str, bytes] | None = None
    # [homeroom_output.Outputs] what every file of the last build depended on (shared_inputs)
    shared: bytes | None = None
    # [homeroom_output.Digests] id -> (object, digest) of the objects reused from the last
    # build (each object is kept, so its id is never another's)
    stable_digests: dict[int, tuple[object, bytes]] = field(default_factory=dict)
    # [homeroom_output.Outputs] the last build's digests, (others, versions, what versions'
    # depend on): id -> (object, digest), each object kept so its id is never another's
    digests: tuple | None = None
    # [homeroom_output.Outputs] save_as -> the objects it was made from last build (kept):
    # a file made from the very same objects has last build's key
    output_inputs: dict = field(default_factory=dict)
    # [homeroom_output.Outputs.remember] name -> (key, value): a class's planned pages, a
    # feed entry, a newsletter's feed entry
    derived: dict = field(default_factory=dict)
    # [homeroom_output.Outputs adds; homeroom_preview.Rebuilder takes] paths written or
    # deleted in the staging folder since the served folder was last synced
    changed: set[str] = field(default_factory=set)
    # [homeroom_school.school_of] the last build's school: the preview's translations page
    school: object = None
    # [homeroom_school.reading.loading, through incremental.load_memo] a homeroom_school LoadMemo:
    # what the last build's load found, read, grouped and linked, reused item by item
    load: object = None
    # [homeroom_school.features.newsletters.newsletters_of] class id -> (what its newsletters were
    # made of, issues, editions per language): a class that did not change keeps them
    newsletters: dict | None = None
    # [homeroom_preview.Rebuilder] the absolute paths the watcher saw change since the last
    # build began; None when unknown (the first build, one after a failed build)
    touched: set[str] | None = None

    def begin_build(self) -> None:
        """A build starts: from now on, what it looks up is what it uses. Until it finishes,
        there are no output keys: a build that stops half-way leaves the preview to start
        again from a clean staging folder."""
        for cache in (self.parsed, self.yaml, self.portfolio_keys):
            cache.used = set()

    def end_build(self) -> None:
        """A build finished: drop what it did not use."""
        for cache in (self.parsed, self.yaml, self.portfolio_keys):
            cache.prune()

    def take_changed(self) -> set[str]:
        """What was written or deleted since the last call (the served folder is synced)."""
        changed, self.changed = self.changed, set()
        return changed
