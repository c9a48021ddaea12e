"""Clip benchmark: seconds per minute of video, Homeroom's PyAV pipeline against the `ffmpeg`
command line doing the same work, on the same file in the same run.

    python -m bench.video [--seconds 20] [--runs 3]      (from the repository root)

Makes a phone-like clip (1080p H.264 with AAC sound in a MOV, tagged with a place and a phone)
of `--seconds`, then times:
- ffmpeg: the binary of the `imageio-ffmpeg` wheel, with the same work (scaled to 720 lines,
  libx264 at the same CRF, preset and one thread, AAC 96 kb/s, no metadata, bitexact,
  faststart);
- Homeroom cold: homeroom_video's transcode (and poster) into an empty cache;
- Homeroom warm: the same again, a cache hit.
The goal (issue 23): Homeroom cold at most 1.2x ffmpeg's time.
"""

import argparse
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from bench.audio import ffmpeg_binary
from homeroom_video.cache import cache_key, cached, transcode_into
from homeroom_video.pipeline import (
    AUDIO_BITRATE,
    CRF,
    MAX_LINES,
    PRESET,
    SAMPLE_RATE,
    VideoSettings,
)
from tests.clips import phone_clip


def with_ffmpeg(binary: str, source: Path, out: Path) -> float:
    started = time.perf_counter()
    command = [binary, "-v", "error", "-y", "-i", str(source), "-map_metadata", "-1"]
    command += ["-vf", f"scale=-2:{MAX_LINES}", "-c:v", "libx264", "-crf", CRF]
    command += ["-preset", PRESET, "-x264-params", "threads=1", "-pix_fmt", "yuv420p"]
    command += ["-c:a", "aac", "-b:a", str(AUDIO_BITRATE), "-ar", str(SAMPLE_RATE), "-ac", "2"]
    command += ["-fflags", "+bitexact", "-flags", "+bitexact", "-movflags", "+faststart"]
    subprocess.run([*command, str(out)], check=True, timeout=1200)
    return time.perf_counter() - started


def with_homeroom(source: Path, cache: Path, settings: VideoSettings) -> float:
    started = time.perf_counter()
    entry = cache / f"{cache_key(source, settings)}.mp4"
    if cached(entry) is None:
        transcode_into(source, entry, settings)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    settings = VideoSettings()
    work = Path(tempfile.mkdtemp(prefix="homeroom-bench-video-"))
    try:
        source = phone_clip(work / "IMG_0042.MOV", seconds=args.seconds, size=(1920, 1080))
        binary = ffmpeg_binary()
        ffmpeg, cold, warm = [], [], []
        for run in range(args.runs):
            if binary:
                ffmpeg.append(with_ffmpeg(binary, source, work / f"ffmpeg-{run}.mp4"))
            cold.append(with_homeroom(source, work / f"cache-{run}", settings))
            warm.append(with_homeroom(source, work / f"cache-{run}", settings))
        minutes = args.seconds / 60
        per_minute = lambda times: statistics.median(times) / minutes  # noqa: E731
        print(f"a {args.seconds:g}-second 1080p phone clip, median of {args.runs} runs")
        print(f"{'path':<28}{'s/minute':>10}{'vs ffmpeg':>11}")
        base = per_minute(ffmpeg) if ffmpeg else None
        rows = [("ffmpeg command line", ffmpeg), ("Homeroom cold", cold)]
        rows.append(("Homeroom warm (cache)", warm))
        for name, times in rows:
            if not times:
                print(f"{name:<28}{'-':>10}  (pip install imageio-ffmpeg)")
                continue
            ratio = f"{per_minute(times) / base:>11.2f}" if base else f"{'-':>11}"
            print(f"{name:<28}{per_minute(times):>10.3f}{ratio}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
