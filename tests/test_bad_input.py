"""Each bad input gets one clear message (file, line, what, fix); never a traceback."""

import re
from html.parser import HTMLParser

import pytest

from tests.sites import PUBLISHED, build, invoke, read_tree, small_school
from tests.test_loading import load

NEWS = "classes/grade-1/news"

BAD_INPUTS = {
    "missing title": (
        {f"{NEWS}/2026-10-01-untitled.md": "Date: 2026-10-01\n\nNo title here.\n"},
        f"{NEWS}/2026-10-01-untitled.md",
        1,
        "has no title; add a first line like `Title:",
    ),
    "bad date": (
        {f"{NEWS}/2026-10-01-late.md": "Title: Late\nDate: 2026-13-45\n\nText\n"},
        f"{NEWS}/2026-10-01-late.md",
        2,
        "Date '2026-13-45' is not a date; write it as YYYY-MM-DD",
    ),
    "bad Modified": (
        {f"{NEWS}/2026-10-01-fixed.md": "Title: Fixed\nDate: 2026-10-01\nModified: later\n\nx\n"},
        f"{NEWS}/2026-10-01-fixed.md",
        3,
        "Modified 'later' is not a date; write it as YYYY-MM-DD",
    ),
    "unknown language": (
        {f"{NEWS}/2026-10-01-hi.xq.md": "Title: Hi\n\nText\n"},
        f"{NEWS}/2026-10-01-hi.xq.md",
        None,
        "'xq' is not a language code",
    ),
    "language the class does not offer": (
        {f"{NEWS}/2026-10-01-hi.fr.md": "Title: Salut\n\nTexte\n"},
        f"{NEWS}/2026-10-01-hi.fr.md",
        None,
        "is in 'fr', which grade-1 does not publish in; add fr to `languages` in "
        "classes/grade-1/class.yml",
    ),
    "unknown Lang header": (
        {f"{NEWS}/2026-10-01-hi.md": "Title: Hi\nLang: klingon\n\nText\n"},
        f"{NEWS}/2026-10-01-hi.md",
        2,
        "Lang 'klingon' is not a language code",
    ),
    "class folder without class.yml": (
        {"classes/grade-9/news/2026-10-01-hi.md": "Title: Hi\n\nText\n"},
        "classes/grade-9",
        None,
        "is a class folder without class.yml; `invoke new class grade-9` writes one",
    ),
    "invalid YAML in class.yml": (
        {"classes/grade-1/class.yml": "name: Grade 1\nlanguages: [en, es\nteachers: [A]\n"},
        "classes/grade-1/class.yml",
        3,
        "is not valid YAML",
    ),
    "invalid YAML front matter": (
        {f"{NEWS}/2026-10-01-hi.md": "---\ntitle: Hi\ntags: [a, b\n---\nText\n"},
        f"{NEWS}/2026-10-01-hi.md",
        3,
        "is not valid YAML",
    ),
    "unknown key in class.yml": (
        {"classes/grade-2/class.yml": "name: G2\nlangauges: [en]\n"},
        "classes/grade-2/class.yml",
        2,
        "unknown key 'langauges'; did you mean 'languages'?",
    ),
    "same slug and language twice": (
        {f"{NEWS}/2026-10-02-apples.md": "Title: Apples again\n\nText\n"},
        f"{NEWS}/2026-10-02-apples.md",
        None,
        f"has the same slug 'apples' and language 'en' as {NEWS}/2026-09-11-apples.md",
    ),
    "not UTF-8": (
        {f"{NEWS}/2026-10-01-latin.md": "Title: Caf\xe9\n\nOl\xe9\n".encode("latin-1")},
        f"{NEWS}/2026-10-01-latin.md",
        1,
        "is not UTF-8 text (byte 0xe9); save it again with the encoding UTF-8",
    ),
    "empty file": (
        {f"{NEWS}/2026-10-01-empty.md": "  \n\n"},
        f"{NEWS}/2026-10-01-empty.md",
        None,
        "is empty",
    ),
    "{filename} link to a missing file": (
        {f"{NEWS}/2026-10-01-link.md": "Title: Link\n\nSee [this]({filename}gone.md).\n"},
        f"{NEWS}/2026-10-01-link.md",
        3,
        "links to '{filename}gone.md', which does not exist",
    ),
    "relative image that is missing": (
        {f"{NEWS}/2026-10-01-pic.md": "Title: Pic\n\nText\n\n![A tree](no-such.png)\n"},
        f"{NEWS}/2026-10-01-pic.md",
        5,
        "links to 'no-such.png', which does not exist",
    ),
    "bad status": (
        {f"{NEWS}/2026-10-01-hid.md": "Title: Hid\nStatus: hiden\n\nText\n"},
        f"{NEWS}/2026-10-01-hid.md",
        2,
        "Status 'hiden' is not known",
    ),
    "cover image without alt text": (
        {f"{NEWS}/2026-10-01-cover.md": "Title: Cover\nImage: tree.png\n\nText\n"},
        f"{NEWS}/2026-10-01-cover.md",
        2,
        "has an Image but no Image-Alt",
    ),
    "post outside news/": (
        {"classes/grade-1/2026-10-01-lost.md": "Title: Lost\n\nText\n"},
        "classes/grade-1/2026-10-01-lost.md",
        None,
        "is not in a folder Homeroom reads; move it into news/",
    ),
    "event without Start": (
        {"classes/grade-1/events/2026-12-01-x.md": "Title: X\n\nText\n"},
        "classes/grade-1/events/2026-12-01-x.md",
        1,
        "has no Start; add a line like `Start: 2026-11-05 16:00`",
    ),
    "event Start unreadable": (
        {"classes/grade-1/events/2026-12-01-x.md": "Title: X\nStart: Dec 1st\n\nText\n"},
        "classes/grade-1/events/2026-12-01-x.md",
        2,
        "Start 'Dec 1st' is not a date; write YYYY-MM-DD",
    ),
    "event End before Start": (
        {
            "classes/grade-1/events/2026-12-01-x.md": (
                "Title: X\nStart: 2026-12-01 18:00\nEnd: 2026-12-01 17:00\n\nText\n"
            )
        },
        "classes/grade-1/events/2026-12-01-x.md",
        3,
        "End '2026-12-01 17:00' is before Start '2026-12-01 18:00'",
    ),
    "event Signup not a web address": (
        {
            "classes/grade-1/events/2026-12-01-x.md": (
                "Title: X\nStart: 2026-12-01\nSignup: www.sign up.example\n\nText\n"
            )
        },
        "classes/grade-1/events/2026-12-01-x.md",
        3,
        "Signup 'www.sign up.example' is not a web address",
    ),
    "unreadable file name": (
        {f"{NEWS}/---.md": "Title: Dashes\n\nText\n"},
        f"{NEWS}/---.md",
        None,
        "has a name Homeroom cannot read",
    ),
}


