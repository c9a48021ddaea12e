"""One recording in, one AAC-in-M4A episode out: PyAV (FFmpeg inside its wheel), no Pelican.

Any phone's format is decoded (M4A/AAC, MP3, WAV, OGG/Opus, AMR); the sound is made mono,
loudness-normalized to EBU R128's -16 LUFS for speech (FFmpeg's `loudnorm`, through PyAV's
filter graph) and encoded at a speech bitrate. Nothing of the input's metadata is copied, and
the muxer and encoder run `bitexact` (no creation time, no encoder tag): the same recording
always gives the same bytes, so the cache and the published site stay byte-identical.
"""

import itertools
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from homeroom_school.media import FileRules, MediaError, check_file, unreadable
from homeroom_school.settings import DEFAULTS

if TYPE_CHECKING:
    import av  # each function imports it when it runs: a school with no recording never does

# Bump when the output changes for the same input: the cache keys change.
PIPELINE_VERSION = 2
BITRATE = 64_000  # mono AAC-LC: clear speech, about 0.5 MB a minute
SAMPLE_RATE = 48_000
LOUDNESS = "I=-16:TP=-1.5:LRA=11"  # podcast platforms' target for spoken word
SUFFIXES = (
    ".m4a",
    ".aac",
    ".mp3",
    ".wav",
    ".ogg",
    ".opus",
    ".oga",
    ".amr",
    ".3gp",
    ".webm",
    ".mp4",
)
# Containers phones use for a recording and for a clip alike: which one a file is, it tells.
EITHER = (".mp4", ".webm", ".3gp")
MIME = "audio/mp4"


@dataclass(frozen=True)
class AudioSettings:
    max_minutes: int = DEFAULTS["HOMEROOM_AUDIO_MAX_MINUTES"]
    max_bytes: int = DEFAULTS["HOMEROOM_AUDIO_MAX_BYTES"]

    def fingerprint(self) -> str:
        # The limits decide only what is refused, never the bytes: kept out of the key.
        return json.dumps({"bitrate": BITRATE, "loudness": LOUDNESS, "v": PIPELINE_VERSION})


@dataclass(frozen=True)
class Episode:
    """What was made of one recording: its length and the published file's size."""

    seconds: float
    bytes: int

    @property
    def minutes(self) -> int:
        """Whole minutes as a listener counts them: at least 1."""
        return max(1, round(self.seconds / 60))

    @property
    def duration(self) -> str:
        """itunes:duration, H:MM:SS."""
        whole = round(self.seconds)
        return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "Episode":
        data = json.loads(text)
        return cls(seconds=float(data["seconds"]), bytes=int(data["bytes"]))


class AudioError(MediaError):
    """A recording Homeroom cannot publish: the message says what is wrong and what to do."""


RULES = FileRules(
    what="recording",
    read_as="a recording",
    suffixes=SUFFIXES,
    formats="M4A, MP3, WAV, OGG or AMR, as a phone's voice recorder does",
    where="after Audio:",
    limit="HOMEROOM_AUDIO_MAX_BYTES",
    smaller="record a shorter message",
    error=AudioError,
)


class Length:
    """Seconds of sound decoded so far, refused past HOMEROOM_AUDIO_MAX_MINUTES."""

    def __init__(self, settings: AudioSettings):
        self.limit = settings.max_minutes * 60
        self.seconds = 0.0

    def add(self, frame) -> None:
        self.seconds = max(self.seconds, float(frame.time or 0) + frame.samples / frame.rate)
        if self.seconds > self.limit:
            raise AudioError(
                f"is longer than HOMEROOM_AUDIO_MAX_MINUTES ({self.limit // 60} minutes); "
                "record a shorter message, or split it over two posts"
            )

    def total(self) -> float:
        if self.seconds <= 0:
            raise AudioError("holds no sound; record it again with the phone's recorder")
        return self.seconds


def audio_stream(container):
    if not container.streams.audio:
        raise AudioError("holds no sound; record it again with the phone's recorder")
    return container.streams.audio[0]


def is_recording(path: Path) -> bool:
    """Whether a file a portfolio entry attaches is a recording (sound only), made by this
    pipeline, rather than a clip: by its name, or, for MP4, WebM and 3GP, by whether it holds
    moving pictures (a recording's cover picture is none). One that cannot be opened is
    taken for a clip, whose pipeline then says what is wrong with it."""
    import av

    suffix = path.suffix.lower()
    if suffix not in EITHER:
        return suffix in SUFFIXES
    try:
        with av.open(str(path)) as container:
            pictures = [
                stream
                for stream in container.streams.video
                if not stream.disposition & av.stream.Disposition.attached_pic
            ]
            return bool(container.streams.audio) and not pictures
    except (av.FFmpegError, OSError):
        return False


def check_decodes(path: Path, settings: AudioSettings) -> float:
    """The recording's length in seconds, after checking it is one Homeroom can publish:
    there, not too large, a sound FFmpeg can read to its end, not longer than the limit."""
    import av

    check_file(path, RULES, settings.max_bytes)
    length = Length(settings)
    try:
        with av.open(str(path)) as container:
            stream = audio_stream(container)
            for frame in container.decode(stream):
                length.add(frame)
    except av.FFmpegError as error:
        raise unreadable(error, RULES) from None
    return length.total()


def transcode(path: Path, destination: Path, settings: AudioSettings) -> Episode:
    """The recording at `path` as a mono, loudness-normalized AAC M4A at `destination`: one
    pass, which also checks it as check_decodes does."""
    import av

    check_file(path, RULES, settings.max_bytes)
    length = Length(settings)
    try:
        with av.open(str(path)) as source:
            stream = audio_stream(source)
            graph = speech_graph(stream)
            with av.open(
                str(destination),
                "w",
                format="mp4",
                options={"movflags": "+faststart", "fflags": "+bitexact"},
            ) as output:
                encoder = output.add_stream("aac", rate=SAMPLE_RATE, layout="mono")
                encoder.bit_rate = BITRATE
                encoder.codec_context.flags |= av.codec.context.Flags.bitexact

                def drain() -> None:
                    while True:
                        try:
                            frame = graph.pull()
                        except (av.BlockingIOError, av.EOFError):
                            return
                        frame.pts = None  # the encoder counts samples itself
                        output.mux(encoder.encode(frame))

                for frame in source.decode(stream):
                    length.add(frame)
                    graph.push(frame)
                    drain()
                seconds = length.total()
                graph.push(None)
                drain()
                output.mux(encoder.encode(None))
    except av.FFmpegError as error:
        raise unreadable(error, RULES) from None
    return Episode(seconds=round(seconds, 3), bytes=destination.stat().st_size)


def speech_graph(stream) -> "av.filter.Graph":
    """decoded sound -> mono -> loudnorm (EBU R128) -> 48 kHz float: what AAC encodes. Made
    mono first, so loudnorm (which works at 192 kHz) measures and shapes one channel only."""
    import av

    graph = av.filter.Graph()
    chain = [
        graph.add_abuffer(template=stream),
        graph.add("aformat", "channel_layouts=mono"),
        graph.add("loudnorm", LOUDNESS),
        graph.add("aresample", str(SAMPLE_RATE)),
        graph.add("aformat", f"sample_fmts=fltp:channel_layouts=mono:sample_rates={SAMPLE_RATE}"),
        graph.add("abuffersink"),
    ]
    for upstream, downstream in itertools.pairwise(chain):
        upstream.link_to(downstream)
    graph.configure()
    return graph
