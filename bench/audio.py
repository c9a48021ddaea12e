"""Recording benchmark: seconds per minute of audio, Homeroom's PyAV pipeline against the
`ffmpeg` command line doing the same work, on the same files in the same run.

    python -m bench.audio [--minutes 3] [--runs 3]      (from the repository root)

Makes a phone-like recording (stereo AAC in M4A, 44.1 kHz, tagged) of `--minutes`, then
times, each on one core:
- ffmpeg: the binary of the `imageio-ffmpeg` wheel, with the same filters and encoder
  (mono, then `loudnorm`, 48 kHz, AAC 64 kb/s, no metadata, bitexact, faststart);
- Homeroom cold: homeroom_audio's transcode into an empty cache;
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

from homeroom_audio.cache import cache_key, cached, transcode_into
from homeroom_audio.pipeline import BITRATE, LOUDNESS, SAMPLE_RATE, AudioSettings
from tests.recordings import phone_recording


def ffmpeg_binary() -> str | None:
    """imageio-ffmpeg's binary (a wheel: no system package), else one on PATH."""
    try:
        import imageio_ffmpeg
    except ImportError:
        return shutil.which("ffmpeg")
    return imageio_ffmpeg.get_ffmpeg_exe()


def with_ffmpeg(binary: str, source: Path, out: Path) -> float:
    started = time.perf_counter()
    command = [binary, "-v", "error", "-y", "-threads", "1", "-i", str(source)]
    chain = f"aformat=channel_layouts=mono,loudnorm={LOUDNESS}"  # as speech_graph's
    command += ["-map_metadata", "-1", "-af", chain, "-ac", "1"]
    command += ["-ar", str(SAMPLE_RATE), "-c:a", "aac", "-b:a", str(BITRATE)]
    command += ["-fflags", "+bitexact", "-flags:a", "+bitexact", "-movflags", "+faststart"]
    subprocess.run([*command, str(out)], check=True, timeout=600)
    return time.perf_counter() - started


def with_homeroom(source: Path, cache: Path, settings: AudioSettings) -> float:
    started = time.perf_counter()
    entry = cache / f"{cache_key(source, settings)}.m4a"
    if cached(entry) is None:
        transcode_into(source, entry, settings)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=3)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    settings = AudioSettings()
    work = Path(tempfile.mkdtemp(prefix="homeroom-bench-audio-"))
    try:
        source = phone_recording(
            work / "memo.m4a", "aac", seconds=args.minutes * 60, title="Voice memo"
        )
        binary = ffmpeg_binary()
        ffmpeg, cold, warm = [], [], []
        for run in range(args.runs):
            if binary:
                ffmpeg.append(with_ffmpeg(binary, source, work / f"ffmpeg-{run}.m4a"))
            cold.append(with_homeroom(source, work / f"cache-{run}", settings))
            warm.append(with_homeroom(source, work / f"cache-{run}", settings))
        per_minute = lambda times: statistics.median(times) / args.minutes  # noqa: E731
        print(f"a {args.minutes:g}-minute stereo AAC recording, median of {args.runs} runs")
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
