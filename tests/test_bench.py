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


@pytest.mark.parametrize("kind", ["audio", "video"])
def test_the_media_benchmarks_time_ffmpeg_and_homeroom_cold_then_warm(kind, tmp_path, capsys):
    """bench.audio and bench.video on a tiny file, one run each: every row of the table."""
    import importlib

    from bench.media import against_ffmpeg, ffmpeg_binary, print_table
    from homeroom_school.media import Maker

    bench = importlib.import_module(f"bench.{kind}")
    if kind == "audio":
        from homeroom_audio.cache import cached, transcode_into
        from homeroom_audio.pipeline import AudioSettings as Settings
        from tests.recordings import sine_wav

        source, suffix = sine_wav(tmp_path / "memo.wav", seconds=1.0), ".m4a"
    else:
        from homeroom_video.cache import cached, transcode_into
        from homeroom_video.pipeline import VideoSettings as Settings
        from tests.clips import phone_clip

        source, suffix = phone_clip(tmp_path / "clip.mov", 0.5, (320, 240)), ".mp4"
    maker = Maker(kind, suffix, cached, transcode_into, "")
    times = against_ffmpeg(source, tmp_path, 1, bench.with_ffmpeg, Settings(), maker)
    assert [len(runs) for runs in times.values()] == [1 if ffmpeg_binary() else 0, 1, 1]
    assert len(list((tmp_path / "cache-0").glob(f"*{suffix}"))) == 1
    print_table("a tiny file", 1 / 60, times)
    table = capsys.readouterr().out.splitlines()
    assert table[:2] == ["a tiny file", f"{'path':<28}{'s/minute':>10}{'vs ffmpeg':>11}"]
    assert [line[:28].strip() for line in table[2:]] == list(times)
