"""One clip in, one H.264/AAC MP4 and its poster out: PyAV (FFmpeg inside its wheel), no Pelican.

A phone's clip (MOV, MP4, M4V, 3GP, WebM) is scaled to at most 720 lines (its aspect kept, even
dimensions), encoded as H.264 with AAC sound, and muxed `faststart` so a browser plays it
before it has all of it. Nothing of the input's metadata is copied (QuickTime location, make,
model, creation time), and the muxer and encoders run `bitexact`: the same clip always gives
the same bytes, so the cache and the published site stay byte-identical. The poster is the
first frame, saved as WebP and JPEG without any metadata.
"""

import json
from dataclasses import asdict, dataclass
from fractions import Fraction
from pathlib import Path

from PIL import Image

from homeroom_school.media import FileRules, MediaError, check_file, unreadable
from homeroom_school.settings import DEFAULTS

# PyAV is imported by each function that uses it, when it runs: a school with no clip never
# pays for loading FFmpeg (about 50 ms of every build's start).

# Bump when the output changes for the same input: the cache keys change.
PIPELINE_VERSION = 3  # 3: the encoder's settings banner (an SEI unit) removed
MAX_LINES = 720
CRF = "26"  # small files for a class site; faces and writing stay readable at 720p
PRESET = "veryfast"
AUDIO_BITRATE = 96_000
SAMPLE_RATE = 48_000
SUFFIXES = (".mov", ".mp4", ".m4v", ".3gp", ".webm")
MIME = "video/mp4"


@dataclass(frozen=True)
class VideoSettings:
    max_seconds: int = DEFAULTS["HOMEROOM_VIDEO_MAX_SECONDS"]
    max_bytes: int = DEFAULTS["HOMEROOM_VIDEO_MAX_BYTES"]

    def fingerprint(self) -> str:
        # The limits decide only what is refused, never the bytes: kept out of the key.
        return json.dumps({"crf": CRF, "preset": PRESET, "lines": MAX_LINES, "v": PIPELINE_VERSION})


@dataclass(frozen=True)
class Clip:
    """What was made of one clip: its length, size on screen and the published file's size."""

    seconds: float
    width: int
    height: int
    bytes: int

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "Clip":
        data = json.loads(text)
        return cls(
            seconds=float(data["seconds"]),
            width=int(data["width"]),
            height=int(data["height"]),
            bytes=int(data["bytes"]),
        )


class VideoError(MediaError):
    """A clip Homeroom cannot publish: the message says what is wrong and what to do."""


RULES = FileRules(
    what="clip",
    read_as="a video",
    suffixes=SUFFIXES,
    formats="MOV, MP4, M4V, 3GP or WebM, as a phone's camera does",
    where="between the parentheses",
    limit="HOMEROOM_VIDEO_MAX_BYTES",
    smaller="trim the clip on the phone, or film a shorter one",
    error=VideoError,
)


def video_stream(container):
    if not container.streams.video:
        raise VideoError("holds no picture; film it again with the phone's camera")
    return container.streams.video[0]


class Length:
    """Seconds of picture decoded so far, refused past HOMEROOM_VIDEO_MAX_SECONDS."""

    def __init__(self, settings: VideoSettings):
        self.limit = settings.max_seconds
        self.seconds = 0.0
        self.frames = 0

    def add(self, frame, frame_seconds: float) -> None:
        self.frames += 1
        self.seconds = max(self.seconds, float(frame.time or 0) + frame_seconds)
        if self.seconds > self.limit:
            raise VideoError(
                f"is longer than HOMEROOM_VIDEO_MAX_SECONDS ({self.limit} seconds); trim it "
                "on the phone, or split it into two clips"
            )

    def total(self) -> float:
        if self.frames == 0:
            raise VideoError("holds no picture; film it again with the phone's camera")
        return self.seconds


def frame_seconds(stream) -> float:
    rate = stream.average_rate or stream.guessed_rate or 30
    return float(1 / rate)


def check_decodes(path: Path, settings: VideoSettings) -> float:
    """The clip's length in seconds, after checking it is one Homeroom can publish: there,
    not too large, a picture FFmpeg can read to its end, not longer than the limit."""
    import av

    check_file(path, RULES, settings.max_bytes)
    length = Length(settings)
    try:
        with av.open(str(path)) as container:
            stream = video_stream(container)
            step = frame_seconds(stream)
            for frame in container.decode(stream):
                length.add(frame, step)
    except av.FFmpegError as error:
        raise unreadable(error, RULES) from None
    return length.total()


# A phone filming upright stores the picture on its side with a display matrix saying how to
# turn it (PyAV's frame.rotation, degrees anticlockwise): turned here as FFmpeg's autorotate
# does, so the published clip plays upright everywhere, without the matrix.
TURNS = {
    90: (Image.Transpose.ROTATE_90,),
    180: (Image.Transpose.ROTATE_180,),
    270: (Image.Transpose.ROTATE_270,),
}


