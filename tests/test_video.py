"""Short videos: a phone's clip published as a small H.264/AAC MP4 with a poster, nothing of
where or with what it was filmed, the same bytes every time, bad clips refused clearly."""

import json
import re
import subprocess
import sys
from pathlib import Path

import av
import pytest

from homeroom_school.media import cache_key
from homeroom_video import check_clips
from homeroom_video.cache import cached, poster_of, transcode_into
from homeroom_video.pipeline import VideoError, VideoSettings, check_decodes, scaled, transcode
from tests.clips import exiftool_tags, personal, phone_clip, probe
from tests.portfolios import PORTFOLIO, portfolio_build, portfolio_school
from tests.sites import ROOT, load, pelican_build, read_tree, small_school


@pytest.fixture(scope="module")
def phone_mov(tmp_path_factory) -> Path:
    return phone_clip(tmp_path_factory.mktemp("phone") / "fractions.mov")


@pytest.fixture(scope="module")
def published(phone_mov, tmp_path_factory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("out")
    clip = transcode(phone_mov, out / "clip.mp4", out / "clip.poster", VideoSettings())
    return out, clip


@pytest.mark.slow
def test_the_phone_clip_does_carry_where_and_with_what_it_was_filmed(phone_mov):
    """The check below can fail: the input has what the output must not."""
    found = personal(exiftool_tags(phone_mov))
    assert any("GPS" in key for key in found)
    assert any("Make" in key for key in found)


@pytest.mark.slow
def test_a_clip_is_published_as_h264_aac_at_most_720p(published):
    out, clip = published
    read = probe(out / "clip.mp4")
    assert (read["video"], read["audio"]) == ("h264", "aac")
    assert read["height"] <= 720 and read["width"] % 2 == read["height"] % 2 == 0
    assert read["seconds"] == pytest.approx(2.0, abs=0.1)
    assert clip.seconds == pytest.approx(2.0, abs=0.1)
    assert clip.bytes == (out / "clip.mp4").stat().st_size


@pytest.mark.slow
def test_nothing_of_the_phone_is_left(published):
    out, _ = published
    assert personal(exiftool_tags(out / "clip.mp4")) == {}
    assert b"x264" not in (out / "clip.mp4").read_bytes()  # nor the encoder's settings banner
    assert probe(out / "clip.mp4")["tags"].keys() <= {
        "major_brand",
        "minor_version",
        "compatible_brands",
    }


@pytest.mark.slow
def test_the_moov_atom_comes_first_for_a_fast_start(published):
    out, _ = published
    data = (out / "clip.mp4").read_bytes()
    assert 0 < data.index(b"moov") < data.index(b"mdat")


@pytest.mark.slow
def test_the_poster_is_the_first_frame_in_webp_and_jpeg(published):
    from PIL import Image

    out, clip = published
    for suffix, kind in ((".webp", "WEBP"), (".jpg", "JPEG")):
        with Image.open(out / f"clip.poster{suffix}") as poster:
            assert (poster.format, poster.size) == (kind, (clip.width, clip.height))
            assert not poster.getexif()


@pytest.mark.slow
def test_the_same_clip_gives_the_same_bytes(phone_mov, published, tmp_path):
    out, _ = published
    again = transcode(phone_mov, tmp_path / "again.mp4", tmp_path / "again.poster", VideoSettings())
    assert (tmp_path / "again.mp4").read_bytes() == (out / "clip.mp4").read_bytes()
    assert again.bytes == (out / "clip.mp4").stat().st_size


def test_a_taller_clip_is_scaled_to_720_lines_with_even_sides():
    assert scaled(1920, 1080) == (1280, 720)
    assert scaled(1080, 1920) == (404, 720)
    assert scaled(641, 361) == (640, 360)


@pytest.mark.slow
def test_a_portrait_4k_clip_comes_out_at_720_lines(tmp_path):
    source = phone_clip(tmp_path / "tall.mp4", seconds=0.2, size=(1080, 1920))
    clip = transcode(source, tmp_path / "tall-out.mp4", tmp_path / "tall.poster", VideoSettings())
    assert (clip.width, clip.height) == (404, 720)
    assert probe(tmp_path / "tall-out.mp4")["height"] == 720


@pytest.mark.slow
def test_the_cache_keeps_a_made_clip(phone_mov, tmp_path):
    entry = tmp_path / f"{cache_key(phone_mov, VideoSettings())}.mp4"
    assert cached(entry) is None
    made = transcode_into(phone_mov, entry, VideoSettings())
    assert cached(entry) == made
    assert poster_of(entry, ".webp").is_file() and poster_of(entry, ".jpg").is_file()
    poster_of(entry, ".jpg").unlink()
    assert cached(entry) is None  # half an entry is no entry
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".work")) == []