def scripting(html: str) -> list:
    """Every script element, event-handler attribute and javascript: URL, as a browser parses."""
    found = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "script":
                found.append(tag)
            for name, value in attrs:
                if name.startswith("on") or (value or "").strip().startswith("javascript:"):
                    found.append(f"{tag} {name}")

    Parser().feed(html)
    return found


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input_gives_one_clear_problem(tmp_path, case):
    files, path, line, message = BAD_INPUTS[case]
    school, _ = load(small_school(tmp_path, **files))
    assert len(school.problems) == 1, school.problems
    problem = school.problems[0]
    assert (problem.path, problem.line) == (path, line)
    assert message in problem.message
    # Every message says what is wrong, then "; " and what to do about it.
    wrong, _, fix = problem.message.partition("; ")
    assert wrong and len(fix.split()) >= 3, problem.message


def test_check_lists_every_problem_with_file_and_line_and_fails(tmp_path):
    content = small_school(
        tmp_path / "content",
        **BAD_INPUTS["missing title"][0],
        **BAD_INPUTS["bad date"][0],
        **BAD_INPUTS["not UTF-8"][0],
    )
    result = invoke("check", "--content", str(content))
    assert result.returncode == 1
    out = result.stdout
    assert f"{content}/{NEWS}/2026-10-01-untitled.md:1: has no title" in out
    assert f"{content}/{NEWS}/2026-10-01-late.md:2: Date '2026-13-45'" in out
    assert f"{content}/{NEWS}/2026-10-01-latin.md:1: is not UTF-8" in out
    assert "Traceback" not in out + result.stderr


def test_check_emits_github_annotations(tmp_path):
    import os

    content = small_school(tmp_path / "content", **BAD_INPUTS["bad date"][0])
    result = invoke(
        "check", "--content", str(content), env={**os.environ, "GITHUB_ACTIONS": "true"}
    )
    assert f"::error file={content}/{NEWS}/2026-10-01-late.md,line=2::Date '2026-13-45'" in (
        result.stdout
    )


def test_build_reports_all_problems_and_builds_the_rest(tmp_path):
    content = small_school(
        tmp_path / "content",
        **BAD_INPUTS["missing title"][0],
        **BAD_INPUTS["class folder without class.yml"][0],
    )
    result = build(content, tmp_path / "output")
    assert result.returncode == 1
    assert f"{NEWS}/2026-10-01-untitled.md:1: has no title" in result.stderr
    assert "classes/grade-9: is a class folder without class.yml" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert (tmp_path / "output/en/grade-1/news/apples/index.html").is_file()


def test_failed_publish_leaves_the_previous_output_untouched(tmp_path):
    content = small_school(tmp_path / "content")
    output = tmp_path / "output"
    good = invoke("publish", "--content", str(content), "--output", str(output), env=PUBLISHED)
    assert good.returncode == 0, good.stderr
    before = read_tree(output)
    assert "en/grade-1/index.html" in before
    (content / NEWS / "2026-10-01-untitled.md").write_text("Date: 2026-10-01\n\nNo title\n")
    (content / NEWS / "2026-09-11-apples.md").write_text("Title: Changed\n\nChanged text\n")
    result = invoke("publish", "--content", str(content), "--output", str(output), env=PUBLISHED)
    assert result.returncode == 1
    assert "publish failed" in result.stderr + result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert read_tree(output) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".output-")]


def test_script_in_title_summary_and_body_never_runs(tmp_path):
    evil = {
        f"{NEWS}/2026-10-01-evil.md": (
            'Title: <script>alert("t")</script> Hi\n'
            'Summary: <img src=x onerror=alert("s")>\n\n'
            '<script>alert("b")</script>\n\n'
            '<p onmouseover="alert(1)">x</p> [y](javascript:alert(2))\n'
        )
    }
    content = small_school(tmp_path / "content", **evil)
    output = tmp_path / "output"
    assert build(content, output).returncode == 0
    for lang in ("en", "es"):
        html = (output / f"{lang}/grade-1/news/evil/index.html").read_text()
        assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt; Hi" in html
        # The one script of every page is the theme's offline reader (external, deferred).
        ours = re.sub(r'<script src="[./]*theme/js/offline\.js" defer></script>', "", html)
        assert "<script" not in ours
        assert scripting(ours) == []
        assert "&lt;img src=x onerror" in html  # the summary shows as text
        assert "javascript:" not in html
    feed = (output / "en/grade-1/atom.xml").read_text()
    assert "<script" not in feed and "javascript:" not in feed
