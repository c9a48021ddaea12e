"""Pure functions of the reader: headers, dates, names, links, sanitizing."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from homeroom_school.problems import ContentError
from homeroom_school.reading.front_matter import (
    FILE_NAME,
    new_markdown,
    parse_datetime,
    parse_file,
    slugify,
    split_header,
)
from homeroom_school.reading.sanitizing import render_body, resolve_path

CHICAGO = ZoneInfo("America/Chicago")


def test_native_header_with_continuation_line():
    header, body, first = split_header(
        "Title: Apples\nSummary: one\n  two\nTags: a, b\n\nBody text\n", "x.md"
    )
    assert header.values == {"title": "Apples", "summary": "one two", "tags": "a, b"}
    assert header.line("tags") == 4
    assert body.strip() == "Body text"
    assert first == 5


def test_yaml_front_matter_keys_lowercased_with_lines():
    header, body, _ = split_header("---\nTitle: A\nImage-Alt: b\n---\nText\n", "x.md")
    assert header.values == {"title": "A", "image_alt": "b"}
    assert header.line("image_alt") == 3
    assert body == "Text\n"


def test_unclosed_front_matter_is_a_problem():
    with pytest.raises(ContentError) as error:
        split_header("---\ntitle: A\n\nText\n", "x.md")
    assert "never ends" in error.value.problem.message


def test_file_without_header_has_empty_metadata():
    header, body, first = split_header("Just a paragraph, no header.\n\nMore.\n", "x.md")
    assert header.values == {}
    assert body.startswith("Just a paragraph")
    assert first == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-09-05", datetime(2026, 9, 5, tzinfo=CHICAGO)),
        ("2026-09-05 14:30", datetime(2026, 9, 5, 14, 30, tzinfo=CHICAGO)),
        ("2026/09/05", datetime(2026, 9, 5, tzinfo=CHICAGO)),
    ],
)
def test_dates_in_the_site_time_zone(value, expected):
    assert parse_datetime(value, CHICAGO) == expected


@pytest.mark.parametrize("value", ["2026-13-05", "next tuesday", "05/09/2026x"])
def test_bad_dates_are_none(value):
    assert parse_datetime(value, CHICAGO) is None


def test_file_names():
    match = FILE_NAME.match("2026-09-05-apple-picking.es.md")
    assert (match["date"], match["name"], match["lang"]) == ("2026-09-05", "apple-picking", "es")
    match = FILE_NAME.match("how-to-reach-us.md")
    assert (match["date"], match["name"], match["lang"]) == (None, "how-to-reach-us", None)
    assert FILE_NAME.match("2026-09-05-x.zh-hans.md")["lang"] == "zh-hans"


def test_slugify_makes_ascii():
    assert slugify("Día de Campo!") == "dia-de-campo"
    assert slugify("  ") == ""


def test_resolve_path_relative_and_rooted():
    source = "classes/g/news/a.md"
    assert resolve_path("b.md", source) == "classes/g/news/b.md"
    assert resolve_path("../../../pages/x.md", source) == "pages/x.md"
    assert resolve_path("/pages/x.md", source) == "pages/x.md"
    assert resolve_path("../../../../etc/passwd", source) is None


def test_sanitizer_drops_script_handlers_and_javascript_urls():
    refs: list = []
    html = render_body(
        new_markdown(),
        '<script>alert(1)</script>\n\n<p onclick="steal()">Hi</p>\n\n'
        "[x](javascript:alert(2)) <img src=x onerror=alert(3)> <style>p{}</style>"
        '<iframe src="frame.html"></iframe>',
        "classes/g/news/a.md",
        refs,
    )
    for bad in ("<script", "onclick", "javascript:", "onerror", "<style", "<iframe", "alert"):
        assert bad not in html


@pytest.mark.parametrize(
    "markdown",
    [
        "![a pixel](https://tracker.example/p.gif)",
        "Text <img src=https://tracker.example/p.gif> more",
        '<iframe src="https://tracker.example/video"></iframe>',
        '<video src="//tracker.example/v.mp4"></video>',
        '<object data="https://tracker.example/x.swf"></object>',
        '<link rel="stylesheet" href="https://tracker.example/s.css">',
        "<div style=\"background: url('https://tracker.example/p.gif')\">x</div>",
        '<style>@import url("https://tracker.example/s.css");</style>',
        # disguised: entities the sanitizer decodes, a backslash browsers read as a slash
        '<img src="&#104;ttps://tracker.example/p.gif">',
        '<img src="https&#58;//tracker.example/p.gif">',
        "![x](&#x2F;/tracker.example/p.gif)",
        '<img src="/\\tracker.example/p.gif">',
        '<img src=" HTTPS://tracker.example/p.gif">',
    ],
)
def test_anything_loaded_from_another_host_is_an_error_on_its_line(markdown):
    text = f"Title: T\n\nFirst paragraph.\n\n{markdown}\n"
    with pytest.raises(ContentError) as caught:
        parse_file(new_markdown(), text.encode(), "classes/g/news/2026-09-01-a.md")
    problem = caught.value.problem
    assert problem.line == 5
    assert "tracker.example" in problem.message and "another site" in problem.message


def test_links_to_other_hosts_stay_links():
    refs: list = []
    html = render_body(
        new_markdown(),
        "[a site](https://example.org/a.png) <https://example.org/b> "
        '<a href="//example.org/c">c</a>',
        "classes/g/news/a.md",
        refs,
    )
    assert html.count("<a ") == 3 and "<img" not in html


def test_links_become_tokens_and_external_links_stay():
    refs: list = []
    html = render_body(
        new_markdown(),
        "[a](b.md#top) [c]({filename}/pages/x.md) [d](https://example.org/?a=1&b=2) "
        "![e](photo%20one.png) [f](#here)",
        "classes/g/news/a.md",
        refs,
    )
    assert 'href="{hr-ref:classes/g/news/b.md}#top"' in html
    assert 'href="{hr-ref:pages/x.md}"' in html
    assert 'href="https://example.org/?a=1&amp;b=2"' in html
    assert 'src="{hr-ref:classes/g/news/photo%20one.png}"' in html
    assert 'href="#here"' in html
    assert [target for target, _ in refs] == [
        "classes/g/news/b.md",
        "pages/x.md",
        "classes/g/news/photo one.png",
    ]


def test_parse_file_reads_language_from_suffix_and_slug_from_name():
    parsed = parse_file(
        new_markdown(), b"Title: Hola\n\nTexto", "classes/g/news/2026-09-05-hi.es.md"
    )
    assert (parsed.slug, parsed.lang, parsed.name_date) == ("hi", "es", "2026-09-05")


def test_parse_file_lang_header_must_agree_with_suffix():
    with pytest.raises(ContentError) as error:
        parse_file(
            new_markdown(), b"Title: Hola\nLang: fr\n\nx", "classes/g/news/2026-09-05-hi.es.md"
        )
    assert error.value.problem.line == 2
    assert "make them agree" in error.value.problem.message
