"""`invoke send` at the seams (issue 20): mail never twice and never lost, one family never
stops the others, no address in any output, headers as mail programs read the raw bytes, and
no title or broken feed that stops a run. Each test is the attack or the mistake."""

import json
import logging
import re
from dataclasses import replace
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from homeroom_mail.ledger import load_ledger
from homeroom_mail.messages import Draft, Site, compose
from homeroom_mail.sending import Refused, SmtpTransport, smtp_settings
from homeroom_school.reading.classes import read_class
from tests.mailing import SECRET, SITE, built_school, parts, publish, send, to
from tests.mailserver import Inbox, Server
from tests.sites import invoke

ONE_FAMILY = "- email: lan@example.com\n  classes: [grade-1]\n  lang: en\n"


@pytest.fixture
def school(tmp_path):
    return built_school(tmp_path)


def post(content: Path, day: int, title: str, extra: str = "") -> Path:
    path = content / f"classes/grade-1/news/2026-09-{day:02d}-{title.lower().replace(' ', '-')}.md"
    path.write_text(f"Title: {title}\nDate: 2026-09-{day:02d}\n{extra}\nAbout {title}.\n")
    return path


def posts_in(message) -> list[str]:
    return re.findall(r"About (Week \d+)\.", parts(message)[0])


# -- 4. Mail never twice and never lost ---------------------------------------------------


@pytest.mark.slow
def test_no_ledger_sends_nothing_and_says_how_to_start_over(school, tmp_path):
    content, output, ledger = school
    inbox = Inbox()
    with Server(inbox) as port:
        assert send(content, output, ledger, port)[0] == 0  # the first run, --start
        assert len(inbox.messages) == 4
        ledger.unlink()  # lost: a workflow that read the wrong branch, a bad rebase
        inbox.messages.clear()
        inbox.rcpts.clear()
        code, said = send(content, output, ledger, port, start=False)
        assert code == 1 and inbox.messages == [] and inbox.rcpts == []
        assert "mail-ledger.yml does not exist, so nothing was sent" in said
        assert "invoke send --start" in said and "homeroom-mail" in said
        assert not ledger.exists()
        code, said = send(content, output, ledger, port, start=True)  # on purpose
    assert code == 0 and len(inbox.messages) == 4, said  # a welcome per family and class
    # The teacher's front door says the same, and --start is one of its options.
    env = {"HOMEROOM_SUBSCRIBERS": ONE_FAMILY, "HOMEROOM_SECRET": SECRET}
    args = ["--content", str(content), "--output", str(output)]
    result = invoke("send", *args, "--ledger", str(tmp_path / "none.yml"), env=env)
    assert result.returncode == 1 and "invoke send --start" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "--start" in invoke("send", "--help").stdout


def test_a_started_run_that_nobody_accepted_leaves_a_ledger_for_the_next(school):
    content, output, ledger = school
    refusing = Inbox(refuse={1, 2, 3, 4}, reply="451 4.3.0 try again later")
    with Server(refusing) as port:
        code, said = send(content, output, ledger, port, start=True)
    assert code == 0 and refusing.messages == [] and "next run sends the rest" in said
    assert ledger.exists() and load_ledger(ledger).records == {}
    calm = Inbox()
    with Server(calm) as port:
        code, said = send(content, output, ledger, port, start=False)
    assert code == 0 and len(calm.messages) == 4, said


def feed_weeks(output: Path) -> set[str]:
    return set(
        re.findall(r"<title>(Week \d+)</title>", (output / "en/grade-1/atom.xml").read_text())
    )


