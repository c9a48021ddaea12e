"""HEIC and HEIF photos, as iPhones save them: accepted wherever JPEG is, published the same way
(upright, stripped, JPEG and WebP at the usual widths), never as HEIC, and a bad one named."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from homeroom_photos.pipeline import PhotoError, PhotoSettings, check_decodes, process
from homeroom_school.links import is_media, is_photo
from homeroom_school.reading.signatures import looks_like
from tests.photos import BOTTOM, TOP, iphone_heic
from tests.portfolios import PORTFOLIO, portfolio_school
from tests.sites import build, invoke, load, pelican_build, small_school
from tests.tools import need

NEWS = "classes/grade-1/news"
# exiftool's groups of everything that is not the pixels: with these filters, a record with
# anything beyond its file name is a leak.
METADATA = ["-gps:all", "-exif:all", "-xmp:all", "-iptc:all", "-icc_profile:all", "-comment"]


def exiftool(*args: str) -> list[dict]:
    need(
        shutil.which("exiftool") is not None,
        "exiftool is missing: apt-get install libimage-exiftool-perl",
    )
    result = subprocess.run(
        ["exiftool", "-json", "-G1", "-a", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    return json.loads(result.stdout)


def assert_no_metadata(paths: list[Path]) -> None:
    records = exiftool(*METADATA, *map(str, paths))
    assert len(records) == len(paths)
    for record in records:
        assert set(record) == {"SourceFile"}, record


def close(color, expected, tolerance=60):
    return all(abs(a - b) <= tolerance for a, b in zip(color, expected, strict=False))


def test_heic_and_heif_are_photos_in_any_case():
    for name in ("IMG_0042.HEIC", "heron.heic", "heron.heif", "heron.HeIf"):
        assert is_photo(f"{NEWS}/{name}"), name
        assert is_media(f"{NEWS}/{name}"), name


def test_every_heif_brand_reads_as_a_heic_photo():
    for brand in (b"heic", b"heix", b"heim", b"heis", b"hevc", b"mif1", b"msf1"):
        head = b"\x00\x00\x00\x18ftyp" + brand + b"\x00\x00\x00\x00mif1heic"
        assert looks_like(head) == "a HEIC photo", brand


def test_iphone_photo_comes_out_upright_at_the_jpeg_widths_and_clean(tmp_path):
    source = iphone_heic(tmp_path / "IMG_0042.HEIC", size=(640, 480), orientation=6)
    (stored,) = exiftool("-gps:all", "-xmp:all", "-icc_profile:all", "-Rotation", str(source))
    assert stored["GPS:GPSLatitude"] and stored["XMP-photoshop:City"] == "Chicago", stored
    assert stored["ICC-header:ColorSpaceData"].strip() == "RGB", stored
    assert stored["QuickTime:Rotation"] == 270, "stored sideways, turned upright by irot"
    result = process(source, tmp_path / "out", PhotoSettings())
    assert (result.width, result.height, result.fallback) == (640, 480, "jpeg")
    # as a JPEG of this size would be (test_photos): its own width, and 480 below it
    assert [(v.width, v.height, v.format) for v in result.variants] == [
        (640, 480, "webp"),
        (640, 480, "jpeg"),
        (480, 360, "webp"),
        (480, 360, "jpeg"),
    ]
    written = sorted((tmp_path / "out").iterdir())
    assert [p.name for p in written] == ["480.jpg", "480.webp", "640.jpg", "640.webp"]
    for variant in result.variants:
        with Image.open(tmp_path / "out" / variant.name) as image:
            assert image.format in ("JPEG", "WEBP")
            assert image.size == (variant.width, variant.height)
            rgb = image.convert("RGB")
            assert close(rgb.getpixel((image.width // 2, 5)), TOP), "the sky is up"
            assert close(rgb.getpixel((image.width // 2, image.height - 5)), BOTTOM)
    assert_no_metadata(written)


def test_only_the_primary_image_of_a_heic_is_published(tmp_path):
    """A HEIC may hold more pictures than the one shown (a burst, an edit's original, a
    picture stored beside it): only the primary is read and published, nothing of the others.
    (Depth maps and auxiliary images: the test below.)"""
    import pillow_heif

    shown = iphone_heic(tmp_path / "shown.heic", size=(320, 240), orientation=1)
    decoy = Image.new("RGB", (640, 480), (255, 0, 255))  # larger, and magenta
    heif = pillow_heif.from_pillow(decoy)  # the first picture in the file, not the primary
    heif.add_from_heif(pillow_heif.open_heif(shown)[0])
    heif.save(tmp_path / "two.heic", quality=50, primary_index=1)
    stored = pillow_heif.open_heif(tmp_path / "two.heic")
    assert len(stored) == 2 and stored.primary_index == 1
    result = process(tmp_path / "two.heic", tmp_path / "out", PhotoSettings())
    assert (result.width, result.height) == (320, 240)
    for variant in result.variants:
        with Image.open(tmp_path / "out" / variant.name) as image:
            rgb = image.convert("RGB")
            assert close(rgb.getpixel((image.width // 2, 5)), TOP)
            assert close(rgb.getpixel((image.width // 2, image.height - 5)), BOTTOM)
    assert_no_metadata(sorted((tmp_path / "out").iterdir()))


# libheif writes a picture's alpha channel as an auxiliary image of this type; the same
# number of bytes renames it to a depth map (HEVC's auxid 2) or to a phone's own kind of
# auxiliary image, as an iPhone stores its portrait depth and its HDR gain map.
ALPHA = b"urn:mpeg:hevc:2015:auxid:1"
RENAMED = {"depth": b"urn:mpeg:hevc:2015:auxid:2", "auxiliary": b"urn:com:apple:photo:aux:hr"}


def heic_with_hidden(kind: str, folder: Path) -> Path:
    """A HEIC whose primary picture carries a depth map or an auxiliary image (a gradient)."""
    import pillow_heif

    picture = iphone_heic(folder / "shown.heic", size=(320, 240), orientation=1)
    with Image.open(picture) as opened:
        rgba = opened.convert("RGBA")
    rgba.putalpha(Image.linear_gradient("L").resize(rgba.size))
    pillow_heif.from_pillow(rgba).save(folder / "alpha.heic", quality=60)
    data = (folder / "alpha.heic").read_bytes()
    assert data.count(ALPHA) == 1
    path = folder / f"{kind}.heic"
    path.write_bytes(data.replace(ALPHA, RENAMED[kind]))
    return path


@pytest.mark.parametrize("kind", sorted(RENAMED))
def test_a_heics_depth_map_or_auxiliary_image_is_never_published(tmp_path, kind, monkeypatch):
    import pillow_heif

    source = heic_with_hidden(kind, tmp_path)
    with monkeypatch.context() as reading_all:  # the pipeline's opener reads neither
        reading_all.setattr(pillow_heif.options, "DEPTH_IMAGES", True)
        reading_all.setattr(pillow_heif.options, "AUX_IMAGES", True)
        stored = pillow_heif.open_heif(source)
    if kind == "depth":
        assert len(stored.info["depth_images"]) == 1, "libheif reads a depth map in it"
    else:
        assert list(stored.info["aux"]) == [RENAMED[kind].decode()], stored.info["aux"]
    (record,) = exiftool("-AuxiliaryImageType", str(source))
    assert record["QuickTime:AuxiliaryImageType"] == RENAMED[kind].decode()
    result = process(source, tmp_path / "out", PhotoSettings())
    written = sorted((tmp_path / "out").iterdir())
    assert [p.name for p in written] == ["320.jpg", "320.webp"]
    for variant in result.variants:
        with Image.open(tmp_path / "out" / variant.name) as image:
            assert getattr(image, "n_frames", 1) == 1
            assert image.mode == "RGB", "no channel made from the hidden picture"
            assert close(image.getpixel((image.width // 2, 5)), TOP)
            assert close(image.getpixel((image.width // 2, image.height - 5)), BOTTOM)
    assert_no_metadata(written)
    for record in exiftool("-AuxiliaryImageType", "-DepthMap*", *map(str, written)):
        assert set(record) == {"SourceFile"}, record


def heic_bytes(tmp_path: Path) -> bytes:
    return iphone_heic(tmp_path / "good.heic", size=(320, 240)).read_bytes()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda p, tmp: p.write_text("IMG_0042 from the class phone"),
            "is not an image Homeroom can read (it looks like text); "
            "export it as JPEG, PNG or HEIC",
        ),
        (
            lambda p, tmp: p.write_bytes(heic_bytes(tmp)[:-200]),
            "is a HEIC photo with no picture Homeroom can read in it",
        ),
        (  # a file type box and nothing else: a HEIF container holding no image
            lambda p, tmp: p.write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"),
            "is a HEIC photo with no picture Homeroom can read in it: damaged, cut short or "
            "empty; copy it again from the phone",
        ),
    ],
    ids=["text named .heic", "cut short", "no image"],
)
def test_a_bad_heic_is_one_clear_error_at_check_and_build(tmp_path, make, message):
    source = tmp_path / "IMG_0042.heic"
    make(source, tmp_path)
    with pytest.raises(PhotoError) as checked:
        check_decodes(source, PhotoSettings())
    with pytest.raises(PhotoError) as built:
        process(source, tmp_path / "out", PhotoSettings())
    assert message in str(checked.value)
    assert str(built.value) == str(checked.value)
    assert "\n" not in str(built.value)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_heic_in_a_family_entry_stays_on_its_page(tmp_path):
    content = portfolio_school(tmp_path)
    entry = content / PORTFOLIO / "mia/2026-10-01-hundred-chart.md"
    entry.write_text(entry.read_text().replace("Image: chart.jpg", "Image: chart.HEIC"))
    iphone_heic(content / PORTFOLIO / "mia/chart.HEIC", size=(320, 240))
    school, _ = load(content)
    assert school.problems == []
    private = {use.source: use.private for use in school.photos.values()}
    assert private[f"{PORTFOLIO}/mia/chart.HEIC"] is True
    assert not any(source.endswith(".HEIC") for source in school.media.values())


def heic_school(folder: Path) -> Path:
    content = small_school(folder)
    iphone_heic(content / NEWS / "IMG_0042.HEIC", size=(640, 480), orientation=6)
    iphone_heic(content / NEWS / "pond.heif", size=(320, 240), orientation=1)
    (content / NEWS / "2026-09-20-pond.md").write_text(
        "Title: Pond day\nImage: pond.heif\nImage-Alt: The pond behind the school\n\n"
        "We looked for frogs.\n\n![A heron standing in the reeds](IMG_0042.HEIC)\n"
    )
    return content


@pytest.mark.slow
def test_a_site_publishes_heic_as_jpeg_and_webp_and_never_the_original(tmp_path):
    content = heic_school(tmp_path / "content")
    output = tmp_path / "output"
    assert pelican_build(content, output, CACHE_PATH=str(tmp_path / "cache")) == 0
    html = (output / "en/grade-1/news/pond/index.html").read_text()
    assert 'srcset="../../../../media/grade-1/news/IMG_0042-640.webp 640w' in html
    assert 'alt="A heron standing in the reeds" loading="lazy"' in html
    assert 'width="320" height="240" alt="The pond behind the school"' in html
    published = sorted(p.name for p in (output / "media/grade-1/news").iterdir())
    assert [n for n in published if n.startswith(("IMG_0042", "pond"))] == [
        "IMG_0042-480.jpg",
        "IMG_0042-480.webp",
        "IMG_0042-640.jpg",
        "IMG_0042-640.webp",
        "pond-320.jpg",
        "pond-320.webp",
    ]
    assert not [p for p in output.rglob("*") if p.suffix.lower() in (".heic", ".heif")]
    assert_no_metadata([p for p in (output / "media").rglob("*") if p.is_file()])


@pytest.mark.slow
def test_a_bad_heic_is_named_with_its_line_by_check_and_build_and_nothing_else_stops(tmp_path):
    content = heic_school(tmp_path / "content")
    (content / NEWS / "IMG_0042.HEIC").write_text("IMG_0042 from the class phone")
    problem = (
        f"{NEWS}/2026-09-20-pond.md:7: the photo 'IMG_0042.HEIC' is not an image Homeroom can "
        "read (it looks like text); export it as JPEG, PNG or HEIC"
    )
    checked = invoke("check", "--content", str(content))
    assert checked.returncode == 1
    assert checked.stdout.count("IMG_0042") == 1 and problem in checked.stdout, checked.stdout
    built = build(content, tmp_path / "preview")
    assert built.returncode == 1
    assert built.stderr.count("IMG_0042") == 1 and problem in built.stderr, built.stderr
    assert "Traceback" not in built.stderr
    media = tmp_path / "preview/media/grade-1/news"
    assert sorted(p.name for p in media.glob("pond-*")) == ["pond-320.jpg", "pond-320.webp"]
    assert (tmp_path / "preview/en/grade-1/news/pond/index.html").is_file()


DEMO_HEIC = "classes/kindergarten-sunflowers/news/IMG_0417.HEIC"


def test_the_demo_shows_an_iphone_heic_as_it_comes_from_the_phone(demo_site):
    from tests.sites import DEMO_CONTENT

    source = DEMO_CONTENT / DEMO_HEIC
    assert looks_like(source.read_bytes()[:64]) == "a HEIC photo"
    (stored,) = exiftool("-gps:all", "-Rotation", str(source))
    assert stored["QuickTime:Rotation"] == 270 and stored["GPS:GPSLatitudeRef"] == "North"
    page = (demo_site / "en/kindergarten-sunflowers/news/fall-leaf-walk/index.html").read_text()
    assert 'srcset="../../../../media/kindergarten-sunflowers/news/IMG_0417-1200.webp 1200w' in page
    assert 'width="1200" height="900" alt="Red, orange and yellow leaves' in page
    published = sorted((demo_site / "media/kindergarten-sunflowers/news").glob("IMG_0417*"))
    assert [p.name for p in published] == [
        "IMG_0417-1200.jpg",
        "IMG_0417-1200.webp",
        "IMG_0417-480.jpg",
        "IMG_0417-480.webp",
        "IMG_0417-960.jpg",
        "IMG_0417-960.webp",
    ]
    assert not [p for p in demo_site.rglob("*") if p.suffix.lower() in (".heic", ".heif")]
    assert_no_metadata(published)
