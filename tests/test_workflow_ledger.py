"""The mail job's ledger scripts, run as the workflow runs them, against a real git remote.

The steps "Newest ledger" (job `mail`) and "Save the ledger" (job `ledger`) are taken from
publish.yml and run with bash, as GitHub runs a `run:` script, in a clone of a bare repository
in a temporary folder that stands for GitHub: what they read, push and refuse is real git.
"""

import os
import stat
import subprocess
from pathlib import Path

import pytest

from tests.workflows import LEDGER_BRANCH, PUBLISH, README, load, step_named

JOBS = load(PUBLISH)["jobs"]
FETCH = step_named(JOBS["mail"], "Newest ledger")
SEND = step_named(JOBS["mail"], "Send")
SAVE = step_named(JOBS["ledger"], "Save the ledger")

OLD = "version: 2\nsubscribers: {}\n# run 1\n"
NEW = "version: 2\nsubscribers: {}\n# run 2\n"


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout.strip()


class Runner:
    """A runner's workspace: a clone of `main` whose origin is the bare repository."""

    def __init__(self, tmp: Path, origin: Path, name: str) -> None:
        self.temp = tmp / f"{name}-temp"  # runner.temp
        self.temp.mkdir()
        self.workspace = tmp / name
        git(tmp, "clone", "--quiet", "--depth=1", origin.as_uri(), str(self.workspace))
        self.outputs = tmp / f"{name}-outputs"

    @property
    def ledger_dir(self) -> Path:
        return self.temp / "homeroom-mail"

    def run(self, step: dict, **extra: str) -> subprocess.CompletedProcess:
        """Run the step's script with its env (expressions filled in) as GitHub does."""
        env = {**os.environ, "GITHUB_OUTPUT": str(self.outputs), "GIT_CONFIG_NOSYSTEM": "1"}
        env["HOME"] = str(self.temp)  # no user config: only what the script sets itself
        for key, value in step.get("env", {}).items():
            env[key] = str(value).replace("${{ runner.temp }}", str(self.temp))
        env.update(extra)
        script = self.temp / "step.sh"
        script.write_text(step["run"], encoding="utf-8")
        # GitHub runs a run: script with `bash -e {0}` on Linux.
        return subprocess.run(
            ["bash", "-e", str(script)],
            cwd=self.workspace,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    def output(self) -> dict[str, str]:
        if not self.outputs.exists():
            return {}
        lines = self.outputs.read_text(encoding="utf-8").splitlines()
        return dict(line.split("=", 1) for line in lines)


@pytest.fixture
def origin(tmp_path: Path) -> Path:
    """GitHub: a bare repository whose `main` has one commit, and no ledger branch yet."""
    bare = tmp_path / "origin.git"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(bare))
    seed = tmp_path / "seed"
    git(tmp_path, "clone", "--quiet", bare.as_uri(), str(seed))
    git(seed, "checkout", "--quiet", "-b", "main")
    (seed / "README.md").write_text("school\n")
    git(seed, "add", "README.md")
    git(seed, "commit", "--quiet", "-m", "main")
    git(seed, "push", "--quiet", "origin", "main")
    return bare


def branch_ledger(origin: Path) -> str:
    return git(origin, "show", f"refs/heads/{LEDGER_BRANCH}:mail-ledger.yml") + "\n"


def has_branch(origin: Path) -> bool:
    refs = git(origin, "for-each-ref", "--format=%(refname)", f"refs/heads/{LEDGER_BRANCH}")
    return bool(refs)


def put_on_branch(tmp: Path, origin: Path, text: str) -> str:
    """What an earlier run saved: the branch with `text` as its ledger; returns the commit."""
    work = tmp / "earlier"
    if not work.exists():
        git(tmp, "clone", "--quiet", origin.as_uri(), str(work))
        git(work, "checkout", "--quiet", "--orphan", LEDGER_BRANCH)
        git(work, "rm", "-rfq", ".")
    (work / "mail-ledger.yml").write_text(text)
    git(work, "add", "mail-ledger.yml")
    git(work, "commit", "--quiet", "-m", "ledger")
    git(work, "push", "--quiet", "origin", f"HEAD:refs/heads/{LEDGER_BRANCH}")
    return git(work, "rev-parse", "HEAD")


