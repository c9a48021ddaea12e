"""The class as phones capture it, end to end: one post with a clip and the teacher's
recording, played in Chromium at 390 px under the page's own policy; and each kind of bad
media one clear problem with its file and line, at `invoke check` and `invoke publish` alike,
while everything else is still made."""

from pathlib import Path

import pytest
from invoke import Exit

import tasks
from tests.clips import phone_clip
from tests.recordings import sine_wav
from tests.sites import TODAY, pelican_build, small_school

NEWS = "classes/grade-1/news"
POST = f"{NEWS}/2026-09-12-leaves.md"
CAPTIONS = "WEBVTT\n\n00:00.000 --> 00:02.000\nRed, yellow, brown.\n"


def media_school(folder: Path, clip=(2.0, (1280, 720)), **files) -> Path:
    """The small school with one post carrying a 2-second clip (captioned) and a 3-second
    recording, as a teacher adds them from a phone."""
    content = small_school(
        folder,
        **{
            POST: (
                "Title: Sorting leaves\nDate: 2026-09-12\nAudio: leaves.wav\n\n"
                "We sorted leaves.\n\n![children sorting leaves by colour](leaves.mov)\n"
            ),
            f"{NEWS}/leaves.vtt": CAPTIONS,
            **files,
        },
    )
    phone_clip(content / NEWS / "leaves.mov", seconds=clip[0], size=clip[1])
    sine_wav(content / NEWS / "leaves.wav", seconds=3.0)
    return content


@pytest.fixture(scope="module")
def media_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("media-site")
    content = media_school(root / "content")
    assert pelican_build(content, root / "out", CACHE_PATH=str(root / "cache")) == 0
    return root / "out"


def directives(policy: str) -> dict[str, list[str]]:
    return {
        name: sources
        for name, *sources in (part.split() for part in policy.split(";") if part.strip())
    }


PLAYING = """element => new Promise((resolve) => {
  element.muted = true;
  element.play().then(() => resolve(true), (error) => resolve(String(error)));
})"""
# What the page knows once playing: the video's length, the audio's readiness (HAVE_CURRENT_DATA
# or more), and whether each is still paused.
STATE = """element => ({
  duration: element.duration, ready: element.readyState, paused: element.paused,
  time: element.currentTime, error: element.error && element.error.code })"""
# A clip and a recording pointed at another host, put in the page as an injected script would.
ELSEWHERE = """([clip, recording]) => new Promise((resolve) => {
  const found = [];
  document.addEventListener("securitypolicyviolation", (e) => {
    found.push([e.effectiveDirective, e.blockedURI]);
    if (found.length === 2) resolve(found);
  });
  const video = document.createElement("video");
  video.src = clip; video.preload = "auto";
  const audio = document.createElement("audio");
  audio.src = recording; audio.preload = "auto";
  document.body.append(video, audio);
  video.load(); audio.load();
  setTimeout(() => resolve(found), 5000);
})"""


@pytest.mark.browser
def test_a_post_with_a_clip_and_a_recording_plays_both_on_a_phone_under_its_policy(
    browser, media_site, elsewhere
):
    """At 390 px, under the page's own Content-Security-Policy: both players fit the screen
    and start; the video knows its length, the audio is ready; nothing is refused and nothing
    comes from elsewhere. The policy's media-src is the site itself (and data:/blob: URLs made
    in the page): a clip or a recording pointed at another host is refused before it is asked
    for. axe finds nothing (in a second, CSP-free context, as axe is injected inline)."""
    from tests.tools import RECORD_VIOLATIONS, axe_violations, serve, wait_until, watch_requests

    other, seen = elsewhere
    phone = {"width": 390, "height": 844}
    with serve(media_site) as base:
        context = browser.new_context(viewport=phone)
        context.add_init_script(RECORD_VIOLATIONS)
        page = context.new_page()
        watch = watch_requests(page, base)
        page.goto(f"{base}/en/grade-1/news/leaves/")
        policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
        allowed = directives(policy)
        assert allowed["default-src"] == ["'none'"]
        assert allowed["media-src"] == ["'self'", "data:", "blob:"]  # no other host
        video, audio = page.locator("main video"), page.locator("main audio")
        assert video.count() == 1 and audio.count() == 1
        for player in (video, audio):
            box = player.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= phone["width"]
            assert box["width"] > 0 and box["height"] > 0
        assert video.evaluate(PLAYING) is True
        assert audio.evaluate(PLAYING) is True
        wait_until(
            lambda: video.evaluate(STATE)["ready"] >= 2 and audio.evaluate(STATE)["ready"] >= 2,
            "the clip and the recording to be ready",
        )
        clip, recording = video.evaluate(STATE), audio.evaluate(STATE)
        assert clip["error"] is None and recording["error"] is None
        assert 0 < clip["duration"] < float("inf")
        assert clip["duration"] == pytest.approx(2.0, abs=0.1)
        assert recording["ready"] >= 2 and recording["duration"] == pytest.approx(3.0, abs=0.1)
        assert not clip["paused"] and not recording["paused"]  # both started
        assert page.evaluate("window.__violations") == []
        assert watch.external == [] and watch.page_errors == []

        refused = page.evaluate(ELSEWHERE, [f"{other}/clip.mp4", f"{other}/voice.m4a"])
        assert sorted(refused) == [
            ["media-src", f"{other}/clip.mp4"],
            ["media-src", f"{other}/voice.m4a"],
        ]
        page.wait_for_timeout(300)  # time for a request that should not happen
        assert seen == []
        context.close()

        context = browser.new_context(viewport=phone, bypass_csp=True)
        page = context.new_page()
        page.goto(f"{base}/en/grade-1/news/leaves/")
        assert page.locator("main video").count() == 1
        assert axe_violations(page) == []
        context.close()