@pytest.mark.slow
@pytest.mark.parametrize("how", ["deleted", "drafted", "renamed"])
def test_the_newest_of_24_posts_deleted_drafted_or_renamed_mails_no_older_one_again(school, how):
    content, output, ledger = school
    inbox = Inbox()
    weeks = {}
    with Server(inbox) as port:
        assert send(content, output, ledger, port, subscribers=ONE_FAMILY)[0] == 0  # welcome
        for week in range(1, 5):
            weeks[week] = post(content, 4 + week, f"Week {week}")
        publish(content, output, "2026-09-29")
        inbox.messages.clear()
        assert send(content, output, ledger, port, subscribers=ONE_FAMILY)[0] == 0
        assert [posts_in(m) for _, m in inbox.messages] == [[f"Week {n}" for n in range(1, 5)]]
        for week in range(5, 25):  # twenty more: the first weeks leave the 20-entry feed
            weeks[week] = post(content, 4 + week, f"Week {week}")
        publish(content, output, "2026-09-29")
        shown = feed_weeks(output)
        assert "Week 4" not in shown
        inbox.messages.clear()
        assert send(content, output, ledger, port, subscribers=ONE_FAMILY)[0] == 0
        assert set(posts_in(inbox.messages[0][1])) == shown
        if how == "deleted":
            weeks[24].unlink()
        elif how == "drafted":
            weeks[24].write_text(weeks[24].read_text().replace("\n\n", "\nStatus: draft\n\n", 1))
        else:  # a new slug is a new page: that post goes again, under its new address
            weeks[24].rename(weeks[24].with_name("2026-09-28-week-24-final.md"))
        publish(content, output, "2026-09-29")
        if how != "renamed":
            assert feed_weeks(output) - shown  # an older week is back in the feed
        inbox.messages.clear()
        code, said = send(content, output, ledger, port, subscribers=ONE_FAMILY)
    assert code == 0, said
    assert [posts_in(m) for _, m in inbox.messages] == ([["Week 24"]] if how == "renamed" else [])


def test_a_family_welcomed_after_24_posts_never_gets_the_archive(school):
    content, output, ledger = school
    weeks = {week: post(content, 4 + week, f"Week {week}") for week in range(1, 25)}
    publish(content, output, "2026-09-29")
    inbox = Inbox()
    with Server(inbox) as port:
        assert send(content, output, ledger, port, subscribers=ONE_FAMILY)[0] == 0  # welcome
        weeks[24].unlink()
        weeks[23].unlink()
        post(content, 29, "Week 25")
        publish(content, output, "2026-09-29")
        inbox.messages.clear()
        code, said = send(content, output, ledger, port, subscribers=ONE_FAMILY)
    assert code == 0, said
    assert [posts_in(m) for _, m in inbox.messages] == [["Week 25"]]
    # What is too old for the feed is the class's archive, once; a family keeps only its own
    # ids (about a feed's worth), and every id goes when its page does.
    kept = load_ledger(ledger)
    (record,) = kept.records.values()
    assert {"grade-1/news/week-3", "grade-1/news/week-5"} <= kept.archive["grade-1"]
    assert "grade-1/news/week-24" not in kept.archive["grade-1"] | record.known
    assert len(record.known) <= 20 and not record.known & kept.archive["grade-1"]


def test_a_version_2_ledger_that_forgot_the_archive_is_upgraded_without_mail(school):
    content, output, ledger = school
    for week in range(1, 25):
        post(content, 4 + week, f"Week {week}")
    publish(content, output, "2026-09-29")
    inbox = Inbox()
    with Server(inbox) as port:
        assert send(content, output, ledger, port, subscribers=ONE_FAMILY)[0] == 0
        # What the previous version wrote: the feed's 20 entries known, by dated ids.
        shown = feed_weeks(output)
        text = ledger.read_text().replace("version: 3", "version: 2")
        for week in range(1, 25):
            line = re.compile(rf"^( *)- grade-1/news/week-{week}\n", re.MULTILINE)
            dated = rf"\1- 2026-09-{4 + week:02d}:grade-1/news/week-{week}\n"
            text = line.sub(dated if f"Week {week}" in shown else "", text)
        ledger.write_text(text)
        (content / "classes/grade-1/news/2026-09-28-week-24.md").unlink()
        publish(content, output, "2026-09-29")
        inbox.messages.clear()
        code, said = send(content, output, ledger, port, subscribers=ONE_FAMILY)
    assert (code, [posts_in(m) for _, m in inbox.messages]) == (0, []), said
    assert "version: 3" in ledger.read_text()


