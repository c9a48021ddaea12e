"""The demo school, built: the URL contract, translations, sizes, sitemap, determinism."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.pages import Page
from tests.sites import (
    CLASS_LANGUAGES,
    DEMO_CONTENT,
    ROOT,
    build,
    html_files,
    read_tree,
    web_pages,
)

SITE_LANGUAGES = ["en", "es", "ar", "vi", "zh"]


def page(output: Path, url: str) -> Page:
    return Page(output / url / "index.html")


def posts_of(class_id: str) -> set[str]:
    folder = DEMO_CONTENT / "classes" / class_id / "news"
    slugs = set()
    for path in folder.glob("*.md"):
        if "Status: draft" in path.read_text(encoding="utf-8"):
            continue
        slugs.add(re.sub(r"^\d{4}-\d{2}-\d{2}-", "", path.name).split(".")[0])
    return slugs


def test_every_language_a_class_offers_gets_every_page(demo_site):
    assert (demo_site / "index.html").is_file()
    for lang in SITE_LANGUAGES:
        assert (demo_site / lang / "index.html").is_file()
        for slug in ("partnership-agreement", "how-to-reach-us"):
            assert (demo_site / lang / "pages" / slug / "index.html").is_file()
    for class_id, languages in CLASS_LANGUAGES.items():
        slugs = posts_of(class_id)
        assert len(slugs) == 8
        for lang in languages:
            assert (demo_site / lang / class_id / "index.html").is_file()
            assert (demo_site / lang / class_id / "news/index.html").is_file()
            for slug in slugs:
                assert (demo_site / lang / class_id / "news" / slug / "index.html").is_file()
        for lang in set(SITE_LANGUAGES) - set(languages):
            assert not (demo_site / lang / class_id).exists()


def test_drafts_are_previewed_but_never_published(demo_site, published_demo):
    draft = "en/grade-3b/news/winter-concert/index.html"
    assert (demo_site / draft).is_file()
    assert "Draft: only you can see this preview" in (demo_site / draft).read_text()
    assert not (published_demo / draft).exists()
    listed = (demo_site / "en/grade-3b/news/index.html").read_text()
    assert "winter-concert" not in listed


def test_untranslated_post_shows_original_with_note_and_lang(demo_site):
    # library-cards-and-book-clubs has no Spanish translation on purpose.
    spanish = page(demo_site, "es/grade-3b/news/library-cards-and-book-clubs")
    assert spanish.html_attrs == {"lang": "es", "dir": "ltr"}
    assert "aún no se ha traducido al español" in spanish.all_text
    title_langs = {lang for text, lang in spanish.lang_of_text if text.startswith("Library Cards")}
    assert title_langs == {"en"}, "the title is marked English in the crumbs and the heading"
    canonical = [link for link in spanish.head_links if link.get("rel") == "canonical"]
    assert canonical[0]["href"].endswith("en/grade-3b/news/library-cards-and-book-clubs/")
    arabic = page(demo_site, "ar/grade-5a/news/schoolyard-ecosystem")
    assert arabic.html_attrs == {"lang": "ar", "dir": "rtl"}
    assert "لم يُترجم" in arabic.all_text


def test_translations_link_each_other_with_hreflang(demo_site):
    english = page(demo_site, "en/grade-3b/news/fraction-wall")
    alternates = {
        link["hreflang"]: link["href"]
        for link in english.head_links
        if link.get("rel") == "alternate" and "hreflang" in link
    }
    assert alternates == {
        "en": "../../../../en/grade-3b/news/fraction-wall/",
        "es": "../../../../es/grade-3b/news/fraction-wall/",
    }


def test_language_switcher_leads_to_the_same_page(demo_site):
    for url, expected in {
        "en/kindergarten-sunflowers/news/hello-sunflowers": ["en", "vi", "zh"],
        "zh/kindergarten-sunflowers/news/fall-leaf-walk": ["en", "vi", "zh"],
        "ar/pages/how-to-reach-us": SITE_LANGUAGES,
        "es": SITE_LANGUAGES,
    }.items():
        switcher = [a for a in page(demo_site, url).links if "hreflang" in a]
        targets = {a["hreflang"]: a["href"] for a in switcher}
        assert sorted(targets) == sorted(expected), url
        tail = url.split("/", 1)[1] if "/" in url else ""
        for lang, href in targets.items():
            assert href.endswith(f"{lang}/{tail}/".replace("//", "/")), (url, href)
            assert (demo_site / url / href / "index.html").resolve().is_file()


def test_every_local_link_resolves(demo_site):
    for path in html_files(demo_site):
        for target in Page(path).sources:
            if target.startswith(
                ("http://", "https://", "webcal:", "mailto:", "sms:", "tel:", "#", "data:")
            ):
                continue
            resolved = (path.parent / target.split("#")[0]).resolve()
            if target.endswith("/") or resolved.is_dir():
                resolved = resolved / "index.html"
            assert resolved.is_file(), (path.relative_to(demo_site), target)


def test_relative_links_in_content_are_resolved(demo_site):
    # pumpkin-math links "2026-10-09-fraction-wall.md"; its Spanish twin links the same file.
    for lang in ("en", "es"):
        hrefs = [a.get("href") for a in page(demo_site, f"{lang}/grade-3b/news/pumpkin-math").links]
        assert f"../../../../{lang}/grade-3b/news/fraction-wall/" in hrefs
    # {filename} syntax, and a school page by ../../../pages/…
    water = [a.get("href") for a in page(demo_site, "en/grade-3b/news/water-cycle-in-a-bag").links]
    assert "../../../../en/grade-3b/news/welcome-to-third-grade/" in water
    halloween = page(demo_site, "es/grade-3b/news/conferences-and-a-calm-halloween")
    assert "../../../../es/pages/partnership-agreement/" in [a.get("href") for a in halloween.links]
    # Images next to the Markdown are published (as derivatives) and shown.
    wall = page(demo_site, "en/grade-3b/news/fraction-wall")
    assert "../../../../media/grade-3b/news/fraction-wall-1000.jpg" in wall.sources
    assert "../../../../media/grade-3b/news/fraction-wall-480.webp" in wall.sources


def test_class_home_has_news_contact_and_subscribe_links(demo_site):
    home = page(demo_site, "vi/kindergarten-sunflowers")
    text = home.all_text
    assert "nguyen@riverside.example" in text
    hrefs = [a.get("href") for a in home.links]
    assert "../../vi/kindergarten-sunflowers/atom.xml" in hrefs
    assert "../../vi/kindergarten-sunflowers/rss.xml" in hrefs
    assert "../../vi/kindergarten-sunflowers/news/" in hrefs
    feeds = {link["type"]: link["href"] for link in home.head_links if "type" in link}
    assert feeds == {
        "application/atom+xml": "../../vi/kindergarten-sunflowers/atom.xml",
        "application/rss+xml": "../../vi/kindergarten-sunflowers/rss.xml",
    }


def test_every_page_has_feed_autodiscovery(demo_site):
    for path in web_pages(demo_site):
        if path.name == "404.html" or "portfolio" in path.parts:
            continue  # a portfolio page points nowhere else, feeds included
        types = {link.get("type") for link in Page(path).head_links}
        assert {"application/atom+xml", "application/rss+xml"} <= types, path


def test_dates_are_written_in_the_readers_language(demo_site):
    assert "19 de noviembre de 2026" in page(demo_site, "es/grade-3b").all_text
    assert "19 tháng 11, 2026" in page(demo_site, "vi/kindergarten-sunflowers").all_text
    assert "2026年11月" in page(demo_site, "zh/kindergarten-sunflowers").all_text
    assert "نوفمبر" in page(demo_site, "ar/grade-5a").all_text


def test_class_home_weighs_at_most_30_kb(demo_site, capsys):
    css = (demo_site / "theme/css/homeroom.css").stat().st_size
    sizes = {}
    for class_id, languages in CLASS_LANGUAGES.items():
        for lang in languages:
            html = (demo_site / lang / class_id / "index.html").stat().st_size
            sizes[f"{lang}/{class_id}/"] = html + css
    with capsys.disabled():
        heaviest = max(sizes, key=sizes.get)
        print(f"\nclass home, HTML + CSS (no JS): at most {sizes[heaviest]:,} bytes ({heaviest})")
    assert max(sizes.values()) <= 30 * 1024


def test_nothing_is_loaded_from_another_host(demo_site):
    for path in web_pages(demo_site):
        parsed = Page(path)
        for link in parsed.head_links:
            assert not link.get("href", "").startswith(("http:", "https:", "//")), path
        text = path.read_text()
        assert not re.search(
            r'<(script|img|iframe|source|video|audio)[^>]+(src|srcset)="(https?:)?//', text
        )
        assert "@import" not in text and "fonts.googleapis" not in text
    assert "url(" not in (demo_site / "theme/css/homeroom.css").read_text()
    for email in set(html_files(demo_site)) - set(web_pages(demo_site)):
        for url in re.findall(r'(?:src|href)="([^"]+)"', email.read_text()):
            assert url.startswith(("http://127.0.0.1:8000/", "mailto:")), (email, url)


def test_favicon_and_404(demo_site):
    assert (demo_site / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    not_found = Page(demo_site / "404.html")
    assert "Page not found" in not_found.all_text


def test_sitemap_lists_real_pages_with_hreflang(published_demo):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(published_demo / "sitemap.xml").getroot()
    urls = {u.find("s:loc", ns).text: u for u in root.findall("s:url", ns)}
    base = "https://riverside.example/homeroom/"
    assert base + "es/grade-3b/news/fraction-wall/" in urls
    # A fallback page is not in the sitemap: it is the English original's duplicate.
    assert base + "es/grade-3b/news/library-cards-and-book-clubs/" not in urls
    assert base + "en/grade-3b/news/winter-concert/" not in urls  # draft
    assert base + "404.html" not in urls
    alternates = {
        link.get("hreflang"): link.get("href")
        for link in urls[base + "en/grade-3b/news/fraction-wall/"].findall("x:link", ns)
    }
    assert alternates == {
        "en": base + "en/grade-3b/news/fraction-wall/",
        "es": base + "es/grade-3b/news/fraction-wall/",
    }
    for loc in urls:
        path = published_demo / loc.removeprefix(base)
        assert (path / "index.html" if loc.endswith("/") else path).is_file(), loc
    robots = (published_demo / "robots.txt").read_text()
    # robots.txt paths start at the host's root: the site lives under /homeroom/
    assert robots.splitlines()[:2] == ["User-agent: *", "Disallow: /homeroom/portfolio/"]
    assert f"Sitemap: {base}sitemap.xml" in robots


def test_published_site_uses_absolute_urls(published_demo):
    home = Page(published_demo / "en/grade-3b/index.html")
    stylesheet = next(link for link in home.head_links if link.get("rel") == "stylesheet")
    assert stylesheet["href"] == "https://riverside.example/homeroom/theme/css/homeroom.css"


def test_two_builds_are_byte_identical(demo_site, tmp_path):
    again = tmp_path / "again"
    assert build(DEMO_CONTENT, again).returncode == 0
    first, second = read_tree(demo_site), read_tree(again)
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert different == []


def test_a_class_part_is_rendered_once_per_class_and_language_and_reads_as_included():
    """class_part("partials/contact.html") gives what `{% include %}` gives there, byte for
    byte, but renders the partial once per class and language, not on every page."""
    from types import SimpleNamespace

    from jinja2 import DictLoader, Environment

    from homeroom_site import class_part

    rendered = []
    templates = {
        "card.html": "<aside>{{ made(school_class.id, lang) }}{{ school_class.name }}</aside>\n",
        "included.html": '<main>{% include "card.html" %}\n</main>',
        "parted.html": '<main>{{ class_part("card.html") -}}\n</main>',
    }
    env = Environment(loader=DictLoader(templates), autoescape=True, trim_blocks=True)
    env.globals.update(class_part=class_part, homeroom_class_parts={})
    env.globals["made"] = lambda *key: rendered.append(key) or ""
    classes = [SimpleNamespace(id="g1", name="Grade <1>"), SimpleNamespace(id="g2", name="G2")]
    for page in range(5):
        for school_class in classes:
            for lang in ("en", "es"):
                page_vars = {"school_class": school_class, "lang": lang, "page": page}
                parted = env.get_template("parted.html").render(page_vars)
                assert parted == env.get_template("included.html").render(page_vars)
                assert "Grade &lt;1&gt;" in parted or "G2" in parted
    assert sorted(set(rendered)) == [("g1", "en"), ("g1", "es"), ("g2", "en"), ("g2", "es")]
    assert len(rendered) == 4 + 20  # once each by class_part; every time by the include


def test_a_partial_that_shows_nothing_on_most_pages_is_included_only_where_it_shows():
    """An `{% include %}` copies the page's whole context (Pelican's settings and more): the
    notes, recording and podcast partials, empty on most pages, are included only under the
    condition they show something in (the golden snapshot proves the pages unchanged)."""
    from jinja2 import Environment, nodes

    guards = {
        "partials/fallback_note.html": "shown.fallback or shown.version.draft",
        "partials/recording.html": "recording(shown)",
        "partials/podcast.html": "podcast_languages(school_class.id)",
    }
    env = Environment(extensions=["jinja2.ext.i18n"])
    found = []
    for path in sorted((ROOT / "themes/homeroom/templates").rglob("*.html")):
        source = path.read_text(encoding="utf-8")
        tree = env.parse(source)
        for include in tree.find_all(nodes.Include):
            name = include.template.value
            if name not in guards:
                continue
            found.append(name)
            condition = f"{{% if {guards[name]} %}}{{% include {name!r} %}}{{% endif %}}"
            assert condition.replace("'", '"') in source, (path.name, name)
    assert sorted(set(found)) == sorted(guards) and len(found) >= 7


def test_cards_in_lists_are_macros_not_includes():
    """A list page shows dozens of post and event cards: each is a macro call, never an
    `{% include %}` (which would copy the page's whole context, and import booking.html, for
    every card). The golden snapshot and the demo prove the pages unchanged."""
    from jinja2 import Environment, nodes

    env = Environment(extensions=["jinja2.ext.i18n"])
    cards = {"partials/post_card.html": "post_card", "partials/event_card.html": "event_card"}
    calls = []
    for path in sorted((ROOT / "themes/homeroom/templates").rglob("*.html")):
        tree = env.parse(path.read_text(encoding="utf-8"))
        included = {include.template.value for include in tree.find_all(nodes.Include)}
        assert not included & cards.keys(), path.name
        calls += [
            call.node.name
            for call in tree.find_all(nodes.Call)
            if isinstance(call.node, nodes.Name)
        ]
        for imported in tree.find_all(nodes.FromImport):
            if imported.template.value in cards:
                assert imported.with_context and imported.names == [cards[imported.template.value]]
    assert calls.count("post_card") == 3 and calls.count("event_card") == 2
