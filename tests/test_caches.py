"""The preview's caches hold this build's files only: a preview open all term must not keep
every version of every file saved, nor files renamed or deleted."""

from homeroom_output import PreviewMemo
from tests.sites import load, small_school, write_school

NEWS = "classes/grade-1/news"
STUDENT = "classes/grade-1/portfolio/mia/student.yml"


def markdown_files(content) -> set[str]:
    return {path.relative_to(content).as_posix() for path in content.rglob("*.md")}


def cached_yaml(yaml_cache: dict) -> set[tuple[str, bytes]]:
    """(path, bytes) of each class.yml and student.yml read the cache holds."""
    return {
        (
            next(arg for arg in key if isinstance(arg, str) and arg.endswith(".yml")),
            next(arg for arg in key if isinstance(arg, bytes)),
        )
        for key in yaml_cache  # (reader, *its arguments): the file's path and bytes among them
    }


def yaml_files(content) -> set[tuple[str, bytes]]:
    return {
        (path.relative_to(content).as_posix(), path.read_bytes())
        for pattern in ("classes/*/class.yml", "classes/*/portfolio/*/student.yml")
        for path in content.glob(pattern)
    }


def test_caches_hold_only_the_current_files_after_a_rename_and_an_edit(tmp_path):
    content = small_school(tmp_path, **{STUDENT: "name: Mia K.\nphoto_consent: false\n"})
    memo = PreviewMemo()
    school, config = load(content, HOMEROOM_MEMO=memo)
    assert school.problems == []
    parsed, yaml = config.reading.caches()
    assert set(parsed) == markdown_files(content)
    assert cached_yaml(yaml) == yaml_files(content)

    (content / NEWS / "2026-09-11-apples.md").rename(content / NEWS / "2026-09-11-pears.md")
    write_school(
        content,
        {
            "classes/grade-2/class.yml": "name: Grade 2\nteachers: Mr. Diallo\nlanguages: [ar]\n",
            STUDENT: "name: Mia K.\nphoto_consent: true\n",
            f"{NEWS}/2026-09-04-first-week.md": "Title: Our first week\nDate: 2026-09-04\n\nHi.\n",
        },
    )
    load(content, HOMEROOM_MEMO=memo)
    assert set(parsed) == markdown_files(content)
    assert f"{NEWS}/2026-09-11-apples.md" not in parsed
    assert "Hi." in parsed[f"{NEWS}/2026-09-04-first-week.md"].result.body  # the edit, not the old
    assert cached_yaml(yaml) == yaml_files(content)  # the old class.yml and student.yml left

    (content / "classes/grade-2/class.yml").unlink()  # the class, and its posts, are gone
    load(content, HOMEROOM_MEMO=memo)
    assert set(parsed) == markdown_files(content) - {"classes/grade-2/news/2026-09-05-hello.md"}
    assert cached_yaml(yaml) == yaml_files(content)
