"""The objects plugins share through Pelican's context are found by one name each: the keys
are spelled in homeroom_school/slots.py only, and every generator reads them through the
HomeroomGenerator base (homeroom_output/generator.py)."""

import ast
import importlib
import inspect
import subprocess
import sys

from pelican.generators import Generator

from homeroom_output.generator import HomeroomGenerator
from homeroom_school import slots
from tests.sites import ROOT

PLUGINS = ROOT / "plugins"
SLOTS_MODULE = PLUGINS / "homeroom_school" / "slots.py"


def plugin_modules():
    return sorted(path for path in PLUGINS.rglob("*.py") if path != SLOTS_MODULE)


def string_constants(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node


def holder_name(node: ast.AST) -> str:
    """`context` for `context[...]`, `self.settings` -> `settings`: what is being read."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def raw_context_reads(tree: ast.AST):
    """`context["HOMEROOM_…"]`, `settings.get("HOMEROOM_…")` and the like: a Pelican context
    or settings dict indexed by a key typed in place."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript):
            holder, key = node.value, node.slice
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"get", "pop", "setdefault"}
            and node.args
        ):
            holder, key = node.func.value, node.args[0]
        else:
            continue
        keyed = isinstance(key, ast.Constant) and str(key.value).startswith("HOMEROOM_")
        if keyed and holder_name(holder) in {"context", "settings"}:
            yield node


def test_the_slot_keys_are_spelled_in_slots_py_only():
    found = []
    for path in plugin_modules():
        for node in string_constants(ast.parse(path.read_text(encoding="utf-8"))):
            if node.value in slots.KEYS:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value}")
    assert found == []


def test_no_plugin_reads_the_context_by_a_typed_key():
    found = []
    for path in plugin_modules():
        for node in raw_context_reads(ast.parse(path.read_text(encoding="utf-8"))):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []


def test_the_scan_sees_a_typed_key():
    """The scans above are not blind: each finds what it looks for in a line written so."""
    tree = ast.parse('x = self.context.get("HOMEROOM_PHOTOS")\ny = context["HOMEROOM_CONFIG"]')
    assert len(list(raw_context_reads(tree))) == 2
    keys = sorted(node.value for node in string_constants(tree) if node.value in slots.KEYS)
    assert keys == ["HOMEROOM_CONFIG", "HOMEROOM_PHOTOS"]


def test_every_slot_has_its_own_key():
    assert len(slots.KEYS) == len(slots.SLOTS)
    assert all(key.startswith("HOMEROOM_") for key in slots.KEYS)


def homeroom_generators() -> list[type]:
    found = {}
    for package in sorted(p.name for p in PLUGINS.iterdir() if p.name.startswith("homeroom_")):
        for name in ("", *(p.stem for p in (PLUGINS / package).glob("*.py"))):
            module = importlib.import_module(f"{package}.{name}" if name else package)
            for value in vars(module).values():
                ours = inspect.isclass(value) and value.__module__.startswith("homeroom_")
                if ours and issubclass(value, Generator):
                    found[value.__qualname__] = value
    return [cls for name, cls in sorted(found.items()) if cls is not HomeroomGenerator]


def test_every_homeroom_generator_builds_on_the_base():
    generators = homeroom_generators()
    names = {cls.__name__ for cls in generators}
    assert {"SchoolGenerator", "SiteGenerator", "SitemapGenerator"} <= names
    for cls in generators:
        assert issubclass(cls, HomeroomGenerator), cls


def test_the_base_reads_each_object_from_its_slot():
    generator = object.__new__(HomeroomGenerator)  # no Pelican run: just its context
    generator.context = {}
    assert generator.pages == []
    assert generator.photos is None
    library, pages = object(), [object()]
    slots.PHOTOS.put(generator.context, library)
    slots.PAGES.put(generator.context, pages)
    assert generator.photos is library
    assert generator.pages is pages


def test_homeroom_school_imports_without_pelican():
    blocked = (
        "import sys\n"
        "class NoPelican:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] == 'pelican':\n"
        "            raise ImportError(name)\n"
        "sys.meta_path.insert(0, NoPelican())\n"
        "import homeroom_school, homeroom_school.features.newsletters, homeroom_school.slots\n"
        "print('pelican' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", blocked],
        cwd=PLUGINS,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
