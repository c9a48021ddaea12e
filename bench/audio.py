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
import subprocess
import tempfile
import time
from pathlib import Path

from bench.media import against_ffmpeg, print_table
from homeroom_audio.cache import cached, transcode_into
from homeroom_audio.pipeline import BITRATE, LOUDNESS, SAMPLE_RATE, AudioSettings
from homeroom_school.media import Maker
from tests.recordings import phone_recording


def with_ffmpeg(binary: str, source: Path, out: Path) -> float:
    started = time.perf_counter()
    command = [binary, "-v", "error", "-y", "-threads", "1", "-i", str(source)]
    chain = f"aformat=channel_layouts=mono,loudnorm={LOUDNESS}"  # as speech_graph's
    command += ["-map_metadata", "-1", "-af", chain, "-ac", "1"]
    command += ["-ar", str(SAMPLE_RATE), "-c:a", "aac", "-b:a", str(BITRATE)]
    command += ["-fflags", "+bitexact", "-flags:a", "+bitexact", "-movflags", "+faststart"]
    subprocess.run([*command, str(out)], check=True, timeout=600)
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
        maker = Maker("Recordings", ".m4a", cached, transcode_into, "")
        times = against_ffmpeg(source, work, args.runs, with_ffmpeg, settings, maker)
        title = f"a {args.minutes:g}-minute stereo AAC recording, median of {args.runs} runs"
        print_table(title, args.minutes, times)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
