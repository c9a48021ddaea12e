"""The preview soak script (bench/soak.py, `invoke bench --soak`) runs and reports its memory.

A smoke test of the script on the small school with a few saves: it times nothing and holds the
preview to no memory target (the benchmark prints those figures, see the README)."""

import re
import subprocess
import sys

import pytest

from tests.sites import ROOT

# Slow: a running preview saved into many times.
pytestmark = pytest.mark.slow


def test_the_soak_script_saves_waits_for_each_rebuild_and_prints_memory():
    done = subprocess.run(
        [sys.executable, "-m", "bench.soak", "--size", "S", "--saves", "12"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    said = done.stdout + done.stderr
    assert done.returncode == 0, said
    assert re.search(r"^saves: 12 across \d+ files; rebuilds reported: \d+ good", said, re.M), said
    first = re.search(r"^VmRSS after save 10: ([\d.]+) MB", said, re.M)
    last = re.search(r"^VmRSS after save 12: ([\d.]+) MB", said, re.M)
    assert first and last, said
    assert float(first.group(1)) > 10 and float(last.group(1)) > 10  # a Python process's size
    # The growth is the one between those two figures, and the verdict the one that growth earns
    # (this smoke test holds the preview to no target: 12 saves measure nothing).
    growth = re.search(r"^growth: ([+-][\d.]+)% \((\w+) the target of 10% or less\)$", said, re.M)
    assert growth, said
    between = (float(last.group(1)) - float(first.group(1))) / float(first.group(1)) * 100
    assert abs(float(growth.group(1)) - between) < 0.5, (growth.group(0), between)
    assert growth.group(2) == ("meets" if float(growth.group(1)) <= 10 else "misses"), said
