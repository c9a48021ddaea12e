"""Rooms with doors: the plugins are installed packages, so their order in PLUGINS does not
matter, and the school model and `invoke send`'s library import without Pelican."""

import json
import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

from tests.sites import ROOT, SOURCE_DATE_EPOCH, TODAY, read_tree, small_school

PLUGINS = runpy.run_path(str(ROOT / "pelicanconf.py"))["PLUGINS"]

# One build in a fresh process: Pelican's signals keep the order in which a process first
# connected the plugins, so two orders in one process would both run the first one.
BUILD = """
import json, sys, tasks
settings = json.loads(sys.argv[3])
sys.exit(tasks.run_pelican(tasks.pelican_settings(tasks.DEV_SETTINGS, *sys.argv[1:3], **settings)))
"""

# `import pelican` fails here, as on a machine that has only the model and the mail library.
WITHOUT_PELICAN = """
import json, sys
from pathlib import Path

class NoPelican:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] == "pelican":
            raise ImportError(f"{name} is not importable in this test")

sys.meta_path.insert(0, NoPelican())
import homeroom_mail, homeroom_school
from homeroom_mail.command import run_send
from homeroom_school.settings import load_config

settings, theme, output, ledger, folder, subscribers = json.loads(sys.argv[1])
environ = {"HOMEROOM_SUBSCRIBERS": subscribers, "HOMEROOM_SECRET": "test-only-" + "x" * 32}
code = run_send(load_config(settings), Path(theme), Path(output), Path(ledger), Path(folder),
                environ=environ, start=True)
loaded = sorted(name for name in sys.modules if name.partition(".")[0] == "pelican")
print(json.dumps({"code": code, "pelican": loaded}))
"""


def build_in_a_fresh_process(content: Path, output: Path, **settings) -> None:
    done = subprocess.run(
        [sys.executable, "-c", BUILD, str(content), str(output), json.dumps(settings)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH},
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_plugins_in_reverse_order_build_the_same_bytes(tmp_path):
    content = small_school(tmp_path / "content")
    build_in_a_fresh_process(content, tmp_path / "listed", HOMEROOM_TODAY=TODAY)
    reverse = list(reversed(PLUGINS))
    build_in_a_fresh_process(content, tmp_path / "reversed", HOMEROOM_TODAY=TODAY, PLUGINS=reverse)
    listed, reversed_ = read_tree(tmp_path / "listed"), read_tree(tmp_path / "reversed")
    assert "en/grade-1/index.html" in listed and "sitemap.xml" in listed  # a whole site
    assert listed.keys() == reversed_.keys()
    assert [name for name in listed if listed[name] != reversed_[name]] == []


def test_the_model_and_a_dry_run_of_send_need_no_pelican(tmp_path):
    import tasks

    content = small_school(tmp_path / "content")
    output = tmp_path / "output"
    build_in_a_fresh_process(content, output, SITEURL="https://school.example")
    settings = tasks.pelican_settings(
        tasks.PUBLISH_SETTINGS, str(content), str(output), SITEURL="https://school.example"
    )
    plain = {
        name: value
        for name, value in settings.items()
        if name.isupper() and isinstance(value, str | int | float | bool | list | type(None))
    }
    folder = tmp_path / "dry-run"
    arguments = [
        plain,
        str(ROOT / "themes/homeroom"),
        str(output),
        str(tmp_path / "mail-ledger.yml"),
        str(folder),
        "- email: lan@example.com\n  classes: [grade-1]\n  lang: en\n",
    ]
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_PELICAN, json.dumps(arguments)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    said = json.loads(done.stdout.strip().splitlines()[-1])
    assert said == {"code": 0, "pelican": []}
    assert len(list(folder.rglob("*.eml"))) == 1  # lan's welcome to grade 1


def test_no_code_puts_a_folder_on_the_import_path():
    """Every import finds an installed package (or, in tests, the repository's `tests.`
    helpers through pytest's pythonpath): no script, plugin or test edits the path."""
    # an insert, append or extend of the path, an assignment to it or a slice of it, a site dir
    edits = re.compile(
        r"sys\.path\s*(\.(insert|append|extend)\b|\[[^]]*\]\s*=|[+]?=)|site\.addsitedir"
    )
    folders = ("plugins", "tests", "bench")
    sources = [ROOT / "tasks.py", ROOT / "pelicanconf.py", ROOT / "publishconf.py"]
    sources += [path for folder in folders for path in sorted((ROOT / folder).rglob("*.py"))]
    editing = [path.relative_to(ROOT) for path in sources if edits.search(path.read_text())]
    assert editing == []
