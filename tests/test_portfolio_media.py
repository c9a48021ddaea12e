"""A child's recording or clip attached to a portfolio entry (`[Listen](reading.m4a)`,
`[our experiment](experiment.mov)`) is inlined as the audio or video pipeline made it (AAC
in M4A, H.264/AAC in MP4), never as the phone's file with where, when and with what it was
made: on a link-only page, inside a family's encrypted page, and in an export."""

import base64
import json
import re
from pathlib import Path

import av
import pytest

from homeroom_audio import audio_settings, check_recordings
from homeroom_audio.pipeline import is_recording
from homeroom_portfolio import crypto
from tests.clips import exiftool_tags, personal, phone_clip
from tests.portfolios import KEYS, PORTFOLIO, SECRET, portfolio_build, portfolio_school
from tests.recordings import phone_recording
from tests.sites import PUBLISHED, invoke, load, strong_secrets

# What a phone writes into a recording: where, with what, when.
PHONE = {
    "location": "+40.7128-074.0060/",
    "make": "Apple",
    "model": "iPhone 15",
    "creation_time": "2026-11-03T10:00:00Z",
}
TOLD = ("location", "make", "model", "creation_time", "com.apple.quicktime")


def entry(student: str) -> str:
    return f"{PORTFOLIO}/{student}/2026-10-07-experiment.md"


def media_school(folder: Path, recording=None) -> Path:
    """Sam (link only) and Mia (family) each attach a tagged recording and link a MOV."""
    content = portfolio_school(folder)
    for student in ("sam", "mia"):
        (content / entry(student)).write_text(
            "Title: Our experiment\nDate: 2026-10-07\n\n"
            f"[Listen to {student} read](reading.m4a)\n\n"
            "Watch [our experiment](experiment.mov).\n",
            encoding="utf-8",
        )
        folder = content / PORTFOLIO / student
        phone_recording(folder / "reading.m4a", "aac", 1.0, title=student, **PHONE)
        phone_clip(folder / "experiment.mov", seconds=0.4, size=(320, 240), title=student)
    if recording is not None:
        (content / PORTFOLIO / "sam/reading.m4a").write_bytes(recording)
    return content


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("attached")
    content = media_school(folder / "content")
    assert portfolio_build(content, folder) == 0
    return content, folder


def attached(html: str) -> dict[str, tuple[str, bytes]]:
    """download name -> (mime, bytes) of every data: link a page saves as a file."""
    found = re.findall(r'href="data:([^;"]+);base64,([^"]+)" download="([^"]+)"', html)
    return {name: (mime, base64.b64decode(data)) for mime, data, name in found}


def phone_is_gone(path: Path, codecs: tuple[str, str | None]) -> None:
    """The file is what the pipeline makes, with nothing the phone wrote left in it."""
    with av.open(str(path)) as container:
        tags = {key.lower(): value for key, value in container.metadata.items()}
        video = container.streams.video[0].codec_context.name if container.streams.video else None
        audio = container.streams.audio[0].codec_context.name
    assert (audio, video) == codecs
    assert not [key for key in tags if any(word in key for word in TOLD)], tags
    assert personal(exiftool_tags(path)) == {}


def check_page(html: str, folder: Path, content: Path, student: str) -> None:
    files = attached(html)
    assert sorted(files) == ["experiment.mp4", "reading.m4a"], sorted(files)
    assert files["reading.m4a"][0] == "audio/mp4"
    assert files["experiment.mp4"][0] == "video/mp4"
    for name, (_mime, data) in files.items():
        original = (content / PORTFOLIO / student / name).with_suffix(
            ".m4a" if name.endswith(".m4a") else ".mov"
        )
        assert data != original.read_bytes()
        assert base64.b64encode(original.read_bytes()).decode() not in html
        (folder / name).write_bytes(data)
    phone_is_gone(folder / "reading.m4a", ("aac", None))
    phone_is_gone(folder / "experiment.mp4", ("aac", "h264"))


@pytest.mark.slow
def test_the_phone_files_do_carry_where_and_with_what(built):
    content, _ = built
    record = exiftool_tags(content / PORTFOLIO / "sam/reading.m4a")
    assert personal(record), record
    assert personal(exiftool_tags(content / PORTFOLIO / "sam/experiment.mov"))


@pytest.mark.slow
def test_a_link_only_page_inlines_what_the_pipelines_made(built, tmp_path):
    content, folder = built
    token = crypto.token(SECRET, "grade-1/sam")
    html = (folder / "output/portfolio" / token / "index.html").read_text(encoding="utf-8")
    check_page(html, tmp_path, content, "sam")
    output = folder / "output"
    assert not [p for p in output.rglob("*") if p.name.startswith(("reading", "experiment"))]
    # made once, in the site's own caches: one recording and one clip per child
    assert len(list((folder / "cache/homeroom-audio").glob("*.m4a"))) == 2
    assert len(list((folder / "cache/homeroom-video").glob("*.mp4"))) == 2


