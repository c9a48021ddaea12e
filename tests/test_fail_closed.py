"""Fail closed: what a hostile contributor or a hurried teacher commits never leaks.

Each test is the attack or the mistake itself (a symlink out of content/, another child's
photo, a misspelled header key, a tracker pixel, a YAML bomb), and asserts both the message
and what a scan of the whole output finds.
"""

import base64
import io
import re
from pathlib import Path

import pytest
from PIL import Image

from tests.hostile import (
    HEADER_MISTAKES,
    KEYS_TWICE,
    LIMITS,
    LONG_NAME,
    MARKER,
    TRACKERS,
    borrowing_school,
    outside_folder,
    symlink_school,
)
from tests.portfolios import KEYS, PORTFOLIO, SECRET, portfolio_build, portfolio_school
from tests.sites import PUBLISHED, build, invoke, load, read_tree, write_school

NEWS = "classes/grade-1/news"


def problems_of(content: Path, **settings) -> list[str]:
    school, _ = load(content, **settings)
    return [str(problem) for problem in school.problems]


def output_bytes(output: Path) -> dict[str, bytes]:
    return read_tree(output)


def never_in(output: Path, *needles: str | bytes) -> None:
    """No file of the output holds any needle, as text or as base64 (say, inlined)."""
    for name, data in output_bytes(output).items():
        for needle in needles:
            raw = needle.encode() if isinstance(needle, str) else needle
            assert raw not in data, f"{name} holds {needle!r}"
            assert base64.b64encode(raw)[:24] not in data, f"{name} holds {needle!r} in base64"


