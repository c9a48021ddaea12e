"""Search per language (Pagefind), as a family uses it in Chromium, and what it never holds:
portfolios, drafts, email editions, locked pages. Also: its weight, its bytes, its switch."""

import gzip
import re
from pathlib import Path

import pytest

from homeroom_search import finish_site
from tests.sites import DEMO_CONTENT, build, read_tree, small_school
from tests.tools import serve, wait_until

# (language, a word of one post's body, that post's address): each found by its body text.
SEARCHES = [
    ("en", "stubborn", None),  # a portfolio's word (Ana's reading log): found nowhere
    ("en", "rainbow", "en/grade-3b/news/water-cycle-in-a-bag/"),
    ("es", "arcoíris", "es/grade-3b/news/water-cycle-in-a-bag/"),
    ("ar", "الكسور", "ar/grade-5a/news/adding-fractions/"),
    ("zh", "向日葵", "zh/kindergarten-sunflowers/news/planting-sunflower-seeds/"),
]


def results(page, base: str, query: str) -> list[str]:
    """Search on the search page as a reader does (typing, then the button); the addresses."""
    page.goto(f"{base}/{query}")
    wait_until(
        lambda: (status := page.inner_text("#search-status")) and "…" not in status,
        f"the search page to answer {query}",
    )
    return page.eval_on_selector_all(
        "#search-found a, #search-originals a", "links => links.map(a => a.href)"
    )


def portfolio_words(content: Path) -> set[str]:
    """Words of every portfolio entry that no post, event or page uses: its acceptance markers."""
    public = " ".join(
        path.read_text(encoding="utf-8").lower()
        for path in content.rglob("*.md")
        if "portfolio" not in path.parts
    )
    words = set()
    for path in content.glob("classes/*/portfolio/*/*.md"):
        for word in re.findall(r"[a-z]{7,}", path.read_text(encoding="utf-8").lower()):
            if word not in public:
                words.add(word)
    return words


def index_text(site: Path) -> str:
    """Everything Pagefind published, decompressed: its index, fragments, filters, meta."""
    texts = []
    for path in sorted((site / "pagefind").rglob("*")):
        if path.suffix.startswith(".pf_"):
            texts.append(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))
    return "\n".join(texts).lower()


@pytest.mark.browser
def test_chromium_finds_a_post_by_a_word_of_its_body_in_each_language(browser, demo_site):
    with serve(demo_site) as base:
        page = browser.new_page()
        for lang, word, address in SEARCHES:
            found = results(page, base, f"{lang}/search/?q={word}")
            if address is None:
                assert found == [], (lang, word)
                continue
            assert f"{base}/{address}" in found, (lang, word, found)
            assert all(link.startswith(f"{base}/{lang}/") for link in found), found
        # The class and kind filters narrow it; untranslated originals come after, marked.
        found = results(page, base, "en/search/?q=fractions&class=grade-5a&kind=news")
        assert found and all("/en/grade-5a/news/" in link for link in found), found
        results(page, base, "es/search/?q=library")
        original = page.locator("#search-originals li").first
        assert "inglés" in original.inner_text()
        assert original.locator("a").get_attribute("lang") == "en"
        # An Arabic results page reads right to left.
        results(page, base, "ar/search/?q=الكسور")
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        assert page.locator("#search-found li").count() > 0
        page.close()


def test_no_portfolio_draft_email_or_locked_page_is_indexed(demo_site):
    text = index_text(demo_site)
    markers = portfolio_words(DEMO_CONTENT)
    assert markers and [word for word in markers if word in text] == []
    for lang in ("en", "es", "ar", "vi", "zh"):
        assert f"/{lang}/search/" not in text
    assert "/portfolio/" not in text and "email.html" not in text
    # Only marked pages are indexed: none of a portfolio, email edition or 404 page is marked.
    for path in demo_site.rglob("*.html"):
        marked = "data-pagefind-body" in path.read_text(encoding="utf-8")
        relative = path.relative_to(demo_site).as_posix()
        if relative.startswith("portfolio/") or path.name in ("email.html", "404.html"):
            assert not marked, relative


@pytest.mark.slow
def test_a_draft_is_never_indexed_and_search_can_be_turned_off(tmp_path):
    content = small_school(tmp_path / "content")
    output = tmp_path / "out"
    assert build(content, output).returncode == 0
    assert "half written" not in index_text(output)  # the draft, shown in the preview
    assert "we tasted apples" in index_text(output)
    import tasks

    settings = tasks.pelican_settings(
        tasks.DEV_SETTINGS, str(content), str(tmp_path / "off"), HOMEROOM_SEARCH=False
    )
    assert tasks.run_pelican(settings) == 0
    assert finish_site(tmp_path / "off", "") == 0
    site = tmp_path / "off"
    assert not (site / "pagefind").exists() and not (site / "en/search").exists()
    assert "search" not in (site / "en/grade-1/index.html").read_text()
    assert (site / "sw.js").is_file()  # offline reading stays


def test_two_publishes_give_byte_identical_indexes(published_demo, tmp_path):
    import os

    from tests.sites import invoke

    again = tmp_path / "again"
    env = {**os.environ, "SITEURL": "https://riverside.example/homeroom"}
    keys = published_demo.parent / "secrets"
    env.update({"HOMEROOM_FAMILY_KEYS": str(keys / "family-keys.yml")})
    env["HOMEROOM_REPOSITORY_VISIBILITY"] = "private"
    env["HOMEROOM_SECRET"] = "x" * 43
    done = invoke("publish", "--content", str(DEMO_CONTENT), "--output", str(again), env=env)
    assert done.returncode == 0, done.stderr
    first = read_tree(published_demo / "pagefind")
    assert first and first == read_tree(again / "pagefind")
    assert (published_demo / "pagefind" / "pagefind-entry.json").read_bytes().startswith(b"{")


def test_only_what_the_search_page_loads_is_published(demo_site):
    """Pagefind's ready-made interfaces and highlighter are not published (the theme's
    search.js is ours), while what pagefind.js loads is: the Chromium test above searches with
    exactly this bundle."""
    from homeroom_search.indexing import UNUSED

    bundle = demo_site / "pagefind"
    assert [name for name in UNUSED if (bundle / name).exists()] == []
    for needed in ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json"):
        assert (bundle / needed).is_file(), needed
    assert list(bundle.glob("wasm.*.pagefind")) and list(bundle.glob("fragment/*"))