@pytest.mark.slow
def test_a_family_page_holds_what_the_pipelines_made_encrypted(built, tmp_path):
    content, folder = built
    token = crypto.token(SECRET, "grade-1/mia")
    html = (folder / "output/portfolio" / token / "index.html").read_text(encoding="utf-8")
    assert "data:audio" not in html and "data:video" not in html
    payload = html.split('<script type="application/json" id="locked">')[1].split("<")[0]
    page = crypto.unlock(KEYS.split(": ", 1)[1].strip(), json.loads(payload)).decode()
    check_page(page, tmp_path, content, "mia")


@pytest.mark.slow
def test_an_export_inlines_the_same_files_from_the_same_caches(built, tmp_path, monkeypatch):
    import homeroom_audio.cache
    import homeroom_video.cache
    import tasks
    from homeroom_portfolio.export import export_portfolio

    content, folder = built

    def no_transcoding(*args):
        raise AssertionError("transcoded again")

    monkeypatch.setattr(homeroom_audio.cache, "transcode", no_transcoding)
    monkeypatch.setattr(homeroom_video.cache, "transcode", no_transcoding)
    settings = tasks.pelican_settings(
        tasks.DEV_SETTINGS,
        str(content),
        str(tmp_path / "output"),
        CACHE_PATH=str(folder / "cache"),
        HOMEROOM_SECRET=SECRET,
    )
    config = tasks.task_config(settings)
    index = export_portfolio(settings, config, "grade-1/sam", tmp_path / "export")
    check_page(index.read_text(encoding="utf-8"), tmp_path, content, "sam")
    token = crypto.token(SECRET, "grade-1/sam")
    page = (folder / "output/portfolio" / token / "index.html").read_text(encoding="utf-8")
    assert attached(index.read_text(encoding="utf-8")) == attached(page)


def test_an_mp4_or_webm_of_sound_only_is_a_recording(tmp_path):
    voice = phone_recording(tmp_path / "voice.mp4", "aac", 0.3)
    clip = phone_clip(tmp_path / "clip.mp4", seconds=0.2, size=(64, 48))
    assert is_recording(voice) and not is_recording(clip)
    assert is_recording(tmp_path / "any.m4a") and not is_recording(tmp_path / "any.mov")
    (tmp_path / "broken.mp4").write_bytes(b"\x00\x00\x00\x18ftypisom" + bytes(16))
    assert not is_recording(tmp_path / "broken.mp4")  # the clip's pipeline says what is wrong


def truncated_recording(folder: Path) -> bytes:
    data = phone_recording(folder / "whole.m4a", "aac", 1.0).read_bytes()
    return data[: len(data) // 2]


def test_a_truncated_attached_recording_is_one_problem_on_its_line(tmp_path):
    content = media_school(tmp_path / "content", truncated_recording(tmp_path))
    school, config = load(content)
    assert not [p for p in school.problems if "experiment.md" in p.path]
    problems = check_recordings(school, config.content_path, audio_settings({}))
    assert [(p.path, p.line) for p in problems] == [(entry("sam"), 4)]
    assert problems[0].message.startswith("the recording 'reading.m4a' cannot be read")


def test_an_attached_recording_over_the_attachment_limit_is_one_error(tmp_path, caplog):
    from homeroom_audio import cache_folder, make_library

    content = media_school(tmp_path / "content")
    school, _ = load(content)
    cache = cache_folder({"CACHE_PATH": str(tmp_path / "cache")})
    library = make_library(school, content, audio_settings({}), cache, 1, 1000)
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 2, errors  # Sam's and Mia's
    assert f"{entry('sam')}:4: the recording 'reading.m4a' is " in errors[1]
    assert "more than HOMEROOM_ATTACHMENT_MAX_BYTES (1 kB)" in errors[1]
    assert library.attached(f"{PORTFOLIO}/sam/reading.m4a") is None
    roomy = make_library(school, content, audio_settings({}), cache, 1, 10_000_000)
    assert roomy.attached(f"{PORTFOLIO}/sam/reading.m4a").startswith("data:audio/mp4;base64,")
    assert roomy.published[f"{PORTFOLIO}/sam/reading.m4a"].private  # never a file of the site


@pytest.mark.slow
def test_a_bad_attached_recording_is_one_problem_at_check_and_publish(tmp_path):
    content = media_school(tmp_path / "content", truncated_recording(tmp_path))
    env = {**PUBLISHED, **strong_secrets(tmp_path / "secrets", ("grade-1/mia",))}
    checked = invoke("check", "--content", str(content))
    published = invoke(
        "publish", "--content", str(content), "--output", str(tmp_path / "site"), env=env
    )
    for result in (checked, published):
        said = result.stdout + result.stderr
        assert result.returncode == 1, said
        assert "Traceback" not in said
        lines = [line for line in said.splitlines() if "experiment.md" in line]
        assert len(lines) == 1, said
        assert f"{entry('sam')}:4: the recording 'reading.m4a' cannot be read" in lines[0]
    assert not (tmp_path / "site").exists()
    # nothing else stops: the page is made, the clip inlined, the recording left out
    assert portfolio_build(content, tmp_path) == 1
    token = crypto.token(SECRET, "grade-1/sam")
    html = (tmp_path / "output/portfolio" / token / "index.html").read_text(encoding="utf-8")
    assert sorted(attached(html)) == ["experiment.mp4"]
    assert 'href="#" download="reading.m4a"' in html
