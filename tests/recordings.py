"""Short recordings made in the test itself (a sine tone): WAV by the standard library, any
other format by PyAV, with the metadata a phone writes (title, place, recorder)."""

import math
import struct
import wave
from pathlib import Path

import av

RATE = 44_100


def sine_wav(
    path: Path, seconds: float = 3.0, amplitude: float = 0.05, hz: int = 440, rate: int = RATE
) -> Path:
    """A quiet stereo tone (about -27 LUFS), far from -16, so normalization has work to do."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = int(seconds * rate)
    samples = (int(amplitude * 32767 * math.sin(2 * math.pi * hz * i / rate)) for i in range(count))
    with wave.open(str(path), "wb") as recording:
        recording.setnchannels(2)
        recording.setsampwidth(2)
        recording.setframerate(rate)
        recording.writeframes(b"".join(struct.pack("<hh", s, s) for s in samples))
    return path


def phone_recording(path: Path, codec: str, seconds: float = 3.0, **tags: str) -> Path:
    """The tone in another format (`mp3`, `aac` in .m4a, `libopus` in .ogg), tagged as a
    phone tags its recordings (`title`, `location`, `encoder`...)."""
    wav = sine_wav(path.with_suffix(".source.wav"), seconds)
    with av.open(str(wav)) as source, av.open(str(path), "w") as output:
        stream = output.add_stream(codec, rate=48_000 if codec == "libopus" else RATE)
        output.metadata.update(tags)
        resampler = av.AudioResampler(
            format=stream.codec_context.format.name, layout="stereo", rate=stream.rate
        )
        for frame in source.decode(audio=0):
            for resampled in resampler.resample(frame):
                resampled.pts = None
                output.mux(stream.encode(resampled))
        output.mux(stream.encode(None))
    wav.unlink()
    return path


def loudness(path: Path) -> float:
    """Integrated loudness in LUFS (EBU R128), as FFmpeg's ebur128 filter measures it."""
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        graph = av.filter.Graph()
        source = graph.add_abuffer(template=stream)
        meter = graph.add("ebur128", "metadata=1")
        sink = graph.add("abuffersink")
        source.link_to(meter)
        meter.link_to(sink)
        graph.configure()
        measured = []

        def drain() -> None:
            while True:
                try:
                    frame = graph.pull()
                except (av.BlockingIOError, av.EOFError):
                    return
                if "lavfi.r128.I" in frame.metadata:
                    measured.append(float(frame.metadata["lavfi.r128.I"]))

        for frame in container.decode(stream):
            graph.push(frame)
            drain()
        graph.push(None)
        drain()
    return measured[-1]


def amr_recording(path: Path, seconds: float = 3.0) -> Path:
    """An AMR-NB file, as older Android voice recorders save it: FFmpeg has no AMR encoder, so
    it is written by hand: the `#!AMR` magic, then 20 ms frames of the 12.2 kb/s mode (a header
    byte, 31 bytes of speech parameters: any bits decode, as a buzz)."""
    import random

    noise = random.Random(3)
    frame = lambda: bytes([0x3C]) + bytes(noise.getrandbits(8) for _ in range(31))  # noqa: E731
    path.write_bytes(b"#!AMR\n" + b"".join(frame() for _ in range(round(seconds * 50))))
    return path