def test_no_ledger_branch_is_the_first_mail_and_sends_with_start(tmp_path, origin):
    runner = Runner(tmp_path, origin, "run1")
    result = runner.run(FETCH)
    assert result.returncode == 0, result.stderr
    assert runner.output() == {"start": "true"}
    assert "::notice::No branch homeroom-mail yet" in result.stdout
    assert not (runner.ledger_dir / "mail-ledger.yml").exists()
    assert (runner.ledger_dir / "base").read_text() == ""


def test_the_ledger_comes_from_its_branch_never_from_the_triggering_commit(tmp_path, origin):
    """Run 2 of two pushes in a row: its own commit still has an older ledger on main; the
    branch has what run 1 saved. Run 2 reads the branch's."""
    base = put_on_branch(tmp_path, origin, NEW)
    runner = Runner(tmp_path, origin, "run2")
    (runner.workspace / "mail-ledger.yml").write_text(OLD)  # the commit's own, stale
    result = runner.run(FETCH)
    assert result.returncode == 0, result.stderr
    assert runner.output() == {"start": "false"}
    assert (runner.ledger_dir / "mail-ledger.yml").read_text() == NEW
    assert (runner.ledger_dir / "base").read_text().strip() == base


def test_a_ledger_committed_by_older_workflows_is_moved_to_the_branch_not_a_new_start(
    tmp_path, origin
):
    """A school that mailed before this workflow has mail-ledger.yml on main and no branch:
    its families are not welcomed again."""
    runner = Runner(tmp_path, origin, "upgrade")
    (runner.workspace / "mail-ledger.yml").write_text(OLD)
    result = runner.run(FETCH)
    assert result.returncode == 0, result.stderr
    assert runner.output() == {"start": "false"}
    assert (runner.ledger_dir / "mail-ledger.yml").read_text() == OLD
    assert runner.run(SAVE).returncode == 0
    assert branch_ledger(origin) == OLD


def test_a_branch_that_cannot_be_read_sends_nothing_and_never_starts_over(tmp_path, origin):
    """A network or token failure is not "no ledger": welcoming everyone again would be wrong."""
    runner = Runner(tmp_path, origin, "offline")
    git(runner.workspace, "remote", "set-url", "origin", (tmp_path / "gone.git").as_uri())
    result = runner.run(FETCH)
    assert result.returncode != 0
    assert "start" not in runner.output()
    assert "::error::Could not read the branch homeroom-mail" in result.stdout


@pytest.mark.slow
def test_a_branch_without_a_ledger_file_fails(tmp_path, origin):
    work = tmp_path / "broken"
    git(tmp_path, "clone", "--quiet", origin.as_uri(), str(work))
    git(work, "push", "--quiet", "origin", f"main:refs/heads/{LEDGER_BRANCH}")
    runner = Runner(tmp_path, origin, "run")
    result = runner.run(FETCH)
    assert result.returncode != 0
    assert "start" not in runner.output()


@pytest.mark.parametrize("start", ["true", "false"])
def test_send_runs_with_start_only_when_there_was_no_ledger(tmp_path, origin, start):
    runner = Runner(tmp_path, origin, "send")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "calls"
    invoke = bin_dir / "invoke"
    invoke.write_text(f'#!/bin/sh\necho "$@" >> "{calls}"\n')
    invoke.chmod(invoke.stat().st_mode | stat.S_IXUSR)
    path = f"{bin_dir}{os.pathsep}{os.environ['PATH']}"
    result = runner.run(SEND, LEDGER_START=start, PATH=path)
    assert result.returncode == 0, result.stderr
    ledger = runner.ledger_dir / "mail-ledger.yml"
    flags = "--start " if start == "true" else ""
    assert calls.read_text() == f"send {flags}--output output --ledger {ledger}\n"


@pytest.mark.slow
def test_the_first_save_creates_the_branch_and_the_next_run_reads_it(tmp_path, origin):
    run1 = Runner(tmp_path, origin, "run1")
    assert run1.run(FETCH).returncode == 0
    (run1.ledger_dir / "mail-ledger.yml").write_text(OLD)  # what `send --start` wrote
    result = run1.run(SAVE)
    assert result.returncode == 0, result.stderr
    assert branch_ledger(origin) == OLD
    main = git(origin, "rev-parse", "refs/heads/main")
    run2 = Runner(tmp_path, origin, "run2")
    assert run2.run(FETCH).returncode == 0
    assert run2.output() == {"start": "false"}
    assert (run2.ledger_dir / "mail-ledger.yml").read_text() == OLD
    (run2.ledger_dir / "mail-ledger.yml").write_text(NEW)
    assert run2.run(SAVE).returncode == 0
    assert branch_ledger(origin) == NEW
    first, second = git(origin, "rev-list", f"refs/heads/{LEDGER_BRANCH}").splitlines()[::-1]
    assert git(origin, "rev-parse", f"refs/heads/{LEDGER_BRANCH}^") == first != second
    assert git(origin, "rev-parse", "refs/heads/main") == main  # main is never written


