"""A portfolio's address is its lock (a `link` page has no other), so no published file but that
portfolio's own page names it: the attack reads every file of the site, as `invoke build` makes
it (search and offline files) and as a strict `invoke publish` makes it, with Pagefind's gzipped
index opened, and every message `invoke send --dry-run` writes, decoded as a mail program reads
it. And the locked shell tells nothing of the class: every locked page offers the same
languages, in the same bytes, but for its ciphertext."""

import gzip
import os
import re
from email import message_from_bytes, policy
from pathlib import Path

import pytest
import yaml

from homeroom_mail.ledger import VERSION as ledger_version
from homeroom_mail.ledger import subscriber_key
from homeroom_portfolio import crypto
from homeroom_school import urls
from homeroom_school.settings import own_origin
from tests.sites import DEMO_CONTENT, DEMO_SECRET, invoke, strong_secrets

# Slow: the demo school published strictly, for two addresses.
pytestmark = pytest.mark.slow

STUDENTS = sorted(
    f"{path.parent.parent.parent.name}/{path.parent.name}"
    for path in DEMO_CONTENT.glob("classes/*/portfolio/*/student.yml")
)
LOCKED = re.compile(r'<script type="application/json" id="locked">.*?</script>', re.S)
SENDER_SECRET = "test-only-ledger-secret-" + "y" * 20
# A portfolio page's path with any token, whatever secret made it.
TOKEN_SHAPED = re.compile(rb"%s[a-z2-7]{%d}" % (urls.portfolios().encode(), crypto.TOKEN_LENGTH))


def tokens_of(secret: str) -> dict[str, str]:
    """Every demo student's portfolio token for a site secret."""
    return {student: crypto.token(secret, student) for student in STUDENTS}


def readable(data: bytes) -> list[bytes]:
    """A file's bytes as they are, and opened when gzipped (Pagefind's index, filters,
    fragments and meta files), lower-cased: a token is lower-case base32."""
    texts = [data]
    if data[:2] == b"\x1f\x8b":
        texts.append(gzip.decompress(data))
    return [text.lower() for text in texts]


def naming(texts: list[bytes], tokens: dict[str, str]) -> list[str]:
    return [student for student, token in tokens.items() if any(token.encode() in t for t in texts)]


def leaks(site: Path, tokens: dict[str, str]) -> list[str]:
    """Each file outside a portfolio's own folder that names a portfolio token, or (outside
    the portfolio pages) a portfolio page's path."""
    found = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(site).as_posix()
        texts = readable(path.read_bytes())
        for student in naming(texts, tokens):
            if not name.startswith(urls.portfolio(tokens[student])):
                found.append(f"{name} names the portfolio of {student}")
        if not name.startswith(urls.portfolios()) and any(TOKEN_SHAPED.search(t) for t in texts):
            found.append(f"{name} names a portfolio page")
    return found


def assert_scanned(site: Path, tokens: dict[str, str], offline: bool) -> None:
    """The scan looked at what it must: each page where the secret puts it, the search index
    (gzipped), and offline.json where the site has one."""
    for token in tokens.values():
        assert (site / urls.portfolio(token) / "index.html").is_file()
    assert any(path.read_bytes()[:2] == b"\x1f\x8b" for path in site.rglob("pagefind/**/*.pf_*"))
    assert (site / urls.offline_manifest()).is_file() is offline
    assert (site / urls.service_worker()).is_file()


