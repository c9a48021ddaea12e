"""The test-suite's own rules, read from its source with `ast`: a test module imports helpers,
never another test module (shared helpers live in modules named by what they hold, or in
conftest.py); and every wait on a child process has a deadline, so a hung child fails its test
instead of hanging the run until CI kills it."""

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
#: subprocess's functions that wait for the child to finish.
RUNNING = {"run", "call", "check_call", "check_output"}
#: methods that wait on a Popen (`wait(10)` gives its timeout by position).
WAITING = {"communicate", "wait"}


def imported_test_modules(source: str) -> list[str]:
    """The test_* modules an import in `source` names: `from tests.test_x import ...`,
    `from .test_x import ...`, `from tests import test_x`, `import tests.test_x`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            modules = [module] + [f"{module}.{alias.name}" for alias in node.names]
        else:
            continue
        found += [
            f"line {node.lineno}: {module}"
            for module in modules
            if module.split(".")[-1].startswith("test_")
        ]
    return found


def waits_without_timeout(source: str) -> list[str]:
    """Calls in `source` that wait on a child process with no timeout."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name, owner = node.func.attr, node.func.value
        runs = name in RUNNING and isinstance(owner, ast.Name) and owner.id == "subprocess"
        waits = name in WAITING and not (name == "wait" and node.args)
        has_timeout = any(keyword.arg == "timeout" for keyword in node.keywords)
        if (runs or waits) and not has_timeout:
            found.append(f"line {node.lineno}: {ast.unparse(node.func)}(...)")
    return found


def python_sources() -> list[Path]:
    return sorted(TESTS.glob("*.py"))


@pytest.mark.parametrize("path", python_sources(), ids=lambda path: path.name)
def test_no_test_module_imports_another_test_module(path):
    assert imported_test_modules(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", python_sources(), ids=lambda path: path.name)
def test_every_wait_on_a_process_has_a_timeout(path):
    assert waits_without_timeout(path.read_text(encoding="utf-8")) == []


def test_the_import_rule_sees_every_way_of_importing_a_test_module():
    source = (
        "from tests.test_loading import load\n"
        "from .test_mail import send\n"
        "from tests import test_fail_closed as fail_closed\n"
        "import tests.test_incremental\n"
        "from tests.sites import load\n"
        "import tests.tools\n"
    )
    assert imported_test_modules(source) == [
        "line 1: tests.test_loading",
        "line 2: test_mail",
        "line 3: tests.test_fail_closed",
        "line 4: tests.test_incremental",
    ]


def test_the_timeout_rule_sees_every_wait_without_one():
    source = (
        "subprocess.run(['true'])\n"
        "subprocess.check_output(['true'], text=True)\n"
        "process.communicate()\n"
        "process.wait()\n"
        "subprocess.run(['true'], timeout=10)\n"
        "process.communicate(timeout=5)\n"
        "process.wait(10)\n"
        "runner.run()\n"
    )
    assert waits_without_timeout(source) == [
        "line 1: subprocess.run(...)",
        "line 2: subprocess.check_output(...)",
        "line 3: process.communicate(...)",
        "line 4: process.wait(...)",
    ]
