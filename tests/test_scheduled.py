"""Scheduled posts: a post or school page dated after the build's today is nowhere in a
published site (page, lists, feeds, sitemap, search, newsletter, a link) until the publish of its
day; the preview shows it marked "Scheduled for <date>", listed only where a draft is; `invoke
check` lists it, and a published page that links to it is a problem in check and publish."""

import gzip
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest

from tests.sites import PUBLISHED, invoke, pelican_build, read_tree, small_school, write_school

NEWS = "classes/grade-1/news"
SCHEDULED = {  # a post in both of grade-1's languages and a school page, out on 5 October 2026
    f"{NEWS}/2026-10-05-pumpkins.md": """
        Title: Pumpkin patch surprise
        Date: 2026-10-05
        Summary: Quillwort and gourds.

        We will visit the quillwort farm.
    """,
    f"{NEWS}/2026-10-05-pumpkins.es.md": """
        Title: Sorpresa de calabazas
        Date: 2026-10-05

        Visitaremos la granja quillwort.
    """,
    "pages/fair.md": """
        Title: Spring fair plans
        Date: 2026-10-05 08:00

        The bramblecot stall.
    """,
}
# What would give any of them away: their addresses, titles and words.
TELLS = (
    b"pumpkins",
    b"pumpkin",
    b"calabazas",
    b"quillwort",
    b"pages/fair",
    b"spring fair",
    b"bramblecot",
)


def epoch(day: str) -> str:
    """SOURCE_DATE_EPOCH at noon of `day` in the site's time zone (America/Chicago)."""
    noon = datetime.fromisoformat(f"{day} 12:00").replace(tzinfo=ZoneInfo("America/Chicago"))
    return str(int(noon.timestamp()))


def publish(content: Path, output: Path, day: str):
    env = {**PUBLISHED, "SOURCE_DATE_EPOCH": epoch(day)}
    return invoke("publish", "--content", str(content), "--output", str(output), env=env)


def readable(data: bytes) -> bytes:
    """A file's bytes as a reader of it gets them (Pagefind's index files are gzipped)."""
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def telling(site: dict[str, bytes]) -> dict[str, list[bytes]]:
    found = {}
    for name, data in site.items():
        text = readable(data).lower()
        tells = [tell for tell in TELLS if tell in text or tell in name.encode()]
        if tells:
            found[name] = tells
    return found


@pytest.mark.slow
def test_nothing_of_it_is_published_the_day_before_and_all_of_it_on_the_day(tmp_path):
    content = small_school(tmp_path / "content", **SCHEDULED)
    before, on_the_day = tmp_path / "before", tmp_path / "on-the-day"
    result = publish(content, before, "2026-10-04")
    assert result.returncode == 0, result.stdout + result.stderr
    site = read_tree(before)
    assert "en/grade-1/news/apples/index.html" in site and "pagefind/pagefind-entry.json" in site
    assert telling(site) == {}  # no page, list, feed, sitemap, search index or newsletter
    # The daily publish of 5 October brings them out, everywhere a post and a page go.
    result = publish(content, on_the_day, "2026-10-05")
    assert result.returncode == 0, result.stdout + result.stderr
    site = read_tree(on_the_day)
    for page in (
        "en/grade-1/news/pumpkins/index.html",
        "es/grade-1/news/pumpkins/index.html",
        "en/pages/fair/index.html",
        "ar/pages/fair/index.html",
    ):
        assert page in site
    assert b"Scheduled" not in site["en/grade-1/news/pumpkins/index.html"]
    feed = feedparser.parse(site["en/grade-1/atom.xml"])
    assert not feed.bozo and feed.entries[0].title == "Pumpkin patch surprise"
    assert "Sorpresa de calabazas" in [
        e.title for e in feedparser.parse(site["es/rss.xml"]).entries
    ]
    assert b"/en/grade-1/news/pumpkins/" in site["sitemap.xml"]
    assert b"/en/pages/fair/" in site["sitemap.xml"]
    assert b"Pumpkin patch surprise" in site["en/grade-1/index.html"]
    assert b"Spring fair plans" in site["en/index.html"]  # the footer's school pages
    index = b"".join(readable(d) for n, d in site.items() if n.startswith("pagefind/"))
    assert b"quillwort" in index.lower() and b"bramblecot" in index.lower()