def test_a_text_file_named_mp4_is_refused(tmp_path):
    fake = tmp_path / "clip.mp4"
    fake.write_text("not a video at all\n", encoding="utf-8")
    with pytest.raises(VideoError, match="cannot be read as a video"):
        check_decodes(fake, VideoSettings())


@pytest.mark.slow
def test_a_truncated_mov_is_refused(phone_mov, tmp_path):
    cut = tmp_path / "cut.mov"
    cut.write_bytes(phone_mov.read_bytes()[:3000])
    with pytest.raises(VideoError, match="cannot be read as a video"):
        check_decodes(cut, VideoSettings())


@pytest.mark.slow
def test_a_clip_over_the_size_limit_is_refused(phone_mov):
    with pytest.raises(VideoError, match="HOMEROOM_VIDEO_MAX_BYTES"):
        check_decodes(phone_mov, VideoSettings(max_bytes=1000))


@pytest.mark.slow
def test_a_clip_over_the_length_limit_is_refused(phone_mov):
    with pytest.raises(VideoError, match="longer than HOMEROOM_VIDEO_MAX_SECONDS"):
        check_decodes(phone_mov, VideoSettings(max_seconds=1))
    assert check_decodes(phone_mov, VideoSettings(max_seconds=3)) == pytest.approx(2.0, abs=0.1)


def test_another_kind_of_file_is_refused(tmp_path):
    with pytest.raises(VideoError, match="not a clip Homeroom reads"):
        check_decodes(tmp_path / "clip.avi", VideoSettings())


NEWS = "classes/grade-1/news"
CLIP_POST = (
    "Title: Sorting leaves\nDate: 2026-09-12\n\nWe sorted leaves.\n\n"
    "![children sorting leaves by colour]({name})\n"
)
CAPTIONS = "WEBVTT\n\n00:00.000 --> 00:02.000\nRed, yellow, brown.\n"


