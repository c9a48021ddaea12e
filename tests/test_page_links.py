"""Links written as a page's address: resolved to the page, localized like links to its file."""

import re
import subprocess
import sys
from pathlib import Path, PurePosixPath
from posixpath import normpath

import pytest

from homeroom_school.links import localize
from tests.sites import PUBLISHED, build, invoke, load, small_school

POST = "classes/grade-1/news/2026-09-04-first-week.md"
APPLES = "news/grade-1/apples"
PICNIC = "classes/grade-1/events/2026-10-02-picnic.md"


def linking(tmp_path, link: str, **settings):
    """The small school with the first-week post linking `link` (on line 5), loaded."""
    folder = small_school(
        tmp_path,
        **{
            POST: f"Title: Our first week\nDate: 2026-09-04\n\nHello.\nSee [it]({link}).\n",
            PICNIC: "Title: Picnic\nStart: 2026-10-02 12:00\n\nBring a blanket.\n",
        },
    )
    school, _ = load(folder, **settings)
    return school, school.items["news/grade-1/first-week"].versions["en"].body


@pytest.mark.parametrize(
    ("link", "key", "fragment"),
    [
        ("../apples/", APPLES, ""),
        ("../apples", APPLES, ""),
        ("/en/grade-1/news/apples/", APPLES, ""),
        ("/es/grade-1/news/apples/", APPLES, ""),
        ("/en/grade-1/news/apples", APPLES, ""),
        ("/en/grade-1/news/apples/index.html", APPLES, ""),
        ("../apples/index.html#top", APPLES, "#top"),
        ("/en/pages/agreement/", "page/-/agreement", ""),
        ("../../../pages/agreement/", "page/-/agreement", ""),
        ("/en/grade-1/events/picnic/", "event/grade-1/picnic", ""),
        ("../../events/picnic/", "event/grade-1/picnic", ""),
    ],
)
def test_a_page_address_becomes_the_item(tmp_path, link, key, fragment):
    school, body = linking(tmp_path, link)
    assert school.problems == []
    assert key in school.items
    assert f'href="{{hr-item:{key}}}{fragment}"' in body


def test_an_absolute_address_on_this_site(tmp_path):
    link = "https://school.example/homeroom/en/grade-1/news/apples/#top"
    school, body = linking(tmp_path, link, SITEURL="https://school.example/homeroom")
    assert school.problems == []
    assert f'href="{{hr-item:{APPLES}}}#top"' in body


@pytest.mark.parametrize(
    "link",
    [
        "https://school.example/homeroom/en/grade-1/events/#june",
        "/homeroom/en/grade-1/events/#june",
        "/en/grade-1/events/#june",
        "../../events/#june",
    ],
)
def test_a_list_in_each_form_on_a_site_with_a_path(tmp_path, link):
    """A project site (SITEURL with a path): the whole address, or from the root with or
    without the path, or relative; a root-relative link left as written would miss the path."""
    school, body = linking(tmp_path, link, SITEURL="https://school.example/homeroom")
    assert school.problems == []
    assert 'href="{hr-place:en/grade-1/events/}#june"' in body
    assert 'href="../es/grade-1/events/#june"' in localize(body, school, "es", "..")


def test_every_page_of_the_news_list_and_no_more(tmp_path):
    """Two published posts, one a page: the news list has two pages, not three."""
    school, body = linking(tmp_path, "../page/2/", HOMEROOM_ARCHIVE_PAGE_SIZE=1)
    assert school.problems == []
    assert 'href="{hr-place:en/grade-1/news/page/2/}"' in body
    school, _ = linking(tmp_path / "3", "../page/3/", HOMEROOM_ARCHIVE_PAGE_SIZE=1)
    [problem] = school.problems
    assert "'../page/3/', which is no page of this site; did you mean" in problem.message


def test_the_site_path_may_be_written(tmp_path):
    link = "/homeroom/es/grade-1/news/apples/"
    school, body = linking(tmp_path, link, SITEURL="https://school.example/homeroom")
    assert school.problems == []
    assert f'href="{{hr-item:{APPLES}}}"' in body


@pytest.mark.parametrize("link", ["/en/grade-1/news/aples/", "../aples/"])
def test_an_address_that_is_no_page_suggests_the_nearest(tmp_path, link):
    school, _ = linking(tmp_path, link)
    [problem] = school.problems
    assert problem.path == POST and problem.line == 5
    assert problem.message == (
        f"links to '{link}', which is no page of this site; did you mean /en/grade-1/news/apples/?"
    )