def test_a_family_taken_off_the_list_is_forgotten_but_not_while_the_list_has_a_mistake(school):
    content, output, ledger = school
    inbox = Inbox()
    two = "- email: lan@example.com\n  classes: [grade-1, grade-2]\n"
    one = "- email: lan@example.com\n  classes: [grade-2]\n"
    with Server(inbox) as port:
        assert send(content, output, ledger, port, subscribers=two)[0] == 0
        assert len(load_ledger(ledger).records) == 2
        typo = one + "- email: x@example.org\n  classes: [grade-9]\n"  # one mistake in it
        assert send(content, output, ledger, port, subscribers=typo)[0] == 1
        assert len(load_ledger(ledger).records) == 2  # a list with a mistake forgets nobody
        assert send(content, output, ledger, port, subscribers=one)[0] == 0
        (pair,) = load_ledger(ledger).records  # grade-1 was taken off: forgotten
        assert pair[1] == "grade-2"
        inbox.messages.clear()
        assert send(content, output, ledger, port, subscribers=two)[0] == 0
    assert [m["Subject"] for _, m in inbox.messages] == ["Welcome to the news of Grade 1"]


LEDGER_KEY = "0123456789abcdef01234567"
BOMB = "version: 3\nsubscribers:\n" + "".join(
    f"  - &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]\n" if n else "  - &l0 [lol]\n" for n in range(8)
)
#: What every refused ledger's message ends with: how to mend it.
RESTORE = (
    "; `invoke send` never writes that; restore the last good ledger from git history"
    " (in the workflow: the history of the branch homeroom-mail)"
)
BAD_LEDGERS = [
    # (the ledger's text, what the one message says)
    ("subscribers: {k: [grade-1]}\n", "line 1: a subscriber's key is not 24 hex digits"),
    (
        f"version: 3\nsubscribers:\n  {LEDGER_KEY}:\n    grade-1: {{known: 5}}\n",
        "line 4: `known` must be a list of ids, not a number",
    ),
    (
        f"version: 3\nsubscribers:\n  {LEDGER_KEY}:\n    grade-1:\n      known: [1, 2]\n",
        "line 5: `known` holds a number, not an id",
    ),
    (
        f"version: 3\nsubscribers:\n  {LEDGER_KEY}:\n    grade-1:\n      last: [x]\n",
        "line 5: `last` must be a day (YYYY-MM-DD), not a list",
    ),
    (
        f"version: 3\nsubscribers:\n  {LEDGER_KEY}: [grade-1]\n",
        "line 3: a subscriber must be a mapping, not a list",
    ),
    (
        "version: 3\nsubscribers:\n  lan@example.com: {}\n",
        "line 3: a subscriber's key is not 24 hex digits",
    ),
    ("- grade-1\n", "line 1: the file must be a mapping, not a list"),
    ("version: 9\nsubscribers: {}\n", "line 1: `version` must be a whole number from 1 to 3"),
    (
        "version: 3\nwho: {}\n",
        "line 2: the file has a key other than archive, subscribers, version",
    ),
    (
        "version: 3\narchive: {grade-1: 5}\nsubscribers: {}\n",
        "line 2: a class's archive must be a list of ids, not a number",
    ),
    ("", "is empty"),
    ("subscribers: {a: [\n", "line 2 is not valid YAML"),
    (  # refused from the parser's events, unexpanded
        BOMB,
        "line 3: uses a YAML anchor or alias (& or *), which Homeroom does not read",
    ),
]


@pytest.mark.parametrize(("text", "expected"), BAD_LEDGERS)
def test_a_tampered_ledger_is_one_message_and_nothing_is_sent(school, text, expected):
    content, output, ledger = school
    ledger.write_text(text)
    inbox = Inbox()
    with Server(inbox) as port:
        code, said = send(content, output, ledger, port)
    assert code == 1 and inbox.rcpts == [], said
    assert f"\nerror: mail-ledger.yml {expected}; " in said, said
    assert RESTORE in said, said
    assert said.count("error:") == 1 and "Traceback" not in said
    assert "lan@example.com" not in said and ledger.read_text() == text


