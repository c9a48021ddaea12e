"""What the school's reading remembers between the preview's rebuilds (ReadingMemory and its
LoadMemo), read from a small school in tmp_path with no site built: kept while nothing
changed, refreshed after an edit, dropped with a deleted file, carried across a rename, let
go with a deleted class.yml; a full build's memory keeps nothing."""

import ast

from homeroom_output import PreviewMemo
from homeroom_school.reading.addresses import place_addresses
from homeroom_school.reading.incremental import nothing_changed
from homeroom_school.reading.memory import NoReadingMemory, ReadingMemory
from tests.sites import ROOT, load, small_school

NEWS = "classes/grade-1/news"
APPLES = f"{NEWS}/2026-09-11-apples.md"
FIRST_WEEK = f"{NEWS}/2026-09-04-first-week.md"


def rebuild(content, memo: PreviewMemo, *touched: str):
    """One preview rebuild's load, told (as the watcher would) which paths were touched."""
    memo.begin_build()
    memo.reading.touched = {str(content / path) for path in touched}
    school, config = load(content, HOMEROOM_MEMO=memo)
    memo.end_build()
    assert config.reading is memo.reading
    return school


def first_build(tmp_path):
    content = small_school(tmp_path / "content")
    memo = PreviewMemo()
    memo.begin_build()
    school, _ = load(content, HOMEROOM_MEMO=memo)  # the first build: touched unknown
    memo.end_build()
    assert school.problems == []
    return content, memo, school


def test_everything_is_kept_when_nothing_changed(tmp_path):
    content, memo, school = first_build(tmp_path)
    found, parsed = memo.reading.load.found, dict(memo.reading.parsed)

    again = rebuild(content, memo)  # a rebuild with no path touched
    assert memo.reading.load.found is found  # discovery was not run again
    assert all(memo.reading.parsed[rel] is kept for rel, kept in parsed.items())
    assert all(again.items[key] is item for key, item in school.items.items())
    assert memo.reading.load.links_kept


def test_an_edit_refreshes_its_own_item_and_keeps_the_others(tmp_path):
    content, memo, school = first_build(tmp_path)
    found = memo.reading.load.found
    path = content / APPLES
    path.write_text(path.read_text(encoding="utf-8") + "\nMore apples.\n", encoding="utf-8")

    again = rebuild(content, memo, APPLES)
    assert memo.reading.load.found is found  # no file came or went
    assert "More apples." in again.items["news/grade-1/apples"].versions["en"].body
    assert "More apples." not in school.items["news/grade-1/apples"].versions["en"].body
    for key in ("news/grade-1/first-week", "news/grade-2/hello", "page/-/agreement"):
        assert again.items[key] is school.items[key]


def test_a_deleted_file_is_dropped(tmp_path):
    content, memo, _ = first_build(tmp_path)
    (content / APPLES).unlink()

    again = rebuild(content, memo, APPLES)
    load_memo = memo.reading.load
    assert "news/grade-1/apples" not in again.items
    assert APPLES not in memo.reading.parsed
    assert str(content / APPLES) not in load_memo.sources
    assert "news/grade-1/apples" not in load_memo.linked
    assert "news/grade-1/apples" not in load_memo.identities


def test_a_renamed_file_is_read_under_its_new_name_and_the_others_carried(tmp_path):
    content, memo, _ = first_build(tmp_path)
    parsed = dict(memo.reading.parsed)
    pears = f"{NEWS}/2026-09-11-pears.md"
    (content / APPLES).rename(content / pears)

    again = rebuild(content, memo, APPLES, pears)
    assert "news/grade-1/pears" in again.items and "news/grade-1/apples" not in again.items
    assert APPLES not in memo.reading.parsed and pears in memo.reading.parsed
    assert memo.reading.parsed[FIRST_WEEK] is parsed[FIRST_WEEK]  # not parsed again
    assert set(memo.reading.load.linked) == set(again.items)


