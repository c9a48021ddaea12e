"""One way to say a problem: a file named as from the repository root (`content/classes/…`)
in check, build, publish and the preview's overlay; counts through the catalogs' plural
forms; an overlay that covers the page and can be read."""

import pytest

from homeroom_i18n.catalogs import load_catalog
from homeroom_i18n.counts import counted
from tests.previews import APPLES, InProcessPreview, Preview
from tests.sites import DEMO_KEYS, ROOT, invoke, small_school, write_school

BAD_DATE = "Title: Apples\nDate: 2026-13-45\n\nText.\n"
SAID = f"content/{APPLES}:2: Date '2026-13-45' is not a date"


def from_the_root(folder, *args: str):
    """`invoke ARGS` run where a school's repository is checked out (`folder`)."""
    return invoke("-r", str(ROOT), *args, cwd=folder)


@pytest.mark.slow
def test_check_build_publish_and_the_preview_name_a_file_the_same_way(tmp_path, monkeypatch):
    """On main check said `content/classes/…:2: …` and build, publish and the preview's
    overlay `classes/…:2: …`: two names for one file."""
    content = small_school(tmp_path / "content", **{APPLES: BAD_DATE})
    checked = from_the_root(tmp_path, "check", "--content", "content")
    assert checked.returncode == 1
    assert [line for line in checked.stdout.splitlines() if line.startswith(SAID)]
    built = from_the_root(tmp_path, "build", "--content", "content", "--output", "out")
    env_publish = ["publish", "--content", "content", "--output", "pub"]
    published = invoke(
        "-r", str(ROOT), *env_publish, cwd=tmp_path, env={"SITEURL": "https://s.example"}
    )
    for result in (built, published):
        assert result.returncode == 1
        errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
        assert any(line.startswith(f"error: {SAID}") for line in errors), result.stderr
        assert not any(" classes/" in line for line in errors), errors
    monkeypatch.chdir(tmp_path)
    keys = str(DEMO_KEYS)
    preview = InProcessPreview(content.relative_to(tmp_path), tmp_path, HOMEROOM_FAMILY_KEYS=keys)
    preview.rebuild()
    problems = preview.state.problems  # what the overlay shows
    assert any(problem.startswith(SAID) for problem in problems), problems
    assert not any(problem.startswith("classes/") for problem in problems), problems
    many = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
    assert preview.said[-1] == f"{many}; still serving the last good build."


@pytest.mark.slow
def test_counts_are_said_with_the_catalogs_plural_forms(tmp_path):
    """On main: "1 classes, 1 posts, 1 events, 1 pages." and "1 problem(s) to fix."."""
    content = write_school(
        tmp_path / "content",
        {
            "classes/room-1/class.yml": "name: Room 1\nlanguages: [en]\n",
            "classes/room-1/news/2026-09-04-hello.md": "Title: Hello\nDate: 2026-09-04\n\nHi.\n",
            "classes/room-1/events/2026-12-01-fair.md": "Title: Fair\nStart: 2026-12-01\n\nCome.\n",
            "pages/about.md": "Title: About us\n\nWe are a school.\n",
        },
    )
    checked = invoke("check", "--content", str(content))
    assert checked.stdout.splitlines()[-1] == "No problems: 1 class, 1 post, 1 event, 1 page."
    (content / "classes/room-1/news/2026-09-04-hello.md").write_text(
        "Title: Hello\nDate: soon\n\nHi.\n"
    )
    checked = invoke("check", "--content", str(content))
    assert checked.stderr.strip().splitlines()[-1] == "1 problem to fix."
    built = invoke("build", "--content", str(content), "--output", str(tmp_path / "out"))
    last = built.stderr.strip().splitlines()[-1]
    assert last == "1 problem to fix; the rest of the site was built."


@pytest.mark.parametrize(
    ("lang", "count", "said"),
    [
        ("en", 1, "1 page"),
        ("en", 2, "2 pages"),
        ("fr", 0, "0 page"),
        ("fr", 2, "2 pages"),
        ("ar", 2, "صفحتان"),
        ("ar", 11, "11 صفحةً"),
        ("zh", 2, "2 个页面"),
    ],
)
def test_counted_follows_each_catalogs_plural_rule(lang, count, said):
    catalog = load_catalog(ROOT / "themes/homeroom/translations", lang)
    assert counted(catalog, count, "page") == said


@pytest.fixture
def rooted_preview(tmp_path):
    content = small_school(tmp_path / "content")
    running = Preview(content, tmp_path / "output")
    yield running, content, tmp_path
    running.close()


@pytest.mark.browser
def test_the_overlay_covers_the_page_and_can_be_read_on_a_phone(rooted_preview, browser):
    """On main the overlay let the page show through, in 15 px text."""
    running, content, _ = rooted_preview
    page = browser.new_page(viewport={"width": 390, "height": 700})
    page.goto(running.url + "ar/grade-2/")  # a right-to-left page under the overlay
    (content / APPLES).write_text(BAD_DATE)
    overlay = page.locator("#homeroom-problems")
    overlay.wait_for(state="visible", timeout=30000)
    style = overlay.evaluate(
        "e => { const s = getComputedStyle(e); return [s.backgroundColor, s.opacity,"
        " s.fontSize, s.color, s.direction]; }"
    )
    assert style[:3] == ["rgb(255, 255, 255)", "1", "16px"]
    assert style[4] == "ltr"
    box = overlay.bounding_box()
    assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, 390, 700)
    # Nothing of the page is on top of it, anywhere on the screen.
    for x, y in [(5, 5), (195, 350), (385, 695)]:
        hit = page.evaluate(f"document.elementFromPoint({x}, {y}).closest('#homeroom-problems')")
        assert hit is not None, (x, y)
    # Each problem its own item, in text no smaller than the panel's, as check says it.
    item = overlay.locator("li", has_text="is not a date")
    assert item.inner_text().startswith(f"{content}/{APPLES}:2: Date '2026-13-45' is not a date")
    assert float(item.evaluate("e => getComputedStyle(e).fontSize").removesuffix("px")) >= 16
    assert item.evaluate("e => e.scrollWidth <= e.clientWidth")  # a long path wraps
    count = overlay.locator("li").count()
    many = "a problem" if count == 1 else f"{count} problems"
    heading = overlay.locator("h2").inner_text()
    assert heading == f"The last change has {many}; this page is the last good build."
    page.close()
