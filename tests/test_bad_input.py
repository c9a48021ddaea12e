"""Each bad input gets one clear message (file, line, what, fix); never a traceback."""

import re
from html.parser import HTMLParser

import pytest

from tests.hostile import BAD_INPUTS
from tests.sites import PUBLISHED, build, invoke, load, read_tree, small_school

NEWS = "classes/grade-1/news"


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


@pytest.mark.slow
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


@pytest.mark.slow
def test_check_emits_github_annotations(tmp_path):
    import os

    content = small_school(tmp_path / "content", **BAD_INPUTS["bad date"][0])
    result = invoke(
        "check", "--content", str(content), env={**os.environ, "GITHUB_ACTIONS": "true"}
    )
    assert f"::error file={content}/{NEWS}/2026-10-01-late.md,line=2::Date '2026-13-45'" in (
        result.stdout
    )


@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.slow
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
