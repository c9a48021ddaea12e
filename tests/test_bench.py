"""The benchmark's school is a valid Homeroom school, and the same every time."""

import subprocess
import sys

import pytest

from tests.sites import ROOT, invoke, read_tree

# Slow: the benchmark scripts, run.
pytestmark = pytest.mark.slow


def make(out, *args):
    subprocess.run(
        [sys.executable, str(ROOT / "bench/make_school.py"), str(out), *args],
        check=True,
        capture_output=True,
        timeout=120,
    )


def test_bench_school_checks_clean_and_is_deterministic(tmp_path):
    shape = ["--classes", "2", "--posts", "4", "--events", "2", "--students", "2", "--entries", "2"]
    make(tmp_path / "one", *shape)
    make(tmp_path / "two", *shape)
    assert read_tree(tmp_path / "one") == read_tree(tmp_path / "two")
    result = invoke("check", "--content", str(tmp_path / "one/homeroom/content"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "one/pelican/pelicanconf.py").is_file()
    assert len(list((tmp_path / "one/pelican/content").rglob("*.md"))) == len(
        list((tmp_path / "one/homeroom/content").rglob("*.md"))
    )
