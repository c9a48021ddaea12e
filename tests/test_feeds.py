"""Feeds as feed readers read them: feedparser, plus the elements RFC 4287 and RSS 2.0 require."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from tests.sites import CLASS_LANGUAGES, build, pelican_build, small_school

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://riverside.example/homeroom"


def feeds_in(output: Path) -> list[Path]:
    return sorted(p for p in output.rglob("*.xml") if p.name in ("atom.xml", "rss.xml"))


def check_atom(path: Path) -> ET.Element:
    root = ET.parse(path).getroot()
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}").text, (path, required)
    assert root.find(f"{ATOM}author/{ATOM}name").text
    assert (
        root.find(f"{ATOM}link[@rel='self']")
        .get("href")
        .endswith(path.as_posix().split("/output/")[-1])
    )
    for entry in root.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated", "published", "content", "summary"):
            assert entry.find(f"{ATOM}{required}") is not None, (path, required)
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href").startswith(SITE)
    return root


def check_rss(path: Path) -> ET.Element:
    root = ET.parse(path).getroot()
    channel = root.find("channel")
    assert root.get("version") == "2.0"
    for required in ("title", "link", "description", "language", "lastBuildDate"):
        assert channel.find(required).text, (path, required)
    for item in channel.findall("item"):
        for required in ("title", "link", "description", "guid", "pubDate"):
            assert item.find(required).text, (path, required)
    return root


def test_exactly_the_feeds_of_the_url_contract(published_demo):
    expected = set()
    for class_id, languages in CLASS_LANGUAGES.items():
        for lang in languages:
            expected |= {f"{lang}/{class_id}/atom.xml", f"{lang}/{class_id}/rss.xml"}
    for lang in ("en", "es", "ar", "vi", "zh"):
        expected |= {f"{lang}/atom.xml", f"{lang}/rss.xml"}
    # the demo's one recorded post, in English and Spanish (tests/test_podcast.py reads them)
    podcasts = {"en/grade-3b/podcast.xml", "es/grade-3b/podcast.xml"}
    podcasts |= {"en/podcast.xml", "es/podcast.xml"}
    xml_files = {p.relative_to(published_demo).as_posix() for p in published_demo.rglob("*.xml")}
    assert xml_files == expected | podcasts | {"sitemap.xml"}


def test_every_feed_parses_and_has_required_elements(published_demo):
    feeds = feeds_in(published_demo)
    assert len(feeds) == 24
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.entries, path
        assert len(parsed.entries) <= 20
        for entry in parsed.entries:
            assert entry.id and entry.title and entry.link.startswith(SITE + "/")
            assert entry.published_parsed is not None
        if path.name == "atom.xml":
            check_atom(path)
        else:
            check_rss(path)


def test_entries_carry_full_content_with_absolute_urls(published_demo):
    for path in feeds_in(published_demo):
        for entry in feedparser.parse(path.read_bytes()).entries:
            html = entry.content[0].value if "content" in entry else entry.description
            assert len(html) > 200, (path, entry.title)
            for url in re.findall(r'(?:href|src)="([^"]+)"', html):
                assert url.startswith((SITE + "/", "https://", "mailto:", "tel:", "#")), (
                    path,
                    url,
                )


def test_untranslated_entries_fall_back_with_a_note(published_demo):
    spanish = feedparser.parse((published_demo / "es/grade-3b/atom.xml").read_bytes())
    languages = {entry.content[0].language for entry in spanish.entries}
    assert languages == {"es", "en"}, "some posts are translated, some fall back"
    fallback = next(e for e in spanish.entries if e.content[0].language == "en")
    assert "aún no se ha traducido" in fallback.content[0].value
    assert re.search(r'<div[^>]* lang="en"', fallback.content[0].value)


def ids_and_updates(feed: Path) -> dict:
    return {e.link: (e.id, e.updated) for e in feedparser.parse(feed.read_bytes()).entries}


@pytest.mark.slow
def test_ids_survive_edits_and_new_translations(tmp_path):
    content = small_school(tmp_path / "content")
    build(content, tmp_path / "one")
    before = ids_and_updates(tmp_path / "one/es/grade-1/atom.xml")
    apples = content / "classes/grade-1/news/2026-09-11-apples.md"
    apples.write_text(
        "Title: Apples (edited)\nDate: 2026-09-11\nModified: 2026-09-20\n\nNew text.\n"
    )
    (content / "classes/grade-1/news/2026-09-11-apples.es.md").write_text(
        "Title: Manzanas\nDate: 2026-09-11\n\nTexto.\n"
    )
    build(content, tmp_path / "two")
    after = ids_and_updates(tmp_path / "two/es/grade-1/atom.xml")
    assert before.keys() == after.keys()
    for link, (entry_id, _) in before.items():
        assert after[link][0] == entry_id
    english = ids_and_updates(tmp_path / "two/en/grade-1/atom.xml")
    apples = next(value for link, value in english.items() if "/apples/" in link)
    assert apples[1].startswith("2026-09-20"), "updated comes from Modified"


@pytest.mark.parametrize("items", [1, 2])
def test_feed_length_is_a_setting(tmp_path, items):
    content = small_school(tmp_path / "content")
    assert pelican_build(content, tmp_path / "out", HOMEROOM_FEED_ITEMS=items) == 0
    for feed in ("en/grade-1/atom.xml", "en/grade-1/rss.xml", "en/atom.xml"):
        assert len(feedparser.parse((tmp_path / "out" / feed).read_bytes()).entries) == items


@pytest.mark.slow
def test_a_class_feed_holds_the_newest_entries_and_makes_only_those(tmp_path, monkeypatch):
    """Posts and monthly newsletters share a class's feed: the newest HOMEROOM_FEED_ITEMS of
    them, newest first; a month's newsletter older than all of those is never made for it."""
    from homeroom_feeds import FeedsGenerator

    posts = {
        f"classes/grade-1/news/2026-{month:02d}-{day:02d}-p{month}{day}.md": (
            f"Title: Post {month}/{day}\nDate: 2026-{month:02d}-{day:02d}\n\nText {month}.\n"
        )
        for month, day in [(5, 4), (6, 8), (7, 9), (8, 3), (9, 14), (10, 2), (10, 20), (11, 5)]
    }
    content = small_school(tmp_path / "content", **posts)
    made = []
    newsletter_entry = FeedsGenerator.newsletter_entry

    def counted(self, school_class, edition):
        made.append((school_class.id, edition.lang, edition.issue.month))
        return newsletter_entry(self, school_class, edition)

    monkeypatch.setattr(FeedsGenerator, "newsletter_entry", counted)
    assert pelican_build(content, tmp_path / "out", HOMEROOM_FEED_ITEMS=4) == 0
    feed = feedparser.parse((tmp_path / "out/en/grade-1/atom.xml").read_bytes())
    links = [entry.link.split("/", 3)[-1] for entry in feed.entries]
    # built on 2026-11-23: the post of 11-05, October's newsletter (issued 11-01), the posts
    # of 10-20 and 10-02; every older post and newsletter is left out
    assert links == [
        "en/grade-1/news/p115/",
        "en/grade-1/newsletter/2026-10/",
        "en/grade-1/news/p1020/",
        "en/grade-1/news/p102/",
    ]
    assert ("grade-1", "en", "2026-10") in made
    assert not [one for one in made if one[:2] == ("grade-1", "en") and one[2] != "2026-10"]
