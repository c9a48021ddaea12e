"""homeroom_school.reading.resolving.LinkResolver driven directly: one item's links, from a
handful of items made in memory and the few files a test writes, without reading or building a
school."""

from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace

from homeroom_school.links import item_url, token
from homeroom_school.model import Item, Version
from homeroom_school.reading.addresses import PORTFOLIO_ADDRESS, Addresses
from homeroom_school.reading.discover import ContentFolder
from homeroom_school.reading.linked_files import SourceLines
from homeroom_school.reading.resolving import Linking, LinkResolver, Resolved
from homeroom_school.reading.versions import Read
from homeroom_school.settings import load_config

NEWS_1 = "classes/grade-1/news"
NEWS_2 = "classes/grade-2/news"
ANA = "classes/grade-1/portfolio/ana"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
PAGE = b"<!DOCTYPE html>\n<html><body>Sign in</body></html>"


def item(kind: str, class_id: str, source: str, body: str = "", **more) -> Item:
    """An item with one English version, written in `source`."""
    slug = Path(source).stem
    day = datetime(2026, 10, 1, tzinfo=UTC)
    draft = more.pop("draft", False)
    version = Version("en", slug, "", body, source, day, None, draft=draft)
    return Item(kind, class_id, slug, "en", {"en": version}, **more)


def post(source: str, body: str = "", **more) -> Item:
    return item("news", source.split("/")[1], source, body, **more)


def entry(source: str, body: str = "", visibility: str = "family") -> Item:
    student = source.split("/")[3]
    return item("entry", "grade-1", source, body, student=student, visibility=visibility)


def ref(target: str) -> str:
    return "{hr-ref:" + target + "}"


def resolve(
    root: Path,
    linking: Item,
    *others: Item,
    refs: list | None = None,
    lines: dict | None = None,
    **more,
) -> Resolved:
    """`linking`'s links resolved on a site of `linking` and `others` in English, with the
    content folder `root`; `refs`: its links as written (target, as written)."""
    items = [linking, *others]
    source = linking.original.source
    pages = {item_url(one, "en", ("en",)): (one.key, "en") for one in items if one.kind != "entry"}
    addresses = Addresses(
        pages,
        frozenset({"en"}),
        "",
        "https://school.example",
        classes={"grade-1": ("en",), "grade-2": ("en",)},
    )
    parsed = SimpleNamespace(path=source)
    record = Read(linking.kind, linking.class_id, None, parsed, linking.original, refs or [])
    link = Linking(
        addresses,
        {one.original.source: one for one in items},
        {source: record},
        ContentFolder(root),
        SourceLines(root, {source: lines or {}}),
        load_config({"PATH": str(root), "SITEURL": "https://school.example"}),
        **more,
    )
    return LinkResolver(linking, link).resolved()


def write(root: Path, path: str, data: bytes) -> None:
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_bytes(data)


def test_a_link_to_another_item_becomes_its_item_token(tmp_path):
    zoo = post(f"{NEWS_1}/zoo-trip.md")
    resolved = resolve(
        tmp_path, post(f"{NEWS_1}/trip.md", f"<a href='{ref(zoo.original.source)}'>"), zoo
    )
    assert resolved.item.original.body == f"<a href='{token('item', 'news/grade-1/zoo-trip')}'>"
    assert resolved.problems == []


def test_a_near_miss_suggests_the_page_of_the_same_class_first(tmp_path):
    missing = f"{NEWS_2}/zoo-trp.md"
    song = post(f"{NEWS_2}/song.md", ref(missing))
    others = post(f"{NEWS_1}/zoo-trip.md"), post(f"{NEWS_2}/zoo-trip.md")
    resolved = resolve(
        tmp_path, song, *others, refs=[(missing, "zoo-trp.md")], lines={"zoo-trp.md": 4}
    )
    assert resolved.item.original.body == "#"
    [problem] = resolved.problems
    assert (problem.path, problem.line) == (f"{NEWS_2}/song.md", 4)
    assert problem.message == (
        "links to 'zoo-trp.md', which does not exist; check the file name, relative to this "
        "file (did you mean zoo-trip.md?)"
    )
    assert resolved.files == {missing}


def test_a_link_to_a_portfolio_entry_is_refused(tmp_path):
    drawing = entry(f"{ANA}/drawing.md")
    resolved = resolve(
        tmp_path,
        post(f"{NEWS_1}/trip.md", ref(drawing.original.source)),
        drawing,
        lines={"drawing.md": 3},
    )
    assert resolved.item.original.body == "#"
    [problem] = resolved.problems
    assert problem.line == 3
    assert problem.message.startswith("links to a portfolio entry; portfolios are never linked")


