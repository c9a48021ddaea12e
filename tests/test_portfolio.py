"""Portfolios: only the child's family can open them; nothing of them leaks anywhere else."""

import base64
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from babel.messages.pofile import read_po
from invoke import Exit as invoke_exit
from markupsafe import escape

import tasks
from homeroom_portfolio import crypto
from homeroom_portfolio import keys as policy
from homeroom_portfolio.keys import Household, KeysError, load_keys
from tests.pages import Page
from tests.portfolios import KEYS, PORTFOLIO, SECRET, portfolio_build, portfolio_school
from tests.sites import PUBLISHED, ROOT, invoke, load, pelican_build, read_tree, small_school
from tests.tools import serve


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("portfolio")
    content = portfolio_school(folder / "content")
    output = folder / "output"
    assert portfolio_build(content, folder) == 0
    return output, content, folder / "cache"


def page_of(output: Path, student: str) -> Path:
    return output / "portfolio" / crypto.token(SECRET, f"grade-1/{student}") / "index.html"


def translated(lang: str, english: str) -> str:
    """The theme catalog's translation of one UI string, as a page shows it (HTML-escaped)."""
    po = ROOT / "themes/homeroom/translations" / lang / "LC_MESSAGES/messages.po"
    with po.open("rb") as file:
        text = read_po(file, locale=lang)[english].string
    assert text and text != english, f"{lang} has no translation of {english!r}"
    return str(escape(text))


class Loads(HTMLParser):
    """The addresses a page loads by itself (not the links a reader may follow): src, srcset,
    poster, <link href> and the url()s and @imports of its styles."""

    def __init__(self, html: str):
        super().__init__()
        self.urls: list[str] = []
        self.styles: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name in ("src", "poster", "data") or (name == "href" and tag == "link"):
                self.urls.append(value.strip())
            elif name in ("srcset", "imagesrcset"):
                self.urls += [part.split()[0] for part in value.split(",") if part.strip()]
            elif name == "style":
                self.styles.append(value)

    def handle_data(self, data):
        if self.lasttag == "style":
            self.styles.append(data)

    def remote(self) -> list[str]:
        found = list(self.urls)
        for style in self.styles:
            found += re.findall(r"url\(\s*['\"]?([^'\")\s]+)", style)
            found += re.findall(r"@import\s+['\"]([^'\"]+)", style)
        return [
            url
            for url in found
            if urlsplit(url).scheme not in ("", "data", "file") or url.startswith("//")
        ]


# -- the cryptography, as pure functions ---------------------------------------------------


def test_tokens_are_stable_unguessable_and_per_student():
    first = crypto.token(SECRET, "grade-1/mia")
    assert first == crypto.token(SECRET, "grade-1/mia")
    assert len(first) == 26 and first.isalnum()
    assert first != crypto.token(SECRET, "grade-1/sam")
    assert first != crypto.token("another secret", "grade-1/mia")


def test_encryption_round_trip_and_deterministic_nonce():
    salt = crypto.salt(SECRET, "grade-1/mia")
    household = crypto.household_key("river stone lantern four", salt)
    key = crypto.content_keys(crypto.content_seed(SECRET, "grade-1/mia", [household]), salt)
    nonce, ciphertext = crypto.encrypt(key, b"<p>hello</p>")
    assert (nonce, ciphertext) == crypto.encrypt(key, b"<p>hello</p>")
    assert crypto.encrypt(key, b"<p>hello!</p>")[0] != nonce
    assert crypto.decrypt(key, nonce, ciphertext) == crypto.pad(b"<p>hello</p>")
    assert crypto.decrypt(key, nonce, ciphertext).rstrip(b" ") == b"<p>hello</p>"
    other = crypto.household_key("river stone lantern five", salt)
    wrong = crypto.content_keys(crypto.content_seed(SECRET, "grade-1/mia", [other]), salt)
    with pytest.raises(Exception):  # noqa: B017 - cryptography's InvalidTag
        crypto.decrypt(wrong, nonce, ciphertext)
    assert crypto.ITERATIONS >= 600_000