def test_a_ledger_that_is_not_utf8_is_one_message(school):
    content, output, ledger = school
    ledger.write_bytes(b"version: 3\nsubscribers: {\xff: 1}\n")
    code, said = send(content, output, ledger, dry_run=ledger.parent / "d")
    assert code == 1 and "mail-ledger.yml is not UTF-8 text" in said


# -- 5. One family never stops the others ------------------------------------------------


def test_a_5xx_to_one_address_is_reported_masked_and_the_others_are_mailed(school):
    content, output, ledger = school
    inbox = Inbox(refuse_rcpt={"maria@example.org"})
    with Server(inbox) as port:
        code, said = send(content, output, ledger, port, GITHUB_ACTIONS="true")
    assert code == 1
    assert len(inbox.messages) == 3 and to(inbox, "maria@example.org") == []
    assert "::error::subscriber 1 (line 1) (m***@example.org), grade-1: the server refused" in said
    assert "550" in said and "maria@example.org" not in said
    assert said.splitlines()[-1].startswith("::error::1 problem above")
    # The next run tries that family again, and only that family.
    calm = Inbox()
    with Server(calm) as port:
        code, said = send(content, output, ledger, port)
    assert code == 0 and [rcpt for rcpt, _ in calm.messages] == [("maria@example.org",)]


def test_a_5xx_to_data_is_that_familys_and_a_4xx_still_stops_the_run(school):
    content, output, ledger = school
    inbox = Inbox(refuse={1}, reply="554 5.7.1 Message rejected as spam")
    with Server(inbox) as port:
        code, said = send(content, output, ledger, port)
    assert code == 1 and len(inbox.messages) == 3
    assert "error: subscriber 1 (line 1) (m***@example.org)" in said and "554" in said
    assert said.splitlines()[-1].startswith("error: 1 problem above: what they name was not")
    busy = Inbox(refuse={1}, reply="451 4.7.1 Slow down")
    with Server(busy) as port:
        code, said = send(content, output, ledger.with_name("other.yml"), port)
    assert code == 0 and busy.messages == []
    assert "warning: stopped early" in said and "the next run sends the rest" in said


ADDRESSES = [
    "maría@example.org",  # not ASCII before the @: most servers (no SMTPUTF8) refuse it
    "=?utf-8?q?victim=40example.net=2C?=x@example.org",  # an encoded word: a second address
    "Maria <maria@example.org>",
    "maria@example.org, victim@example.net",
    "maria@example.org (Maria)",
    "maria@example.org\nbcc: victim@example.net",
    "maria..r@example.org",
]


@pytest.mark.parametrize("address", ADDRESSES)
def test_an_address_that_is_not_one_plain_address_is_refused_and_the_others_go(
    school, address, caplog, capsys
):
    content, output, ledger = school
    families = (
        f"- email: {json.dumps(address)}\n  classes: [grade-1]\n"  # a YAML double-quoted string
        "- email: lan@example.com\n  classes: [grade-1, grade-2]\n"
    )
    inbox = Inbox()
    with caplog.at_level(logging.DEBUG), Server(inbox, smtputf8=False) as port:
        code, said = send(content, output, ledger, port, subscribers=families)
    assert code == 1
    assert "subscriber 1 (line 1): `email` is not one plain address" in said
    assert inbox.rcpts == ["lan@example.com", "lan@example.com"]  # the other family, two classes
    logged = said + caplog.text + "".join(capsys.readouterr())
    for part in ("victim", "maria@", "María", "maría"):
        assert part not in logged


def test_a_server_without_smtputf8_refuses_only_that_message_never_stops_the_run():
    """The transport's side: an address the server cannot take (not ASCII, and no SMTPUTF8)
    is that message's refusal for good, not a "try later" that stops every run there."""
    settings = smtp_settings(
        {"HOMEROOM_SMTP_HOST": "127.0.0.1", "HOMEROOM_SMTP_TLS": "none"}
        | {"HOMEROOM_SMTP_FROM": "news@school.example"}
    )
    inbox = Inbox()
    with Server(inbox, smtputf8=False) as port:
        transport = SmtpTransport(replace(settings, port=port))
        message = EmailMessage()
        message["Subject"] = "x"
        message.set_content("x")
        with pytest.raises(Refused, match="no SMTPUTF8"):
            transport.send(message, "one", "maría@example.org")
        transport.send(message, "two", "lan@example.com")  # the connection still works
        transport.close()
    assert inbox.rcpts == ["lan@example.com"]