def test_a_link_to_a_portfolio_address_is_refused(tmp_path):
    target = "classes/grade-1/portfolio/abc/"
    written = "../../../../portfolio/abc/"
    resolved = resolve(tmp_path, post(f"{NEWS_1}/trip.md", ref(target)), refs=[(target, written)])
    assert resolved.item.original.body == "#"
    assert [p.message for p in resolved.problems] == [PORTFOLIO_ADDRESS]


def test_a_link_climbing_above_content_is_outside_the_content_folder(tmp_path):
    written = "../../../../secrets.md"
    resolved = resolve(
        tmp_path, post(f"{NEWS_1}/trip.md"), refs=[(None, written)], lines={written: 9}
    )
    [problem] = resolved.problems
    assert (problem.line, problem.message) == (
        9,
        f"links to '{written}', which is outside the content folder",
    )


def test_a_published_page_may_not_link_to_a_scheduled_file_but_a_draft_may(tmp_path):
    later = post(f"{NEWS_1}/party.md")
    day = {later.original.source: date(2026, 12, 1)}
    body = ref(later.original.source)
    published = resolve(tmp_path, post(f"{NEWS_1}/trip.md", body), later, scheduled_files=day)
    draft = resolve(
        tmp_path, post(f"{NEWS_1}/trip.md", body, draft=True), later, scheduled_files=day
    )
    assert published.item.original.body == "#"
    [problem] = published.problems
    assert problem.message.startswith(
        f"links to '{later.original.source}', which is scheduled for 2026-12-01"
    )
    assert draft.item.original.body == token("item", later.key)
    assert draft.problems == []


def test_a_photo_and_a_pdf_become_media_tokens(tmp_path):
    write(tmp_path, f"{NEWS_1}/bus.jpg", b"\xff\xd8\xff\xe0 not checked for a photo")
    write(tmp_path, f"{NEWS_1}/menu.pdf", PDF)
    body = ref(f"{NEWS_1}/bus.jpg") + ref(f"{NEWS_1}/menu.pdf")
    resolved = resolve(tmp_path, post(f"{NEWS_1}/trip.md", body))
    assert resolved.item.original.body == (
        token("media", "media/grade-1/news/bus.jpg") + token("media", "media/grade-1/news/menu.pdf")
    )
    assert resolved.media == {
        "media/grade-1/news/bus.jpg": f"{NEWS_1}/bus.jpg",
        "media/grade-1/news/menu.pdf": f"{NEWS_1}/menu.pdf",
    }
    assert resolved.problems == []


def test_a_pdf_whose_bytes_are_a_web_page_is_not_published(tmp_path):
    write(tmp_path, f"{NEWS_1}/menu.pdf", PAGE)
    resolved = resolve(tmp_path, post(f"{NEWS_1}/trip.md", ref(f"{NEWS_1}/menu.pdf")))
    assert resolved.item.original.body == "#"
    assert resolved.media == {}
    [problem] = resolved.problems
    assert problem.message.startswith("links to 'menu.pdf', which is not a PDF: its bytes are")


def test_a_private_entry_attaches_a_pdf_and_refuses_one_that_is_not_its_kind(tmp_path):
    write(tmp_path, f"{ANA}/story.pdf", PDF)
    write(tmp_path, f"{ANA}/fake.pdf", PAGE)
    body = ref(f"{ANA}/story.pdf") + ref(f"{ANA}/fake.pdf")
    resolved = resolve(tmp_path, entry(f"{ANA}/drawing.md", body))
    assert resolved.item.original.body == token("attachment", f"{ANA}/story.pdf") + "#"
    assert resolved.attachments == {
        f"{ANA}/story.pdf": (len(PDF), (tmp_path / f"{ANA}/story.pdf").stat().st_mtime_ns)
    }
    assert resolved.media == {}
    assert [p.message.split(":")[0] for p in resolved.problems] == [
        "links to 'fake.pdf', which is not a PDF"
    ]


def test_a_file_of_a_students_portfolio_is_not_for_a_class_post(tmp_path):
    write(tmp_path, f"{ANA}/face.jpg", b"\xff\xd8\xff\xe0")
    resolved = resolve(tmp_path, post(f"{NEWS_1}/trip.md", ref(f"{ANA}/face.jpg")))
    assert resolved.item.original.body == "#"
    [problem] = resolved.problems
    assert problem.message.startswith("uses 'face.jpg' from the portfolio of grade-1/ana;")


def test_a_kind_of_file_that_is_not_published_is_a_problem(tmp_path):
    write(tmp_path, f"{NEWS_1}/photos.zip", b"PK\x03\x04")
    resolved = resolve(tmp_path, post(f"{NEWS_1}/trip.md", ref(f"{NEWS_1}/photos.zip")))
    assert resolved.item.original.body == "#"
    assert [p.message for p in resolved.problems] == [
        "links to 'photos.zip', a kind of file Homeroom does not publish; use a photo (JPEG, "
        "PNG, HEIC, WebP, GIF), a clip (MOV, MP4, M4V, 3GP, WebM) or a PDF"
    ]