def test_keys_from_a_file_or_from_yaml_text(tmp_path):
    (tmp_path / "keys.yml").write_text(KEYS)
    mia = {"grade-1/mia": (Household("river stone lantern four"),)}
    assert load_keys("keys.yml", tmp_path) == mia
    assert load_keys(KEYS, tmp_path) == mia
    assert load_keys("", tmp_path) == {}


HOUSEHOLDS = """\
grade-1/mia: river stone lantern four
grade-1/leo: ["copper meadow violin nine", "maple kettle orbit seven"]
grade-1/ana:
  - passphrase: harbor cloud ninety one
    lang: es
  - pebble window candle three
"""


def test_a_student_may_have_one_passphrase_per_household(tmp_path):
    assert load_keys(HOUSEHOLDS, tmp_path) == {
        "grade-1/mia": (Household("river stone lantern four"),),
        "grade-1/leo": (
            Household("copper meadow violin nine"),
            Household("maple kettle orbit seven"),
        ),
        "grade-1/ana": (
            Household("harbor cloud ninety one", "es"),
            Household("pebble window candle three"),
        ),
    }
    one_line = "{grade-1/leo: [{passphrase: '  copper meadow violin nine ', lang: ar}]}"
    assert load_keys(one_line, tmp_path) == {
        "grade-1/leo": (Household("copper meadow violin nine", "ar"),)
    }


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("grade-1/mia: []\n", "line 1: grade-1/mia has an empty list of passphrases"),
        ("a/b: x\ngrade-1/mia: [a b c, 7]\n", "line 2: a passphrase of grade-1/mia must be text"),
        (
            "grade-1/mia:\n  - passphrase: one two three four\n    lang: Spanish\n",
            "line 2: a passphrase of grade-1/mia has a lang that is not a language code",
        ),
        (
            "grade-1/mia:\n  - lang: es\n",
            "line 2: a passphrase of grade-1/mia needs `passphrase:` with text",
        ),
        (
            "grade-1/mia: [{passphrase: one two three four, langue: es}]\n",
            "line 1: a passphrase of grade-1/mia has a field other than passphrase and lang",
        ),
        (
            "grade-1/mia:\n  - one two: three four\n",
            "line 2: a passphrase of grade-1/mia has a field other than passphrase and lang",
        ),
        (
            "grade-1/mia: [one two three four, ' One  two three four ']\n",
            "line 1: two households of grade-1/mia have the same passphrase",
        ),
        ("grade-1/mia: [a1, a2, a3, a4, a5]\n", "grade-1/mia has 5 passphrases; a portfolio"),
        ("grade-1/mia: a b c d\ngrade-1/mia: e f g h\n", "line 2: grade-1/mia is there twice"),
        ("grade-1/mia: '   '\n", "line 1: a passphrase of grade-1/mia is empty"),
    ],
)
def test_malformed_households_are_named_by_line_never_by_passphrase(tmp_path, value, message):
    with pytest.raises(KeysError, match=message) as raised:
        load_keys(value, tmp_path)
    assert "one two" not in str(raised.value).casefold()  # no passphrase, nor a part of one
    assert str(raised.value).startswith("HOMEROOM_FAMILY_KEYS line ")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("grade-1/mia: [unclosed\n", "is not valid YAML"),
        ("grade-1/mia: 12345\n", "line 1: a passphrase of grade-1/mia must be text"),
        ("mia: river stone lantern four\n", "must be written class/student"),
        ("missing-keys.yml", "names missing-keys.yml, which does not exist"),
    ],
)
def test_malformed_keys_are_named(tmp_path, value, message):
    with pytest.raises(KeysError, match=message):
        load_keys(value, tmp_path)


# -- reading portfolios ----------------------------------------------------------------------


def test_entries_goals_and_visibility(tmp_path):
    school, _ = load(portfolio_school(tmp_path))
    assert school.problems == []
    assert sorted(school.students) == ["grade-1/mia", "grade-1/sam"]
    (chart,) = school.entries["grade-1/mia"]
    assert chart.visibility == "family" and chart.original.goals == ("counting",)
    assert [i.visibility for i in school.entries["grade-1/sam"]] == ["public", "link"]
    assert [i.slug for i in school.public_entries("grade-1")] == ["painting"]
    private = {use.source: use.private for use in school.photos.values()}
    assert private[f"{PORTFOLIO}/mia/chart.jpg"] is True
    assert private[f"{PORTFOLIO}/sam/painting.jpg"] is False


