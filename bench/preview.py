"""The live preview's saves at every size: what a save costs as the school and the change grow.

    python -m bench.preview [--sizes S,M,L] [--runs 3]      (from the repository root)

For each size, writes a school with bench/make_school.py, starts `invoke serve` on it (its
real watcher, server and staging folder) and, each run:

- no change: a post saved again with the same bytes, until the preview's next server-sent
  event (what a teacher's Ctrl+S without an edit costs);
- one post: a sentence appended to a post, until the post's page in the served folder holds
  it (save-to-written: what a teacher waits for before the tab reloads);
- ten posts: a sentence appended to ten posts of one class at once (one burst of saves, as a
  search-and-replace across files makes it), until all ten pages hold it.

Prints the median of the runs for each size, and each figure at the largest size against the
smallest: near 1 when a save costs what the change costs, not what the school weighs.
"""

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# bench/site.py's preview runner (not importable by name: `site` is a module of Python's own)
_spec = importlib.util.spec_from_file_location("bench_site", ROOT / "bench" / "site.py")
bench_site = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_site)

POLL = 0.002  # seconds between looks at the served file
TIMEOUT = 120


def written(path: Path, needle: str, deadline: float) -> bool:
    """Wait until the served file holds `needle`."""
    while time.perf_counter() < deadline:
        try:
            if needle in path.read_text(encoding="utf-8"):
                return True
        except OSError:
            pass
        time.sleep(POLL)
    return False


def append(posts: list[Path], sentence: str) -> None:
    for post in posts:
        text = post.read_text(encoding="utf-8")
        post.write_text(text.rstrip("\n") + "\n\n" + sentence + "\n", encoding="utf-8")


def measure(size: str, runs: int, work: Path) -> dict[str, list[float]]:
    school = work / size
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "make_school.py"), str(school), "--size", size],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    summary = json.loads((school / "school.json").read_text(encoding="utf-8"))
    lang = summary["languages"][0]
    content = school / "homeroom" / "content"
    news = content / "classes" / "class-01" / "news"
    posts = sorted(p for p in news.glob("*.md") if p.name.count(".") == 1)
    served = work / f"served-{size}"
    preview = bench_site.Preview(content, served)
    figures: dict[str, list[float]] = {"no_change": [], "one_post": [], "ten_posts": []}
    try:
        preview.start(timeout=bench_site.EVENT_TIMEOUT)
        preview.next_event(timeout=bench_site.EVENT_TIMEOUT)  # the first build

        def page(post: Path) -> Path:
            slug = post.name[len("YYYY-MM-DD-") :].removesuffix(".md")
            return served / lang / "class-01" / "news" / slug / "index.html"

        for run in range(runs):
            time.sleep(0.5)
            preview.drain()
            post = posts[run]
            started = time.perf_counter()
            post.write_bytes(post.read_bytes())
            stamp, _ = preview.next_event(timeout=TIMEOUT)
            figures["no_change"].append(stamp - started)

            one = posts[runs + run : runs + run + 1]
            ten = posts[2 * runs + 10 * run : 2 * runs + 10 * (run + 1)]
            for name, chosen in (("one_post", one), ("ten_posts", ten)):
                time.sleep(0.5)
                preview.drain()
                sentence = f"Preview bench {name} {run} marker zqx{time.time_ns() % 10**9}."
                started = time.perf_counter()
                append(chosen, sentence)
                deadline = started + TIMEOUT
                if not all(written(page(post), sentence, deadline) for post in chosen):
                    raise SystemExit(f"size {size}: a page never showed the edit ({name})")
                figures[name].append(time.perf_counter() - started)
            print(
                f"  {size} run {run + 1}: no change {figures['no_change'][-1]:.3f} s, one post "
                f"{figures['one_post'][-1]:.3f} s, ten posts {figures['ten_posts'][-1]:.3f} s",
                flush=True,
            )
    finally:
        preview.stop()
    rebuilt = [line for line in preview.console if line.startswith("Rebuilt in")]
    print(
        f"  {size}: {summary['source_files']} source files; the preview said: "
        + "; ".join(rebuilt[-3:]),
        flush=True,
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="S,M,L")
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    sizes = [size.strip().upper() for size in options.sizes.split(",") if size.strip()]
    runs = max(1, options.runs)
    work = Path(tempfile.mkdtemp(prefix="homeroom-preview-bench-"))
    results = {}
    try:
        for size in sizes:
            print(f"size {size}:", flush=True)
            results[size] = measure(size, runs, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    cores = len(os.sched_getaffinity(0))
    print()
    print(
        f"{'the preview, one save':<24}"
        + "".join(f"{size:>9}" for size in sizes)
        + (f"{sizes[-1] + '/' + sizes[0]:>9}" if len(sizes) > 1 else "")
    )
    for name, label in (
        ("no_change", "no change"),
        ("one_post", "one post, to written"),
        ("ten_posts", "ten posts, to written"),
    ):
        medians = [statistics.median(results[size][name]) for size in sizes]
        ratio = f"{medians[-1] / medians[0]:>9.2f}" if len(sizes) > 1 else ""
        print(f"{label:<24}" + "".join(f"{m:>9.3f}" for m in medians) + ratio)
    print(
        f"(seconds, median of {runs} run(s); wall time from the save to the server-sent event "
        "(no change) or to the page holding the edit in the served folder; "
        f"{cores} usable core(s), os.cpu_count() = {os.cpu_count()})"
    )


if __name__ == "__main__":
    main()
