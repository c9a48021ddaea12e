"""The GitHub Actions workflows, read as GitHub reads them, and their steps by name."""

from pathlib import Path

import yaml

from tests.sites import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
PUBLISH = WORKFLOWS / "publish.yml"
README = (ROOT / "README.md").read_text(encoding="utf-8")

#: The branch the mail ledger lives on (README, Email to families).
LEDGER_BRANCH = "homeroom-mail"


def load(path: Path) -> dict:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as the boolean True.
    workflow["on"] = workflow.pop(True, workflow.get("on"))
    return workflow


def steps(job: dict) -> list[dict]:
    return job["steps"]


def step_named(job: dict, name: str) -> dict:
    found = [s for s in steps(job) if s.get("name") == name]
    assert len(found) == 1, f"expected one step named {name!r}, found {len(found)}"
    return found[0]
