"""The small test school builds byte for byte as its golden snapshot (tests/golden.py says what
it holds). A change to the site's output fails here until `invoke golden` writes the snapshot
again and its diff is reviewed and committed with the change."""

import pytest

from tests.golden import FILES, GOLDEN, MANIFEST, build_small_school, snapshot

REFRESH = "if the change is meant, run `invoke golden` and review `git diff tests/golden`"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> dict[str, bytes]:
    return snapshot(build_small_school(tmp_path_factory.mktemp("golden")))


def hashes(manifest: bytes) -> dict[str, str]:
    return dict(reversed(line.split("  ", 1)) for line in manifest.decode().splitlines())


def test_every_file_of_the_build_is_the_golden_one(fresh):
    kept, built = hashes((GOLDEN / MANIFEST).read_bytes()), hashes(fresh[MANIFEST])
    assert sorted(built.keys() - kept.keys()) == [], f"new files; {REFRESH}"
    assert sorted(kept.keys() - built.keys()) == [], f"files no longer built; {REFRESH}"
    assert sorted(path for path in kept if kept[path] != built[path]) == [], REFRESH


def test_the_reviewed_files_are_kept_whole_and_the_same(fresh):
    kept = {
        path.relative_to(GOLDEN).as_posix(): path.read_bytes()
        for path in sorted((GOLDEN / FILES).rglob("*"))
        if path.is_file()
    }
    assert sorted(kept) == sorted(name for name in fresh if name != MANIFEST), REFRESH
    for name, data in kept.items():
        assert data == fresh[name], f"{name} differs; {REFRESH}"