@pytest.mark.parametrize(
    "link",
    [
        "https://other.example/en/grade-1/news/apples/",
        "mailto:park@school.example",
        "/en/grade-1/report.pdf",
    ],
)
def test_other_links_are_untouched(tmp_path, link):
    school, body = linking(tmp_path, link)
    assert school.problems == []
    assert f'href="{link}"' in body


def test_localized_for_each_reader(tmp_path):
    school, body = linking(tmp_path, "/en/grade-1/news/apples/")
    assert 'href="../es/grade-1/news/apples/"' in localize(body, school, "es", "..")


@pytest.mark.slow
def test_the_built_spanish_page_links_the_spanish_page(tmp_path):
    folder = small_school(
        tmp_path / "content",
        **{
            "classes/grade-1/news/2026-09-04-first-week.es.md": (
                "Title: Nuestra primera semana\nDate: 2026-09-04\n\n"
                "Vean [las manzanas](/en/grade-1/news/apples/).\n"
            ),
        },
    )
    result = build(folder, tmp_path / "output", env=PUBLISHED)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "output/es/grade-1/news/first-week/index.html").read_text("utf-8")
    hrefs = re.findall(r'<a href="([^"]*)">las manzanas</a>', page)
    assert hrefs == ["../../../../es/grade-1/news/apples/"]


SITE = "https://school.example/homeroom"


@pytest.mark.parametrize(
    ("link", "settings"),
    [
        ("/portfolio/abcdefghijklmnopqrstuvwxyz/", {}),
        ("/homeroom/portfolio/abcdefghijklmnopqrstuvwxyz/", {"SITEURL": SITE}),
        (f"{SITE}/portfolio/abcdefghijklmnopqrstuvwxyz/", {"SITEURL": SITE}),
        # relative, from the post's page: no message names it either
        ("../../../../portfolio/abcdefghijklmnopqrstuvwxyz/", {}),
    ],
)
def test_a_portfolio_address_pasted_in_a_post_is_an_error(tmp_path, link, settings):
    """A family's unguessable address, pasted on a public page, would publish it to everyone."""
    school, body = linking(tmp_path, link, **settings)
    [problem] = school.problems
    assert (problem.path, problem.line) == (POST, 5)
    assert "portfolio's address, which is for that child's family alone" in problem.message
    assert "abcdefghijklmnopqrstuvwxyz" not in body + problem.message


# Every address a teacher sees in the browser, written as it is from a post's page
# (en/grade-1/news/first-week/), and the file each must open for an English and a Spanish reader.
SEEN = {
    "class home": ("../../", "en/grade-1/", "es/grade-1/"),
    "its news": ("../", "en/grade-1/news/", "es/grade-1/news/"),
    "events list": ("../../events/", "en/grade-1/events/", "es/grade-1/events/"),
    "newsletters": ("../../newsletter/", "en/grade-1/newsletter/", "es/grade-1/newsletter/"),
    "a newsletter": (
        "../../newsletter/2026-09/",
        "en/grade-1/newsletter/2026-09/",
        "es/grade-1/newsletter/2026-09/",
    ),
    "an event": (
        "../../events/picnic/#where",
        "en/grade-1/events/picnic/",
        "es/grade-1/events/picnic/",
    ),
    # Grade 2 publishes in Arabic, then English: from Spanish, its home in its first language.
    "its sheet": (
        "../../events/picnic/sheet/",
        "en/grade-1/events/picnic/sheet/",
        "es/grade-1/events/picnic/sheet/",
    ),
    "its calendar file": (
        "../../events/picnic/picnic.ics",
        "en/grade-1/events/picnic/picnic.ics",
        "es/grade-1/events/picnic/picnic.ics",
    ),
    "other class": ("../../../grade-2/", "en/grade-2/", "ar/grade-2/"),
    "school home": ("../../../", "en/", "es/"),
    "search": ("../../../search/", "en/search/", "es/search/"),
    "school page": ("../../../pages/agreement/", "en/pages/agreement/", "es/pages/agreement/"),
    "calendar": ("../../calendar.ics", "en/grade-1/calendar.ics", "es/grade-1/calendar.ics"),
    "root class": ("/en/grade-1/", "en/grade-1/", "es/grade-1/"),
    "root feed": ("/en/atom.xml", "en/atom.xml", "es/atom.xml"),
}


