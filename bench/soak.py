"""Preview soak: does `invoke serve` keep its memory over a term of saves?

    python -m bench.soak [--size M] [--saves 300] [--commit HEAD]    (from the repository root)

Writes the benchmark's school (bench/make_school.py) into a temporary folder, starts
`invoke serve` on it (a real subprocess, on 127.0.0.1 and a port the system chooses), then makes
--saves saves, one at a time, cycling through many files: news posts, events, class.yml files
and portfolio entries. Each save is a real edit that changes the output (a sentence of a post
or entry, an event's location, a class's teachers), replacing the previous soak edit of that
file, so the content does not grow. After each save it waits for the preview's next
"Rebuilt in" line (or its "problem(s)" line, counted apart).

It prints the resident memory of the serve process (VmRSS from /proc, with its child processes
if it has any at that moment) after save 10 and after the last save, and the growth in per
cent; the target is 10% or less. Each figure is read once the rebuild was reported and the
preview had a moment to collect its garbage.
"""

import argparse
import contextlib
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("homeroom_bench_site", HERE / "site.py")
bench = importlib.util.module_from_spec(_spec)  # bench/site.py: its name is the stdlib's `site`
_spec.loader.exec_module(bench)

FIRST = 10  # the save after which the first figure is read
SETTLE = 0.3  # seconds after "Rebuilt in": the preview collects garbage after it says so
REBUILD_TIMEOUT = 600  # seconds for one rebuild before the soak is called failed
MARK = "Soak edit"


def memory_kb(pid: int) -> tuple[int, int]:
    """(VmRSS of pid and of all its descendants, their number), in kB, from /proc."""
    total, count, todo = 0, 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except (FileNotFoundError, ProcessLookupError):
            continue  # a worker that ended meanwhile
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
        count += 1
        for task in Path(f"/proc/{current}/task").glob("*"):
            with contextlib.suppress(FileNotFoundError, ProcessLookupError):
                todo += [int(child) for child in (task / "children").read_text().split()]
    return total, count - 1


def edit(path: Path, number: int) -> None:
    """A real edit of one file that changes the site, replacing this soak's last edit of it."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    if path.name == "class.yml":
        lines = [
            f"teachers: [Teacher {number % 97}, {MARK} {number}]"
            if line.startswith("teachers:")
            else line
            for line in lines
        ]
    elif "/events/" in path.as_posix():
        lines = [
            f"Location: Room {number % 97} ({MARK} {number})"
            if line.startswith("Location:")
            else line
            for line in lines
        ]
    else:  # a post or a portfolio entry: its last paragraph is the soak's
        if lines and lines[-1].startswith(MARK):
            lines = lines[:-2]
        lines += ["", f"{MARK} {number}: the class wrote one more sentence."]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def files_to_edit(content: Path) -> list[Path]:
    """Many files of each kind, interleaved: post, event, entry, ..., and each class.yml."""
    classes = sorted(content.glob("classes/*/class.yml"))
    posts, events, entries = [], [], []
    for yml in classes:
        folder = yml.parent
        posts += sorted(folder.glob("news/*.md"))[:12]
        events += sorted(folder.glob("events/*.md"))[:4]
        entries += sorted(folder.glob("portfolio/*/*.md"))[:6]
    order = []
    for index in range(max(len(posts), len(events), len(entries))):
        for kind in (posts, events, entries):
            if index < len(kind):
                order.append(kind[index])
        if index % 8 == 7 and classes:
            order.append(classes[(index // 8) % len(classes)])
    return order


class Console:
    """The preview's console, read on a thread; counts its rebuild lines."""

    def __init__(self, process: subprocess.Popen):
        self.lines: list[str] = []
        self.rebuilt = 0  # "Rebuilt in" lines
        self.problems = 0  # "problem(s); still serving the last good build." lines
        self.restarts = 0
        self.url = ""
        self.changed = threading.Condition()
        threading.Thread(target=self._read, args=(process,), daemon=True).start()

    def _read(self, process) -> None:
        for line in process.stdout:
            line = line.rstrip("\n")
            with self.changed:
                self.lines.append(line)
                if line.startswith("Rebuilt in"):
                    self.rebuilt += 1
                elif "still serving the last good build" in line:
                    self.problems += 1
                elif "restarting the preview" in line:
                    self.restarts += 1
                elif line.startswith("Serving on") and not self.url:
                    self.url = line.split()[2]
                self.changed.notify_all()
        with self.changed:
            self.lines.append("(the preview ended)")
            self.changed.notify_all()

    def done(self) -> int:
        return self.rebuilt + self.problems

    def wait(self, condition, timeout: float, process) -> bool:
        deadline = time.monotonic() + timeout
        with self.changed:
            while not condition():
                left = deadline - time.monotonic()
                if left <= 0 or process.poll() is not None:
                    return condition()
                self.changed.wait(min(left, 1.0))
        return True