@pytest.mark.parametrize(
    ("files", "path", "line", "message"),
    [
        (
            {f"{PORTFOLIO}/mia/2026-10-05-x.md": "Title: X\nDate: 2026-10-05\nGoals: flying\n\n."},
            f"{PORTFOLIO}/mia/2026-10-05-x.md",
            3,
            "Goals names 'flying', which is not a goal of grade-1; use ids from goals in "
            "classes/grade-1/class.yml (counting, reading)",
        ),
        (
            {f"{PORTFOLIO}/mia/2026-10-05-x.md": "Title: X\nDate: 2026-10-05\nVisibility: link\n"},
            f"{PORTFOLIO}/mia/2026-10-05-x.md",
            3,
            "Visibility 'link' is wider than the student's ('family' in "
            f"{PORTFOLIO}/mia/student.yml); an entry may only narrow it",
        ),
        (
            {
                f"{PORTFOLIO}/mia/2026-10-05-x.md": (
                    "Title: X\nDate: 2026-10-05\nVisibility: public\n\nx\n\n![A chart](chart.jpg)\n"
                )
            },
            f"{PORTFOLIO}/mia/2026-10-05-x.md",
            3,
            f"is public and has a photo, but {PORTFOLIO}/mia/student.yml has no "
            "photo_consent: true",
        ),
        (
            {f"{PORTFOLIO}/zoe/2026-10-05-x.md": "Title: X\nDate: 2026-10-05\n\nx\n"},
            f"{PORTFOLIO}/zoe",
            None,
            "is a student folder without student.yml; add one",
        ),
        (
            {f"{PORTFOLIO}/mia/student.yml": "name: Mia K.\nvisibility: secret\n"},
            f"{PORTFOLIO}/mia/student.yml",
            2,
            "visibility 'secret' is not known",
        ),
        (
            {
                "classes/grade-1/news/2026-10-09-x.md": (
                    "Title: X\n\n[Mia](../portfolio/mia/2026-10-01-hundred-chart.md)\n"
                )
            },
            "classes/grade-1/news/2026-10-09-x.md",
            3,
            "links to a portfolio entry; portfolios are never linked from other pages",
        ),
    ],
    ids=[
        "unknown goal",
        "wider visibility",
        "public photo without consent",
        "no student.yml",
        "unknown visibility",
        "link to an entry",
    ],
)
def test_bad_portfolio_input(tmp_path, files, path, line, message):
    content = portfolio_school(tmp_path)
    from tests.sites import write_school

    write_school(content, files)
    school, _ = load(content)
    assert [(p.path, p.line) for p in school.problems] == [(path, line)], school.problems
    assert message in school.problems[0].message


# -- the built site --------------------------------------------------------------------------


@pytest.mark.slow
def test_family_page_is_encrypted_and_names_no_one(site):
    output, _, _ = site
    html = page_of(output, "mia").read_text()
    payload = html.split('<script type="application/json" id="locked">')[1].split("<")[0]
    shell = html.replace(payload, "")  # base64 may hold any short word by chance: not the shell
    for secret in (
        "Mia",
        "Secret hundred chart",
        "ZEBRA-PRIVATE-TEXT",
        "Grade 1",
        "Primer grado",
        "chart",
        "Contar",
        "grade-1",
    ):
        assert secret not in shell, secret
    locked = json.loads(payload)
    assert locked["iterations"] >= 600_000
    text = crypto.unlock("river stone lantern four", locked).decode()
    assert "Secret hundred chart" in text and "ZEBRA-PRIVATE-TEXT" in text
    assert "data:image/webp;base64," in text
    assert '<html lang="en"' in html, "the shell speaks the school's language, not the family's"
    assert '<div lang="es" dir="ltr">' in text, "the page itself is in the family's language"
    assert 'name="robots" content="noindex, nofollow"' in html