def test_an_internationalized_domain_is_sent_in_its_idna_form(school):
    content, output, ledger = school
    families = "- email: familia@escuela-pública.example\n  classes: [grade-1]\n"
    inbox = Inbox()
    with Server(inbox) as port:
        code, said = send(content, output, ledger, port, subscribers=families)
    assert code == 0, said
    ascii_form = "familia@" + "escuela-pública.example".encode("idna").decode()
    assert ascii_form.startswith("familia@xn--escuela-pblica-")
    assert inbox.rcpts == [ascii_form]
    assert f"To: {ascii_form}\r\n".encode() in inbox.raw[0]


UNKNOWN_KEY = (
    "subscriber 1 (line 1): unknown key (not shown here: it may be an address); use classes,"
    " digest, email, lang, the address on its own `email:` line, like:\n"
)
MISTAKES = [
    # (the list, how the first error begins)
    ("- fam2@example.net:\n    classes: [grade-1]\n", UNKNOWN_KEY),  # keyed by address
    ("- fam2@example.net: {classes: [grade-1]}\n", UNKNOWN_KEY),
    (
        "- email: ok@example.org\n  classes: [fam2@example.net]\n",
        "subscriber 1 (line 1): unknown class (not shown here: it may be an address);"
        " known classes: grade-1, grade-2\n",
    ),
    (
        "- email: ok@example.org\n  classes: [grade-1]\n  lang: fam2@example.net\n",
        "subscriber 1 (line 1): unknown language (not shown here: it may be an address);"
        " the site has ar, en, es\n",
    ),
    (
        "- email: ok@example.org\n  classes: [grade-1]\n  digest: fam2@example.net\n",
        "subscriber 1 (line 1): `digest` must be each or weekly (not shown here: it may be an"
        " address)\n",
    ),
    ("- email: ok@example.org\n  classes: [grade-1]\n  fam2@example.net: true\n", UNKNOWN_KEY),
    (
        "- email: [fam2@example.net]\n  classes: [grade-1]\n",
        "subscriber 1 (line 1): `email` is not one plain address; write it like name@example.org",
    ),
    (
        "{fam2@example.net: [grade-1]}\n",
        "HOMEROOM_SUBSCRIBERS must be a list of subscribers, like:\n",
    ),
    (
        "- &a {email: fam2@example.net, classes: [grade-1]}\n- *a\n",  # an alias: refused
        "HOMEROOM_SUBSCRIBERS line 1 uses a YAML anchor or alias (& or *), which Homeroom does"
        " not read; write the value out in full",
    ),
    (
        "- email: fam2@example.net\n  classes: [grade-1]\n"
        "- email: FAM2@example.net\n  classes: [grade-1]\n",
        "subscriber 2 (line 3): the same address is listed earlier; list each family once,"
        " with all its classes\n",
    ),
]


@pytest.mark.parametrize(("subscribers", "expected"), MISTAKES)
def test_no_mistake_in_the_list_prints_an_address(school, subscribers, expected, capsys, caplog):
    content, output, ledger = school
    with caplog.at_level(logging.DEBUG):
        code, said = send(
            content, output, ledger, subscribers=subscribers, dry_run=ledger.parent / "d"
        )
    assert code == 1, said
    assert said.startswith(f"error: {expected}"), said
    logged = said + caplog.text + "".join(capsys.readouterr())
    assert "fam2@" not in logged.lower() and "Traceback" not in logged
    for eml in (ledger.parent / "d").glob("*.eml"):
        assert b"fam2@" not in eml.read_bytes().lower()


# -- 8. Mail as clients read it ----------------------------------------------------------