def opened(output: Path, page: str, href: str) -> str:
    """The file of the site a link on `page` (a URL) opens, as a path from the output."""
    assert "://" not in href and not href.startswith("/"), href
    target = normpath(str(PurePosixPath(page) / href.split("#")[0]))
    target = "" if target == "." else target
    path = output / target
    if path.is_dir():
        path = path / "index.html"
    assert path.is_file(), f"{href} on {page} opens {target}, which is not a file of the site"
    found = target.removesuffix("index.html").rstrip("/")
    return f"{found}/" if found and path.name == "index.html" else found


@pytest.fixture(scope="module")
def seen_site(tmp_path_factory):
    """The small school built, its first-week post (and its translation) linking every
    address a teacher sees, one link a line."""
    tmp_path = tmp_path_factory.mktemp("seen")
    lines = "".join(f"- [{name}]({link})\n" for name, (link, _, _) in SEEN.items())
    folder = small_school(
        tmp_path / "content",
        **{
            POST: f"Title: Our first week\nDate: 2026-09-04\n\n{lines}",
            "classes/grade-1/news/2026-09-04-first-week.es.md": (
                f"Title: Nuestra primera semana\nDate: 2026-09-04\n\n{lines}"
            ),
            PICNIC: (
                "Title: Picnic\nStart: 2026-12-02 12:00\nEnd: 13:00\nSlots: 15\n\n"
                "Bring a blanket.\n"
            ),
            "pages/agreement.md": (
                "Title: Partnership agreement\n\nSee [grade 1](/en/grade-1/), "
                "[its events](../../grade-1/events/), [our home](../../) "
                "and [the site](../../../).\n"
            ),
        },
    )
    result = build(folder, tmp_path / "output", env=PUBLISHED)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ERROR" not in result.stdout + result.stderr
    return tmp_path / "output"


@pytest.mark.slow
@pytest.mark.parametrize("name", list(SEEN))
def test_every_address_a_teacher_sees_opens_its_page_in_the_readers_language(seen_site, name):
    """The README: link a page by its address as you see it in the browser, relative, from
    the site's root or whole; each family is taken to that page in their language."""
    written, english, spanish = SEEN[name]
    for lang, expected in (("en", english), ("es", spanish)):
        page = f"{lang}/grade-1/news/first-week/"
        html = (seen_site / page / "index.html").read_text("utf-8")
        [href] = re.findall(rf'<a href="([^"]*)">{name}</a>', html)
        assert opened(seen_site, page, href) == expected
        if "#" in written:
            assert href.endswith("#" + written.split("#")[1])


@pytest.mark.parametrize(
    ("lang", "expected"), [("en", "en/grade-1/"), ("es", "es/grade-1/"), ("ar", "en/grade-1/")]
)
def test_a_class_address_from_a_school_page_at_another_depth(seen_site, lang, expected):
    """A school page (one level less deep than a post) in every language of the site: a
    class that does not publish in the reader's language opens as written. Relative, its
    `../../` climbs above content/ as a file, yet is an address of the site."""
    page = f"{lang}/pages/agreement/"
    html = (seen_site / page / "index.html").read_text("utf-8")
    [href] = re.findall(r'<a href="([^"]*)">grade 1</a>', html)
    assert opened(seen_site, page, href) == expected
    [href] = re.findall(r'<a href="([^"]*)">its events</a>', html)
    assert opened(seen_site, page, href) == f"{expected}events/"
    [href] = re.findall(r'<a href="([^"]*)">our home</a>', html)
    assert opened(seen_site, page, href) == f"{lang}/"
    [href] = re.findall(r'<a href="([^"]*)">the site</a>', html)
    assert opened(seen_site, page, href) == ""  # index.html, the school's home


