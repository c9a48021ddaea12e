"""What the output remembers between the preview's rebuilds (OutputMemory, through
RememberingOutputs), driven file by file with no site built: a file made from the same inputs
is kept, an edited one made again, one no longer made deleted; derived parts kept, reused or
dropped; a full build's Outputs remembers nothing."""

import pytest

from homeroom_output import Outputs, RememberingOutputs, Writes
from homeroom_output.memo import Derived, OutputMemory
from tests.sites import load, small_school


@pytest.fixture(scope="module")
def school(tmp_path_factory):
    school, _ = load(small_school(tmp_path_factory.mktemp("school") / "content"))
    return school


class Made:
    """A `make` that counts its calls."""

    def __init__(self):
        self.calls = 0

    def __call__(self, text: str) -> str:
        self.calls += 1
        return text.upper()


def build(output, memory, school, files: dict, shared=b"theme", parts=(), kept=()):
    """One preview build: each file of `files` (save_as -> inputs) made unless unchanged,
    each part of `parts` ((name, inputs, make)) derived; `kept`: parts still used. Returns
    the files made."""
    outputs = RememberingOutputs(output, memory, school, shared, True, Writes(), now=True)
    assert memory.output_keys is None  # until it finishes: a build stopped half-way has none
    made = []
    for save_as, inputs in files.items():
        if not outputs.unchanged(save_as, *inputs):
            outputs.write(save_as, f"{save_as} made from {inputs}", {})
            made.append(save_as)
    for name, inputs, make in parts:
        outputs.derive(name, inputs, make, name)
    outputs.keep_derived(kept)
    outputs.finish()
    return made, outputs


def test_a_file_made_from_the_same_inputs_is_kept(tmp_path, school):
    memory = OutputMemory()
    files = {"a.html": ("one",), "b.html": ("two",)}
    assert build(tmp_path, memory, school, files)[0] == ["a.html", "b.html"]
    keys = dict(memory.output_keys)
    assert memory.changed == {"a.html", "b.html"}
    memory.changed = set()

    assert build(tmp_path, memory, school, files)[0] == []
    assert memory.output_keys == keys
    assert memory.changed == set()  # nothing written, nothing for the served folder to copy
    assert (tmp_path / "a.html").read_text() == "a.html made from ('one',)"


def test_an_edited_file_is_made_again_with_a_new_key(tmp_path, school):
    memory = OutputMemory()
    build(tmp_path, memory, school, {"a.html": ("one",), "b.html": ("two",)})
    keys = dict(memory.output_keys)

    made, _ = build(tmp_path, memory, school, {"a.html": ("one, edited",), "b.html": ("two",)})
    assert made == ["a.html"]
    assert memory.output_keys["a.html"] != keys["a.html"]
    assert memory.output_keys["b.html"] == keys["b.html"]
    assert (tmp_path / "a.html").read_text() == "a.html made from ('one, edited',)"


def test_a_file_no_longer_made_is_deleted_and_its_key_dropped(tmp_path, school):
    memory = OutputMemory()
    build(tmp_path, memory, school, {"a.html": ("one",), "b.html": ("two",)})
    memory.changed = set()

    build(tmp_path, memory, school, {"a.html": ("one",)})
    assert set(memory.output_keys) == {"a.html"}
    assert not (tmp_path / "b.html").exists()
    assert memory.changed == {"b.html"}  # the served folder deletes it too
    assert set(memory.output_inputs) == {"a.html"}


def test_a_derived_part_is_reused_kept_while_used_and_dropped_after(tmp_path, school):
    memory, make = OutputMemory(), Made()
    part = ("feed entry", ("apples",), make)
    build(tmp_path, memory, school, {}, parts=[part])
    assert make.calls == 1
    assert memory.derived["feed entry"] == Derived(memory.derived["feed entry"].key, "FEED ENTRY")

    _, outputs = build(tmp_path, memory, school, {}, parts=[part])
    assert make.calls == 1  # last build's, from the same inputs
    assert outputs.was_derived_before("feed entry")

    _, outputs = build(tmp_path, memory, school, {}, kept=["feed entry"])
    assert "feed entry" in memory.derived  # a file not made again still holds it
    assert not outputs.was_derived_before("feed entry")

    build(tmp_path, memory, school, {})
    assert memory.derived == {}  # no build used it: let go

    build(tmp_path, memory, school, {}, parts=[("feed entry", ("pears",), make)])
    assert make.calls == 2


def test_a_change_to_what_every_file_shows_makes_every_file_again(tmp_path, school):
    memory, make = OutputMemory(), Made()
    files = {"a.html": ("one",), "b.html": ("two",)}
    build(tmp_path, memory, school, files, parts=[("part", ("x",), make)])

    made, _ = build(tmp_path, memory, school, files, b"theme, edited", [("part", ("x",), make)])
    assert made == ["a.html", "b.html"]
    assert make.calls == 2
    assert memory.shared == b"theme, edited"


def test_a_full_build_remembers_nothing_and_makes_everything(tmp_path):
    outputs, make = Outputs(tmp_path, Writes(), now=True), Made()
    assert outputs.memory is None
    assert not outputs.unchanged("a.html", "one")
    assert not outputs.all_unchanged(["a.atom", "a.rss"], "one")
    assert outputs.derive("part", ("x",), make, "part") == "PART"
    assert outputs.derive("part", ("x",), make, "part") == "PART"
    assert make.calls == 2
    assert not outputs.was_derived_before("part")
    outputs.write("a.html", "a page", {})
    assert outputs.store("a.html", b"a page")  # written again: no key says it is the same
    assert outputs.changed == {"a.html"}
    assert (tmp_path / "a.html").read_text() == "a page"