SALA = """
name: {en: Room 4 (bilingual kindergarten), es: Sala 4 (Kínder bilingüe)}
teachers: [Ms. Ríos]
languages: [es, en]
contact:
  email: rios@school.example
"""
ARABIC = """
name: الصف الرابع ثنائي اللغة مع الأستاذة فاطمة الزهراء في المبنى الجديد قرب الحديقة الكبيرة
teachers: [Ms. Haddad]
languages: [ar]
contact:
  email: haddad@school.example
"""


def raw_header(raw: bytes, name: str) -> str:
    """A header exactly as the server received it (folding undone, nothing decoded)."""
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    found = re.findall(rf"^{name}:((?: .*)(?:\r\n[ \t].*)*)", head, re.MULTILINE | re.IGNORECASE)
    assert len(found) == 1, head
    return re.sub(r"\r\n([ \t])", r"\1", found[0]).strip()


def test_list_unsubscribe_is_a_mailto_in_the_raw_bytes_whatever_the_class_name(tmp_path):
    content, output, ledger = built_school(tmp_path)
    for class_id, yml in (("sala-4", SALA), ("grade-4", ARABIC)):
        (content / f"classes/{class_id}/news").mkdir(parents=True)
        (content / f"classes/{class_id}/class.yml").write_text(yml)
    publish(content, output, "2026-09-20")
    families = (
        "- email: ana@example.org\n  classes: [sala-4]\n  lang: es\n"
        "- email: omar@example.org\n  classes: [grade-4]\n  lang: ar\n"
    )
    inbox = Inbox()
    before = datetime.now(UTC).replace(microsecond=0)
    with Server(inbox) as port:
        code, said = send(content, output, ledger, port, subscribers=families)
    assert code == 0 and len(inbox.raw) == 2, said
    for raw, (contact, name) in zip(
        inbox.raw,
        [("rios@school.example", "Sala 4 (Kínder bilingüe)"), ("haddad@school.example", "الصف")],
        strict=True,
    ):
        value = raw_header(raw, "List-Unsubscribe")
        assert re.fullmatch(r"<mailto:[!-~]+>", value), value  # one <mailto:…>, all ASCII
        assert "=?" not in value
        url = urlsplit(value[1:-1])
        assert unquote(url.path) == contact
        assert name in parse_qs(url.query)["subject"][0]
        date = message_from_bytes(raw, policy=policy.default)["Date"]
        assert before <= date.datetime <= datetime.now(UTC)


def test_the_plain_text_names_each_link_once(school):
    content, output, ledger = school
    inbox = Inbox()
    with Server(inbox) as port:
        assert send(content, output, ledger, port)[0] == 0
    (welcome,) = to(inbox, "maria@example.org")
    text = parts(welcome)[0]
    assert len(re.findall(r"https://school\.example/es/grade-1/(?!\S)", text)) == 1, text
    assert text.count("park@school.example") == 1, text  # "Unsubscribe (an email to …)"
    assert not re.search(r"(\S+) \(\1\)", text), text


HOSTILE = ["\u2028", "\u2029", "\u0085", "\r\n", "\n", "\x0b", "\x0c", "\x1b", "\x7f", "\x00"]


@pytest.mark.parametrize("char", HOSTILE, ids=[f"U+{ord(c[0]):04X}" for c in HOSTILE])
def test_no_title_or_class_name_makes_a_header_raise(char):
    school_class = read_class(
        "grade-1",
        b"name: Grade 1\nlanguages: [en]\ncontact: {email: park@school.example}\n",
        "class.yml",
    )
    named = replace(school_class, name={"en": f"Grade{char}1"})
    site = Site(f"River{char}side", SITE, datetime.now(UTC).tzinfo, "news@school.example", "s")
    draft = Draft(
        "grade-1", "posts", "en", f"Pump{char}kins", "<p>x</p>", "x\n", datetime.now(UTC), ()
    )
    catalog = type("Catalog", (), {"gettext": staticmethod(lambda text: text)})
    message = compose(draft, "lan@example.com", "k", named, site, catalog, datetime.now(UTC))
    raw = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
    read = message_from_bytes(raw, policy=policy.default)
    assert read["Subject"] == "Pump kins"
    assert read["From"].addresses[0].display_name == "River side"
    assert "Grade%201" in raw_header(raw, "List-Unsubscribe")