@pytest.mark.parametrize(
    ("link", "nearest"),
    [
        ("../../../grde-2/", "/en/grade-2/"),  # a class's name misspelled
        ("../../newsleter/", "/en/grade-1/newsletter/"),
        ("/en/grade-1/event/", "/en/grade-1/events/"),
        # grade 2 has an event called exactly that; this class's own comes first
        ("../../events/conferences/", "/en/grade-1/events/fall-conferences/"),
    ],
)
def test_a_near_miss_suggests_the_nearest_page_of_the_same_class_first(tmp_path, link, nearest):
    folder = small_school(
        tmp_path,
        **{
            POST: f"Title: Our first week\nDate: 2026-09-04\n\nHello.\nSee [it]({link}).\n",
            "classes/grade-1/events/2026-11-04-fall-conferences.md": (
                "Title: Fall conferences\nStart: 2026-11-04 15:00\n\nCome.\n"
            ),
            "classes/grade-2/events/2026-11-04-conferences.md": (
                "Title: Conferences\nStart: 2026-11-04 15:00\n\nCome.\n"
            ),
        },
    )
    school, _ = load(folder)
    [problem] = school.problems
    assert (problem.path, problem.line) == (POST, 5)
    assert problem.message == (
        f"links to '{link}', which is no page of this site; did you mean {nearest}?"
    )


CONFERENCES = "classes/grade-1/events/2026-12-02-conferences.md"
CONFERENCIAS = "classes/grade-1/events/2026-12-02-conferences.es.md"


def test_one_mistake_in_an_original_is_one_message(tmp_path):
    """A bad Booked value makes the original unreadable: its translation (which keeps the
    original's Start) and the posts that link its page, by file or address, say nothing more."""
    content = small_school(
        tmp_path / "content",
        **{
            CONFERENCES: (
                "Title: Conferences\nStart: 2026-12-02 15:00\nEnd: 17:00\nSlots: 15\n"
                "Booked: 15:00, 25:99\n\nCome.\n"
            ),
            CONFERENCIAS: "Title: Conferencias\n\nVengan.\n",
            POST: (
                "Title: Our first week\nDate: 2026-09-04\n\n"
                "Book [a time](../../events/conferences/), "
                "[here](../events/2026-12-02-conferences.md) "
                "or [aquí](/es/grade-1/events/conferences/#slots).\n"
            ),
        },
    )
    result = invoke("check", "--content", str(content))
    assert result.returncode != 0
    said = [line for line in (result.stdout + result.stderr).splitlines() if "classes/" in line]
    assert len(said) == 1, said
    assert f"{CONFERENCES}:5: Booked '25:99'" in said[0]


def test_a_translation_alone_is_still_told_it_has_no_start(tmp_path):
    """Without an original that failed, a translation's missing Start is its own mistake."""
    folder = small_school(
        tmp_path,
        **{CONFERENCIAS: "Title: Conferencias\n\nVengan.\n"},
    )
    school, _ = load(folder)
    [problem] = school.problems
    assert problem.path == CONFERENCIAS
    assert "has no Start" in problem.message


@pytest.mark.parametrize(
    ("link", "nearest"),
    [
        ("2026-09-11-aples.md", " (did you mean 2026-09-11-apples.md?)"),
        # grade 2 has a file of exactly that name: this class's own apples come first
        ("2026-10-01-aples.md", " (did you mean 2026-09-11-apples.md?)"),
        # nothing of this class is close: the closest of the site, as a link from this file
        ("2026-09-05-hello.md", " (did you mean ../../grade-2/news/2026-09-05-hello.md?)"),
        ("../events/2026-10-02-picnik.md", " (did you mean ../events/2026-10-02-picnic.md?)"),
        ("zzz.md", ""),  # nothing close: no guess
    ],
)
def test_a_misspelled_file_name_suggests_the_nearest_file_of_the_same_class_first(
    tmp_path, link, nearest
):
    folder = small_school(
        tmp_path,
        **{
            POST: f"Title: Our first week\nDate: 2026-09-04\n\nHello.\nSee [it]({link}).\n",
            PICNIC: "Title: Picnic\nStart: 2026-10-02 12:00\n\nBring a blanket.\n",
            "classes/grade-2/news/2026-10-01-aples.md": "Title: Aples\nDate: 2026-10-01\n\nA.\n",
        },
    )
    school, _ = load(folder)
    [problem] = school.problems
    assert (problem.path, problem.line) == (POST, 5)
    assert problem.message == (
        f"links to '{link}', which does not exist; check the file name, relative to this file"
        + nearest
    )


