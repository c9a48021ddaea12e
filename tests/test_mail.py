"""`invoke send` against a real SMTP server (aiosmtpd, in this process): each family gets a
welcome, then only what is new, in its language; nothing twice; nothing that tracks."""

import os
import re
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from homeroom_mail.plan import weekly_due
from tests.mailing import FAMILIES, SECRET, built_school, parts, publish, send, to
from tests.mailserver import Inbox, Server, certificate, server_tls
from tests.sites import invoke

ADDRESSES = ("maria@example.org", "ahmed@example.net", "lan@example.com")


@pytest.fixture
def school(tmp_path):
    return built_school(tmp_path)


def test_welcome_then_only_what_is_new_then_nothing(school):
    content, output, ledger = school
    inbox = Inbox()
    with Server(inbox) as port:
        code, said = send(content, output, ledger, port)
        assert code == 0, said
        assert len(inbox.messages) == 4  # a welcome per family and class: never the archive
        (welcome,) = to(inbox, "maria@example.org")
        text, html = parts(welcome)
        assert welcome["Subject"] == "Bienvenido a las noticias de Primer grado"
        assert '<html lang="es"' in html and "Our first week" not in html + text
        assert "https://school.example/es/grade-1/" in text
        assert "webcal://school.example/es/grade-1/calendar.ics" in html
        (arabic,) = to(inbox, "ahmed@example.net")
        assert 'dir="rtl"' in parts(arabic)[1]
        assert arabic["Subject"] == "أهلًا بكم في أخبار Grade 2"
        # The teacher edits a post, translates another, writes a new one; October comes.
        news = content / "classes/grade-1/news"
        first = news / "2026-09-04-first-week.md"
        first.write_text(first.read_text() + "\nEdited: one more line.\n")
        (news / "2026-09-11-apples.es.md").write_text(
            "Title: Manzanas\nDate: 2026-09-11\n\nProbamos.\n"
        )
        (news / "2026-09-25-pumpkins.md").write_text(
            "Title: Pumpkins\nDate: 2026-09-25\n\nWe carved pumpkins.\n"
        )
        publish(content, output, "2026-10-02")
        inbox.messages.clear()
        before = datetime.now(UTC).replace(microsecond=0)
        code, said = send(content, output, ledger, port, today="2026-10-02")
        after = datetime.now(UTC)
        assert code == 0, said
        maria = to(inbox, "maria@example.org")
        assert [m["Subject"] for m in maria] == [
            "Pumpkins · Primer grado",
            "Boletín de septiembre de 2026 · Primer grado",
        ]
        text, html = parts(maria[0])
        assert "We carved pumpkins." in text
        assert "aún no se ha traducido" in text  # the note, in the family's language
        assert "Manzanas" not in text and "Our first week" not in text
        for message in maria:  # when it was sent, not the post's day: it sorts as new mail
            assert before <= parsedate_to_datetime(message["Date"]) <= after, message["Date"]
            assert message["Date"].endswith(("-0500", "-0600"))  # in the site's time zone
        edition = output / "es/grade-1/newsletter/2026-09/email.html"  # the email edition
        assert parts(maria[1])[1].replace("\r\n", "\n").strip() == edition.read_text().strip()
        lan = to(inbox, "lan@example.com")
        assert sorted(m["Subject"] for m in lan) == [
            "Newsletter: September 2026 · Grade 1",
            "Newsletter: September 2026 · Grade 2",
            "Pumpkins · Grade 1",
        ]
        inbox.messages.clear()
        code, said = send(content, output, ledger, port, today="2026-10-02")
        assert (code, inbox.messages) == (0, []), said
        assert "0 messages" in said


def test_each_message_says_who_to_write_to_and_carries_stable_ids(school):
    content, output, ledger = school
    first, second = Inbox(), Inbox()
    for inbox, where in ((first, ledger), (second, ledger.with_name("other.yml"))):
        with Server(inbox) as port:
            assert send(content, output, where, port)[0] == 0
    assert first.ids() == second.ids() and len(set(first.ids())) == 4
    for _, message in first.messages:
        unsubscribe = str(message["List-Unsubscribe"]).strip()  # folded: a long line
        assert unsubscribe.startswith("<mailto:") and unsubscribe.endswith(">")
        assert urlsplit(unsubscribe[1:-1]).path in ("park@school.example", "diallo@school.example")
        text, html = parts(message)
        assert urlsplit(unsubscribe[1:-1]).path in text  # visible, not only in a header
        for address in ADDRESSES:  # no per-recipient link, no pixel
            assert address not in html + text
        assert "<img" not in html  # no image at all, so no tracking pixel either


def test_a_refused_third_message_then_the_next_run_sends_exactly_the_rest(school):
    content, output, ledger = school
    busy = Inbox(refuse={3})
    with Server(busy) as port:
        code, said = send(content, output, ledger, port)
    assert code == 0 and len(busy.messages) == 2
    assert "451" in said and "the next run sends the rest" in said
    calm = Inbox()
    with Server(calm) as port:
        code, said = send(content, output, ledger, port)
    assert code == 0, said
    assert len(calm.messages) == 2
    assert not set(busy.ids()) & set(calm.ids())
    every = Inbox()
    with Server(every) as port:
        send(content, output, ledger.with_name("fresh.yml"), port)
    assert sorted(busy.ids() + calm.ids()) == sorted(every.ids())