def test_a_class_name_too_long_for_a_header_line_still_gives_a_mailto():
    school_class = read_class(
        "grade-4",
        b"name: Grade 4\nlanguages: [ar]\ncontact: {email: haddad@school.example}\n",
        "class.yml",
    )
    named = replace(school_class, name={"ar": "الصف الرابع " * 30})  # 360 letters, 6 bytes each
    site = Site("Riverside", SITE, UTC, "news@school.example", "school.example")
    draft = Draft("grade-4", "posts", "ar", "x", "<p>x</p>", "x\n", datetime.now(UTC), ())
    catalog = type("Catalog", (), {"gettext": staticmethod(lambda text: text)})
    message = compose(draft, "omar@example.org", "k", named, site, catalog, datetime.now(UTC))
    raw = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
    line = next(x for x in raw.split(b"\r\n") if x.startswith(b"List-Unsubscribe:"))
    assert len(line) <= 998
    value = raw_header(raw, "List-Unsubscribe")
    assert re.fullmatch(r"<mailto:haddad@school\.example\?subject=[!-~]+>", value), value
    assert parse_qs(urlsplit(value[1:-1]).query)["subject"] == ["Unsubscribe: grade-4"]


def test_a_post_title_with_line_separators_in_the_built_feed_still_goes(school):
    content, output, ledger = school
    inbox = Inbox()
    with Server(inbox) as port:
        assert send(content, output, ledger, port, subscribers=ONE_FAMILY)[0] == 0
        post(content, 25, "Pumpkins")
        publish(content, output, "2026-09-29")
        feed = output / "en/grade-1/atom.xml"
        feed.write_text(
            feed.read_text().replace("<title>Pumpkins", "<title>Pump&#x2028;&#x85;&#13;&#10;kins")
        )
        inbox.messages.clear()
        code, said = send(content, output, ledger, port, subscribers=ONE_FAMILY)
    assert code == 0, said
    (message,) = [m for _, m in inbox.messages]
    assert message["Subject"] == "Pump kins · Grade 1"


# -- 6. A broken feed is one clear error, and only its class waits ---------------------------


@pytest.mark.parametrize("feed", ["en/grade-1/atom.xml", "es/grade-1/atom.xml"])
def test_a_feed_that_is_not_well_formed_stops_only_its_class(school, feed):
    content, output, ledger = school
    path = output / feed
    path.write_text(path.read_text().replace("</title>", "\x0b</title>", 1))  # a pasted VT
    inbox = Inbox()
    with Server(inbox) as port:
        code, said = send(content, output, ledger, port)
    assert code == 1 and "Traceback" not in said
    assert f"error: output/{feed} is not well-formed XML (line " in said
    assert said.count(f"output/{feed}") == 1  # said once, not once per family
    lang = feed.split("/")[0]
    got = {rcpt[0]: m["Subject"] for rcpt, m in inbox.messages}
    assert "ahmed@example.net" in got  # grade-2 is untouched
    if lang == "es":
        assert "maria@example.org" not in got and len(inbox.messages) == 3
    else:
        assert "maria@example.org" in got and len(inbox.messages) == 3


def test_a_class_yml_with_a_mistake_stops_only_that_classs_mail(school):
    content, output, ledger = school
    (content / "classes/grade-1/class.yml").write_text("name: [Grade 1\n")  # after the publish
    inbox = Inbox()
    with Server(inbox) as port:
        code, said = send(content, output, ledger, port)
    assert code == 1 and "Traceback" not in said
    assert said.count("classes/grade-1/class.yml") == 1 and "mail for this class waits" in said
    assert sorted(rcpt for rcpt, _ in inbox.messages) == [
        ("ahmed@example.net",),
        ("lan@example.com",),
    ]
    assert [m["Subject"] for m in to(inbox, "lan@example.com")] == [
        "Welcome to the news of Grade 2"
    ]
