"""Consent per photo, written as the mistakes a teacher makes: a photo of public content says
who is in it (`Shows:`), and a child whose family said no is never published in one."""

from pathlib import Path

import pytest

from tests.sites import html_files, load, pelican_build, small_school

POST = "classes/grade-1/news/2026-09-04-first-week.md"
EVENT = "classes/grade-1/events/2026-10-02-picnic.md"
NOTE = "classes/grade-1/newsletter/2026-10.md"
# Grade 1's children: Zuri's family said no to photos outside her page, Omar's said yes.
CHILDREN = {
    "classes/grade-1/portfolio/zuri-q/student.yml": "name: Zuri Quist\nphoto_consent: false\n",
    "classes/grade-1/portfolio/omar-k/student.yml": "name: Omar K.\nphoto_consent: true\n",
}
CONSENTING = {
    "classes/grade-1/portfolio/omar-k/student.yml": "name: Omar K.\nphoto_consent: true\n",
}
GRADE_1 = """
    name: Grade 1
    languages: [en, es]
"""


SHOWS_NOBODY = '![Our tree](tree.png "Shows: nobody")'


def with_tree(content: Path, *folders: str) -> Path:
    """The small school's tree photo copied into grade 1's `folders` (or school `pages`)."""
    tree = (content / "classes/grade-1/news/tree.png").read_bytes()
    for folder in folders:
        place = content / ("pages" if folder == "pages" else f"classes/grade-1/{folder}")
        place.mkdir(parents=True, exist_ok=True)
        (place / "tree.png").write_bytes(tree)
    return content


def post(*photo_lines: str, header: str = "") -> dict:
    """Grade 1's first post: its header (and `header` lines), a blank line, then one line per
    photo from line 4 on (line 3 without an extra header line)."""
    body = "\n".join(photo_lines)
    return {POST: f"Title: Our first week\nDate: 2026-09-04\n{header}\n{body}\n"}


def problems(tmp_path, files: dict) -> list[str]:
    """The problems of the small school with `files` changed, as `invoke check` lists them."""
    school, _ = load(small_school(tmp_path / "content", **files))
    return [str(problem) for problem in school.problems if not problem.warning]


def test_a_teacher_naming_an_opted_out_child_is_told_file_line_and_id_never_the_name(tmp_path):
    found = problems(
        tmp_path, {**CHILDREN, **post('![Our tree](tree.png "Shows: omar-k, zuri-q")')}
    )
    assert found == [
        f"{POST}:4: shows 'zuri-q' in 'tree.png', but "
        "classes/grade-1/portfolio/zuri-q/student.yml has no photo_consent: true; remove the "
        "photo (or the child from it), or record the family's consent"
    ]
    assert "Zuri" not in found[0] and "Quist" not in found[0]


def test_an_opted_out_child_on_a_cover_is_named_at_its_shows_line(tmp_path):
    header = "Image: tree.png\nImage-Alt: Our class tree\nShows: zuri-q\n"
    found = problems(tmp_path, {**CHILDREN, **post(header=header)})
    assert [line.split(": ", 1)[0] for line in found] == [f"{POST}:5"]
    assert "'zuri-q'" in found[0]


@pytest.mark.parametrize(
    "photo",
    ['![Our tree](tree.png "Shows: omar-k")', SHOWS_NOBODY],
    ids=["a consenting child", "nobody"],
)
def test_a_photo_that_says_who_it_shows_is_accepted_where_shows_is_needed(tmp_path, photo):
    """Only the photo that does not say it (line 6) is a problem."""
    found = problems(tmp_path, {**CHILDREN, **post(photo, "", "![Our tree again](tree.png)")})
    assert [line.split(": ", 1)[0] for line in found] == [f"{POST}:6"]


def test_a_photo_without_shows_in_a_class_with_a_child_without_consent_is_a_problem(tmp_path):
    found = problems(tmp_path, {**CHILDREN, **post("Intro.", "", "![Our tree](tree.png)")})
    assert found == [
        f"{POST}:6: shows 'tree.png' without saying who is in it, and a child of grade-1 has "
        "no photo consent; end its title with the ids of the children in it: "
        '`![…](tree.png "Shows: ana, omar")`, or write `Shows: nobody` when no child is in it'
    ]


def test_a_cover_without_shows_is_a_problem_at_its_image_line(tmp_path):
    header = "Image: tree.png\nImage-Alt: Our class tree\n"
    found = problems(tmp_path, {**CHILDREN, **post(header=header)})
    assert len(found) == 1
    assert found[0].startswith(f"{POST}:3: shows 'tree.png' without saying who is in it")
    assert "add a line `Shows: ana, omar` under `Image:`" in found[0]


def test_the_second_use_of_a_photo_is_named_at_its_own_line(tmp_path):
    photos = (SHOWS_NOBODY, "", "![Our tree again](tree.png)")
    found = problems(tmp_path, {**CHILDREN, **post(*photos)})
    assert [line.split(": ", 1)[0] for line in found] == [f"{POST}:6"]


def test_a_use_without_alt_text_still_counts_for_the_lines_of_the_next(tmp_path):
    photos = ('![](tree.png "Shows: nobody")', "", "![Our tree again](tree.png)")
    found = problems(tmp_path, {**CHILDREN, **post(*photos)})
    assert sorted(line.split(": ", 1)[0] for line in found) == [f"{POST}:4", f"{POST}:6"]
    assert "without alt text" in min(found)