def test_an_unchanged_ledger_makes_no_commit(tmp_path, origin):
    base = put_on_branch(tmp_path, origin, OLD)
    runner = Runner(tmp_path, origin, "quiet")
    assert runner.run(FETCH).returncode == 0
    result = runner.run(SAVE)
    assert result.returncode == 0, result.stderr
    assert git(origin, "rev-parse", f"refs/heads/{LEDGER_BRANCH}") == base


def test_nothing_accepted_on_a_first_mail_saves_nothing(tmp_path, origin):
    """`send --start` refused at login: no ledger written, the next run starts again."""
    runner = Runner(tmp_path, origin, "refused")
    assert runner.run(FETCH).returncode == 0
    result = runner.run(SAVE)
    assert result.returncode == 0, result.stderr
    assert not has_branch(origin)


def test_a_ledger_read_but_not_handed_on_fails(tmp_path, origin):
    put_on_branch(tmp_path, origin, OLD)
    runner = Runner(tmp_path, origin, "lost")
    assert runner.run(FETCH).returncode == 0
    (runner.ledger_dir / "mail-ledger.yml").unlink()
    result = runner.run(SAVE)
    assert result.returncode != 0
    assert "::error::" in result.stdout


@pytest.mark.slow
def test_a_refused_push_fails_the_run(tmp_path, origin):
    """Branch protection (or any rule) that refuses the push: the run goes red, never green
    with the ledger lost."""
    put_on_branch(tmp_path, origin, OLD)
    runner = Runner(tmp_path, origin, "protected")
    assert runner.run(FETCH).returncode == 0
    hook = origin / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'protected branch: push declined' >&2\nexit 1\n")
    hook.chmod(0o755)
    (runner.ledger_dir / "mail-ledger.yml").write_text(NEW)
    result = runner.run(SAVE)
    assert result.returncode != 0
    assert "declined" in result.stderr
    assert branch_ledger(origin) == OLD


def test_a_branch_that_moved_during_the_run_is_not_overwritten(tmp_path, origin):
    """Another run saved meanwhile: this run's ledger would drop what that one sent. It fails
    red and leaves the branch as it is."""
    put_on_branch(tmp_path, origin, OLD)
    runner = Runner(tmp_path, origin, "late")
    assert runner.run(FETCH).returncode == 0
    other = put_on_branch(tmp_path, origin, NEW)
    (runner.ledger_dir / "mail-ledger.yml").write_text(OLD + "# late\n")
    result = runner.run(SAVE)
    assert result.returncode != 0
    assert "::error::The branch homeroom-mail moved" in result.stdout
    assert git(origin, "rev-parse", f"refs/heads/{LEDGER_BRANCH}") == other


def test_a_branch_made_during_a_first_mail_is_not_overwritten(tmp_path, origin):
    runner = Runner(tmp_path, origin, "first")
    assert runner.run(FETCH).returncode == 0
    other = put_on_branch(tmp_path, origin, NEW)
    (runner.ledger_dir / "mail-ledger.yml").write_text(OLD)
    result = runner.run(SAVE)
    assert result.returncode != 0
    assert git(origin, "rev-parse", f"refs/heads/{LEDGER_BRANCH}") == other


def test_deleting_the_branch_as_the_readme_says_starts_over_with_welcomes(tmp_path, origin):
    """The admin's way to start over on purpose: the README's command, then a first mail."""
    put_on_branch(tmp_path, origin, OLD)
    command = f"git push origin --delete {LEDGER_BRANCH}"
    assert f"`{command}`" in README
    admin = tmp_path / "admin"
    git(tmp_path, "clone", "--quiet", origin.as_uri(), str(admin))
    git(admin, *command.split()[1:])
    runner = Runner(tmp_path, origin, "again")
    assert runner.run(FETCH).returncode == 0
    assert runner.output() == {"start": "true"}


def test_the_readme_keeps_branch_protection_off_the_ledger_branch():
    assert "must not cover the branch `homeroom-mail`" in README
    assert "a rule or ruleset that covers `homeroom-mail`" in README