def upright_size(frame, turn: tuple) -> tuple[int, int]:
    """The frame's width and height as it is to be seen."""
    sideways = turn and turn[0] in (Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_270)
    return (frame.height, frame.width) if sideways else (frame.width, frame.height)


def upright(frame, turn: tuple, width: int, height: int):
    """The frame at the published size, upright, in the encoder's pixel format."""
    import av

    if not turn:
        return frame.reformat(width, height, "yuv420p")
    sideways = turn[0] in (Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_270)
    before = (height, width) if sideways else (width, height)
    image = frame.reformat(*before, "rgb24").to_image().transpose(turn[0])
    return av.VideoFrame.from_image(image).reformat(format="yuv420p")


def scaled(width: int, height: int) -> tuple[int, int]:
    """The published size: at most MAX_LINES high (the aspect kept), both sides even (what
    H.264's 4:2:0 needs)."""
    if height > MAX_LINES:
        width, height = round(width * MAX_LINES / height), MAX_LINES
    return max(2, width - width % 2), max(2, height - height % 2)


def transcode(path: Path, destination: Path, poster: Path, settings: VideoSettings) -> Clip:
    """The clip at `path` as an H.264/AAC MP4 at `destination` and its first frame at
    `poster` (.webp and .jpg beside it): one pass, which also checks it as check_decodes."""
    import av
    from av.bitstream import BitStreamFilterContext

    check_file(path, RULES, settings.max_bytes)
    length = Length(settings)
    try:
        with av.open(str(path)) as source:
            video = video_stream(source)
            audio = source.streams.audio[0] if source.streams.audio else None
            turn = None  # how the phone said to turn the picture: known from the first frame
            width = height = 0
            step = frame_seconds(video)
            with av.open(
                str(destination),
                "w",
                format="mp4",
                options={"movflags": "+faststart", "fflags": "+bitexact"},
            ) as output:
                rate = Fraction(video.average_rate or 30).limit_denominator(1001)
                encoder = output.add_stream(
                    "libx264",
                    rate=rate,
                    options={"crf": CRF, "preset": PRESET, "x264-params": "threads=1"},
                )
                encoder.pix_fmt = "yuv420p"  # its size: the first frame's, turned upright
                encoder.codec_context.flags |= av.codec.context.Flags.bitexact
                encoder.codec_context.time_base = 1 / rate
                # x264 writes its version and settings into the stream (SEI, NAL type 6): the
                # only words left in the published file; dropped packet by packet
                banner = BitStreamFilterContext("filter_units=remove_types=6", encoder, encoder)

                def mux_video(packets) -> None:
                    for packet in packets:
                        output.mux(banner.filter(packet))

                sound = resampler = None
                if audio is not None:
                    sound = output.add_stream("aac", rate=SAMPLE_RATE, layout="stereo")
                    sound.bit_rate = AUDIO_BITRATE
                    sound.codec_context.flags |= av.codec.context.Flags.bitexact
                    resampler = av.AudioResampler(format="fltp", layout="stereo", rate=SAMPLE_RATE)
                streams = [video] + ([audio] if audio is not None else [])
                count = 0
                for frame in source.decode(*streams):
                    if isinstance(frame, av.VideoFrame):
                        length.add(frame, step)
                        if turn is None:
                            turn = TURNS.get(round(frame.rotation or 0) % 360, ())
                            width, height = scaled(*upright_size(frame, turn))
                            encoder.width, encoder.height = width, height
                        picture = upright(frame, turn, width, height)
                        if count == 0:
                            write_poster(picture, poster)
                        picture.pts, picture.time_base = count, 1 / rate  # frames, from 0
                        count += 1
                        mux_video(encoder.encode(picture))
                    else:
                        for resampled in resampler.resample(frame):
                            resampled.pts = None
                            output.mux(sound.encode(resampled))
                seconds = length.total()
                mux_video(encoder.encode(None))
                output.mux(banner.filter(None))
                if sound is not None:
                    for resampled in resampler.resample(None):
                        resampled.pts = None
                        output.mux(sound.encode(resampled))
                    output.mux(sound.encode(None))
    except av.FFmpegError as error:
        raise unreadable(error, RULES) from None
    return Clip(round(seconds, 3), width, height, destination.stat().st_size)


def poster_file(poster: Path, suffix: str) -> Path:
    """One format of a poster: `poster` names them all, without a suffix (clip.poster)."""
    return poster.with_name(poster.name + suffix)


def write_poster(frame, poster: Path) -> None:
    """The first frame as <poster>.webp and <poster>.jpg: pixels only, no metadata."""
    image = frame.to_image()
    image.save(poster_file(poster, ".webp"), "WEBP", quality=80, method=4)
    image.save(poster_file(poster, ".jpg"), "JPEG", quality=82, optimize=True, progressive=True)
