"""The largest picture loads first: the first photo of a page's main content (a post's cover,
else its first photo; an event's, a newsletter's) is eager with fetchpriority="high", every
other photo lazy, and no page asks for more than one image first."""

from html.parser import HTMLParser
from pathlib import Path

import pytest

from homeroom_photos.markup import first_eager
from tests.photos import camera_jpeg, png_with_text
from tests.sites import pelican_build, small_school, web_pages

NEWS = "classes/grade-1/news"
EVENTS = "classes/grade-1/events"


class MainImages(HTMLParser):
    """The <img> elements inside <main>, in order, with their attributes."""

    def __init__(self):
        super().__init__()
        self.inside = False
        self.images: list[dict] = []
        self.everywhere: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.inside = True
        elif tag == "img":
            self.everywhere.append(dict(attrs))
            if self.inside:
                self.images.append(dict(attrs))

    def handle_endtag(self, tag):
        if tag == "main":
            self.inside = False


def images(path: Path) -> MainImages:
    parser = MainImages()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def first(image: dict) -> bool:
    """Loaded at once, before the rest."""
    return image.get("fetchpriority") == "high" and "loading" not in image


def lazy(image: dict) -> bool:
    return image.get("loading") == "lazy" and "fetchpriority" not in image


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("lcp")
    content = small_school(folder / "content")
    camera_jpeg(content / NEWS / "field-trip.jpg", size=(1600, 1200), orientation=1)
    camera_jpeg(content / NEWS / "garden.jpg", size=(1200, 900), orientation=1, seed=2)
    png_with_text(content / NEWS / "diagram.png")
    png_with_text(content / NEWS / "leaf.png", size=(600, 400))
    camera_jpeg(content / EVENTS / "hall.jpg", size=(1200, 900), orientation=1, seed=3)
    (content / NEWS / "2026-09-20-field-trip.md").write_text(
        "Title: Field trip\nDate: 2026-09-20\nImage: field-trip.jpg\n"
        "Image-Alt: The class by the river\n\nWe went to the river.\n\n"
        "![A labelled diagram of a leaf](diagram.png)\n\n![A leaf](leaf.png)\n"
    )
    (content / NEWS / "2026-09-22-garden.md").write_text(
        "Title: Our garden\nDate: 2026-09-22\n\nNo cover here.\n\n"
        "![The garden in the rain](garden.jpg)\n\nAnd a diagram:\n\n![The beds](diagram.png)\n"
    )
    (content / NEWS / "2026-09-25-leaves.md").write_text(
        "Title: Leaves\nDate: 2026-09-25\nImage: leaf.png\nImage-Alt: A red leaf\n\nLeaves.\n"
    )
    (content / EVENTS / "2026-12-04-concert.md").write_text(
        "Title: Concert\nStart: 2026-12-04 18:00\n\n![The hall](hall.jpg)\n\n"
        "![A leaf on the stage](../news/leaf.png)\n"
    )
    output = folder / "output"
    assert pelican_build(content, output, CACHE_PATH=str(folder / "cache")) == 0
    return output


@pytest.mark.slow
def test_a_post_with_a_cover_loads_the_cover_first_and_its_photos_lazily(site):
    shown = images(site / "en/grade-1/news/field-trip/index.html").images
    assert len(shown) == 3
    assert first(shown[0]) and shown[0]["alt"] == "The class by the river"
    assert all(lazy(image) for image in shown[1:])


def test_a_post_without_a_cover_loads_its_first_photo_first(site):
    shown = images(site / "en/grade-1/news/garden/index.html").images
    assert [image["alt"] for image in shown] == ["The garden in the rain", "The beds"]
    assert first(shown[0]) and lazy(shown[1])


def test_an_event_loads_its_first_photo_first(site):
    shown = images(site / "en/grade-1/events/concert/index.html").images
    assert len(shown) == 2
    assert first(shown[0]) and lazy(shown[1])


def test_a_newsletter_loads_its_first_photo_first(site):
    shown = images(site / "en/grade-1/newsletter/2026-09/index.html").images
    assert len(shown) >= 2, "the month's covers are in its newsletter"
    assert first(shown[0]) and all(lazy(image) for image in shown[1:])


def test_no_page_asks_for_more_than_one_image_first(site):
    """List pages (archives, class home) too: at most their first image, never another."""
    pages = web_pages(site)
    assert pages
    for page in pages:
        found = images(page)
        high = [image for image in found.everywhere if image.get("fetchpriority") == "high"]
        assert len(high) <= 1, page
        if high:
            assert found.images and found.images[0] == high[0], page


def test_first_eager_changes_only_the_first_image_and_only_a_lazy_one():
    lazy_img = '<img src="{}" alt="{}" loading="lazy" decoding="async">'
    html = "<p>" + lazy_img.format("a.jpg", "A") + lazy_img.format("b.jpg", "B") + "</p>"
    assert first_eager(html) == (
        '<p><img fetchpriority="high" src="a.jpg" alt="A" decoding="async">'
        + lazy_img.format("b.jpg", "B")
        + "</p>"
    )
    assert first_eager('<img src="qr.png" alt="QR">' + lazy_img) == (
        '<img src="qr.png" alt="QR">' + lazy_img
    )
    assert first_eager("<p>No photo.</p>") == "<p>No photo.</p>"