def test_link_page_is_plain_noindex_and_listed_nowhere(site):
    output, _, _ = site
    link = page_of(output, "sam")
    text = link.read_text()
    assert "Block tower link-only" in text and "LINK-ONLY-TEXT" in text
    assert 'name="robots" content="noindex, nofollow"' in text
    token = link.parent.name
    for path in output.rglob("*"):
        if path.is_file() and path != link:
            assert token not in path.read_bytes().decode("utf-8", "replace"), path
    # this site is at the root of its host (the preview's http://127.0.0.1:8000)
    assert "Disallow: /portfolio/" in (output / "robots.txt").read_text().splitlines()


def test_public_entry_on_class_pages_and_nothing_else(site):
    output, _, _ = site
    home = Page(output / "en/grade-1/index.html").all_text
    assert "Autumn painting for everyone" in home and "Sam B." in home
    assert "Block tower link-only" not in home
    for name in ("sitemap.xml", "en/atom.xml", "en/grade-1/rss.xml", "en/grade-1/calendar.ics"):
        text = (output / name).read_text()
        assert "painting" not in text.lower() and "portfolio" not in text, name


@pytest.mark.slow
def test_a_public_student_yml_is_refused_and_publishes_nothing_written_later(tmp_path):
    """The attack: `visibility: public` in student.yml, then an entry written later without a
    Visibility line. It must be an error at check and build, and publish nothing of it."""
    from tests.sites import write_school

    content = portfolio_school(tmp_path / "content")
    write_school(
        content,
        {
            f"{PORTFOLIO}/sam/student.yml": (
                "name: Sam B.\nphoto_consent: true\nvisibility: public\n"
            ),
            f"{PORTFOLIO}/sam/2026-11-20-diary.md": (
                "Title: Sam's diary WRITTEN-LATER\nDate: 2026-11-20\n\nAt home LATER-TEXT.\n"
            ),
        },
    )
    checked = invoke("check", "--content", str(content))
    where = f"{PORTFOLIO}/sam/student.yml:3: visibility 'public' would make every entry"
    assert checked.returncode == 1 and where in checked.stdout, checked.stdout
    assert "`Visibility: public` in its own file, one by one" in checked.stdout
    assert portfolio_build(content, tmp_path, HOMEROOM_PREVIEW=True) == 1  # the same problem
    for path in (tmp_path / "output").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for needle in (b"WRITTEN-LATER", b"LATER-TEXT", b"LINK-ONLY-TEXT", b"PUBLIC-TEXT"):
                assert needle not in data, (path, needle)


def test_no_file_holds_family_text_or_photo(site):
    output, content, cache = site
    needles = [
        b"Secret hundred chart",
        b"ZEBRA-PRIVATE-TEXT",
        b"A hundred chart colored",
        b"chart.jpg",
        b"Mia K.",
    ]
    photo = (content / PORTFOLIO / "mia/chart.jpg").read_bytes()
    middle = len(photo) // 2
    needles.append(photo[middle : middle + 64])
    # every derivative of the family's photo, raw and base64, as it would be embedded
    # (from the middle of each file: headers are alike in every JPEG or WebP)
    from homeroom_photos.pipeline import PhotoSettings
    from homeroom_school.media import cache_key

    entry = (
        cache
        / "homeroom-photos"
        / cache_key(content / PORTFOLIO / "mia/chart.jpg", PhotoSettings())
    )
    for derivative in entry.glob("*.*"):
        if derivative.suffix != ".json":
            data = derivative.read_bytes()
            middle = len(data) // 2 // 3 * 3
            needles += [data[middle : middle + 64], base64.b64encode(data)[middle : middle + 64]]
    for path in output.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for needle in needles:
                assert needle not in data, (path, needle[:20])


