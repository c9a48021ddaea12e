"""A tall or wide photo never stops a publish: a phone's long screenshot (1080×17000) is beyond
WebP's limit of 16383 px a side, so it is published without WebP at the widths WebP cannot
hold, and pages, portfolios and `invoke check` all agree."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from homeroom_photos import PhotoLibrary, Published
from homeroom_photos.pipeline import LIMITS, PhotoSettings, process
from homeroom_school.model import PhotoUse
from tests.sites import invoke, small_school

NEWS = "classes/grade-1/news"
POST = """\
Title: Our long scroll
Date: 2026-10-02

The whole reading list, as one screenshot.

![The class reading list, as a long phone screenshot](screenshot.png)
"""
FORMATS = {".webp": ("WEBP", "webp"), ".jpg": ("JPEG", "jpeg"), ".png": ("PNG", "png")}


def tall_png(path: Path, size=(1080, 17000)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (230, 240, 250)).save(path)  # one colour: a few KB
    return path


class References(HTMLParser):
    """Every src, srcset and href of a page."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.urls.append(value)
            elif name == "srcset" and value:
                self.urls += [part.split()[0] for part in value.split(",")]


@pytest.mark.slow
def test_a_long_screenshot_publishes_without_webp_where_webp_cannot_hold_it(tmp_path):
    content = small_school(tmp_path / "content", **{f"{NEWS}/2026-10-02-long-scroll.md": POST})
    tall_png(content / NEWS / "screenshot.png")
    checked = invoke("check", "--content", str(content))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "No problems" in checked.stdout
    output = tmp_path / "site"
    base = "https://riverside.example/homeroom"
    result = invoke(
        "publish", "--content", str(content), "--output", str(output), env={"SITEURL": base}
    )
    assert result.returncode == 0, result.stdout + result.stderr

    published = sorted((output / "media/grade-1/news").glob("screenshot-*"))
    names = [path.name for path in published]
    # 1080 px wide is 17000 px tall: JPEG only; 960 (15111 px) and 480 fit WebP too.
    assert names == [
        "screenshot-1080.jpg",
        "screenshot-480.jpg",
        "screenshot-480.webp",
        "screenshot-960.jpg",
        "screenshot-960.webp",
    ]
    for path in published:
        pillow_format, limit_key = FORMATS[path.suffix]
        with Image.open(path) as image:
            image.load()
            assert image.format == pillow_format
            assert max(image.size) <= LIMITS[limit_key], (path.name, image.size)
            width = int(re.search(r"-(\d+)\.", path.name)[1])
            assert image.size == (width, round(width * 17000 / 1080))

    page = (output / "en/grade-1/news/long-scroll/index.html").read_text()
    webp = re.search(r'<source type="image/webp" srcset="([^"]*)"', page)
    assert webp is not None
    assert webp[1] == (
        f"{base}/media/grade-1/news/screenshot-960.webp 960w, "
        f"{base}/media/grade-1/news/screenshot-480.webp 480w"
    )
    assert f'srcset="{base}/media/grade-1/news/screenshot-1080.jpg 1080w, ' in page
    assert 'width="1080" height="17000"' in page
    parser = References()
    parser.feed(page)
    local = [url for url in parser.urls if url.startswith(base + "/")]
    assert sum("screenshot" in url for url in local) == 6  # <img src>, 3 JPEG + 2 WebP widths
    for url in local:
        target = output / url.removeprefix(base + "/").split("#")[0]
        assert (target / "index.html" if url.endswith("/") else target).is_file(), url
    feed = (output / "en/grade-1/atom.xml").read_text()
    assert "screenshot-960.jpg" in feed


def test_a_photo_too_tall_for_every_format_but_png_width_still_has_a_jpeg(tmp_path):
    """100×66000: beyond JPEG's 65500 too, at its only width: a narrower JPEG is made."""
    source = tmp_path / "strip.png"
    Image.new("RGB", (100, 66000), (200, 40, 40)).save(source)
    processed = process(source, tmp_path / "out", PhotoSettings())
    assert processed.of("webp") == []
    assert [(v.width, v.height) for v in processed.of("jpeg")] == [(99, 65340)]
    assert (processed.width, processed.height) == (99, 65340)
    with Image.open(tmp_path / "out/99.jpg") as image:
        assert image.size == (99, 65340)


def test_a_portfolio_inlines_the_jpeg_of_a_photo_webp_cannot_hold(tmp_path):
    source = tall_png(tmp_path / "screenshot.png", size=(400, 17000))
    entry = tmp_path / "entry"
    processed = process(source, entry, PhotoSettings())
    assert processed.of("webp") == []
    names = {v.name: f"media/x-{v.name}" for v in processed.variants}
    library = PhotoLibrary({"s.png": Published(processed, entry, names, public=True)})
    use = PhotoUse(source="s.png", alt="A long list", used_in="a.md", line=3, private=False)
    inline = library.inline_html("image", use, "")
    assert inline.startswith('<img src="data:image/jpeg;base64,/9j/')
    assert inline.endswith('width="400" height="17000" alt="A long list">')
    page = library.html("image", use, "../")
    assert "<source" not in page
    assert page.startswith(
        '<picture><img src="../media/x-400.jpg" srcset="../media/x-400.jpg 400w"'
    )


@pytest.mark.slow
def test_a_photo_too_long_for_any_jpeg_is_one_clear_problem_in_check_and_publish(tmp_path):
    """1 pixel wide and 70,000 tall: no JPEG can hold it at any width. Named, never a crash."""
    post = {
        "classes/grade-1/news/2026-10-01-thin.md": (
            "Title: Thin\nDate: 2026-10-01\n\n![A very thin line](thin.png)\n"
        )
    }
    content = small_school(tmp_path / "content", **post)
    Image.new("L", (1, 70000)).save(content / "classes/grade-1/news/thin.png")
    expected = "the photo 'thin.png' is 1×70000 pixels, too long and narrow for any format"
    checked = invoke("check", "--content", str(content))
    published = invoke(
        "publish",
        "--content",
        str(content),
        "--output",
        str(tmp_path / "site"),
        env={"SITEURL": "https://school.example"},
    )
    for result in (checked, published):
        assert result.returncode == 1
        assert expected in result.stdout + result.stderr
        assert "Traceback" not in result.stdout + result.stderr