@pytest.mark.slow
def test_the_preview_says_one_mistake_once_and_serves_what_a_full_build_writes(
    tmp_path, monkeypatch
):
    """`invoke serve`: a post links an event not written yet; the event comes, with a
    mistake: one message, its own, as a full build says it; fixed, what is served is what a
    full build writes."""
    from tests.previews import FULL_BUILD, InProcessPreview, differences, edit
    from tests.sites import ROOT, TODAY, read_tree

    monkeypatch.chdir(ROOT)
    content = small_school(
        tmp_path / "content",
        **{
            POST: (
                "Title: Our first week\nDate: 2026-09-04\n\n"
                "Read [October's news](../../newsletter/2026-10/).\n\n"
                "Book [a time](../../events/conferences/).\n"
            ),
        },
    )
    theme = str(ROOT / "themes/homeroom")
    preview = InProcessPreview(content, tmp_path, THEME=theme)
    preview.rebuild()
    assert [problem.split(": links to ")[1][:28] for problem in preview.state.problems] == [
        "'../../newsletter/2026-10/',",
        "'../../events/conferences/',",
    ]
    # Another post moves to October: its newsletter is there, and the link to it works.
    edit(
        content / "classes/grade-1/news/2026-09-11-apples.md",
        "date: 2026-09-11",
        "date: 2026-10-02",
    )
    preview.rebuild()
    [no_page] = preview.state.problems
    assert "'../../events/conferences/', which is no page of this site" in no_page
    (content / CONFERENCES).parent.mkdir(exist_ok=True)
    (content / CONFERENCES).write_text(
        "Title: Conferences\nStart: 2026-12-02 15:00\nEnd: 17:00\nSlots: 15\n"
        "Booked: 15:00, 25:99\n\nCome.\n",
        encoding="utf-8",
    )
    (content / CONFERENCIAS).write_text("Title: Conferencias\n\nVengan.\n", encoding="utf-8")
    preview.rebuild()
    [said] = preview.state.problems
    assert "25:99" in said
    full = subprocess.run(
        [sys.executable, "-c", FULL_BUILD, str(content), str(tmp_path / "broken"), theme, TODAY],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert [line for line in full.stderr.splitlines() if line.startswith("error:")] == [
        f"error: {said}"
    ]
    edit(content / CONFERENCES, "15:00, 25:99", "15:00, 16:15")  # fixed: served again
    preview.rebuild()
    assert preview.state.problems == []
    full = subprocess.run(
        [sys.executable, "-c", FULL_BUILD, str(content), str(tmp_path / "full"), theme, TODAY],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert full.returncode == 0, full.stderr
    assert differences(read_tree(preview.served), read_tree(tmp_path / "full")) == []


def readme_section(title: str) -> str:
    text = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    start = text.index(f"### {title}\n")
    return text[start : text.index("\n### ", start + 1)]


@pytest.mark.slow
def test_every_address_the_readme_names_works_in_the_demo(tmp_path):
    """The README's "Photos and links" list, written in a post of the demo school, and its
    school-page forms in a school page: every one a page of the site, none refused."""
    import shutil

    from tests.sites import DEMO_CONTENT

    section = readme_section("Photos and links")
    from_post = [
        link
        for line in section.splitlines()
        if line.startswith("- ")
        for link in re.findall(r"`([^`]+)`", line)
    ]
    # "from a school page (`/en/pages/<page>/`), one `../` less (`../../grade-3b/`, `../../`)"
    school_page = section.split("from a school page")[1].split("less (")[1].split(")")[0]
    from_page = re.findall(r"`(\.\./[^`]*)`", school_page)
    assert len(from_post) >= 10 and from_page == ["../../grade-3b/", "../../"]
    content = shutil.copytree(DEMO_CONTENT, tmp_path / "content")
    post = content / "classes/grade-3b/news/2026-10-09-fraction-wall.md"
    page = content / "pages/how-to-reach-us.md"
    for path, links in ((post, from_post), (page, from_page)):
        lines = "".join(f"\n[form {number}]({link})\n" for number, link in enumerate(links))
        path.write_text(path.read_text("utf-8") + lines, encoding="utf-8")
    school, _ = load(content)
    assert [str(problem) for problem in school.problems] == []
    for key, links in (
        ("news/grade-3b/fraction-wall", from_post),
        ("page/-/how-to-reach-us", from_page),
    ):
        body = school.items[key].versions["en"].body
        hrefs = re.findall(r'<a href="([^"]*)">form \d+</a>', body)
        assert len(hrefs) == len(links)
        assert all(href.startswith(("{hr-place:", "{hr-item:")) for href in hrefs), hrefs