@pytest.mark.slow
def test_publish_fails_closed_without_a_passphrase_or_secret(tmp_path):
    content = portfolio_school(tmp_path / "content")
    output = tmp_path / "site"
    env = {
        "HOMEROOM_SECRET": SECRET,
        "HOMEROOM_FAMILY_KEYS": KEYS,
        "HOMEROOM_REPOSITORY_VISIBILITY": "private",
        **PUBLISHED,
    }
    assert (
        invoke("publish", "--content", str(content), "--output", str(output), env=env).returncode
        == 0
    )
    before = read_tree(output)
    no_key = invoke(
        "publish",
        "--content",
        str(content),
        "--output",
        str(output),
        env={**env, "HOMEROOM_FAMILY_KEYS": ""},
    )
    assert no_key.returncode == 1
    assert "grade-1/mia has a family portfolio but no passphrase in HOMEROOM_FAMILY_KEYS" in (
        no_key.stderr
    )
    no_secret = invoke(
        "publish",
        "--content",
        str(content),
        "--output",
        str(output),
        env={**env, "HOMEROOM_SECRET": ""},
    )
    assert no_secret.returncode == 1
    assert "HOMEROOM_SECRET is not set" in no_secret.stderr
    bad_keys = invoke(
        "publish",
        "--content",
        str(content),
        "--output",
        str(output),
        env={**env, "HOMEROOM_FAMILY_KEYS": "grade-1/mia: [x\n"},
    )
    assert bad_keys.returncode == 1 and "is not valid YAML" in bad_keys.stderr
    for result in (no_key, no_secret, bad_keys):
        assert "Traceback" not in result.stderr
    assert read_tree(output) == before


def test_preview_without_passphrase_is_marked(tmp_path):
    content = portfolio_school(tmp_path / "content")
    output = tmp_path / "preview"
    assert pelican_build(content, output, HOMEROOM_SECRET=SECRET, HOMEROOM_FAMILY_KEYS="") == 0
    html = page_of(output, "mia").read_text()
    english = (
        "Preview: this family page is not encrypted because it has no passphrase yet. "
        "Publishing refuses it until it has one."
    )
    assert f'<p class="note draft" role="note">{translated("es", english)}</p>' in html
    assert english not in html  # Mia's family reads Spanish
    assert "Secret hundred chart" in html


@pytest.mark.browser
def test_family_opens_the_page_with_its_passphrase(site, browser):
    output, _, _ = site
    token = page_of(output, "mia").parent.name
    with serve(output) as base:
        context = browser.new_context()
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{base}/portfolio/{token}/")
        page.fill("#passphrase-en", "river stone lantern five")
        page.click("[data-lang=en] button[type=submit]")
        page.wait_for_selector("[data-lang=en] .unlock-error", state="visible", timeout=30000)
        assert page.inner_text("#unlocked") == ""
        assert "ZEBRA" not in page.content()
        page.fill("#passphrase-en", "river stone lantern four")
        page.check("#remember-en")
        page.click("[data-lang=en] button[type=submit]")
        page.wait_for_selector("#unlocked h1", timeout=30000)
        assert page.inner_text("#unlocked h1") == "Mia K."
        assert "ZEBRA-PRIVATE-TEXT" in page.inner_text("#unlocked")
        photo = page.locator("#unlocked img").first
        assert photo.evaluate("img => img.complete && img.naturalWidth") > 0
        assert photo.get_attribute("alt") == "A hundred chart colored in tens"
        page.reload()  # remembered on this device: opens by itself
        page.wait_for_selector("#unlocked h1", timeout=30000)
        assert errors == []
        context.close()


def test_portfolio_cards(tmp_path):
    content = portfolio_school(tmp_path / "content")
    env = {"HOMEROOM_SECRET": SECRET, "HOMEROOM_FAMILY_KEYS": KEYS, "SITEURL": "https://s.example"}
    result = invoke(
        "portfolio-cards", "--content", str(content), "--output", str(tmp_path / "cards"), env=env
    )
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "cards/all-classes.html").read_text()
    token = crypto.token(SECRET, "grade-1/mia")
    assert f"https://s.example/portfolio/{token}/" in html
    assert "river stone lantern four" in html
    assert html.count("<svg") == 2 and html.count('class="card"') == 2
    # Mia's family reads Spanish and her page is a family one; Sam's card is in the class's
    # first language, and his page is a link one.
    mia = html[html.index('<section class="card" lang="es"') :]
    for english in (
        "This is the private page of your child's school work. Scan the code with your phone's "
        "camera, or type the address.",
        "When the page asks, type the passphrase above. Keep this card at home: anyone who has "
        "it can open the page.",
    ):
        assert f"<p>{translated('es', english)}</p>" in mia
        assert str(escape(english)) not in html
    sam = html[html.index('<section class="card" lang="en"') :].split("</section>")[0]
    assert "Sam B." in sam and "This is the page of your child&#39;s school work." in sam
    assert not (ROOT / "output" / "all-classes.html").exists()


