"""The rooms of ARCHITECTURE.md and their doors: each plugin package imports only the packages
listed above it in the table of rooms, so the imports run one way and a cycle or a back-arrow
(a model importing what is built on it) cannot come back unnoticed."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLUGINS = ROOT / "plugins"


def rooms_in_order() -> list[str]:
    """The packages of the table "The rooms", top to bottom (a row may name two)."""
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    table = text.split("## The rooms", 1)[1].split("\n## ", 1)[0]
    order = []
    for line in table.splitlines():
        if line.startswith("| `homeroom_"):
            first_cell = line.split("|")[1]
            order += re.findall(r"`(homeroom_\w+)`", first_cell)
    return order


def imports_of(package: str, plugins: Path = PLUGINS) -> set[str]:
    """Every homeroom_ package that `package` imports, at run time or for type checkers."""
    found = set()
    for path in (plugins / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            found |= {name.split(".")[0] for name in names if name.startswith("homeroom_")}
    return found - {package}


def test_the_table_names_every_plugin_package_once():
    order = rooms_in_order()
    packages = sorted(p.name for p in PLUGINS.iterdir() if (p / "__init__.py").is_file())
    assert sorted(order) == packages


def test_each_room_imports_only_rooms_above_it():
    order = rooms_in_order()
    wrong = {
        package: sorted(used for used in imports_of(package) if order.index(used) > index)
        for index, package in enumerate(order)
    }
    assert {package: used for package, used in wrong.items() if used} == {}


def test_a_back_arrow_is_found(tmp_path):
    """The check itself: a model module importing the output layer is reported."""
    for name in ("homeroom_school", "homeroom_output"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "homeroom_school" / "model.py").write_text(
        "from homeroom_output.memo import PreviewMemo\n", encoding="utf-8"
    )
    assert imports_of("homeroom_school", tmp_path) == {"homeroom_output"}
    assert imports_of("homeroom_output", tmp_path) == set()