# --- bad media: one clear problem, with file and line, at check and publish alike -------------

BAD_POST = f"{NEWS}/2026-09-19-bad.md"


def bad_clip(name: str) -> dict:
    return {BAD_POST: f"Title: Bad\nDate: 2026-09-19\n\nSee.\n\n![what it shows]({name})\n"}


def bad_recording(name: str) -> dict:
    return {BAD_POST: f"Title: Bad\nDate: 2026-09-19\nAudio: {name}\n\nListen.\n"}


def truncated_mov(folder: Path) -> None:
    whole = phone_clip(folder / "whole.mov", seconds=0.5, size=(320, 240)).read_bytes()
    (folder / "cut.mov").write_bytes(whole[: len(whole) // 2])
    (folder / "whole.mov").unlink()


def uhd_clip(folder: Path) -> None:
    phone_clip(folder / "IMG_4K.MOV", seconds=0.2, size=(3840, 2160))


def heic_without_image(folder: Path) -> None:
    (folder / "IMG_0042.HEIC").write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic")


BAD_MEDIA = {
    "a truncated MOV": (
        bad_clip("cut.mov"),
        truncated_mov,
        {},
        "6: the clip 'cut.mov' cannot be read as a video",
    ),
    "a text file named .m4a": (
        bad_recording("notes.m4a"),
        lambda folder: (folder / "notes.m4a").write_text("spelling words\n", encoding="utf-8"),
        {},
        "3: the recording 'notes.m4a' cannot be read as a recording",
    ),
    "a 2-hour recording (the limit lowered to 1 minute)": (
        bad_recording("long.wav"),
        lambda folder: sine_wav(folder / "long.wav", seconds=75, rate=8000),
        {"HOMEROOM_AUDIO_MAX_MINUTES": 1},
        "3: the recording 'long.wav' is longer than HOMEROOM_AUDIO_MAX_MINUTES (1 minutes)",
    ),
    "a 4K clip over the size limit (lowered)": (
        bad_clip("IMG_4K.MOV"),
        uhd_clip,
        {"HOMEROOM_VIDEO_MAX_BYTES": 17_000},  # the 4K clip is 21 kB, the good one 13 kB
        "6: the clip 'IMG_4K.MOV' is 21 kB, over HOMEROOM_VIDEO_MAX_BYTES (17 kB); trim the clip",
    ),
    "a HEIC with no image": (
        {BAD_POST: "Title: Bad\nDate: 2026-09-19\n\nSee.\n\n![a heron](IMG_0042.HEIC)\n"},
        heic_without_image,
        {},
        "6: the photo 'IMG_0042.HEIC' is a HEIC photo with no picture Homeroom can read in it",
    ),
}


@pytest.fixture(scope="module")
def good_media_cache(tmp_path_factory) -> Path:
    """One cache for every case: the good clip and recording are made once."""
    return tmp_path_factory.mktemp("bad-media-cache")


@pytest.mark.slow
@pytest.mark.parametrize("case", BAD_MEDIA, ids=list(BAD_MEDIA))
def test_bad_media_is_one_problem_with_file_and_line_at_check_and_publish(
    case, tmp_path, monkeypatch, capsys, good_media_cache
):
    post, make, limits, said = BAD_MEDIA[case]
    content = media_school(tmp_path / "content", clip=(0.5, (320, 240)), **post)
    make(content / NEWS)
    if "HOMEROOM_VIDEO_MAX_BYTES" in limits:  # the 4K clip over the limit, the good one under
        sizes = [(content / NEWS / name).stat().st_size for name in ("leaves.mov", "IMG_4K.MOV")]
        assert sizes[0] < limits["HOMEROOM_VIDEO_MAX_BYTES"] < sizes[1]
    real = tasks.pelican_settings

    def with_limits(conf, content, output, **extra):  # as a school's pelicanconf.py sets them
        return real(
            conf,
            content,
            output,
            **{"HOMEROOM_TODAY": TODAY, "CACHE_PATH": str(good_media_cache), **limits, **extra},
        )

    monkeypatch.setattr(tasks, "pelican_settings", with_limits)
    expected = f"{BAD_POST}:{said}"

    with pytest.raises(Exit) as checked:
        tasks.check.body(None, content=str(content))
    assert checked.value.code == 1 and checked.value.message.startswith("1 problem")
    lines = capsys.readouterr().out.splitlines()
    (line,) = [line for line in lines if "bad.md" in line]
    assert expected in line, line
    assert not [line for line in lines if "leaves" in line]  # the good post: nothing to say

    monkeypatch.setenv("SITEURL", "https://school.example")
    monkeypatch.setenv("HOMEROOM_REPOSITORY_VISIBILITY", "private")
    output = tmp_path / "site"
    with pytest.raises(Exit) as published:
        tasks.publish.body(None, content=str(content), output=str(output))
    assert published.value.code == 1 and "publish failed: 1 problem" in published.value.message
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error")]
    assert len(errors) == 1 and expected in errors[0], errors
    assert not output.exists()

    # nothing else stops: a build makes everything but the bad file
    assert pelican_build(content, tmp_path / "preview", CACHE_PATH=str(good_media_cache), **limits)
    media = tmp_path / "preview" / "media/grade-1/news"
    assert {"leaves.mp4", "leaves.m4a", "leaves.poster.webp", "leaves.vtt"} <= {
        path.name for path in media.iterdir()
    }
    assert (tmp_path / "preview/en/grade-1/news/bad/index.html").is_file()
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.slow
def test_the_site_size_and_its_warning_count_photos_clips_and_recordings(
    tmp_path, monkeypatch, capsys
):
    """What `invoke publish` says of the site's size counts every published clip (with its
    poster and captions), recording and photo, and names how much each kind takes."""
    from homeroom_tasks.runs import media_kind

    content = media_school(tmp_path / "content", clip=(0.5, (320, 240)))
    real = tasks.pelican_settings

    def tiny_limit(conf, content, output, **extra):  # as a school's publishconf.py would set it
        cache = str(tmp_path / "cache")
        return real(conf, content, output, HOMEROOM_SITE_MAX_BYTES=1000, CACHE_PATH=cache, **extra)

    monkeypatch.setattr(tasks, "pelican_settings", tiny_limit)
    monkeypatch.setenv("SITEURL", "https://school.example")
    monkeypatch.setenv("HOMEROOM_REPOSITORY_VISIBILITY", "private")
    output = tmp_path / "site"
    tasks.publish.body(None, content=str(content), output=str(output))
    lines = capsys.readouterr().out.splitlines()

    news = "media/grade-1/news"
    kinds = {
        "clips": [f"{news}/leaves.{end}" for end in ("mp4", "poster.webp", "poster.jpg", "vtt")],
        "recordings": [
            f"{news}/leaves.m4a",
            "media/podcast/grade-1.png",
            "media/podcast/school.png",
        ],
        "photos": [f"{news}/tree-40.webp", f"{news}/tree-40.jpg"],
    }
    published = sorted(p.relative_to(output).as_posix() for p in output.glob("media/**/*.*"))
    assert published == sorted(name for names in kinds.values() for name in names)
    assert {kind: {media_kind(name) for name in names} for kind, names in kinds.items()} == {
        kind: {kind} for kind in kinds
    }
    sizes = {kind: sum((output / n).stat().st_size for n in names) for kind, names in kinds.items()}
    by_kind = ", ".join(
        f"{kind} {size / 1e6:.1f} MB"
        for kind, size in sorted(sizes.items(), key=lambda item: (-item[1], item[0]))
    )
    files = [path for path in output.rglob("*") if path.is_file()]
    total = sum(path.stat().st_size for path in files)
    (size,) = [line for line in lines if line.startswith("Site size: ")]
    assert size == f"Site size: {total / 1e6:.1f} MB in {len(files)} files. Media: {by_kind}."
    (warning,) = [line for line in lines if line.startswith("warning: ")]
    assert warning.endswith(f"; media: {by_kind}")
    assert sizes["clips"] > 0 and sizes["recordings"] > 0 and sizes["photos"] > 0


def readme_sizes() -> dict[str, list[float]]:
    """bench.sizes' table in the README: its rows' megabytes (calm, busy), by row."""
    from tests.sites import ROOT

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text[text.index("| published | calm | busy |") :].split("\n\n", 1)[0]
    rows = {}
    for line in table.splitlines()[2:]:
        name, *values = [cell.strip() for cell in line.strip("|").split("|")]
        rows[name.split(",")[0].split(":")[0]] = [float(v.removesuffix(" MB")) for v in values]
    return rows


def test_the_readmes_term_estimate_adds_up():
    from tests.sites import ROOT

    rows = readme_sizes()
    for column in (0, 1):
        photo, clip = rows["a photo"][column], rows["a minute of clip"][column]
        poster, minute = rows["a clip's poster"][column], rows["a minute of recording"][column]
        term = 60 * photo + 12 * (clip + poster) + 24 * 5 * minute
        assert term == pytest.approx(rows["a 12-week term"][column], abs=1.5)
    calm, busy = rows["a 12-week term"]
    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    said = f"publishes {calm:.0f} MB (calm) to {busy:.0f} MB (busy)"
    assert said in text and f"That is {calm / 10:.0f} to {busy / 10:.0f}% of the limit" in text


@pytest.mark.slow
def test_the_readmes_minute_of_recording_is_what_the_pipeline_makes(tmp_path):
    """Any minute of speech is the same size (AAC at a set bitrate): the README's figure is
    the pipeline's, read back from a published minute."""
    from homeroom_audio.pipeline import AudioSettings, transcode

    episode = transcode(
        sine_wav(tmp_path / "minute.wav", 60.0), tmp_path / "m.m4a", AudioSettings()
    )
    assert episode.bytes / 1e6 == pytest.approx(
        readme_sizes()["a minute of recording"][0], abs=0.01
    )


@pytest.mark.slow
def test_the_preview_transcodes_only_what_was_saved(tmp_path, monkeypatch):
    """`invoke serve`: a clip and a recording are made once; an edit of the post's words makes
    neither again; a clip saved again (new bytes) is made again, and nothing else."""
    import homeroom_audio.cache
    import homeroom_video.cache
    from tests.previews import InProcessPreview

    made = []

    def counted(module, kind):
        real = module.transcode

        def transcode(path, *args):
            made.append((kind, path.name))
            return real(path, *args)

        monkeypatch.setattr(module, "transcode", transcode)

    counted(homeroom_video.cache, "clip")
    counted(homeroom_audio.cache, "recording")
    content = media_school(tmp_path / "content", clip=(0.5, (320, 240)))
    preview = InProcessPreview(content, tmp_path, CACHE_PATH=str(tmp_path / "cache"))
    preview.rebuild()
    assert sorted(made) == [("clip", "leaves.mov"), ("recording", "leaves.wav")]
    served = preview.served / "media/grade-1/news"
    assert (served / "leaves.mp4").is_file() and (served / "leaves.m4a").is_file()

    made.clear()
    post = content / POST
    post.write_text(post.read_text().replace("We sorted leaves.", "We sorted red leaves."))
    preview.rebuild()
    assert made == []
    assert "red leaves" in (preview.served / "en/grade-1/news/leaves/index.html").read_text()

    phone_clip(content / NEWS / "leaves.mov", seconds=0.6, size=(320, 240))  # filmed again
    preview.rebuild()
    assert made == [("clip", "leaves.mov")]


def test_a_size_in_a_problem_is_never_zero_megabytes():
    from homeroom_school.media import size_text

    assert [size_text(n) for n in (200_000_000, 12_400_000, 1_540_000, 20_910, 300)] == [
        "200 MB",
        "12 MB",
        "1.5 MB",
        "21 kB",
        "1 kB",
    ]