def test_a_card_per_household_each_with_its_passphrase_in_its_language(tmp_path, monkeypatch):
    content = portfolio_school(tmp_path / "content")
    keys = (
        "grade-1/mia:\n  - river stone lantern four\n"
        "  - {passphrase: copper meadow violin nine, lang: en}\n"
    )
    monkeypatch.setenv("HOMEROOM_SECRET", SECRET)
    monkeypatch.setenv("HOMEROOM_FAMILY_KEYS", keys)
    monkeypatch.setenv("SITEURL", "https://s.example")
    tasks.portfolio_cards.body(None, content=str(content), output=str(tmp_path / "cards"))
    html = (tmp_path / "cards/all-classes.html").read_text()
    langs = re.findall(r'<section class="card" lang="(\w+)".*?</section>', html, re.DOTALL)
    sections = re.findall(r'<section class="card".*?</section>', html, re.DOTALL)
    mia = [(lang, card) for lang, card in zip(langs, sections, strict=True) if "Mia K." in card]
    assert [lang for lang, _ in mia] == ["es", "en"]  # Mia's family's language, then the card's
    (_, first), (_, second) = mia
    token = crypto.token(SECRET, "grade-1/mia")
    for card in (first, second):
        assert f"https://s.example/portfolio/{token}/" in card  # one page for both
    assert "river stone lantern four" in first and "copper meadow" not in first
    assert "copper meadow violin nine" in second and "river stone" not in second
    private = "This is the private page of your child&#39;s school work."
    assert "Primer grado" in first and private not in first
    assert "Grade 1" in second and private in second
    assert len(sections) == 3  # and Sam's link card


def test_no_card_is_printed_in_a_language_the_site_does_not_have(tmp_path, monkeypatch):
    content = portfolio_school(tmp_path / "content")
    keys = "grade-1/mia: [river stone lantern four, {passphrase: copper meadow nine, lang: fr}]"
    monkeypatch.setenv("HOMEROOM_SECRET", SECRET)
    monkeypatch.setenv("HOMEROOM_FAMILY_KEYS", keys)
    monkeypatch.setenv("SITEURL", "https://s.example")
    with pytest.raises(invoke_exit, match=r"grade-1/mia \(household 2\): lang fr is not a la"):
        tasks.portfolio_cards.body(None, content=str(content), output=str(tmp_path / "cards"))
    assert not (tmp_path / "cards").exists()


def test_no_card_is_printed_with_a_passphrase_publish_refuses(tmp_path):
    content = portfolio_school(tmp_path / "content")
    weak = "grade-1/mia: aaaaaaaaaaaaaaaaaaaa\n"
    env = {"HOMEROOM_SECRET": SECRET, "HOMEROOM_FAMILY_KEYS": weak, "SITEURL": "https://s.example"}
    result = invoke(
        "portfolio-cards", "--content", str(content), "--output", str(tmp_path / "cards"), env=env
    )
    assert result.returncode == 1
    assert "the passphrase of grade-1/mia" in result.stderr
    assert "aaaaaaaaaaaaaaaaaaaa" not in result.stdout + result.stderr
    assert not (tmp_path / "cards").exists()