def clip_school(folder: Path, name: str = "leaves.mov", **files) -> Path:
    """The small school with one post that shows a phone's clip, its captions beside it."""
    content = small_school(
        folder, **{f"{NEWS}/2026-09-12-leaves.md": CLIP_POST.format(name=name), **files}
    )
    phone_clip(content / NEWS / "leaves.mov")
    (content / NEWS / "leaves.vtt").write_text(CAPTIONS, encoding="utf-8")
    (content / NEWS / "leaves.es.vtt").write_text(CAPTIONS, encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def clip_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("clip-site")
    content = clip_school(root / "content")
    assert pelican_build(content, root / "out", CACHE_PATH=str(root / "cache")) == 0
    return root / "out"


@pytest.mark.slow
def test_a_post_shows_its_clip_as_a_video_with_poster_and_captions(clip_site):
    page = (clip_site / "en/grade-1/news/leaves/index.html").read_text(encoding="utf-8")
    (video,) = re.findall(r"<video\b.*?</video>", page)
    assert video.startswith('<video controls preload="none" playsinline ')
    assert 'aria-label="children sorting leaves by colour"' in video
    assert 'poster="../../../../media/grade-1/news/leaves.poster.webp"' in video
    assert '<source src="../../../../media/grade-1/news/leaves.mp4" type="video/mp4">' in video
    assert '<track kind="captions" src="../../../../media/grade-1/news/leaves.vtt"' in video
    spanish = (clip_site / "es/grade-1/news/leaves/index.html").read_text(encoding="utf-8")
    assert 'src="../../../../media/grade-1/news/leaves.es.vtt" srclang="es"' in spanish


@pytest.mark.slow
def test_the_clip_is_published_transcoded_and_the_original_never(clip_site):
    folder = clip_site / "media/grade-1/news"
    assert sorted(p.name for p in folder.glob("leaves*")) == [
        "leaves.es.vtt",
        "leaves.mp4",
        "leaves.poster.jpg",
        "leaves.poster.webp",
        "leaves.vtt",
    ]
    assert probe(folder / "leaves.mp4")["height"] == 720
    assert personal(exiftool_tags(folder / "leaves.mp4")) == {}


@pytest.mark.slow
def test_a_clip_is_transcoded_once_then_found_in_the_cache(tmp_path, monkeypatch):
    import homeroom_video.cache

    content = clip_school(tmp_path / "content")
    cache = str(tmp_path / "cache")
    assert pelican_build(content, tmp_path / "one", CACHE_PATH=cache) == 0

    def no_transcoding(*args):
        raise AssertionError("transcoded again")

    monkeypatch.setattr(homeroom_video.cache, "transcode", no_transcoding)
    assert pelican_build(content, tmp_path / "two", CACHE_PATH=cache) == 0
    assert read_tree(tmp_path / "one") == read_tree(tmp_path / "two")


@pytest.mark.slow
def test_check_warns_of_a_clip_without_captions_and_refuses_a_bad_one(tmp_path):
    """A clip that cannot be published is that one problem: its captions wait till it is."""
    content = clip_school(
        tmp_path / "content",
        **{f"{NEWS}/2026-09-13-fake.md": CLIP_POST.format(name="fake.mp4")},
    )
    (content / NEWS / "leaves.vtt").unlink()
    (content / NEWS / "leaves.es.vtt").unlink()
    (content / NEWS / "fake.mp4").write_bytes(phone_clip_bytes(tmp_path)[:3000])
    school, config = load(content)
    problems = check_clips(school, config.content_path, VideoSettings())
    said = {(p.path, p.line, p.warning, re.split(r" \(|;", p.message)[0]) for p in problems}
    assert said == {
        (f"{NEWS}/2026-09-12-leaves.md", 6, True, "the clip 'leaves.mov' has no captions"),
        (
            f"{NEWS}/2026-09-13-fake.md",
            6,
            False,
            "the clip 'fake.mp4' cannot be read as a video",
        ),
    }


def phone_clip_bytes(folder: Path) -> bytes:
    return phone_clip(folder / "whole.mp4", seconds=0.5).read_bytes()


def test_a_text_file_named_mp4_in_a_post_is_one_problem_on_its_line(tmp_path):
    content = small_school(
        tmp_path / "content",
        **{
            f"{NEWS}/2026-09-12-leaves.md": CLIP_POST.format(name="notes.mp4"),
            f"{NEWS}/notes.mp4": "not a video\n",
        },
    )
    school, _ = load(content)
    mine = [p for p in school.problems if p.path.endswith("leaves.md")]
    assert [(p.line, p.message.split(":")[0]) for p in mine] == [
        (6, "links to 'notes.mp4', which is not an MP4 video")
    ]
    assert school.clips == {}


@pytest.mark.slow
def test_a_clip_in_a_link_only_entry_travels_inside_its_page(tmp_path):
    """Sam's portfolio is link-only (a family's is the same page, encrypted): the clip, its
    poster and captions are data: URLs inside it, and no file of the site."""
    entry = f"{PORTFOLIO}/sam/2026-10-07-reading.md"
    content = portfolio_school(tmp_path / "content")
    (content / entry).write_text(
        "Title: Reading\nDate: 2026-10-07\n\n![Sam reads aloud](reading.mov)\n",
        encoding="utf-8",
    )
    phone_clip(content / PORTFOLIO / "sam/reading.mov", seconds=0.5, size=(320, 240))
    (content / PORTFOLIO / "sam/reading.vtt").write_text(CAPTIONS, encoding="utf-8")
    assert portfolio_build(content, tmp_path) == 0
    output = tmp_path / "output"
    pages = [p for p in output.glob("portfolio/*/index.html") if "Sam reads aloud" in p.read_text()]
    (page,) = pages
    (video,) = re.findall(r"<video\b.*?</video>", page.read_text(encoding="utf-8"))
    assert 'poster="data:image/webp;base64,' in video
    assert '<source src="data:video/mp4;base64,' in video
    assert '<track kind="captions" src="data:text/vtt;base64,' in video
    assert not [p for p in output.rglob("*") if p.name.startswith("reading")]


@pytest.mark.slow
def test_a_family_clip_over_the_attachment_limit_is_one_error(tmp_path, caplog):
    """Made for the web, the clip must still fit in the family's page: over the limit, one
    error with its file and line, and the page is made without it."""
    from homeroom_video import make_library

    entry = f"{PORTFOLIO}/mia/2026-10-07-reading.md"
    content = portfolio_school(tmp_path / "content")
    (content / entry).write_text(
        "Title: Reading\nDate: 2026-10-07\n\n![Mia reads aloud](reading.mp4)\n", encoding="utf-8"
    )
    phone_clip(content / PORTFOLIO / "mia/reading.mp4", seconds=0.5, size=(320, 240))
    school, _ = load(content)
    library = make_library(school, content, VideoSettings(), tmp_path / "cache", 1, 1000)
    (error,) = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert "2026-10-07-reading.md:4: the clip 'reading.mp4' is " in error
    assert "more than HOMEROOM_ATTACHMENT_MAX_BYTES (0.0 MB)" in error
    (use,) = school.clips.values()
    assert use.private
    assert library.inline_html(use, "en", "") == ""
    assert "data:video/mp4" in make_library(
        school, content, VideoSettings(), tmp_path / "cache", 1, 10_000_000
    ).inline_html(use, "en", "")


@pytest.mark.slow
def test_a_clip_in_a_public_entry_is_refused_clearly(tmp_path):
    entry = f"{PORTFOLIO}/sam/2026-10-08-dance.md"
    content = portfolio_school(tmp_path / "content")
    (content / entry).write_text(
        "Title: Dance\nDate: 2026-10-08\nVisibility: public\n\n![Sam dances](dance.mov)\n",
        encoding="utf-8",
    )
    phone_clip(content / PORTFOLIO / "sam/dance.mov", seconds=0.2)
    school, _ = load(content)
    (problem,) = [p for p in school.problems if p.path == entry]
    assert problem.line == 5
    assert "shows the clip 'dance.mov' in a public portfolio entry" in problem.message
    assert school.clips == {}


@pytest.mark.slow
def test_a_clip_over_the_length_limit_is_one_error_and_the_rest_builds(tmp_path, capsys):
    content = clip_school(tmp_path / "content")
    out = tmp_path / "out"
    cache = str(tmp_path / "cache")
    assert pelican_build(content, out, CACHE_PATH=cache, HOMEROOM_VIDEO_MAX_SECONDS=1) == 1
    (error,) = [line for line in capsys.readouterr().err.splitlines() if "error" in line.lower()]
    assert "2026-09-12-leaves.md:6: the clip 'leaves.mov' is longer than " in error
    assert "HOMEROOM_VIDEO_MAX_SECONDS (1 seconds)" in error
    page = (out / "en/grade-1/news/leaves/index.html").read_text(encoding="utf-8")
    assert "We sorted leaves." in page and "<video" not in page
    assert not (out / "media/grade-1/news/leaves.mp4").exists()


@pytest.mark.browser
def test_the_clip_plays_on_a_phone_under_the_sites_csp(browser, clip_site):
    """At 390 px, with the page's own Content-Security-Policy: the video fits the screen,
    plays, knows its length; axe finds nothing (in a second, CSP-free context, as axe is
    injected inline)."""
    from tests.tools import axe_violations, serve, wait_until

    phone = {"width": 390, "height": 844}
    with serve(clip_site) as base:
        context = browser.new_context(viewport=phone)
        page = context.new_page()
        refused = []
        page.on("console", lambda message: refused.append(message.text))
        page.goto(f"{base}/en/grade-1/news/leaves/")
        video = page.locator("video")
        box = video.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= phone["width"]
        assert box["height"] == pytest.approx(box["width"] * 720 / 1280, abs=2)
        video.evaluate("video => { video.muted = true; return video.play(); }")
        playing = "video => video.readyState >= 3 && !video.paused"
        wait_until(lambda: video.evaluate(playing), "the clip to play")
        assert video.evaluate("video => video.duration") == pytest.approx(2.0, abs=0.1)
        assert video.evaluate("video => video.textTracks[0].kind") == "captions"
        assert not [text for text in refused if "Content Security Policy" in text]
        context.close()
        context = browser.new_context(viewport=phone, bypass_csp=True)
        page = context.new_page()
        page.goto(f"{base}/en/grade-1/news/leaves/")
        assert axe_violations(page) == []
        context.close()


@pytest.mark.slow
@pytest.mark.parametrize("lang, captions", [("en", "water-bag.vtt"), ("es", "water-bag.es.vtt")])
def test_the_demo_shows_a_captioned_clip_in_both_languages(demo_site, lang, captions):
    page = demo_site / lang / "grade-3b/news/water-cycle-in-a-bag/index.html"
    (video,) = re.findall(r"<video\b.*?</video>", page.read_text(encoding="utf-8"))
    assert f'src="../../../../media/grade-3b/news/{captions}"' in video
    published = demo_site / "media/grade-3b/news"
    assert probe(published / "water-bag.mp4")["video"] == "h264"
    assert not (published / "water-bag.mov").exists()


@pytest.mark.slow
def test_feeds_show_the_clips_poster_linking_the_video(clip_site):
    feed = (clip_site / "en/grade-1/atom.xml").read_text(encoding="utf-8")
    assert (
        '&lt;a href="http://127.0.0.1:8000/media/grade-1/news/leaves.mp4"&gt;&lt;img '
        'src="http://127.0.0.1:8000/media/grade-1/news/leaves.poster.jpg" width="1280" '
        'height="720" alt="children sorting leaves by colour"&gt;&lt;/a&gt;'
    ) in feed


def test_a_plain_link_to_a_clip_is_one_problem_on_its_line(tmp_path):
    content = small_school(
        tmp_path / "content",
        **{
            f"{NEWS}/2026-09-12-leaves.md": (
                "Title: Leaves\nDate: 2026-09-12\n\nSee [our clip](leaves.mp4).\n"
            ),
            f"{NEWS}/leaves.mp4": b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + bytes(64),
        },
    )
    school, _ = load(content)
    (problem,) = [p for p in school.problems if p.path.endswith("leaves.md")]
    assert problem.line == 4
    assert problem.message.startswith("links to the clip 'leaves.mp4'; show it instead")
    body = school.items["news/grade-1/leaves"].original.body
    assert 'href="#"' in body and "media/" not in body


def test_a_clip_follows_the_photo_consent_of_its_class(tmp_path):
    """A clip shows children as a photo does: an opted-out child named in it is a problem."""
    zuri = "classes/grade-1/portfolio/zuri-q/student.yml"
    post = (
        "Title: Leaves\nDate: 2026-09-12\n\n"
        '![children sorting leaves](leaves.mp4 "Shows: zuri-q")\n'
    )
    content = small_school(
        tmp_path / "content",
        **{
            zuri: "name: Zuri Quist\nphoto_consent: false\n",
            f"{NEWS}/2026-09-12-leaves.md": post,
            f"{NEWS}/leaves.mp4": b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + bytes(64),
        },
    )
    school, _ = load(content)
    (problem,) = [p for p in school.problems if p.path.endswith("leaves.md")]
    assert (problem.line, problem.message.split(",")[0]) == (4, "shows 'zuri-q' in 'leaves.mp4'")


@pytest.mark.slow
def test_an_exported_portfolio_keeps_the_childs_clip_and_makes_no_other(tmp_path):
    import tasks
    from homeroom_portfolio.export import export_portfolio

    content = portfolio_school(tmp_path / "content")
    for student, name in (("sam", "reading"), ("mia", "counting")):
        (content / PORTFOLIO / student / f"2026-10-07-{name}.md").write_text(
            f"Title: A clip\nDate: 2026-10-07\n\n![{student} on video]({name}.mp4)\n",
            encoding="utf-8",
        )
        phone_clip(content / PORTFOLIO / student / f"{name}.mp4", seconds=0.3, size=(320, 240))
    cache = tmp_path / "cache"
    settings = tasks.pelican_settings(
        tasks.DEV_SETTINGS, str(content), str(tmp_path / "output"), CACHE_PATH=str(cache)
    )
    config = tasks.task_config(settings)
    index = export_portfolio(settings, config, "grade-1/sam", tmp_path / "export")
    (video,) = re.findall(r"<video\b.*?</video>", index.read_text(encoding="utf-8"))
    assert '<source src="data:video/mp4;base64,' in video and "sam on video" in video
    assert len(list((cache / "homeroom-video").glob("*.mp4"))) == 1  # not Mia's


@pytest.mark.slow
def test_a_clip_filmed_upright_is_published_upright(tmp_path):
    """A phone stores an upright clip on its side with a display matrix saying to turn it
    (made here with the ffmpeg command line's -display_rotation): published turned, as FFmpeg
    and every player show it, with no matrix left."""
    imageio_ffmpeg = pytest.importorskip("imageio_ffmpeg")
    sideways = phone_clip(tmp_path / "sideways.mp4", seconds=0.3, size=(320, 240))
    turned = tmp_path / "upright.mov"
    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    turn = ["-display_rotation", "90"]  # an input option: before the -i it applies to
    subprocess.run(
        [ffmpeg, "-v", "error", *turn, "-i", str(sideways), "-c", "copy", str(turned)],
        check=True,
        timeout=60,
    )
    clip = transcode(turned, tmp_path / "out.mp4", tmp_path / "out.poster", VideoSettings())
    assert (clip.width, clip.height) == (240, 320)
    with av.open(str(tmp_path / "out.mp4")) as published:
        first = next(published.decode(video=0))
        assert (first.width, first.height, first.rotation or 0) == (240, 320, 0)


@pytest.mark.slow
def test_a_clip_beside_an_event_or_a_school_page_is_published_like_a_posts(tmp_path):
    """Written like a photo next to an event and on a school page, in every language they are
    shown in: a <video controls preload="none"> with its poster, the MP4 beside it."""
    content = small_school(
        tmp_path / "content",
        **{
            "classes/grade-1/events/2026-10-02-picnic.md": (
                "Title: Picnic\nStart: 2026-10-02\n\nLast year's.\n\n"
                "![families at last year's picnic](picnic.mov)\n"
            ),
            "pages/visit.md": "Title: Visit us\n\nThe way in.\n\n![the way in](way-in.mp4)\n",
        },
    )
    phone_clip(content / "classes/grade-1/events/picnic.mov", seconds=0.5, size=(320, 240))
    phone_clip(content / "pages/way-in.mp4", seconds=0.5, size=(320, 240))
    out = tmp_path / "out"
    assert pelican_build(content, out, CACHE_PATH=str(tmp_path / "cache")) == 0
    shown = {
        "en/grade-1/events/picnic/index.html": "../../../../media/grade-1/events/picnic",
        "es/grade-1/events/picnic/index.html": "../../../../media/grade-1/events/picnic",
        "en/pages/visit/index.html": "../../../media/pages/way-in",
        "es/pages/visit/index.html": "../../../media/pages/way-in",
    }
    for page, base in shown.items():
        (video,) = re.findall(r"<video\b.*?</video>", (out / page).read_text(encoding="utf-8"))
        assert video.startswith('<video controls preload="none" playsinline '), page
        assert f'poster="{base}.poster.webp" width="320" height="240"' in video, page
        assert f'<source src="{base}.mp4" type="video/mp4">' in video, page
    for base in ("media/grade-1/events/picnic", "media/pages/way-in"):
        assert probe(out / f"{base}.mp4")["video"] == "h264"
        for poster in (".poster.webp", ".poster.jpg"):
            assert (out / f"{base}{poster}").stat().st_size > 0
    assert not list(out.rglob("*.mov"))  # the originals never: way-in.mp4 is the one made
    assert "location" not in probe(out / "media/pages/way-in.mp4")["tags"]


SUBRIP = "1\n00:00:00,000 --> 00:00:02,000\nRed, yellow, brown.\n"


def test_caption_files_browsers_would_not_show_are_each_named_with_the_fix(tmp_path):
    from homeroom_video.captions import captions_of, refused_captions

    folder = tmp_path / NEWS
    folder.mkdir(parents=True)
    files = {
        "leaves.vtt": SUBRIP,  # SubRip text named .vtt
        "leaves.es.srt": SUBRIP,  # SubRip, as a captioning app exports it
        "leaves.ar.vtt": "just some notes\n",  # neither
        "leaves.fr.srt": SUBRIP,  # converted already: its WebVTT is beside it
        "leaves.fr.vtt": CAPTIONS,
        "leaves.mov": "",
        "leaves-notes.srt": SUBRIP,  # another file's
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    source = f"{NEWS}/leaves.mov"
    assert captions_of(source, tmp_path) == {"fr": f"{NEWS}/leaves.fr.vtt"}
    how = (
        "convert them to WebVTT, {}: a first line WEBVTT, a blank line, and times written with "
        "a dot (00:00:01.000); most captioning apps export WebVTT"
    )
    assert refused_captions(source, tmp_path) == [  # in the order of their names
        "has captions 'leaves.ar.vtt' that are not WebVTT (a WebVTT file starts with the line "
        f"WEBVTT), so browsers do not show them; {how.format('leaves.ar.vtt')}",
        "has captions 'leaves.es.srt' in SubRip (SRT), which browsers do not show; "
        + how.format("leaves.es.vtt"),
        "has captions 'leaves.vtt' that are SubRip (SRT), not WebVTT, so browsers do not show "
        f"them; {how.format('leaves.vtt')}",
    ]


@pytest.mark.slow
def test_captions_that_are_not_webvtt_are_one_problem_each_at_check_and_publish(
    tmp_path, monkeypatch, capsys
):
    """Never left out without a word: each caption file browsers would not show is one error
    on the clip's line, at check and at publish alike, and no 'no captions' warning besides."""
    from invoke import Exit

    import tasks

    content = clip_school(tmp_path / "content")
    (content / NEWS / "leaves.vtt").write_text(SUBRIP, encoding="utf-8")
    (content / NEWS / "leaves.es.vtt").unlink()
    (content / NEWS / "leaves.es.srt").write_text(SUBRIP, encoding="utf-8")
    where = f"{NEWS}/2026-09-12-leaves.md:6: the clip 'leaves.mov' has captions "
    expected = [
        f"{where}'leaves.vtt' that are SubRip (SRT), not WebVTT, so browsers do not show them; "
        "convert them to WebVTT, leaves.vtt: a first line WEBVTT",
        f"{where}'leaves.es.srt' in SubRip (SRT), which browsers do not show; convert them",
    ]
    with pytest.raises(Exit) as checked:
        tasks.check.body(None, content=str(content))
    assert checked.value.message.startswith("2 problems")
    said = [line for line in capsys.readouterr().out.splitlines() if "leaves" in line]
    assert len(said) == 2 and all(any(e in line for line in said) for e in expected), said

    monkeypatch.setenv("SITEURL", "https://school.example")
    monkeypatch.setenv("HOMEROOM_REPOSITORY_VISIBILITY", "private")
    real = tasks.pelican_settings
    cache = str(tmp_path / "cache")
    monkeypatch.setattr(
        tasks, "pelican_settings", lambda *args, **extra: real(*args, CACHE_PATH=cache, **extra)
    )
    with pytest.raises(Exit) as published:
        tasks.publish.body(None, content=str(content), output=str(tmp_path / "site"))
    assert "publish failed: 2 problems" in published.value.message
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error")]
    assert len(errors) == 2 and all(any(e in line for line in errors) for e in expected), errors


@pytest.mark.slow
def test_a_clip_in_a_family_entry_travels_encrypted_inside_its_page(tmp_path):
    """Mia's portfolio is family-only: her clip is no file of the site and nowhere in the
    page's clear text; opened with her family's passphrase, the page plays it from a data: URL
    holding the published MP4, its poster and captions beside it."""
    import base64

    from homeroom_portfolio import crypto
    from tests.portfolios import KEYS, SECRET

    entry = f"{PORTFOLIO}/mia/2026-10-07-reading.md"
    content = portfolio_school(tmp_path / "content")
    (content / entry).write_text(
        "Title: Reading\nDate: 2026-10-07\n\n![Mia reads aloud](reading.mov)\n", encoding="utf-8"
    )
    phone_clip(content / PORTFOLIO / "mia/reading.mov", seconds=0.5, size=(320, 240))
    (content / PORTFOLIO / "mia/reading.vtt").write_text(CAPTIONS, encoding="utf-8")
    assert portfolio_build(content, tmp_path) == 0
    output = tmp_path / "output"
    assert not [p for p in output.rglob("*") if p.name.startswith("reading")]
    html = (output / "portfolio" / crypto.token(SECRET, "grade-1/mia") / "index.html").read_text()
    payload = html.split('<script type="application/json" id="locked">')[1].split("<")[0]
    assert "data:video" not in html and "Mia reads aloud" not in html
    passphrase = KEYS.split(": ", 1)[1].strip()
    page = crypto.unlock(passphrase, json.loads(payload)).decode()
    (video,) = re.findall(r"<video\b.*?</video>", page)
    assert 'aria-label="Mia reads aloud"' in video and 'poster="data:image/webp;base64,' in video
    assert '<track kind="captions" src="data:text/vtt;base64,' in video
    mp4 = base64.b64decode(re.search(r'src="data:video/mp4;base64,([^"]+)"', video).group(1))
    (tmp_path / "inside.mp4").write_bytes(mp4)
    assert probe(tmp_path / "inside.mp4")["video"] == "h264"
    assert "location" not in probe(tmp_path / "inside.mp4")["tags"]


def test_a_build_of_a_school_with_no_clip_or_recording_never_loads_ffmpeg(tmp_path):
    """PyAV (FFmpeg) is loaded by the functions that decode, when they run: every build of a
    school without recordings or clips (most) starts about 50 ms sooner."""
    content = small_school(tmp_path / "content")
    script = (
        "import sys\n"
        "from tests.sites import pelican_build\n"
        f"assert pelican_build({str(content)!r}, {str(tmp_path / 'out')!r}) == 0\n"
        "print(sorted(name for name in sys.modules if name == 'av' or name.startswith('av.')))\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip().splitlines()[-1] == "[]"
    assert (tmp_path / "out/en/grade-1/index.html").is_file()