def soak(content: Path, output: Path, saves: int) -> dict:
    command = [sys.executable, "-m", "invoke", "serve", "--content", str(content)]
    command += ["--output", str(output), "--port", "0"]
    process = subprocess.Popen(
        command,
        cwd=bench.CODE,
        env=bench.child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )
    console = Console(process)
    figures: dict = {"pid": process.pid, "memory": {}, "seconds": [], "extra": 0}
    try:
        if not console.wait(lambda: console.url and console.done() >= 1, 900, process):
            raise SystemExit("the preview did not start:\n" + "\n".join(console.lines[-40:]))
        print(f"preview {console.url} (pid {process.pid}) built the school", flush=True)
        targets = files_to_edit(content)
        for number in range(1, saves + 1):
            before = console.done()
            started = time.perf_counter()
            edit(targets[(number - 1) % len(targets)], number)
            rebuilt = lambda before=before: console.done() > before  # noqa: E731
            if not console.wait(rebuilt, REBUILD_TIMEOUT, process):
                tail = "\n".join(console.lines[-40:])
                raise SystemExit(f"save {number}: no rebuild was reported\n{tail}")
            figures["seconds"].append(time.perf_counter() - started)
            time.sleep(SETTLE)
            figures["extra"] += max(0, console.done() - before - 1)  # two rebuilds for one save
            if number in (FIRST, saves):
                figures["memory"][number] = memory_kb(process.pid)
            if number % 25 == 0 or number == FIRST:
                rss, _ = memory_kb(process.pid)
                print(f"  save {number}: VmRSS {rss / 1024:.1f} MB", flush=True)
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    figures.update(
        rebuilt=console.rebuilt - 1,  # the first is the initial build
        problems=console.problems,
        restarts=console.restarts,
        targets=len(targets),
        console=console.lines,
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", choices=["S", "M", "L"], default="M")
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument(
        "--commit", help="serve this commit (e.g. HEAD), exported, not the working tree"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    options = parser.parse_args()
    saves = max(FIRST, options.saves)

    work = Path(tempfile.mkdtemp(prefix="homeroom-soak-"))
    try:
        print(f"Homeroom: {bench.use_code(options.commit, work)}", flush=True)
        school = work / "school"
        subprocess.run(
            [sys.executable, str(bench.MAKE_SCHOOL), str(school), "--size", options.size],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        summary = json.loads((school / "school.json").read_text(encoding="utf-8"))
        print(
            f"school {options.size}: {summary['source_files']} Markdown files; {saves} saves",
            flush=True,
        )
        figures = soak(school / "homeroom" / "content", work / "output", saves)
    finally:
        if options.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    (first, first_children), (last, last_children) = (
        figures["memory"][FIRST],
        figures["memory"][saves],
    )
    growth = (last - first) / first * 100
    seconds = sorted(figures["seconds"])
    print()
    print(
        f"saves: {saves} across {figures['targets']} files; rebuilds reported: "
        f"{figures['rebuilt']} good, {figures['problems']} with problems "
        f"({figures['extra']} more than one for a save); "
        f"restarts: {figures['restarts']}"
    )
    print(
        f"save to 'Rebuilt in': median {seconds[len(seconds) // 2]:.2f} s, "
        f"slowest {seconds[-1]:.2f} s"
    )
    print(f"VmRSS after save {FIRST}: {first / 1024:.1f} MB ({first_children} child processes)")
    print(f"VmRSS after save {saves}: {last / 1024:.1f} MB ({last_children} child processes)")
    verdict = "meets" if growth <= 10 else "misses"
    print(f"growth: {growth:+.1f}% ({verdict} the target of 10% or less)")
    if figures["restarts"] or figures["problems"]:
        print("\nthe preview's console (restarts or problems):")
        print("\n".join(line for line in figures["console"] if not line.startswith("Rebuilt in")))


if __name__ == "__main__":
    main()
