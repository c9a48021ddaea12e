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
import subprocess
import tempfile
import time
from pathlib import Path

from bench.media import against_ffmpeg, print_table
from homeroom_school.media import Maker
from homeroom_video.cache import cached, transcode_into
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    settings = VideoSettings()
    work = Path(tempfile.mkdtemp(prefix="homeroom-bench-video-"))
    try:
        source = phone_clip(work / "IMG_0042.MOV", seconds=args.seconds, size=(1920, 1080))
        maker = Maker("Clips", ".mp4", cached, transcode_into, "")
        times = against_ffmpeg(source, work, args.runs, with_ffmpeg, settings, maker)
        title = f"a {args.seconds:g}-second 1080p phone clip, median of {args.runs} runs"
        print_table(title, args.seconds / 60, times)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
