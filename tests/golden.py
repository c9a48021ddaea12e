"""The golden snapshot of the small test school: what `invoke build` writes for it, byte for
byte, kept in `tests/golden/small-school/` so that a change to the site's output shows up as a
diff to review instead of slipping through tests that look at parts of it.

The snapshot holds a MANIFEST (the sha256 of every file the build writes, in the format
`sha256sum -c` reads) and, under `files/`, the text files a reviewer reads: a few pages (a
translation, a right-to-left class, a class's home), a feed, a calendar and an email edition.
`tests/test_golden.py` compares a fresh build with it; `invoke golden` (this module's `main`)
writes it again and prints what changed.

The build is the same on every machine and every day: the school is written in a temporary
folder (the output names no path of it), "today" is pinned (`SOURCE_DATE_EPOCH`, as every
test pins it), and no `HOMEROOM_*` setting or `SITEURL` of the caller's environment reaches it.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.sites import ROOT, SOURCE_DATE_EPOCH, read_tree, small_school

GOLDEN = ROOT / "tests" / "golden" / "small-school"
MANIFEST = "MANIFEST"
FILES = "files"
#: The output files kept whole for review, beside the MANIFEST's hash of every file.
REVIEWED = (
    "en/grade-1/index.html",
    "en/grade-1/news/first-week/index.html",
    "es/grade-1/news/first-week/index.html",
    "ar/grade-2/news/hello/index.html",
    "en/pages/agreement/index.html",
    "en/grade-1/atom.xml",
    "en/grade-1/calendar.ics",
    "en/grade-1/newsletter/2026-09/email.txt",
    "sitemap.xml",
)


def build_small_school(folder: Path) -> Path:
    """`invoke build` of the small school written in `folder`; returns its output folder."""
    content = small_school(folder / "content")
    output = folder / "output"
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("HOMEROOM_") and name != "SITEURL"
    }
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "invoke",
            "build",
            "--content",
            str(content),
            "--output",
            str(output),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**env, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH},
        timeout=300,
    )
    if built.returncode != 0:
        raise RuntimeError(f"the small school did not build:\n{built.stdout}{built.stderr}")
    return output


def manifest(tree: dict[str, bytes]) -> str:
    """One line per file, `sha256  path`, sorted by path (what `sha256sum -c MANIFEST` checks
    when run in the output folder)."""
    return "".join(
        f"{hashlib.sha256(data).hexdigest()}  {path}\n" for path, data in sorted(tree.items())
    )


def snapshot(output: Path) -> dict[str, bytes]:
    """The golden snapshot of a built site, by path inside the snapshot's folder."""
    tree = read_tree(output)
    missing = [path for path in REVIEWED if path not in tree]
    if missing:
        raise RuntimeError(f"the build wrote no {', '.join(missing)}: update REVIEWED")
    return {
        MANIFEST: manifest(tree).encode(),
        **{f"{FILES}/{path}": tree[path] for path in REVIEWED},
    }


def write(files: dict[str, bytes], folder: Path = GOLDEN) -> None:
    """Replace the snapshot in `folder` with `files` (a file no longer made goes away)."""
    shutil.rmtree(folder, ignore_errors=True)
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="homeroom-golden-") as folder:
        write(snapshot(build_small_school(Path(folder))))
    print(f"Wrote the golden snapshot into {GOLDEN.relative_to(ROOT)}/.")


if __name__ == "__main__":
    main()
