"""What the school's reading remembers between the preview's rebuilds (`ReadingMemory`), and a
full build's memory that remembers nothing (`NoReadingMemory`).

The preview hands its memory in through `HOMEROOM_MEMO` (homeroom_output's PreviewMemo
holds one of these beside the output's); `Config.reading` is this package's view of it. A full
build runs the same load with a `NoReadingMemory`: its lookups miss and its stores are
dropped, so the load never asks which kind of build it is in.
"""

from dataclasses import dataclass, field

from homeroom_school.model import School
from homeroom_school.reading.incremental import LoadMemo, NoLoadMemo


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

    def begin(self) -> None:
        """A build starts: from now on, what it looks up is what it uses."""
        self.used = set()

    def prune(self) -> None:
        """Keep only what was used since the last prune."""
        for key in self.keys() - self.used:
            del self[key]
        self.used = set()


@dataclass(eq=False)
class ReadingMemory:
    """What the preview's reading of content/ keeps between rebuilds. Owner of each field in
    brackets; each is replaced by every build or pruned at its end (`end_build`)."""

    # [parsing.parse_all] path relative to content/ -> parsing.ParsedEntry
    parsed: UsedDict = field(default_factory=UsedDict)
    # [discover.Remembered] (reader, *its arguments) -> result: class.yml and student.yml read
    yaml: UsedDict = field(default_factory=UsedDict)
    # [loading] what the last build's load found, read, grouped and linked (incremental.py)
    load: LoadMemo = field(default_factory=LoadMemo)
    # [features.newsletters.plan_newsletters] class id -> KeptNewsletters: a class that did not
    # change keeps its issues and editions
    newsletters: dict = field(default_factory=dict)
    # [homeroom_school.school_of] the last build's school: the preview's translations page
    school: School | None = None
    # [homeroom_preview.Rebuilder] the absolute paths the watcher saw change since the last
    # build began; None when unknown (the first build, one after a failed build)
    touched: set[str] | None = None

    def begin_build(self) -> None:
        self.parsed.begin()
        self.yaml.begin()

    def end_build(self) -> None:
        """A build finished: drop the files and YAML reads it did not use."""
        self.parsed.prune()
        self.yaml.prune()

    def caches(self) -> tuple[dict | None, dict | None]:
        """The parsed files and the YAML reads, for parse_all and discover."""
        return self.parsed, self.yaml

    def kept_newsletters(self) -> dict | None:
        return self.newsletters

    def remember_school(self, school: School) -> None:
        self.school = school


class NoReadingMemory(ReadingMemory):
    """A full build's memory: nothing is looked up, nothing kept (each Config has its own, so
    nothing outlives the build)."""

    def __init__(self):
        super().__init__(load=NoLoadMemo())

    def caches(self) -> tuple[dict | None, dict | None]:
        return None, None  # parse_all and discover compute no digests to keep

    def kept_newsletters(self) -> dict | None:
        return None

    def remember_school(self, school: School) -> None:
        pass
