"""The preview's incremental rebuilds: after any edit, what it serves is byte for byte what a
full build of the same content writes, and an edit writes only what depends on it."""

import shutil
from pathlib import Path

import pytest

from tests.previews import CLASS, EVENT, POST, InProcessPreview, differences, edit, full_build
from tests.recordings import phone_recording
from tests.sites import DEMO_CONTENT, ROOT, read_tree

# Slow: the demo school, copied, edited and built again in a fresh process after each edit.
pytestmark = pytest.mark.slow

LINKED = f"{CLASS}/news/2026-11-06-water-cycle-in-a-bag.md"  # linked from other posts
CONFERENCE = f"{CLASS}/events/2027-01-14-winter-conferences.md"
ENTRY = f"{CLASS}/portfolio/ana/2026-11-16-reading-log.md"


def rename_linked(content: Path) -> None:
    """Rename a post other posts link to, and mend those links."""
    (content / LINKED).rename(content / LINKED.replace("-in-a-bag", ""))
    for path in sorted((content / CLASS / "news").glob("*.md")):
        if "water-cycle-in-a-bag" in path.read_text(encoding="utf-8"):
            edit(path, "water-cycle-in-a-bag", "water-cycle")


def save_by_rename(path: Path, text: str) -> None:
    """Save as many editors do: write a new file beside it, then rename it over the old."""
    temporary = path.with_name(path.name + ".tmp~")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
    return temporary  # gone, but the watcher saw it


def save_unchanged(path: Path) -> Path:
    """Save a file without changing it (the watcher sees the save)."""
    path.write_bytes(path.read_bytes())
    return path


def replace_photo(path: Path) -> None:
    """A teacher uploads a better photo under the same name."""
    from PIL import Image

    Image.new("RGB", (640, 480), (200, 120, 40)).save(path, "JPEG")


# Saves that change neither which files there are nor what any link leads to: the preview
# reads, and links, only the files saved (homeroom_school.reading.incremental).
KEEPS_LINKS = {
    "edit a post's text",
    "save a post as editors do: a new file renamed over it",
    "edit only a translation",
    "retitle a post",
    "move a post to another date",
    "move an event, in both languages",
    "edit a family portfolio entry",
    "attach a PDF to it",  # the entry that links it is read and linked again
    "attach a recording to it",
    "edit a template",
    "book a conference time",
}

# Each step: (what a teacher did, the change). They run in order, on one preview.
STEPS = [
    ("edit a post's text", lambda c: edit(c / POST, "giggles!", "giggles and a cheer!")),
    ("save a post without a change", lambda c: save_unchanged(c / POST)),
    (
        "save a post as editors do: a new file renamed over it",
        lambda c: save_by_rename(
            c / POST, (c / POST).read_text(encoding="utf-8").replace("a cheer!", "a big cheer!")
        ),
    ),
    (
        "edit only a translation",
        lambda c: edit(
            c / POST.replace(".md", ".es.md"), "Construimos un", "Construimos juntos un"
        ),
    ),
    (
        "replace a photo a post shows",
        lambda c: replace_photo(c / CLASS / "news/pumpkin-measuring.jpg"),
    ),
    (
        "retitle a post",
        lambda c: edit(c / POST, "Title: Building a Fraction Wall", "Title: Our Fraction Wall"),
    ),
    (
        "move a post to another date",
        lambda c: edit(c / POST, "Date: 2026-10-09 14:30", "Date: 2026-11-21 09:00"),
    ),
    (
        "add a post",
        lambda c: (c / f"{CLASS}/news/2026-11-22-a-new-post.md").write_text(
            "Title: A new post\nDate: 2026-11-22\n\nFresh news: "
            "[water](2026-11-06-water-cycle-in-a-bag.md).\n",
            encoding="utf-8",
        ),
    ),
    (
        "translate the new post",
        lambda c: (c / f"{CLASS}/news/2026-11-22-a-new-post.es.md").write_text(
            "Title: Una noticia\nDate: 2026-11-22\n\nNoticias.\n", encoding="utf-8"
        ),
    ),
    (
        "schedule the new post for next week",
        lambda c: [  # the preview marks it, lists it not
            edit(path, "Date: 2026-11-22", "Date: 2026-11-30")
            for path in sorted((c / CLASS / "news").glob("2026-11-22-a-new-post*.md"))
        ],
    ),
    (
        "bring it out today after all",
        lambda c: [
            edit(path, "Date: 2026-11-30", "Date: 2026-11-22")
            for path in sorted((c / CLASS / "news").glob("2026-11-22-a-new-post*.md"))
        ],
    ),
    ("rename a linked post, and the links to it", lambda c: rename_linked(c)),
    (
        "move an event, in both languages",
        lambda c: [
            edit(path, "Start: 2026-12-10 18:00", "Start: 2026-12-11 18:00")
            for path in (c / EVENT, c / EVENT.replace(".md", ".es.md"))
        ],
    ),
    (
        "book a conference time",
        lambda c: edit(c / CONFERENCE, "Booked: 15:30,", "Booked: 15:30, 15:50,"),
    ),
    ("break a post", lambda c: edit(c / POST, "Date: 2026-11-21 09:00", "Date: 2026-13-45")),
    ("fix it", lambda c: edit(c / POST, "Date: 2026-13-45", "Date: 2026-11-21 09:00")),
    ("edit a family portfolio entry", lambda c: edit(c / ENTRY, "Title:", "Title: New:")),
    (
        "attach a PDF to it",
        lambda c: [
            (c / CLASS / "portfolio/ana/log.pdf").write_bytes(b"%PDF-1.4\n% first\n%%EOF\n"),
            edit(c / ENTRY, "each one.", "each one ([her log](log.pdf))."),
        ],
    ),
    (
        "replace the attached PDF",
        lambda c: (c / CLASS / "portfolio/ana/log.pdf").write_bytes(
            b"%PDF-1.4\n% the second, longer version\n%%EOF\n"
        ),
    ),
    (
        "attach a recording to it",  # inlined as homeroom_audio made it, in the preview too
        lambda c: [
            phone_recording(c / CLASS / "portfolio/ana/reading.m4a", "aac", 0.5),
            edit(c / ENTRY, "each one (", "each one, [read aloud](reading.m4a) ("),
        ],
    ),
    (
        "replace the attached recording",
        lambda c: phone_recording(c / CLASS / "portfolio/ana/reading.m4a", "aac", 0.8),
    ),
    ("rename the class", lambda c: edit(c / CLASS / "class.yml", "Grade 3B", "Grade 3B (Room 12)")),
    (
        "edit a template",
        lambda c: edit(
            c.parent / "theme/templates/partials/footer.html",
            '<footer class="site-footer">',
            '<footer class="site-footer" data-edited="yes">',
        ),
    ),
    (
        "delete a post and its translation",
        lambda c: [p.unlink() for p in (c / CLASS / "news").glob("2026-11-22-a-new-post*.md")],
    ),
]