# -- 1. Containment: every file read resolves inside content/ -------------------------------


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder beside content/, as the home directory or /etc would be."""
    return outside_folder(tmp_path)


def test_symlinks_out_of_content_are_errors_naming_the_file(tmp_path, outside):
    content = symlink_school(tmp_path, outside)
    problems = problems_of(content)
    leads_out = [p for p in problems if "leads outside the content folder" in p]
    assert {p.split(":")[0] for p in leads_out} == {
        "classes/grade-9",
        f"{NEWS}/2026-10-06-stolen.md",
        f"{NEWS}/notes.pdf",
        f"{NEWS}/red.png",
    }, problems
    assert all("replace the link with the file itself" in p for p in leads_out)
    assert not any(str(outside) in p for p in problems)  # logs never say where it leads


@pytest.mark.slow
def test_a_symlink_to_the_environment_is_never_published(tmp_path, outside):
    content = symlink_school(tmp_path, outside)
    (content / NEWS / "environ.pdf").symlink_to("/proc/self/environ")
    write_school(
        content,
        {f"{NEWS}/2026-10-07-env.md": "Title: Env\nDate: 2026-10-07\n\n[env](environ.pdf)\n"},
    )
    output = tmp_path / "output"
    result = build(content, output, env={"HOMEROOM_SECRET": MARKER, "HOMEROOM_FAMILY_KEYS": KEYS})
    assert result.returncode == 1
    assert f"{NEWS}/environ.pdf: leads outside the content folder" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert (output / "en/grade-1/news/notes/index.html").is_file()  # the rest is built
    never_in(output, MARKER)
    names = output_bytes(output)
    assert not [n for n in names if "environ" in n or "notes.pdf" in n or "red-" in n]
    for name, data in names.items():  # nor a look-alike of the linked photo
        if name.endswith((".png", ".jpg", ".webp")):
            assert Image.open(io.BytesIO(data)).size != (37, 23), name


@pytest.mark.slow
def test_check_build_and_publish_report_the_same_problems(tmp_path, outside):
    content = symlink_school(tmp_path, outside)
    photo = content / NEWS / "2026-10-05-cut.md"
    photo.write_text('Title: Cut\nDate: 2026-10-05\n\n![A cut photo](cut.jpg "Shows: nobody")\n')
    whole = io.BytesIO()
    Image.new("RGB", (800, 600), (10, 20, 30)).save(whole, "JPEG")
    (content / NEWS / "cut.jpg").write_bytes(whole.getvalue()[:3000])  # cut short
    env = {
        "HOMEROOM_SECRET": "x" * 12 + "-strong-enough-for-this-test-1234",
        "HOMEROOM_FAMILY_KEYS": KEYS,
    }
    checked = invoke("check", "--content", str(content), env=env)
    built = build(content, tmp_path / "built", env=env)
    published = invoke(
        "publish",
        "--content",
        str(content),
        "--output",
        str(tmp_path / "pub"),
        env={**PUBLISHED, **env},
    )
    assert checked.returncode == built.returncode == published.returncode == 1
    # Each problem in the very same words, the file named the same way (as check names it).
    in_check = {line for line in checked.stdout.splitlines() if line.startswith(f"{content}/")}
    assert len(in_check) == 5
    assert any("'cut.jpg' cannot be read to the end" in line for line in in_check)
    for result in (built, published):
        reported = {
            line.removeprefix("error: ")
            for line in result.stderr.splitlines()
            if line.startswith("error: ")
        }
        assert reported == in_check
    assert not (tmp_path / "pub").exists()


def test_a_symlink_that_stays_inside_content_is_fine(tmp_path):
    content = portfolio_school(tmp_path / "content")
    write_school(
        content,
        {
            f"{NEWS}/2026-10-05-tree.md": "Title: T\nDate: 2026-10-05\n\n"
            '![Our tree](again.png "Shows: nobody")\n'
        },
    )
    (content / NEWS / "again.png").symlink_to(content / NEWS / "tree.png")
    assert problems_of(content) == []


# -- 2. Ownership: a file in portfolio/<student>/ is that student's alone --------------------


def test_another_students_photo_is_an_error_where_it_is_used(tmp_path):
    content = borrowing_school(tmp_path)
    problems = problems_of(content)
    expected = {
        f"{NEWS}/2026-10-05-borrowed.md:6",
        "pages/borrowed.md:3",
        f"{PORTFOLIO}/sam/2026-10-06-borrowed.md:4",
    }
    owned = [p for p in problems if "from the portfolio of grade-1/mia" in p]
    assert {p.rsplit(": uses", 1)[0] for p in owned} == expected, problems
    assert all("only their own entries may use it" in p for p in owned)


def test_a_borrowed_photo_is_published_nowhere_in_any_size(tmp_path):
    content = borrowing_school(tmp_path)
    output = tmp_path / "output"
    assert portfolio_build(content, tmp_path, HOMEROOM_PREVIEW=True) == 3
    # chart.jpg is 1200x900 turned upright: 3:4 portrait. Nothing else in this school is.
    for name, data in output_bytes(output).items():
        images = [data] if name.endswith((".jpg", ".png", ".webp")) else []
        if name.endswith(".html"):
            images += [
                base64.b64decode(found)
                for found in re.findall(rb"data:image/\w+;base64,([A-Za-z0-9+/=]+)", data)
            ]
        for image in images:
            width, height = Image.open(io.BytesIO(image)).size
            assert width * 4 != height * 3, f"{name} holds a look-alike of chart.jpg"


def test_consent_is_the_owners_even_for_her_own_public_entry(tmp_path):
    content = portfolio_school(tmp_path / "content")
    write_school(
        content,
        {
            f"{PORTFOLIO}/mia/2026-10-06-public.md": (
                "Title: Public\nDate: 2026-10-06\nVisibility: public\nImage: chart.jpg\n"
                "Image-Alt: A chart\n\nShared.\n"
            )
        },
    )
    problems = problems_of(content)
    assert any(
        p.startswith(f"{PORTFOLIO}/mia/2026-10-06-public.md:3: is public and has a photo")
        for p in problems
    ), problems


# -- 3. Attachments of family entries are never plain files ----------------------------------

PDF = b"%PDF-1.4\n% reading log " + MARKER.encode() + b"\n%%EOF\n"


def attachment_school(tmp_path: Path) -> Path:
    content = portfolio_school(tmp_path / "content")
    (content / PORTFOLIO / "mia/reading-log.pdf").write_bytes(PDF)
    write_school(
        content,
        {
            f"{PORTFOLIO}/mia/2026-10-07-log.md": (
                "Title: Reading log\nDate: 2026-10-07\n\nHer [reading log](reading-log.pdf).\n"
            )
        },
    )
    return content


@pytest.mark.slow
def test_a_family_entrys_pdf_is_no_file_of_the_site(tmp_path):
    content = attachment_school(tmp_path)
    output = tmp_path / "output"
    assert portfolio_build(content, tmp_path) == 0
    assert not [name for name in output_bytes(output) if "reading-log" in name]
    never_in(output, MARKER, PDF[:40])


def test_an_attachment_over_the_limit_is_an_error(tmp_path):
    content = attachment_school(tmp_path)
    problems = problems_of(content, HOMEROOM_ATTACHMENT_MAX_BYTES=20)
    assert problems == [
        f"{PORTFOLIO}/mia/2026-10-07-log.md:4: attaches 'reading-log.pdf' of 0.0 MB, more than "
        "the limit of 0.0 MB (HOMEROOM_ATTACHMENT_MAX_BYTES): it travels inside the family's "
        "page; make it smaller (a PDF export at a lower quality, a shorter recording)"
    ]


# -- 4. Header keys are checked ---------------------------------------------------------------


def test_misspelled_and_unknown_header_keys(tmp_path):
    content = portfolio_school(tmp_path / "content")
    write_school(content, HEADER_MISTAKES)
    school, _ = load(content)
    found = {(p.path, p.line, p.warning): p.message for p in school.problems}
    assert (
        "did you mean `Visibility`?" in found[(f"{PORTFOLIO}/sam/2026-10-08-private.md", 3, False)]
    )
    assert (
        "unknown header key `Colour`" in found[(f"{PORTFOLIO}/sam/2026-10-09-colour.md", 3, False)]
    )
    assert "did you mean `Status`?" in found[(f"{NEWS}/2026-10-08-draft.md", 3, False)]
    assert (
        "only portfolio entries have a visibility"
        in found[(f"{NEWS}/2026-10-09-family.md", 3, False)]
    )
    assert (
        "`Author` that Homeroom does not read" in found[(f"{NEWS}/2026-10-10-author.md", 3, True)]
    )
    assert (
        "Status 'hidden' is not known" in found[("classes/grade-1/newsletter/2026-10.md", 2, False)]
    )
    assert len(found) == 6
    slugs = {item.slug for item in school.items.values()}
    assert "author" in slugs  # a warning: published
    assert not slugs & {"private", "colour", "draft", "family", "2026-10"}


def test_a_misspelled_key_publishes_nothing_of_its_file(tmp_path):
    content = portfolio_school(tmp_path / "content")
    write_school(content, HEADER_MISTAKES)
    output = tmp_path / "output"
    # the preview: the rest is built, and the mistaken files are left out
    assert portfolio_build(content, tmp_path, HOMEROOM_PREVIEW=True) == 5  # not the warning
    never_in(output, "SAM-PRIVATE-TEXT", "SAM-COLOUR-TEXT", "DRAFT-TEXT", "NEWS-FAMILY-TEXT")
    never_in(output, "NOTE-TEXT")


def test_a_key_written_twice_is_an_error_never_the_last_one_winning(tmp_path):
    content = portfolio_school(tmp_path / "content")
    write_school(content, KEYS_TWICE)
    school, _ = load(content)
    assert sorted(str(p) for p in school.problems) == [
        f"{PORTFOLIO}/mia/student.yml:3: has `visibility` twice (lines 2 and 3); keep the one "
        "you mean",
        f"{PORTFOLIO}/sam/2026-10-08-twice.md:4: has `Visibility` twice (lines 3 and 4); keep the "
        "one you mean",
        f"{PORTFOLIO}/sam/2026-10-09-yaml.md:5: has `visibility` twice (lines 4 and 5); keep the "
        "one you mean",
    ]
    assert [item.slug for item in school.public_entries("grade-1")] == ["painting"]  # as before
    assert "grade-1/mia" not in school.students


# -- 5. Nothing from another host --------------------------------------------------------------


@pytest.mark.slow
def test_a_tracker_pixel_is_an_error_and_reaches_no_page_or_feed(tmp_path):
    content = portfolio_school(tmp_path / "content")
    write_school(content, TRACKERS)
    output = tmp_path / "output"
    result = build(content, output, env={"HOMEROOM_SECRET": SECRET, "HOMEROOM_FAMILY_KEYS": KEYS})
    assert result.returncode == 1
    for where in (
        f"{NEWS}/2026-10-05-pixel.md:6: loads 'https://tracker.example/p.gif' from another site",
        f"{NEWS}/2026-10-06-raw.md:4: loads 'https://tracker.example/q.gif' from another site",
        f"{NEWS}/2026-10-07-cover.md:3: has an Image from another site",
        f"{PORTFOLIO}/mia/2026-10-08-pixel.md:4: loads '//tracker.example/f.gif'",
    ):
        assert where in result.stderr
    never_in(output, "tracker.example")


# -- 10. Limits: never a traceback, never a hang -----------------------------------------------


def test_hostile_inputs_each_give_one_clear_problem_from_check(tmp_path):
    content = portfolio_school(tmp_path / "content")
    write_school(content, LIMITS)
    result = invoke("check", "--content", str(content))
    out = result.stdout
    assert result.returncode == 1
    assert "Traceback" not in out + result.stderr
    expected = [
        f"{NEWS}/2026-10-01-bomb.md:4: uses a YAML anchor or alias",
        f"{NEWS}/2026-10-02-deep.md:3: nests lists or mappings more than 16 levels deep",
        f"{NEWS}/2026-10-04-huge.md: is larger than 512 KiB",
        f"{NEWS}/{LONG_NAME}: has a name of {len(LONG_NAME)} characters, more than 100",
        f"{PORTFOLIO}/sam/student.yml:2: nests lists or mappings more than 16 levels deep",
        "classes/grade-2/class.yml:1: uses a YAML anchor or alias",
    ]
    for line in expected:
        assert f"{content}/{line}" in out, out
    # Quotes 400 deep: read, or one problem naming the file; never a crash.
    quotes = [line for line in out.splitlines() if "2026-10-03-quotes.md" in line]
    assert len(quotes) <= 1


def test_markdown_size_limit_is_a_setting(tmp_path):
    content = portfolio_school(tmp_path / "content")
    write_school(content, {f"{NEWS}/2026-10-04-long.md": "Title: Long\n\n" + "word " * 400})
    assert problems_of(content) == []
    assert problems_of(content, HOMEROOM_MARKDOWN_MAX_BYTES=1024) == [
        f"{NEWS}/2026-10-04-long.md: is larger than 1 KiB, the limit for one Markdown file "
        "(HOMEROOM_MARKDOWN_MAX_BYTES); split it into several posts, or put a long document in "
        "a PDF that the post links"
    ]


def test_any_exception_reading_one_file_names_that_file(tmp_path, monkeypatch):
    from homeroom_school.reading import versions

    content = portfolio_school(tmp_path / "content")

    def explode(*args, **kwargs):
        raise RuntimeError("a parser bug")

    real = versions.make_version

    def make_version(parsed, *args):
        if parsed.path.endswith("apples.md"):
            explode()
        return real(parsed, *args)

    monkeypatch.setattr(versions, "make_version", make_version)
    problems = problems_of(content)
    # and the rest is read; the post that links it says nothing more (one mistake, one
    # message): its link leads nowhere until the file is fixed
    assert problems == [
        f"{NEWS}/2026-09-11-apples.md: could not be read (RuntimeError: a parser bug); "
        "simplify it (fewer nested lists or quotes), or remove what was pasted in last"
    ]
