"""The teacher's voice: a post's `Audio:` published as a podcast episode, and the podcasts.

Recordings are made in the test (a 3-second tone, tests/recordings.py); the episodes are read
back with PyAV and exiftool, the podcasts with feedparser and podcastparser (gPodder's)."""

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import av
import feedparser
import podcastparser
import pytest
from PIL import Image

from homeroom_audio import audio_settings, check_recordings
from homeroom_audio.pipeline import AudioError, AudioSettings, check_decodes, transcode
from tests.recordings import amr_recording, loudness, phone_recording, sine_wav
from tests.sites import load, pelican_build, small_school
from tests.tools import need

PHONE_TAGS = {"title": "Voice memo 12", "location": "+40.6892-074.0445/", "encoder": "iPhone"}
SITE = "https://school.example"


@pytest.fixture(scope="module")
def memo(tmp_path_factory) -> Path:
    """An iPhone-like voice memo: AAC in M4A, tagged with a title, a place and a recorder."""
    return phone_recording(tmp_path_factory.mktemp("memo") / "memo.m4a", "aac", **PHONE_TAGS)


def test_an_episode_is_mono_aac_at_a_speech_bitrate(memo, tmp_path):
    episode = transcode(memo, tmp_path / "out.m4a", AudioSettings())
    with av.open(str(tmp_path / "out.m4a")) as container:
        stream = container.streams.audio[0]
        assert stream.codec_context.name == "aac"
        assert stream.codec_context.layout.nb_channels == 1
        assert 40_000 < stream.bit_rate <= 72_000
        assert abs(float(container.duration / av.time_base) - 3) < 0.1
    assert episode.bytes == (tmp_path / "out.m4a").stat().st_size
    assert episode.duration == "0:00:03"


def test_an_episode_is_loudness_normalized_to_minus_16_lufs(memo, tmp_path):
    assert loudness(memo) < -24  # the tone is quiet
    transcode(memo, tmp_path / "out.m4a", AudioSettings())
    assert abs(loudness(tmp_path / "out.m4a") - -16) < 1.5