@pytest.mark.browser
def test_portfolio_export_opens_offline(tmp_path, browser):
    content = portfolio_school(tmp_path / "content")
    env = {"HOMEROOM_SECRET": SECRET, "HOMEROOM_FAMILY_KEYS": KEYS}
    result = invoke(
        "portfolio-export",
        "--student",
        "grade-1/mia",
        "--content",
        str(content),
        "--output",
        str(tmp_path / "exports"),
        env=env,
    )
    assert result.returncode == 0, result.stderr
    index = tmp_path / "exports/grade-1-mia/index.html"
    assert (tmp_path / "exports/grade-1-mia.zip").is_file()
    html = index.read_text()
    assert "Secret hundred chart" in html and "<style>" in html
    loads = Loads(html)
    assert loads.urls and loads.styles  # the photo and the stylesheet, inlined
    assert loads.remote() == [], "the offline page loads from a host"
    assert "<link" not in html and 'src="http' not in html and "url(http" not in html
    context = browser.new_context(offline=True)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(index.as_uri())
    assert page.locator("h1").inner_text() == "Mia K."
    assert page.locator("img").first.evaluate("img => img.naturalWidth") > 0
    assert all(url.startswith(("file:", "data:")) for url in requests), requests
    context.close()


def test_demo_keys_are_marked_demo_only():
    text = (ROOT / "demo-family-keys.yml").read_text()
    assert text.startswith("# DEMO ONLY")
    demo = load_keys("demo-family-keys.yml", ROOT)
    phrases = [one.passphrase for households in demo.values() for one in households]
    assert len(phrases) == text.count("demo-only") == 4  # Ana's two households among them
    assert all(phrase.startswith("demo-only ") for phrase in phrases)
    # What the settings files give with no secret in the environment: the preview falls back
    # to the demo's values, which publish refuses; publish falls back to nothing.
    script = (
        "import json, tasks\n"
        "dev = tasks.pelican_settings(tasks.DEV_SETTINGS, 'content', 'output')\n"
        "pub = tasks.pelican_settings(tasks.PUBLISH_SETTINGS, 'content', 'output')\n"
        "names = ['HOMEROOM_SECRET', 'HOMEROOM_FAMILY_KEYS']\n"
        "print(json.dumps([[dev[n] for n in names], [pub[n] for n in names]]))\n"
    )
    env = {name: value for name, value in os.environ.items() if not name.startswith("HOMEROOM_")}
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    (dev_secret, dev_keys), (publish_secret, publish_keys) = json.loads(done.stdout)
    assert dev_secret == policy.DEMO_SECRET and policy.DEMO_MARK in dev_secret
    assert "is the demo's secret" in policy.secret_problem(dev_secret)
    assert (ROOT / dev_keys).resolve() == policy.DEMO_KEYS
    assert policy.keys_file_problem(dev_keys, ROOT) is not None
    demo = policy.demo_passphrases()
    assert demo and all(
        policy.passphrase_problem(student, household.passphrase, demo)
        for student, households in load_keys(dev_keys, ROOT).items()
        for household in households
    )
    assert publish_secret == "" and publish_keys == ""


@pytest.mark.slow
def test_many_family_pages_are_locked_on_every_core_as_on_one(tmp_path):
    """A full build locks family pages in forked workers (PBKDF2 is slow on purpose): each
    opens with its own passphrase, and the site equals one built in a single process."""
    names = [f"kid{number}" for number in range(9)]
    files = {}
    for name in names:
        files[f"{PORTFOLIO}/{name}/student.yml"] = f"name: {name.title()}\n"
        files[f"{PORTFOLIO}/{name}/2026-10-01-work.md"] = (
            f"Title: Work of {name}\nDate: 2026-10-01\n\nONLY-{name.upper()}-TEXT.\n"
        )
    content = small_school(tmp_path / "content", **files)
    keys = "".join(f"grade-1/{name}: passphrase of {name}\n" for name in names)
    built = {}
    for workers in (2, 1):
        output = tmp_path / f"output-{workers}"
        assert (
            pelican_build(
                content,
                output,
                HOMEROOM_SECRET=SECRET,
                HOMEROOM_FAMILY_KEYS=keys,
                HOMEROOM_PREVIEW=False,
                HOMEROOM_WORKERS=workers,
            )
            == 0
        )
        built[workers] = read_tree(output)
    assert built[2] == built[1]
    for name in names:
        html = page_of(tmp_path / "output-2", name).read_text()
        locked = json.loads(
            html.split('<script type="application/json" id="locked">')[1].split("<")[0]
        )
        body = crypto.unlock(f"passphrase of {name}", locked)
        assert f"ONLY-{name.upper()}-TEXT" in body.decode()