def publish(folder: Path, siteurl: str) -> tuple[Path, dict, str]:
    """The demo published strictly for `siteurl`, with strong test-only secrets."""
    secrets = strong_secrets(folder / "secrets")
    env = {**os.environ, "SITEURL": siteurl, "HOMEROOM_REPOSITORY_VISIBILITY": "private"}
    env.update(secrets)
    output = folder / "output"
    done = invoke("publish", "--content", str(DEMO_CONTENT), "--output", str(output), env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    return output, secrets, siteurl


@pytest.fixture(scope="module", params=["https://riverside.example", "https://o.github.io/hr"])
def published(request, tmp_path_factory):
    """(output, secrets, SITEURL) of a strict publish: on an origin of its own, and under a
    path (a project site: no offline.json)."""
    return publish(tmp_path_factory.mktemp("published"), request.param)


def test_no_file_of_the_built_site_names_a_portfolio_but_its_page(demo_site):
    tokens = tokens_of(DEMO_SECRET)
    assert_scanned(demo_site, tokens, offline=True)
    assert leaks(demo_site, tokens) == []


def test_no_file_of_a_published_site_names_a_portfolio_but_its_page(published):
    output, secrets, siteurl = published
    tokens = tokens_of(secrets["HOMEROOM_SECRET"])
    assert_scanned(output, tokens, offline=own_origin(siteurl))
    assert leaks(output, tokens) == []


def subscribers() -> list[tuple[str, str, str]]:
    """(address, class, language): a family for every language of every demo class."""
    families = []
    for path in sorted(DEMO_CONTENT.glob("classes/*/class.yml")):
        class_id = path.parent.name
        for lang in yaml.safe_load(path.read_text(encoding="utf-8"))["languages"]:
            families.append((f"family-{class_id}-{lang}@example.org", class_id, lang))
    return families


def test_no_email_names_a_portfolio(published, tmp_path):
    """Every family of every class and language: a welcome, and (with a ledger that knows
    nothing yet) every post, event and newsletter the site has; each message decoded."""
    output, secrets, _ = published
    families = subscribers()
    listed = "".join(f"- {{email: {a}, classes: [{c}], lang: {lang}}}\n" for a, c, lang in families)
    welcomed = [f"- {{email: new-{a}, classes: [{c}], lang: {lang}}}\n" for a, c, lang in families]
    # A ledger that knows these families and nothing they were sent: every post, event and
    # newsletter of the site is new to them (the families "new-…" get a welcome).
    records = {
        subscriber_key(SENDER_SECRET, address): {class_id: {"last": "2026-01-05", "known": []}}
        for address, class_id, _ in families
    }
    ledger = tmp_path / "mail-ledger.yml"
    ledger.write_text(yaml.safe_dump({"version": ledger_version, "subscribers": records}))
    dry = tmp_path / "dry"
    env = {"HOMEROOM_SUBSCRIBERS": listed + "".join(welcomed), "HOMEROOM_SECRET": SENDER_SECRET}
    args = ["--content", str(DEMO_CONTENT), "--output", str(output)]
    args += ["--ledger", str(ledger), f"--dry-run={dry}"]
    done = invoke("send", *args, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    emls = sorted(dry.glob("*.eml"))
    kinds = {path.stem.rsplit("-", 1)[-1] for path in emls}
    assert {"welcome", "newsletter", "posts"} <= kinds, kinds
    tokens = tokens_of(secrets["HOMEROOM_SECRET"])
    for path in emls:
        raw = path.read_bytes()
        message = message_from_bytes(raw, policy=policy.default)
        texts = readable(raw) + [
            part.get_content().encode().lower()
            for part in message.walk()
            if part.get_content_maintype() == "text"
        ]
        assert naming(texts, tokens) == [], path.name
        assert not any(TOKEN_SHAPED.search(text) for text in texts), path.name


def test_every_locked_page_offers_the_same_languages_in_the_same_bytes(demo_site):
    """Ana (grade-3b: en, es), Omar (grade-5a: en, ar) and Linh (kindergarten: en, vi, zh):
    the shell around each ciphertext is the same page, offering every language of the site."""
    tokens = tokens_of(DEMO_SECRET)
    shells = {}
    for student in ("grade-3b/ana", "grade-5a/omar", "kindergarten-sunflowers/linh"):
        html = (demo_site / urls.portfolio(tokens[student]) / "index.html").read_text()
        assert LOCKED.search(html), f"{student}'s page is not locked"
        shells[student] = LOCKED.sub("", html)
    offered = {
        student: re.findall(r'<button type="button" data-lang="([a-z-]+)"', shell)
        for student, shell in shells.items()
    }
    assert offered["grade-3b/ana"] == ["en", "es", "ar", "vi", "zh"]
    assert offered["grade-5a/omar"] == offered["grade-3b/ana"]
    assert len(set(shells.values())) == 1