@pytest.fixture
def school(tmp_path):
    """A copy of the demo school, and of the theme (one step edits a template)."""
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    shutil.copytree(ROOT / "themes" / "homeroom", tmp_path / "theme")
    return content


def test_every_incremental_rebuild_equals_a_full_build(school, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)  # the demo's family keys are found from the repository
    theme = str(tmp_path / "theme")
    preview = InProcessPreview(school, tmp_path, THEME=theme)
    preview.rebuild()
    assert preview.state.problems == []
    for number, (step, change) in enumerate(STEPS, start=1):
        seen = change(school)  # a path the watcher saw that a snapshot does not show
        preview.rebuild(also=[str(seen)] if isinstance(seen, Path) else [])
        if step == "break a post":
            assert any("2026-13-45" in problem for problem in preview.state.problems), step
            continue
        assert preview.state.problems == [], step
        if step == "save a post without a change":
            assert preview.said[-1].endswith("nothing changed."), step
            assert preview.rebuilder.changed == set(), step
        else:
            assert preview.memo.reading.load.links_kept == (step in KEEPS_LINKS), step
        full = tmp_path / f"full-{number}"
        full_build(school, full, theme)
        assert differences(read_tree(preview.served), read_tree(full)) == [], step


def test_an_edit_writes_only_what_shows_the_post(school, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    preview = InProcessPreview(school, tmp_path)
    preview.rebuild()
    assert preview.rebuild() == set()  # nothing changed: nothing written
    edit(school / POST, "giggles!", "giggles and a cheer!")
    written = preview.rebuild()
    assert preview.said[-1].startswith("Rebuilt in")
    for lang in ("en", "es"):  # the Spanish page shows the original until it is translated
        assert f"{lang}/grade-3b/news/fraction-wall/index.html" in written
        assert f"{lang}/grade-3b/newsletter/2026-10/index.html" in written
        assert f"{lang}/grade-3b/atom.xml" in written
    # Nothing of another class, no calendar, no portfolio: the post is in none of them.
    assert [name for name in written if "grade-5a" in name or "sunflowers" in name] == []
    assert [name for name in written if name.endswith(".ics")] == []
    assert [name for name in written if name.startswith("portfolio/")] == []


def test_booking_a_time_makes_the_event_page_again(school, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    preview = InProcessPreview(school, tmp_path)
    preview.rebuild()
    edit(school / CONFERENCE, "Booked: 15:30,", "Booked: 15:30, 15:50,")
    written = preview.rebuild()
    for lang in ("en", "es"):  # the translation shows the original's slots
        assert f"{lang}/grade-3b/events/winter-conferences/index.html" in written
    page = preview.served / "es/grade-3b/events/winter-conferences/index.html"
    assert '-1550</code>\n<span class="slot-state">Reservado' in page.read_text(encoding="utf-8")
