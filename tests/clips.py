"""Short clips made in the test itself with PyAV: moving pictures and a sine tone, in a MOV
with the metadata a phone writes (where it was filmed, the phone's make and model, when)."""

import json
import math
import shutil
import struct
import subprocess
from fractions import Fraction
from pathlib import Path

import av
from PIL import Image, ImageDraw

from tests.tools import need

RATE = 48_000
PHONE_TAGS = {
    "location": "+40.7128-074.0060/",
    "make": "Apple",
    "model": "iPhone 15",
    "creation_time": "2026-11-03T10:00:00Z",
}


def phone_clip(
    path: Path, seconds: float = 2.0, size: tuple[int, int] = (1280, 720), fps: int = 30, **tags
) -> Path:
    """An H.264/AAC clip (a white square crossing a coloured field, a 440 Hz tone), tagged
    with PHONE_TAGS and `tags`; a .mov is written as QuickTime, as an iPhone saves it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    width, height = size
    with av.open(str(path), "w") as output:
        output.metadata.update({**PHONE_TAGS, **tags})
        video = output.add_stream("libx264", rate=fps)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        sound = output.add_stream("aac", rate=RATE, layout="stereo")
        for index in range(round(seconds * fps)):
            picture = Image.new("RGB", size, ((index * 4) % 256, 90, 160))
            left = index * 10 % max(1, width - 80)
            ImageDraw.Draw(picture).rectangle([left, 40, left + 80, 120], fill="white")
            frame = av.VideoFrame.from_image(picture)
            frame.pts, frame.time_base = index, Fraction(1, fps)
            output.mux(video.encode(frame))
        output.mux(video.encode(None))
        resampler = av.AudioResampler(format="fltp", layout="stereo", rate=RATE)
        for start in range(0, round(seconds * RATE), 1024):
            frame = av.AudioFrame(format="s16", layout="stereo", samples=1024)
            tone = (
                int(3000 * math.sin(2 * math.pi * 440 * (start + i) / RATE)) for i in range(1024)
            )
            frame.planes[0].update(b"".join(struct.pack("<hh", s, s) for s in tone))
            frame.sample_rate, frame.pts = RATE, start
            for resampled in resampler.resample(frame):
                output.mux(sound.encode(resampled))
        output.mux(sound.encode(None))
    return path


def probe(path: Path) -> dict:
    """What a published clip is, read back with PyAV: its codecs (audio None for a silent
    one), size, length and tags."""
    with av.open(str(path)) as container:
        video = container.streams.video[0]
        audio = container.streams.audio[0] if container.streams.audio else None
        return {
            "video": video.codec_context.name,
            "audio": audio.codec_context.name if audio else None,
            "width": video.codec_context.width,
            "height": video.codec_context.height,
            "seconds": float(container.duration / av.time_base),
            "tags": dict(container.metadata),
        }


# exiftool's tags that tell where, when or with what a clip was filmed
PERSONAL = ("GPS", "Location", "Make", "Model", "Creation", "Software", "Encoder")


def exiftool_tags(path: Path) -> dict:
    need(
        shutil.which("exiftool") is not None,
        "exiftool is missing: apt-get install libimage-exiftool-perl",
    )
    done = subprocess.run(
        ["exiftool", "-json", "-G1", "-a", str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    (record,) = json.loads(done.stdout)
    return record


def personal(record: dict) -> dict:
    return {
        key: value
        for key, value in record.items()
        if any(word.lower() in key.lower() for word in PERSONAL)
        and not str(value).startswith("0000:00:00")
    }
