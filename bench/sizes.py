"""What a term of media takes on GitHub Pages: the published bytes of a phone photo, a minute
of clip and a minute of recording, as Homeroom's pipelines make them from generated stand-ins.

    python -m bench.sizes [--clip-seconds 10] [--weeks 12]      (from the repository root)

No real footage is in the repository, so each is made here (with the `ffmpeg` command line of
the `imageio-ffmpeg` wheel):
- two scenes of 4200x3200: "busy", fractal noise in each colour with the same energy in every
  octave (a 1/f spectrum, as natural images have; detail everywhere, like leaves or gravel),
  and "calm", its coarse octaves stronger (large soft areas, as most classroom photos have);
- a photo of each: 12 megapixels with sensor noise, a JPEG at a phone's quality;
- a clip of each: 1080p at 30 fps, hand-held (a slow pan and a little shake), sensor noise,
  H.264 at a phone's quality (CRF 17) and stereo sound;
- a 5-minute voice memo: pink noise pulsed like syllables, AAC in M4A.
It prints what each is once published, and a term of one class in two languages.
"""

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageEnhance, ImageOps

from bench.media import ffmpeg_binary
from homeroom_audio.pipeline import AudioSettings
from homeroom_audio.pipeline import transcode as publish_recording
from homeroom_photos.pipeline import PhotoSettings, process
from homeroom_video.pipeline import VideoSettings
from homeroom_video.pipeline import transcode as publish_clip

PAN = "crop=1920:1080:x='200+60*t+6*sin(7*t)':y='300+20*sin(t)+5*sin(11*t)'"
SENSOR = "noise=alls=5:allf=t+u"  # a phone's sensor noise, changing every frame
STILL_NOISE = "noise=alls=6:allf=u"  # in a photo


def fractal(size: tuple[int, int], coarse: float, octaves: int = 10) -> Image.Image:
    """One channel: Gaussian noise at each octave, enlarged and averaged; an octave `k` steps
    coarser weighs `coarse ** k` (1: the same energy in every octave)."""
    width, height = size
    total, channel = 0.0, None
    for k in reversed(range(octaves)):
        layer = Image.effect_noise((max(2, width >> k), max(2, height >> k)), 64)
        layer = layer.resize(size, Image.Resampling.BICUBIC)
        weight = coarse**k
        channel = (
            layer if channel is None else Image.blend(channel, layer, weight / (total + weight))
        )
        total += weight
    return ImageOps.autocontrast(channel, cutoff=1)


def scene(path: Path, coarse: float, size=(4200, 3200)) -> Path:
    colours = Image.merge("RGB", [fractal(size, coarse) for _ in range(3)])
    ImageEnhance.Color(colours).enhance(0.45).save(path)
    return path


def ffmpeg(binary: str, *args: str) -> None:
    subprocess.run([binary, "-v", "error", "-y", *args], check=True, timeout=1200)


def published(binary: str, work: Path, name: str, coarse: float, seconds: float) -> dict:
    """Bytes published of one scene's photo (every width, WebP and JPEG) and of a minute of
    its clip (the MP4), and its poster's (WebP and JPEG)."""
    picture = scene(work / f"{name}.png", coarse)
    photo, clip = work / f"{name}.jpg", work / f"{name}.mov"
    ffmpeg(
        binary,
        "-i",
        str(picture),
        "-vf",
        f"crop=4032:3024:0:0,{STILL_NOISE}",
        "-q:v",
        "2",
        str(photo),
    )
    sound = "anoisesrc=color=pink:amplitude=0.08:sample_rate=48000,pan=stereo|c0=c0|c1=c0"
    ffmpeg(
        binary,
        *("-loop", "1", "-framerate", "30", "-i", str(picture), "-f", "lavfi", "-i", sound),
        *("-vf", f"{PAN},{SENSOR},format=yuv420p", "-t", str(seconds), "-shortest"),
        *("-c:v", "libx264", "-preset", "veryfast", "-crf", "17", "-c:a", "aac", "-b:a", "160k"),
        str(clip),
    )
    made = process(photo, work / f"{name}-photo", PhotoSettings())
    photo_bytes = sum((work / f"{name}-photo" / v.name).stat().st_size for v in made.variants)
    poster = work / f"{name}.poster"
    made_clip = publish_clip(clip, work / f"{name}.mp4", poster, VideoSettings())
    posters = sum(poster.with_name(poster.name + s).stat().st_size for s in (".webp", ".jpg"))
    return {
        "photo": photo_bytes,
        "phone photo": photo.stat().st_size,
        "clip minute": made_clip.bytes / made_clip.seconds * 60,
        "phone clip minute": clip.stat().st_size / seconds * 60,
        "poster": posters,
    }


def recording_minute(binary: str, work: Path, minutes: float) -> float:
    """Bytes published of a minute of the teacher's voice (mono AAC, 64 kb/s)."""
    memo = work / "memo.m4a"
    ffmpeg(
        binary,
        *("-f", "lavfi", "-i", f"anoisesrc=color=pink:amplitude=0.3:duration={minutes * 60}"),
        *("-af", "volume='0.2+0.8*abs(sin(2*PI*2.5*t))':eval=frame", "-ac", "1"),
        *("-c:a", "aac", "-b:a", "128k", str(memo)),
    )
    episode = publish_recording(memo, work / "episode.m4a", AudioSettings())
    return episode.bytes / episode.seconds * 60


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clip-seconds", type=float, default=10)
    parser.add_argument("--recording-minutes", type=float, default=5)
    parser.add_argument("--weeks", type=int, default=12)
    parser.add_argument("--photos", type=int, default=5, help="a week")
    parser.add_argument("--clips", type=int, default=1, help="one-minute clips a week")
    parser.add_argument("--languages", type=int, default=2, help="a recording each, weekly")
    args = parser.parse_args()
    binary = ffmpeg_binary()
    if binary is None:
        raise SystemExit("bench.sizes needs ffmpeg: pip install imageio-ffmpeg")
    work = Path(tempfile.mkdtemp(prefix="homeroom-bench-sizes-"))
    try:
        voice = recording_minute(binary, work, args.recording_minutes)
        print(f"a minute of recording: {voice / 1e6:.2f} MB published")
        weeks, minutes = args.weeks, args.recording_minutes
        for name, coarse in (("calm", 2**0.5), ("busy", 1.0)):
            sizes = published(binary, work, name, coarse, args.clip_seconds)
            print(
                f"{name}: a photo {sizes['photo'] / 1e6:.2f} MB published (the phone's "
                f"{sizes['phone photo'] / 1e6:.1f} MB); a minute of clip "
                f"{sizes['clip minute'] / 1e6:.2f} MB and its poster {sizes['poster'] / 1e6:.2f}"
                f" MB (the phone's {sizes['phone clip minute'] / 1e6:.0f} MB)"
            )
            photos = weeks * args.photos * sizes["photo"]
            clips = weeks * args.clips * (sizes["clip minute"] + sizes["poster"])
            recordings = weeks * args.languages * minutes * voice
            total = photos + clips + recordings
            print(
                f"  a {weeks}-week term: {weeks * args.photos} photos {photos / 1e6:.0f} MB, "
                f"{weeks * args.clips} one-minute clips {clips / 1e6:.0f} MB, "
                f"{weeks * args.languages} {minutes:g}-minute recordings "
                f"{recordings / 1e6:.0f} MB: {total / 1e6:.0f} MB, {total / 1e9:.0%} of 1 GB"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