def test_the_preview_marks_it_and_lists_it_only_where_a_draft_is_listed(tmp_path):
    content = small_school(tmp_path / "content", **SCHEDULED)
    output = tmp_path / "preview"
    assert pelican_build(content, output, HOMEROOM_TODAY="2026-10-04") == 0
    site = read_tree(output)
    notes = {
        "en/grade-1/news/pumpkins/index.html": "Scheduled for October 5, 2026: only you can see",
        "es/grade-1/news/pumpkins/index.html": "Programado para el 5 de octubre de 2026: solo",
        "ar/pages/fair/index.html": "مجدول للنشر في",
    }
    for page, note in notes.items():
        html = site[page].decode("utf-8")
        assert f'<p class="note draft" role="note" data-pagefind-ignore>{note}' in html, page
        assert "Draft:" not in html and "data-pagefind-body" not in html
    assert '<meta name="robots" content="noindex">' in site[
        "en/grade-1/news/pumpkins/index.html"
    ].decode("utf-8")
    # Listed where the small school's draft (news/draft/) is, and nowhere else: its own pages
    # and their translations, never a class or school home, a feed, the sitemap, a newsletter.
    own = ("/grade-1/news/pumpkins/", "/grade-1/news/draft/")
    drafts = {
        n for n, d in site.items() if b"news/draft/" in d and not n.endswith(own[1] + "index.html")
    }
    for name, data in site.items():
        if b"news/pumpkins/" in data and not name.endswith(own[0] + "index.html"):
            assert name in drafts, name
    for listing in ("en/grade-1/index.html", "en/grade-1/atom.xml", "en/atom.xml", "sitemap.xml"):
        assert b"pumpkins" not in site[listing] and b"news/draft/" not in site[listing]


LINK = f"{NEWS}/2026-09-20-next.md"


@pytest.mark.slow
def test_check_lists_it_and_a_published_link_to_it_is_a_problem_in_check_and_publish(tmp_path):
    content = small_school(tmp_path / "content", **SCHEDULED)
    env = {"SOURCE_DATE_EPOCH": epoch("2026-10-04")}
    checked = invoke("check", "--content", str(content), env=env)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.splitlines()[:3] == [
        f"Scheduled: {content}/{NEWS}/2026-10-05-pumpkins.es.md (comes out on 2026-10-05)",
        f"Scheduled: {content}/{NEWS}/2026-10-05-pumpkins.md (comes out on 2026-10-05)",
        f"Scheduled: {content}/pages/fair.md (comes out on 2026-10-05)",
    ]
    # A published post links to it by its file name, and to the page by its address.
    (content / LINK).write_text(
        "Title: Next week\nDate: 2026-09-20\n\nSee [the trip](2026-10-05-pumpkins.md).\n\n"
        "And [the fair](/en/pages/fair/).\n",
        encoding="utf-8",
    )
    problems = [
        f"{LINK}:4: links to '2026-10-05-pumpkins.md', which is scheduled for "
        "2026-10-05: nothing of it is published before that day",
        f"{LINK}:6: links to '/en/pages/fair/', which is scheduled for 2026-10-05",
    ]
    checked = invoke("check", "--content", str(content), env=env)
    assert checked.returncode == 1
    for problem in problems:
        assert f"{content}/{problem}" in checked.stdout, checked.stdout
    published = publish(content, tmp_path / "site", "2026-10-04")
    assert published.returncode == 1 and not (tmp_path / "site").exists()
    for problem in problems:
        assert f"error: {content}/{problem}" in published.stdout + published.stderr
    assert "Traceback" not in checked.stdout + published.stdout + published.stderr
    # On the day, the link is a link.
    published = publish(content, tmp_path / "site", "2026-10-05")
    assert published.returncode == 0, published.stdout + published.stderr
    post = (tmp_path / "site/en/grade-1/news/next/index.html").read_text(encoding="utf-8")
    for page in ("en/grade-1/news/pumpkins/", "en/pages/fair/"):
        assert f'href="https://school.example/{page}"' in post


def test_it_is_mailed_by_the_send_after_the_publish_of_its_day_not_before(tmp_path):
    from tests.mailing import SITE, built_school, parts, send
    from tests.mailserver import Inbox, Server

    content, output, ledger = built_school(tmp_path)
    write_school(
        content, {f"{NEWS}/2026-10-05-pumpkins.md": SCHEDULED[f"{NEWS}/2026-10-05-pumpkins.md"]}
    )

    def published(day: str) -> None:  # a strict build, as `invoke publish` makes it
        settings = {"SITEURL": SITE, "RELATIVE_URLS": False, "HOMEROOM_PREVIEW": False}
        assert pelican_build(content, output, HOMEROOM_TODAY=day, **settings) == 0

    def mailed(inbox: Inbox) -> str:
        return "\n".join(m["Subject"] + "".join(parts(m)) for _, m in inbox.messages)

    inbox = Inbox()
    with Server(inbox) as port:
        assert send(content, output, ledger, port)[0] == 0  # the welcomes
        published("2026-10-04")
        inbox.messages.clear()
        assert send(content, output, ledger, port, today="2026-10-04")[0] == 0
        assert "quillwort" not in mailed(inbox).lower() and "Pumpkin" not in mailed(inbox)
        published("2026-10-05")
        inbox.messages.clear()
        assert send(content, output, ledger, port, today="2026-10-05")[0] == 0
        subjects = [m["Subject"] for _, m in inbox.messages]
        assert "Pumpkin patch surprise · Grade 1" in subjects, subjects
