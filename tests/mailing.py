"""`invoke send` in tests: a small school published on 20 September, its families, the send
itself in this process, and how a mail program reads what arrives."""

from pathlib import Path

import tasks
from homeroom_mail.command import run_send
from homeroom_school.settings import load_config
from tests.mailserver import Inbox
from tests.sites import pelican_build, small_school

SITE = "https://school.example"
GRADE_2 = """
    name: Grade 2
    teachers: Mr. Diallo
    languages: [ar, en]
    contact:
      email: diallo@school.example
"""

FAMILIES = """
- email: maria@example.org
  classes: [grade-1]
  lang: es
- email: ahmed@example.net
  classes: [grade-2]
  lang: ar
- email: lan@example.com
  classes: [grade-1, grade-2]
  lang: en
"""

SECRET = "test-only-ledger-secret-" + "x" * 20


def publish(content: Path, output: Path, today: str) -> None:
    assert (
        pelican_build(content, output, SITEURL=SITE, RELATIVE_URLS=False, HOMEROOM_TODAY=today) == 0
    )


def send(
    content,
    output,
    ledger,
    port=None,
    *,
    subscribers=FAMILIES,
    today="2026-09-20",
    dry_run=None,
    start=True,
    **env,
):
    """One `invoke send` in this process: (exit code, what it said). These tests start their
    ledgers on purpose (`--start`) unless they say `start=False`."""
    settings = tasks.pelican_settings(
        tasks.PUBLISH_SETTINGS, str(content), str(output), HOMEROOM_TODAY=today
    )
    environ = {
        "HOMEROOM_SUBSCRIBERS": subscribers,
        "HOMEROOM_SECRET": SECRET,
        "HOMEROOM_SMTP_HOST": "127.0.0.1",
        "HOMEROOM_SMTP_PORT": str(port or 1),
        "HOMEROOM_SMTP_TLS": "none",
        "HOMEROOM_SMTP_FROM": "news@school.example",
        "HOMEROOM_SMTP_PER_MINUTE": "0",
        **env,
    }
    said = []
    code = run_send(
        load_config(settings),
        tasks.ROOT / "themes/homeroom",
        output,
        ledger,
        dry_run,
        environ=environ,
        say=said.append,
        start=start,
    )
    return code, "\n".join(said)


def parts(message) -> tuple[str, str]:
    """(plain text, HTML) of a multipart/alternative message, as a mail program reads it."""
    assert message.get_content_type() == "multipart/alternative"
    types = [part.get_content_type() for part in message.iter_parts()]
    assert types == ["text/plain", "text/html"], types
    return message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()


def to(inbox: Inbox, address: str) -> list:
    return [message for rcpt, message in inbox.messages if rcpt == (address,)]


def built_school(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(content, output, ledger path): two classes, published on 20 September."""
    content = small_school(tmp_path / "content")
    (content / "classes/grade-2/class.yml").write_text(GRADE_2.replace("\n    ", "\n"))
    output = tmp_path / "output"
    publish(content, output, "2026-09-20")  # September's newsletter is not out yet
    return content, output, tmp_path / "mail-ledger.yml"
