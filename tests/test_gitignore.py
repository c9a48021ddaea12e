"""What the tasks write on a teacher's or admin's computer is never committed by accident: in a
clone of the repository, after every task that writes locally, `git status` is clean."""

import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest

import tasks
from tests.mailserver import Inbox, Server
from tests.repository import clone_of_the_repository, git
from tests.sites import PUBLISHED, SOURCE_DATE_EPOCH, strong_secrets
from tests.tools import wait_for_line

# Slow: a clone of the repository, and every task that writes run in it.
pytestmark = pytest.mark.slow

CONFERENCE = "content/classes/grade-3b/events/2027-01-14-winter-conferences.md"
SUBSCRIBERS = "- email: family@example.org\n  classes: [grade-3b]\n  lang: es\n"


def run(clone: Path, *args: str, env: dict) -> str:
    """`invoke ARGS` in the clone, with its defaults (the folders it writes); its output."""
    result = subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=clone,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, **env},
    )
    assert result.returncode == 0, f"invoke {' '.join(args)}:\n{result.stdout}{result.stderr}"
    return result.stdout


def first_preview(clone: Path, env: dict) -> None:
    """The real `invoke serve`, with its defaults, stopped once it serves its first build."""
    server = subprocess.Popen(
        [sys.executable, "-m", "invoke", "serve", "--port", "0"],
        cwd=clone,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, **env},
    )
    try:
        wait_for_line(server, r"Serving on http://127\.0\.0\.1:\d+/", timeout=300)
    finally:
        server.terminate()
        server.wait(timeout=30)


def send_options(clone: Path, *options: str) -> list[str]:
    """`invoke send`, with `--start` when there is no ledger yet and the task has that option
    (a run with no ledger starts one only when asked to, as the workflow asks)."""
    start = "start" in inspect.signature(tasks.send.body).parameters
    start = start and not (clone / "mail-ledger.yml").exists()
    return ["send", *(["--start"] if start else []), *options]


def test_no_task_leaves_anything_to_commit(tmp_path):
    clone = clone_of_the_repository(tmp_path / "clone")
    secrets = strong_secrets(tmp_path / "secrets")  # outside the clone, as CI secrets are
    env = {**PUBLISHED, **secrets, "HOMEROOM_REPOSITORY_VISIBILITY": "private"}
    run(clone, "build", env=env)
    run(clone, "publish", env=env)
    first_preview(clone, env)
    mail = {"HOMEROOM_SUBSCRIBERS": SUBSCRIBERS, "HOMEROOM_SECRET": secrets["HOMEROOM_SECRET"]}
    run(clone, *send_options(clone, "--dry-run"), env=mail)
    inbox = Inbox()
    with Server(inbox) as port:  # a real send writes the ledger (and its scratch file)
        smtp = {
            "HOMEROOM_SMTP_HOST": "127.0.0.1",
            "HOMEROOM_SMTP_PORT": str(port),
            "HOMEROOM_SMTP_TLS": "none",
            "HOMEROOM_SMTP_FROM": "news@school.example",
        }
        run(clone, *send_options(clone), env={**mail, **smtp})
    event = (clone / CONFERENCE).read_bytes()
    run(clone, "book", "--class", "grade-3b", "--event", "winter-conferences", "15:50", env={})
    assert (clone / CONFERENCE).read_bytes() != event
    run(
        clone,
        "book",
        "--class",
        "grade-3b",
        "--event",
        "winter-conferences",
        "--free",
        "15:50",
        env={},
    )
    assert (clone / CONFERENCE).read_bytes() == event  # the round trip leaves it as it was
    run(clone, "portfolio-cards", env=env)
    run(clone, "portfolio-export", "--student", "grade-3b/ana", env=env)
    run(clone, "newsletter", "--class", "grade-3b", "--month", "2026-10", env=env)
    run(clone, "check", env={})

    # Each task wrote where it writes (else a clean status would prove nothing) ...
    serve_folder = inspect.signature(tasks.serve.body).parameters["output"].default
    for written in (
        "output/index.html",
        f"{serve_folder}/index.html",
        "mail-dry-run",
        "mail-ledger.yml",
        "portfolio-cards/all-classes.html",
        "exports/grade-3b-ana/index.html",
        "exports/grade-3b-ana.zip",
        "newsletters/en/grade-3b/newsletter/2026-10/email.html",
    ):
        assert (clone / written).exists(), written
    assert any((clone / "mail-dry-run").glob("*.eml"))
    # ... and none of it is there for `git add -A` to commit.
    assert git(clone, "status", "--porcelain", "--untracked-files=all") == ""