def test_events_and_newsletters_need_shows_too(tmp_path):
    event = "Title: Picnic\nStart: 2026-10-02 12:00\n\n![Our tree](tree.png)\n"
    note = "Title: October\n\n![Our tree](tree.png)\n"
    files = {**CHILDREN, **post(SHOWS_NOBODY), EVENT: event, NOTE: note}
    content = with_tree(small_school(tmp_path / "content", **files), "events", "newsletter")
    school, _ = load(content)
    assert sorted(str(problem).split(": ", 1)[0] for problem in school.problems) == [
        f"{EVENT}:4",
        f"{NOTE}:3",
    ]
    assert all("without saying who is in it" in problem.message for problem in school.problems)


def test_photos_need_shows_in_class_yml_asks_for_it_though_every_child_consented(tmp_path):
    photo = post("![Our tree](tree.png)")
    assert problems(tmp_path / "without", {**CONSENTING, **photo}) == []
    asked = {"classes/grade-1/class.yml": GRADE_1 + "    photos_need_shows: true\n"}
    found = problems(tmp_path / "asked", {**CONSENTING, **asked, **photo})
    assert len(found) == 1
    assert "grade-1's class.yml says photos_need_shows: true" in found[0]


def test_a_misspelled_photos_need_shows_is_never_silently_ignored(tmp_path):
    misspelled = {"classes/grade-1/class.yml": GRADE_1 + "    photo_need_shows: true\n"}
    found = problems(tmp_path, {**misspelled, **post(SHOWS_NOBODY)})
    assert found == [
        "classes/grade-1/class.yml:3: has an unknown key 'photo_need_shows'; "
        "did you mean 'photos_need_shows'?"
    ]


def test_photos_need_shows_is_true_or_false(tmp_path):
    not_a_yes = {"classes/grade-1/class.yml": GRADE_1 + "    photos_need_shows: yes please\n"}
    found = problems(tmp_path, {**not_a_yes, **post(SHOWS_NOBODY)})
    assert found == ["classes/grade-1/class.yml:3: photos_need_shows must be true or false"]


def test_an_unknown_child_gets_the_nearest_id(tmp_path):
    found = problems(tmp_path, {**CHILDREN, **post('![Our tree](tree.png "Shows: omar-r")')})
    assert found == [
        f"{POST}:4: says 'tree.png' shows 'omar-r', who is no student here; did you mean 'omar-k'?"
    ]


def test_an_id_written_with_capitals_is_still_the_child(tmp_path):
    found = problems(tmp_path, {**CHILDREN, **post('![Our tree](tree.png "Shows: Zuri-Q")')})
    assert [line.split(": ", 1)[0] for line in found] == [f"{POST}:4"]
    assert "shows 'Zuri-Q' in 'tree.png', but classes/grade-1/portfolio/zuri-q/" in found[0]


def test_nobody_and_a_child_together_is_a_problem(tmp_path):
    found = problems(
        tmp_path, {**CHILDREN, **post('![Our tree](tree.png "Shows: nobody, omar-k")')}
    )
    assert len(found) == 1
    assert "shows nobody and also names children" in found[0]


def test_a_school_page_names_a_child_with_the_class(tmp_path):
    page = 'Title: Partnership agreement\n\n![Our tree](tree.png "Shows: grade-1/zuri-q")\n'
    files = {**CHILDREN, **post(SHOWS_NOBODY), "pages/agreement.md": page}
    content = with_tree(small_school(tmp_path / "content", **files), "pages")
    school, _ = load(content)
    assert [str(problem) for problem in school.problems] == [
        "pages/agreement.md:3: shows 'grade-1/zuri-q' in 'tree.png', but "
        "classes/grade-1/portfolio/zuri-q/student.yml has no photo_consent: true; remove the "
        "photo (or the child from it), or record the family's consent"
    ]


def test_shows_and_the_childrens_ids_never_reach_the_output(tmp_path):
    content = small_school(
        tmp_path / "content",
        **CHILDREN,
        **post(
            '![Our tree](tree.png "Shows: omar-k")',
            "",
            '[the big tree](tree.png "Shows: nobody")',
            header="Image: tree.png\nImage-Alt: Our class tree\nShows: omar-k\n",
        ),
    )
    output = tmp_path / "output"
    assert pelican_build(content, output, CACHE_PATH=str(tmp_path / "cache")) == 0
    pages = html_files(output)
    assert any(b"<img" in page.read_bytes() for page in pages)  # the photos are published
    leaks = {
        path.relative_to(output).as_posix(): word
        for path in output.rglob("*")
        if path.is_file()
        for word in (b"Shows", b"shows:", b"omar-k", b"zuri-q")
        if word in path.read_bytes()
    }
    assert leaks == {}


def test_a_shows_line_without_an_image_is_a_problem_not_ignored(tmp_path):
    found = problems(tmp_path, post("No photo here.", header="Shows: omar-k\n"))
    assert found == [
        f"{POST}:3: has a Shows line but no Image; `Shows:` says who is in the `Image:` above "
        'it: for a photo in the text, end its title instead: `![…](photo.jpg "Shows: ana")`'
    ]
