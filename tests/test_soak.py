"""The preview soak script (bench/soak.py, `invoke bench --soak`) runs and reports its memory.

A smoke test of the script on the small school with a few saves: it times nothing and holds the
preview to no memory target (the benchmark prints those figures, see the README)."""

import re
import subprocess
import sys

from tests.sites import ROOT


def test_the_soak_script_saves_waits_for_each_rebuild_and_prints_memory():
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench/soak.py"), "--size", "S", "--saves", "12"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    said = done.stdout + done.stderr
    assert done.returncode == 0, said
    assert re.search(r"^saves: 12 across \d+ files; rebuilds reported: \d+ good", said, re.M), said
    first = re.search(r"^VmRSS after save 10: ([\d.]+) MB", said, re.M)
    last = re.search(r"^VmRSS after save 12: ([\d.]+) MB", said, re.M)
    assert first and last, said
    assert float(first.group(1)) > 10 and float(last.group(1)) > 10  # a Python process's size
    assert re.search(r"^growth: [+-][\d.]+% \((meets|misses) the target of 10% or less\)", said,
                     re.M), said  # fmt: skip