def test_starttls_against_a_test_certificate_with_a_login(school, tmp_path, monkeypatch):
    content, output, ledger = school
    cert, key = certificate(tmp_path / "tls")
    inbox = Inbox()
    login = {"HOMEROOM_SMTP_TLS": "starttls", "HOMEROOM_SMTP_USER": "news@school.example"}
    with Server(inbox, server_tls(cert, key), password="right") as port:
        # An untrusted certificate: one sentence, nothing sent, nothing recorded.
        code, said = send(content, output, ledger, port, HOMEROOM_SMTP_PASSWORD="right", **login)
        assert code == 1 and "TLS failed" in said and "Traceback" not in said
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))
        code, said = send(content, output, ledger, port, HOMEROOM_SMTP_PASSWORD="wrong", **login)
        assert code == 1 and "refused the login" in said and "HOMEROOM_SMTP_PASSWORD" in said
        assert not ledger.exists() and inbox.messages == []
        code, said = send(content, output, ledger, port, HOMEROOM_SMTP_PASSWORD="right", **login)
    assert code == 0, said
    assert len(inbox.messages) == 4


BAD = [
    # (HOMEROOM_SUBSCRIBERS, the message that says what is wrong)
    (
        "- email: maria@@example.org\n  classes: [grade-1]\n",
        "subscriber 1 (line 1): `email` is not one plain address",
    ),
    (
        "- email: ok@example.org\n  classes: [grade-1]\n"
        "- email: maria@example.org\n  classes: [grade-9]\n",
        "subscriber 2 (line 3): unknown class ('grade-9'); known classes: grade-1, grade-2",
    ),
    (
        "- email: maria@example.org\n  classes: [grade-1]\n  lang: klingon\n",
        "subscriber 1 (line 1): unknown language ('klingon')",
    ),
    (
        "- email: maria@example.org\n  classes: [grade-1\n",
        "HOMEROOM_SUBSCRIBERS line 2 is not valid YAML",
    ),
    ("email: maria@example.org\n", "HOMEROOM_SUBSCRIBERS must be a list of subscribers"),
    ("maria@example.org", "HOMEROOM_SUBSCRIBERS must be a list of subscribers"),
    ("secrets/families.yml", "HOMEROOM_SUBSCRIBERS names a file that does not exist"),
]


@pytest.mark.parametrize(("subscribers", "expected"), BAD)
def test_a_bad_subscriber_is_one_message_naming_its_position_never_its_address(
    school, subscribers, expected
):
    content, output, ledger = school
    code, said = send(content, output, ledger, subscribers=subscribers, dry_run=ledger.parent / "d")
    assert code == 1
    assert expected in said
    assert "maria@" not in said and "Traceback" not in said


def test_no_address_in_the_site_the_ledger_the_log_or_a_dry_run(school, tmp_path):
    content, output, ledger = school
    inbox = Inbox()
    with Server(inbox) as port:
        code, said = send(content, output, ledger, port)
    assert code == 0
    assert "m***@example.org" in said
    dry = tmp_path / "dry"
    env = {
        "HOMEROOM_SUBSCRIBERS": FAMILIES,
        "HOMEROOM_SECRET": SECRET,
        "HOMEROOM_TODAY": "2026-09-20",
    }
    args = ["--content", str(content), "--output", str(output), f"--dry-run={dry}"]
    result = invoke("send", *args, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    emls = sorted(dry.glob("*.eml"))
    assert len(emls) == 4 and "4 messages into" in result.stdout
    # Counts in words as English says them (never "1 posts"), kinds by name.
    (summary,) = [line for line in result.stdout.splitlines() if "4 messages" in line]
    assert summary == f"4 messages into {dry}/ (nothing sent): welcome 4.", summary
    message = message_from_bytes(emls[0].read_bytes(), policy=policy.default)
    assert parts(message)[0]
    scanned = [*output.rglob("*"), ledger, *emls]
    for path in (p for p in scanned if p.is_file()):
        data = path.read_bytes()
        for address in ADDRESSES:
            assert address.encode() not in data, f"{address} in {path}"
    for address in ADDRESSES:
        assert address not in said + result.stdout + result.stderr


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href") or "")


@pytest.mark.parametrize(
    ("lang", "subject"),
    [("en", "Subscribe: Grade 1"), ("es", "Suscripción: Primer grado")],
)
def test_every_class_home_has_a_subscribe_mailto_in_the_readers_language(school, lang, subject):
    output = school[1]
    links = _Links()
    links.feed((output / lang / "grade-1/index.html").read_text(encoding="utf-8"))
    mailtos = [h for h in links.hrefs if h.startswith("mailto:park@school.example?")]
    (subscribe,) = [h for h in mailtos if "subject=" in h]
    query = parse_qs(urlsplit(subscribe).query)
    assert query["subject"] == [subject]
    assert unquote(urlsplit(subscribe).path) == "park@school.example"
    assert "body" in query


def test_weekly_digests_go_on_the_first_run_of_a_week():
    from datetime import date

    assert weekly_due("", date(2026, 10, 7))
    assert not weekly_due("2026-10-05", date(2026, 10, 7))  # Monday, then Wednesday
    assert weekly_due("2026-10-09", date(2026, 10, 12))  # the next Monday


def test_no_secret_no_send(school):
    content, output, ledger = school
    code, said = send(content, output, ledger, HOMEROOM_SECRET="")
    assert code == 1 and "HOMEROOM_SECRET is not set" in said
    assert os.path.exists(output) and not ledger.exists()
    assert not re.search(r"[\w.]+@example\.(org|net|com)", said)