@pytest.mark.slow
def test_an_episode_has_no_metadata(memo, tmp_path):
    transcode(memo, tmp_path / "out.m4a", AudioSettings())
    with av.open(str(memo)) as container:
        assert container.metadata.get("title") == "Voice memo 12"  # the input has them
    with av.open(str(tmp_path / "out.m4a")) as container:
        assert not set(container.metadata) - {"major_brand", "minor_version", "compatible_brands"}
        assert set(container.streams.audio[0].metadata) <= {"language", "handler_name"}
    need(
        shutil.which("exiftool") is not None,
        "exiftool is missing: apt-get install libimage-exiftool-perl",
    )
    found = subprocess.run(
        ["exiftool", "-j", "-a", "-G1", str(tmp_path / "out.m4a")],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    tags = json.loads(found.stdout)[0]
    text = json.dumps(tags)
    for leak in ("Voice memo", "40.6892", "iPhone", "Lavf", "Lavc"):
        assert leak not in text
    assert not [name for name in tags if name.split(":")[-1] in ("Title", "GPSCoordinates")]


def test_the_same_recording_gives_the_same_bytes(memo, tmp_path):
    transcode(memo, tmp_path / "one.m4a", AudioSettings())
    transcode(memo, tmp_path / "two.m4a", AudioSettings())
    assert (tmp_path / "one.m4a").read_bytes() == (tmp_path / "two.m4a").read_bytes()


@pytest.mark.parametrize(
    "codec, name", [("mp3", "week.mp3"), ("libopus", "week.ogg"), ("pcm_s16le", "week.wav")]
)
def test_a_phone_format_is_published_as_m4a(codec, name, tmp_path):
    recording = phone_recording(tmp_path / name, codec)
    transcode(recording, tmp_path / "out.m4a", AudioSettings())
    with av.open(str(tmp_path / "out.m4a")) as container:
        assert container.streams.audio[0].codec_context.name == "aac"


def test_an_amr_recording_is_published_as_m4a(tmp_path):
    """AMR, the format older Android voice recorders save."""
    recording = amr_recording(tmp_path / "week.amr", seconds=3.0)
    with av.open(str(recording)) as container:
        assert container.streams.audio[0].codec_context.name == "amrnb"
    episode = transcode(recording, tmp_path / "out.m4a", AudioSettings())
    assert episode.seconds == pytest.approx(3.0, abs=0.05)
    with av.open(str(tmp_path / "out.m4a")) as container:
        assert container.streams.audio[0].codec_context.name == "aac"


def test_bad_recordings_are_refused_with_a_reason(memo, tmp_path):
    text = tmp_path / "notes.m4a"
    text.write_text("remember to record the spelling words\n", encoding="utf-8")
    cut = tmp_path / "cut.m4a"
    cut.write_bytes(memo.read_bytes()[: len(memo.read_bytes()) // 3])
    long = sine_wav(tmp_path / "long.wav", seconds=61, rate=8000)
    refusals = {}
    for path in (text, cut, long, tmp_path / "missing.m4a", tmp_path / "memo.txt"):
        with pytest.raises(AudioError) as refused:
            check_decodes(path, AudioSettings(max_minutes=1))
        refusals[path.name] = str(refused.value)
    assert "cannot be read as a recording" in refusals["notes.m4a"]
    assert "cannot be read as a recording" in refusals["cut.m4a"]
    assert "HOMEROOM_AUDIO_MAX_MINUTES (1 minutes)" in refusals["long.wav"]
    assert "is not there" in refusals["missing.m4a"]
    assert "not a recording Homeroom reads" in refusals["memo.txt"]
    assert check_decodes(long, AudioSettings(max_minutes=2)) == pytest.approx(61, abs=0.1)


def recorded_school(folder: Path, spanish: str = "manzanas.wav") -> Path:
    """The small school, with grade 1's apples post recorded in English and in Spanish."""
    content = small_school(
        folder,
        **{
            "classes/grade-1/news/2026-09-11-apples.md": (
                "Title: Apples\nDate: 2026-09-11\nSummary: We tasted apples.\n"
                "Audio: apples.mp3\n\nWe tasted apples.\n"
            ),
            "classes/grade-1/news/2026-09-11-apples.es.md": (
                f"Title: Manzanas\nDate: 2026-09-11\nAudio: {spanish}\n\nProbamos manzanas.\n"
            ),
        },
    )
    phone_recording(content / "classes/grade-1/news/apples.mp3", "mp3", **PHONE_TAGS)
    sine_wav(content / "classes/grade-1/news/manzanas.wav", hz=330)
    return content


def test_a_bad_recording_is_one_problem_with_file_and_line(tmp_path):
    content = recorded_school(tmp_path / "content", spanish="notes.m4a")
    (content / "classes/grade-1/news/notes.m4a").write_text("not a recording", encoding="utf-8")
    school, config = load(content)
    problems = check_recordings(school, config.content_path, audio_settings({}))
    assert [(p.path, p.line) for p in problems] == [
        ("classes/grade-1/news/2026-09-11-apples.es.md", 3)
    ]
    assert "the recording 'notes.m4a' cannot be read" in problems[0].message


def test_audio_in_a_portfolio_entry_is_refused():
    from homeroom_school.reading.headers import check_keys

    class Header:
        def __init__(self):
            self.values = {"audio": "reading.m4a"}

        def line(self, key):
            return 4

    (problem,) = check_keys(Header(), "entry", "classes/c/portfolio/ana/read.md")
    assert problem.line == 4
    assert "link it in the text instead" in problem.message


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("podcast-site")
    content = recorded_school(root / "content")
    errors = pelican_build(content, root / "out", SITEURL=SITE, CACHE_PATH=str(root / "cache"))
    assert errors == 0
    return root / "out"


def local(url: str, out: Path) -> Path:
    assert url.startswith(SITE + "/")
    return out / url.removeprefix(SITE + "/")


@pytest.mark.slow
@pytest.mark.parametrize(
    "feed, title",
    [
        ("en/grade-1/podcast.xml", "Apples"),
        ("es/grade-1/podcast.xml", "Manzanas"),
        ("en/podcast.xml", "Apples"),
        ("es/podcast.xml", "Manzanas"),
    ],
)
def test_each_podcast_holds_the_episodes_recorded_in_its_language(site, feed, title):
    lang = feed.split("/")[0]
    text = (site / feed).read_bytes()
    parsed = feedparser.parse(text)
    assert not parsed.bozo
    assert parsed.feed.language == lang
    # feedparser reads only "yes"/"clean"; Apple's current value is "false"
    assert b"<itunes:explicit>false</itunes:explicit>" in text
    (entry,) = parsed.entries
    assert entry.title == title
    assert entry.id.endswith(f"/apples/{lang}/audio")
    assert entry.published_parsed[:3] == (2026, 9, 11)
    assert entry.itunes_duration == "0:00:03"
    (enclosure,) = entry.enclosures
    assert enclosure.type == "audio/mp4"
    episode = local(enclosure.href, site)
    assert int(enclosure.length) == episode.stat().st_size
    with av.open(str(episode)) as container:
        assert container.streams.audio[0].codec_context.layout.nb_channels == 1
    assert f"{SITE}/{lang}/grade-1/news/apples/" in entry.description  # the transcript

    gpodder = podcastparser.parse(SITE + "/" + feed, io.BytesIO(text))
    (episode_read,) = gpodder["episodes"]
    assert episode_read["total_time"] == 3
    assert episode_read["enclosures"][0]["file_size"] == episode.stat().st_size
    assert episode_read["enclosures"][0]["mime_type"] == "audio/mp4"
    cover = local(gpodder["cover_url"], site)
    with Image.open(cover) as image:
        assert image.width == image.height >= 1400


@pytest.mark.slow
def test_no_podcast_for_a_language_without_a_recording(site):
    assert not (site / "ar/podcast.xml").exists()
    assert not (site / "en/grade-2/podcast.xml").exists()
    assert "podcast" not in (site / "en/grade-2/index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_pages_play_the_recording_and_link_the_podcast(site):
    page = (site / "es/grade-1/news/apples/index.html").read_text(encoding="utf-8")
    assert (
        '<audio controls preload="none" src="../../../../media/grade-1/news/manzanas.m4a">' in page
    )
    assert 'href="../../../../es/grade-1/podcast.xml"' in page
    assert "Suscribirse en una aplicación de pódcast" in page
    assert "La clase graba sus noticias en: inglés, español" in page
    home = (site / "en/grade-1/index.html").read_text(encoding="utf-8")
    assert 'href="../../en/grade-1/podcast.xml"' in home
    newsletter = (site / "es/grade-1/newsletter/2026-09/index.html").read_text(encoding="utf-8")
    assert (  # the month's newsletter plays it too
        '<audio controls preload="none" src="../../../../media/grade-1/news/manzanas.m4a">'
        in newsletter
    )
    assert not list(site.rglob("apples.mp3")) and not list(site.rglob("manzanas.wav"))


@pytest.mark.slow
def test_feeds_and_emails_say_listen(site):
    rss = feedparser.parse((site / "en/grade-1/rss.xml").read_bytes())
    (apples,) = [entry for entry in rss.entries if entry.title == "Apples"]
    assert (
        f'<a href="{SITE}/media/grade-1/news/apples.m4a">Listen (1 min)</a>' in apples.description
    )
    email = (site / "es/grade-1/newsletter/2026-09/email.html").read_text(encoding="utf-8")
    listen = rf'href="{SITE}/media/grade-1/news/manzanas\.m4a"[^>]*>\s*Escuchar \(1 min\)'
    assert re.search(listen, email)


@pytest.mark.slow
def test_a_build_with_a_bad_recording_has_one_error_and_the_rest_builds(tmp_path, capsys):
    content = recorded_school(tmp_path / "content", spanish="notes.m4a")
    (content / "classes/grade-1/news/notes.m4a").write_text("not a recording", encoding="utf-8")
    out = tmp_path / "out"
    assert pelican_build(content, out, SITEURL=SITE, CACHE_PATH=str(tmp_path / "cache")) == 1
    (error,) = [line for line in capsys.readouterr().err.splitlines() if "error" in line]
    assert "2026-09-11-apples.es.md:3: the recording 'notes.m4a' cannot be read" in error
    assert (out / "en/grade-1/podcast.xml").is_file()  # the English recording still is
    assert not (out / "es/grade-1/podcast.xml").exists()


def test_a_recording_is_transcoded_once_then_found_in_the_cache(tmp_path, monkeypatch):
    import homeroom_audio
    from homeroom_audio import make_library

    content = recorded_school(tmp_path / "content")
    school, config = load(content)
    cache = tmp_path / "cache"
    first = make_library(school, config.content_path, AudioSettings(), cache, workers=1)
    assert sorted(first.published) == [
        "classes/grade-1/news/apples.mp3",
        "classes/grade-1/news/manzanas.wav",
    ]

    def no_transcoding(*args):
        raise AssertionError("transcoded again")

    monkeypatch.setattr(homeroom_audio, "transcode_into", no_transcoding)
    again = make_library(school, config.content_path, AudioSettings(), cache, workers=1)
    assert again.published == first.published
    (content / "classes/grade-1/news/manzanas.wav").unlink()
    sine_wav(content / "classes/grade-1/news/manzanas.wav", hz=550)  # recorded again
    with pytest.raises(AssertionError, match="transcoded again"):
        make_library(school, config.content_path, AudioSettings(), cache, workers=1)


@pytest.mark.parametrize(
    "written, says",
    [
        ("https://cdn.example/week.m4a", "has an Audio from another site"),
        ("../../../../week.m4a", "outside the content folder"),
    ],
)
def test_an_audio_line_that_leads_elsewhere_is_a_problem_on_its_line(tmp_path, written, says):
    content = small_school(
        tmp_path / "content",
        **{
            "classes/grade-1/news/2026-09-11-apples.md": (
                f"Title: Apples\nDate: 2026-09-11\nAudio: {written}\n\nWe tasted apples.\n"
            )
        },
    )
    school, _ = load(content)
    (problem,) = [p for p in school.problems if p.path.endswith("2026-09-11-apples.md")]
    assert problem.line == 3
    assert says in problem.message


@pytest.mark.browser
def test_the_recording_plays_on_a_phone_under_the_sites_csp(browser, site):
    """At 390 px, with the page's own Content-Security-Policy: the player fits, starts, knows
    the episode's length and has it ready; axe finds nothing (in a second, CSP-free context,
    as axe is injected inline)."""
    from tests.tools import axe_violations, serve, wait_until

    phone = {"width": 390, "height": 844}
    with serve(site) as base:
        context = browser.new_context(viewport=phone)
        page = context.new_page()
        refused = []
        page.on("console", lambda message: refused.append(message.text))
        page.goto(f"{base}/es/grade-1/news/apples/")
        player = page.locator("audio")
        box = player.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= phone["width"]
        player.evaluate("audio => { audio.muted = true; return audio.play(); }")
        ready = "audio => audio.readyState >= 3 && !audio.paused"  # HAVE_FUTURE_DATA, playing
        wait_until(lambda: player.evaluate(ready), "the recording to play")
        assert player.evaluate("audio => audio.duration") == pytest.approx(3.0, abs=0.1)
        assert not [text for text in refused if "Content Security Policy" in text]
        context.close()
        context = browser.new_context(viewport=phone, bypass_csp=True)
        page = context.new_page()
        page.goto(f"{base}/es/grade-1/news/apples/")
        assert axe_violations(page) == []
        context.close()


def test_a_missing_recording_is_logged_with_its_file_and_line(tmp_path, caplog):
    from homeroom_audio import make_library

    content = recorded_school(tmp_path / "content")
    (content / "classes/grade-1/news/manzanas.wav").unlink()
    school, config = load(content)
    library = make_library(school, config.content_path, AudioSettings(), tmp_path / "c", 1)
    assert sorted(library.published) == ["classes/grade-1/news/apples.mp3"]
    (error,) = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    assert error.endswith(
        "classes/grade-1/news/2026-09-11-apples.es.md:3: the recording 'manzanas.wav' is not "
        "there; check the file name after Audio:"
    )


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_demo_has_one_recorded_post_in_english_and_spanish(published_demo, lang):
    site = "https://riverside.example/homeroom"
    text = (published_demo / lang / "grade-3b/podcast.xml").read_bytes()
    parsed = podcastparser.parse(f"{site}/{lang}/grade-3b/podcast.xml", io.BytesIO(text))
    (episode,) = parsed["episodes"]
    assert episode["link"] == f"{site}/{lang}/grade-3b/news/our-thankful-tree/"
    enclosure = published_demo / episode["enclosures"][0]["url"].removeprefix(site + "/")
    assert enclosure.stat().st_size == episode["enclosures"][0]["file_size"]
    with av.open(str(enclosure)) as container:
        assert container.streams.audio[0].codec_context.name == "aac"
    assert not (published_demo / "en/grade-5a/podcast.xml").exists()
