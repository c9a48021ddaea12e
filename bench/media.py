"""What the recording and clip benchmarks share: the `ffmpeg` command line to time against,
Homeroom's run of one file into a cache (cold, then warm), and the table of both."""

import shutil
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from homeroom_school.media import Maker, cache_key


def ffmpeg_binary() -> str | None:
    """imageio-ffmpeg's binary (a wheel: no system package), else one on PATH."""
    try:
        import imageio_ffmpeg
    except ImportError:
        return shutil.which("ffmpeg")
    return imageio_ffmpeg.get_ffmpeg_exe()


def with_homeroom(source: Path, cache: Path, settings, maker: Maker) -> float:
    """Seconds to find `source` in `cache`, or make it there as a build does."""
    started = time.perf_counter()
    entry = cache / f"{cache_key(source, settings)}{maker.suffix}"
    if maker.cached(entry) is None:
        maker.make(source, entry, settings)
    return time.perf_counter() - started


def against_ffmpeg(
    source: Path, work: Path, runs: int, with_ffmpeg: Callable, settings, maker: Maker
) -> dict[str, list[float]]:
    """Seconds of each run: the ffmpeg command line (`with_ffmpeg(binary, source, out)`; none
    without a binary), then Homeroom cold (an empty cache) and warm (the same cache again)."""
    binary = ffmpeg_binary()
    times: dict[str, list[float]] = {
        "ffmpeg command line": [],
        "Homeroom cold": [],
        "Homeroom warm (cache)": [],
    }
    for run in range(runs):
        if binary:
            out = work / f"ffmpeg-{run}{maker.suffix}"
            times["ffmpeg command line"].append(with_ffmpeg(binary, source, out))
        cache = work / f"cache-{run}"
        times["Homeroom cold"].append(with_homeroom(source, cache, settings, maker))
        times["Homeroom warm (cache)"].append(with_homeroom(source, cache, settings, maker))
    return times


def print_table(title: str, minutes: float, times: dict[str, list[float]]) -> None:
    """Seconds per minute of media (the median run), and each against ffmpeg's."""
    per_minute = lambda runs: statistics.median(runs) / minutes  # noqa: E731
    print(title)
    print(f"{'path':<28}{'s/minute':>10}{'vs ffmpeg':>11}")
    ffmpeg = times["ffmpeg command line"]
    base = per_minute(ffmpeg) if ffmpeg else None
    for name, runs in times.items():
        if not runs:
            print(f"{name:<28}{'-':>10}  (pip install imageio-ffmpeg)")
            continue
        ratio = f"{per_minute(runs) / base:>11.2f}" if base else f"{'-':>11}"
        print(f"{name:<28}{per_minute(runs):>10.3f}{ratio}")
