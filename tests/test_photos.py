"""Photos: small, upright, stripped of location; made once; every bad photo named."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

import homeroom_photos.cache
from homeroom_photos.pipeline import PhotoError, PhotoSettings, process, target_widths
from tests.photos import BOTTOM, GPS_IFD, TOP, camera_jpeg, png_with_text
from tests.sites import PUBLISHED, build, invoke, load, pelican_build, read_tree, small_school
from tests.tools import need

NEWS = "classes/grade-1/news"
METADATA_KEYS = {"exif", "icc_profile", "xmp", "XML:com.adobe.xmp", "comment", "Author"}


def assert_clean(path: Path) -> None:
    """Nothing but pixels: no EXIF (GPS above all), XMP, ICC profile, comment or text chunk."""
    with Image.open(path) as image:
        exif = image.getexif()
        assert dict(exif) == {}, path
        assert dict(exif.get_ifd(GPS_IFD)) == {}, path
        assert not METADATA_KEYS & set(image.info), (path, set(image.info))
        assert not getattr(image, "text", {}), path


def close(color, expected, tolerance=60):
    return all(abs(a - b) <= tolerance for a, b in zip(color, expected, strict=False))


def test_widths_never_upscale():
    assert target_widths(4000, (480, 960, 1600)) == [1600, 960, 480]
    assert target_widths(1000, (480, 960, 1600)) == [1000, 480]  # 960 is almost 1000
    assert target_widths(300, (480, 960, 1600)) == [300]
    assert target_widths(1600, (480, 960, 1600)) == [1600, 960, 480]


@pytest.mark.slow
def test_phone_photo_comes_out_upright_small_and_clean(tmp_path):
    source = camera_jpeg(tmp_path / "phone.jpg", size=(4000, 3000), orientation=6)
    with Image.open(source) as stored:
        assert stored.size == (3000, 4000), "stored sideways, as phones do"
        assert stored.getexif().get_ifd(GPS_IFD)
    result = process(source, tmp_path / "out", PhotoSettings())
    assert (result.width, result.height, result.fallback) == (1600, 1200, "jpeg")
    assert [(v.width, v.format) for v in result.variants] == [
        (1600, "webp"),
        (1600, "jpeg"),
        (960, "webp"),
        (960, "jpeg"),
        (480, "webp"),
        (480, "jpeg"),
    ]
    for variant in result.variants:
        path = tmp_path / "out" / variant.name
        assert_clean(path)
        with Image.open(path) as image:
            assert image.size == (variant.width, variant.height)
            rgb = image.convert("RGB")
            assert close(rgb.getpixel((image.width // 2, 5)), TOP), "the sky is up"
            assert close(rgb.getpixel((image.width // 2, image.height - 5)), BOTTOM)


def test_png_with_text_and_transparency_keeps_alpha_loses_text(tmp_path):
    source = png_with_text(tmp_path / "drawing.png", alpha=True)
    result = process(source, tmp_path / "out", PhotoSettings())
    assert result.fallback == "png"
    for variant in result.variants:
        path = tmp_path / "out" / variant.name
        assert_clean(path)
        with Image.open(path) as image:
            assert image.mode == "RGBA", (variant.name, image.mode)


def test_icc_profile_is_applied_then_dropped(tmp_path):
    from PIL import ImageCms

    source = tmp_path / "tagged.jpg"
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    Image.new("RGB", (800, 600), (200, 100, 50)).save(source, "JPEG", icc_profile=srgb)
    with Image.open(source) as tagged:
        assert tagged.info.get("icc_profile")
    result = process(source, tmp_path / "out", PhotoSettings())
    for variant in result.variants:
        assert_clean(tmp_path / "out" / variant.name)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_text("not a picture at all"), "is not an image Homeroom can read"),
        (
            lambda p: p.write_bytes(
                camera_jpeg(p.with_suffix(".x.jpg"), size=(1200, 900)).read_bytes()[:60000]
            ),
            "cannot be read to the end",
        ),
        (lambda p: bomb(p), "looks like a decompression bomb"),
        (lambda p: Image.new("RGB", (3000, 3000)).save(p), "megapixels, more than the limit of 5"),
    ],
    ids=["not an image", "truncated JPEG", "decompression bomb", "too many pixels"],
)
def test_bad_photos_raise_a_clear_error(tmp_path, make, message):
    source = tmp_path / "bad.jpg"
    make(source)
    with pytest.raises(PhotoError) as error:
        process(source, tmp_path / "out", PhotoSettings(max_pixels=5_000_000))
    assert message in str(error.value)


def bomb(path: Path) -> None:
    """A tiny PNG whose header claims 100,000 × 100,000 pixels."""
    import struct
    import zlib

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b""))


def test_over_the_byte_limit(tmp_path):
    source = camera_jpeg(tmp_path / "big.jpg", size=(1200, 900), orientation=1)
    with pytest.raises(PhotoError, match="MB, more than the limit"):
        process(source, tmp_path / "out", PhotoSettings(max_bytes=1000))


def photo_school(folder: Path) -> Path:
    content = small_school(folder)
    camera_jpeg(content / NEWS / "field-trip.jpg", size=(2400, 1800), orientation=6)
    png_with_text(content / NEWS / "diagram.png")
    (content / NEWS / "2026-09-20-field-trip.md").write_text(
        "Title: Field trip\nImage: field-trip.jpg\nImage-Alt: The class by the river\n\n"
        "We went to the river.\n\n![A labelled diagram of a leaf](diagram.png)\n\n"
        "[The big picture](field-trip.jpg)\n"
    )
    return content


@pytest.mark.slow
def test_built_site_has_responsive_clean_photos(tmp_path):
    content = photo_school(tmp_path / "content")
    output = tmp_path / "output"
    assert pelican_build(content, output, CACHE_PATH=str(tmp_path / "cache")) == 0
    html = (output / "en/grade-1/news/field-trip/index.html").read_text()
    assert (
        '<source type="image/webp" srcset="../../../../media/grade-1/news/'
        "field-trip-1600.webp 1600w" in html
    )
    assert 'width="1600" height="1200" alt="The class by the river" decoding="async">' in html
    assert 'alt="A labelled diagram of a leaf" loading="lazy" decoding="async">' in html
    assert 'href="../../../../media/grade-1/news/field-trip-1600.jpg"' in html
    published = sorted(p.name for p in (output / "media/grade-1/news").iterdir())
    assert "field-trip.jpg" not in published and "diagram.png" not in published
    for image in (output / "media").rglob("*.*"):
        assert_clean(image)
    feed = (output / "en/grade-1/atom.xml").read_text()
    feed = feed.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    assert 'src="http://127.0.0.1:8000/media/grade-1/news/field-trip-960.jpg" width="960"' in feed


@pytest.mark.slow
def test_rebuild_does_no_image_work_and_a_changed_photo_redoes_only_itself(tmp_path, monkeypatch):
    content = photo_school(tmp_path / "content")
    settings = {"CACHE_PATH": str(tmp_path / "cache"), "HOMEROOM_WORKERS": 1}
    made = []
    real = homeroom_photos.cache.process

    def counting(path, out_dir, photo_settings):
        made.append(path.name)
        return real(path, out_dir, photo_settings)

    monkeypatch.setattr(homeroom_photos.cache, "process", counting)
    assert pelican_build(content, tmp_path / "one", **settings) == 0
    assert sorted(made) == ["diagram.png", "field-trip.jpg", "tree.png"]
    made.clear()
    assert pelican_build(content, tmp_path / "two", **settings) == 0
    assert made == []
    assert read_tree(tmp_path / "one") == read_tree(tmp_path / "two")
    camera_jpeg(content / NEWS / "field-trip.jpg", size=(2400, 1800), orientation=6, seed=9)
    assert pelican_build(content, tmp_path / "three", **settings) == 0
    assert made == ["field-trip.jpg"]


def test_every_photo_of_the_demo_site_is_clean(demo_site):
    images = [p for p in (demo_site / "media").rglob("*") if p.suffix in (".jpg", ".png", ".webp")]
    assert len(images) >= 30  # 7 photos, 2 or 3 widths, 2 formats
    for image in images:
        assert_clean(image)
    # exiftool reads every metadata block there is; with these filters, an entry with
    # anything beyond its file name is a leak.
    need(
        shutil.which("exiftool") is not None,
        "exiftool is missing: apt-get install libimage-exiftool-perl",
    )
    result = subprocess.run(
        [
            "exiftool",
            "-json",
            "-G1",
            "-a",
            "-gps:all",
            "-exif:all",
            "-xmp:all",
            "-iptc:all",
            "-icc_profile:all",
            "-comment",
            "-png:textualdata",
            *map(str, images),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    records = json.loads(result.stdout)
    assert len(records) == len(images)
    for record in records:
        assert set(record) == {"SourceFile"}, record


def test_photo_without_alt_text_is_a_problem(tmp_path):
    content = small_school(
        tmp_path, **{f"{NEWS}/2026-10-01-pic.md": "Title: Pic\n\nText\n\n![](tree.png)\n"}
    )
    school, _ = load(content)
    assert [str(p) for p in school.problems] == [
        f"{NEWS}/2026-10-01-pic.md:5: shows 'tree.png' without alt text; write what the picture "
        "shows between the brackets: ![a fraction wall made of paper strips](tree.png)"
    ]


@pytest.mark.slow
def test_bad_photo_build_skips_it_and_publish_fails(tmp_path):
    content = small_school(tmp_path / "content")
    good = invoke(
        "publish", "--content", str(content), "--output", str(tmp_path / "site"), env=PUBLISHED
    )
    assert good.returncode == 0, good.stderr
    before = read_tree(tmp_path / "site")
    (content / NEWS / "broken.jpg").write_bytes(
        camera_jpeg(tmp_path / "x.jpg").read_bytes()[:50000]
    )
    (content / NEWS / "2026-10-01-broken.md").write_text(
        "Title: B\n\nText\n\n![A river](broken.jpg)\n"
    )
    result = build(content, tmp_path / "preview")
    assert result.returncode == 1
    assert (
        f"{NEWS}/2026-10-01-broken.md:5: the photo 'broken.jpg' cannot be read to the end"
        in result.stderr
    )
    assert "Traceback" not in result.stderr
    page = (tmp_path / "preview/en/grade-1/news/broken/index.html").read_text()
    assert "broken" not in page.split("<main", 1)[1].split("</main>")[0].replace("Title: B", "")
    failed = invoke(
        "publish", "--content", str(content), "--output", str(tmp_path / "site"), env=PUBLISHED
    )
    assert failed.returncode == 1
    assert read_tree(tmp_path / "site") == before


@pytest.mark.slow
def test_check_names_a_photo_that_is_not_an_image(tmp_path):
    content = small_school(tmp_path / "content")
    (content / NEWS / "tree.png").write_text("oops")
    result = invoke("check", "--content", str(content))
    assert result.returncode == 1
    assert (
        f"{NEWS}/2026-09-04-first-week.md:7: the photo 'tree.png' is not an image Homeroom can read"
        in result.stdout
    )
