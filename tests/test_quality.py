"""The repository's own standards: lint, format, README, settings documented, nothing built."""

import re
import subprocess
import sys

from homeroom_school import slots
from homeroom_school.settings import DEFAULTS
from tests.sites import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_ruff_check_and_format_are_clean():
    for args in (["check", "."], ["format", "--check", "."]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_readme_opens_with_the_two_commands_and_ci_runs_the_second():
    first_block = re.search(r"```\w*\n(.*?)```", README, re.S).group(1).strip().splitlines()
    assert README.index("```") < 40, "the commands come first"
    assert len(first_block) == 2
    install_and_serve, install_and_test = first_block
    assert "requirements.txt" in install_and_serve and "invoke serve" in install_and_serve
    assert "requirements-dev.txt" in install_and_test and "pytest" in install_and_test
    ci = (ROOT / ".ci/run").read_text().strip().splitlines()
    assert ci[-1] == install_and_test


def test_every_setting_is_documented():
    used = set(DEFAULTS)
    for path in (ROOT / "plugins").rglob("*.py"):
        used |= set(re.findall(r'"(HOMEROOM_[A-Z_]+)"', path.read_text()))
    for setting in sorted(used - slots.KEYS):  # the context's slots are no settings
        assert f"`{setting}`" in README, setting


def test_requirements_are_pinned_and_explained():
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text().splitlines():
            if not line.strip() or line.startswith(("#", "-r")):
                continue
            assert re.match(r"^[A-Za-z0-9_.-]+==[\w.]+\s+# \S", line), (name, line)


def test_no_built_output_caches_or_node_modules_are_committed():
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, timeout=60
    ).stdout.splitlines()
    for path in tracked:
        assert not path.startswith(("output/", "node_modules/", ".venv/", "cache/")), path
        assert "__pycache__" not in path and not path.endswith((".pyc", ".mo")), path


def test_architecture_names_every_plugin():
    architecture = (ROOT / "ARCHITECTURE.md").read_text()
    for plugin in sorted(p.name for p in (ROOT / "plugins").iterdir() if p.is_dir()):
        if plugin.startswith("homeroom_"):
            assert f"`{plugin}`" in architecture, plugin


def test_every_runtime_import_is_a_pinned_requirement():
    """What plugins/ and tasks.py import is in requirements.txt: a fresh machine has no more."""
    import ast

    distributions = {
        "PIL": "pillow",
        "yaml": "pyyaml",
        "css_inline": "css-inline",
        "pillow_heif": "pillow-heif",
    }
    required = {
        line.split("==")[0].lower()
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if "==" in line
    }
    local = {p.name for p in (ROOT / "plugins").iterdir()} | {"tasks", "pelicanconf"}
    standard = set(sys.stdlib_module_names)
    sources = [*(ROOT / "plugins").rglob("*.py"), ROOT / "tasks.py"]
    missing = set()
    for path in sources:
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top in standard or top in local:
                    continue
                if distributions.get(top, top).lower() not in required:
                    missing.add((path.name, top))
    assert missing == set()