def test_a_deleted_class_yml_lets_go_of_everything_of_that_class(tmp_path):
    content, memo, _ = first_build(tmp_path)
    (content / "classes/grade-2/class.yml").unlink()

    again = rebuild(content, memo, "classes/grade-2/class.yml")
    reading = memo.reading
    assert "news/grade-2/hello" not in again.items
    assert not [rel for rel in reading.parsed if rel.startswith("classes/grade-2/")]
    assert not [key for key in reading.yaml if "classes/grade-2/class.yml" in key]
    assert not [path for path in reading.load.sources if "grade-2" in path]
    assert "news/grade-2/hello" not in reading.load.linked
    assert [key for key in reading.yaml if "classes/grade-1/class.yml" in key]  # kept


def test_a_full_build_remembers_nothing(tmp_path):
    content = small_school(tmp_path / "content")
    school, config = load(content)
    reading = config.reading
    assert type(reading) is NoReadingMemory
    assert reading.caches() == (None, None)
    assert reading.kept_newsletters() is None
    assert reading.school is None
    load_memo = reading.load
    assert load_memo.found is None and load_memo.jobs is None and load_memo.grouped is None
    assert load_memo.linked == {} and load_memo.identities == {} and load_memo.reads == {}
    assert load_memo.link_totals is None and load_memo.link_files == frozenset()
    assert school.items  # it read the school all the same


def test_each_config_of_a_full_build_has_its_own_empty_memory(tmp_path):
    content = small_school(tmp_path / "content")
    _, first = load(content)
    _, second = load(content)
    assert first.reading is not second.reading  # nothing one build holds outlives it
    assert isinstance(PreviewMemo().reading, ReadingMemory)


def test_the_school_package_imports_nothing_of_the_output_layer():
    """The reading's memory is homeroom_school's own type: no back-arrow to homeroom_output,
    not even one for type checkers."""
    imported = set()
    for path in (ROOT / "plugins" / "homeroom_school").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
    assert "homeroom_school" in imported  # the scan sees its own imports
    assert "homeroom_output" not in imported


def test_discovery_is_kept_only_while_no_file_or_folder_can_have_come_or_gone(tmp_path):
    content, memo, _ = first_build(tmp_path)
    load_memo = memo.reading.load
    assert load_memo.keeps_discovery({str(content / APPLES)})  # a post saved
    assert load_memo.keeps_discovery({str(content / "classes/grade-1/news/tree.png")})
    assert not load_memo.keeps_discovery(None)  # unknown: the first build, one after a failure
    assert not load_memo.keeps_discovery({str(content / f"{NEWS}/2026-10-01-new.md")})
    assert not load_memo.keeps_discovery({str(content / "classes/grade-1/class.yml")})
    assert not load_memo.keeps_discovery({str(content / NEWS)})  # a folder


def test_a_file_saved_again_with_the_same_bytes_changes_nothing(tmp_path):
    content, memo, _ = first_build(tmp_path)
    path = content / APPLES
    text = path.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    assert nothing_changed(memo.reading, {str(path)})
    path.write_text(text + "\nMore.\n", encoding="utf-8")
    assert not nothing_changed(memo.reading, {str(path)})
    assert not nothing_changed(NoReadingMemory(), {str(path)})  # a full build knows nothing


def test_a_class_keeps_its_places_while_its_items_are_the_same(tmp_path):
    content, memo, _ = first_build(tmp_path)
    load_memo = memo.reading.load
    before = dict(load_memo.class_places)
    assert set(before) == {"grade-1", "grade-2"}
    path = content / APPLES
    text = path.read_text(encoding="utf-8")

    path.write_text(text + "\nMore apples.\n", encoding="utf-8")
    rebuild(content, memo, APPLES)
    after = load_memo.class_places
    assert after["grade-2"] is before["grade-2"]  # not one of its items was made anew
    assert after["grade-1"] is not before["grade-1"]
    assert after["grade-1"].places == before["grade-1"].places  # the same month, the same pages

    path.write_text(text.replace("date: 2026-09-11", "date: 2026-10-02"), encoding="utf-8")
    rebuild(content, memo, APPLES)
    october = load_memo.class_places["grade-1"].places - before["grade-1"].places
    assert october == {"en/grade-1/newsletter/2026-10/", "es/grade-1/newsletter/2026-10/"}
    found = load_memo.found
    items, config = load_memo.grouped.items, load_memo.config
    fresh = place_addresses(items, found.classes, found.languages, config)
    assert load_memo.resolved_through.places == fresh  # what a full build finds
