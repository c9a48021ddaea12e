"""The locked family page, attacked: it tells nothing of the child, the class, the family's
language or how many households it has; its size tells little; its keys are separate; each
household opens it with its own passphrase, and a household removed opens nothing published
after; a remembered key cannot be read out of the browser and expires; an attached file is
never a file of the site, nor in clear anywhere."""

import base64
import hashlib
import hmac
import json
import random
import re
import shutil
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap

from homeroom_portfolio import crypto
from homeroom_school.settings import SettingsError, load_config, own_origin
from tests.sites import pelican_build, small_school
from tests.tools import serve

SECRET = "test-only-secret-for-locked-pages-of-homeroom"
PORTFOLIO = "classes/grade-1/portfolio"
PASSPHRASES = {
    "grade-1/ana": "copper meadow violin nine",
    "grade-1/leo": "maple kettle orbit seven",
    "grade-1/mia": "river stone lantern four",
}
SECOND_HOUSEHOLD = "harbor cloud ninety one"  # Ana's other household's, in Arabic
KEYS = "".join(f"{student}: {passphrase}\n" for student, passphrase in PASSPHRASES.items())
TWO_HOUSEHOLDS = (  # Ana's second household reads its card in Arabic
    f"grade-1/ana:\n  - {PASSPHRASES['grade-1/ana']}\n"
    f"  - {{passphrase: {SECOND_HOUSEHOLD}, lang: ar}}\n"
    + "".join(f"{student}: {PASSPHRASES[student]}\n" for student in ("grade-1/leo", "grade-1/mia"))
)
NAMES = {"grade-1/ana": "Ana P.", "grade-1/leo": "Leo D.", "grade-1/mia": "Mia K."}
PDF = b"%PDF-1.4\n" + random.Random(7).randbytes(6000) + b"\n%%EOF\n"
LONG = "\n\n".join(
    f"Paragraph {n}: Leo measured the bean plant again and wrote what he saw. " * 3
    for n in range(40)
)
FAMILY = {
    f"{PORTFOLIO}/ana/student.yml": "name: Ana P.\nfamily_languages: [es]\n",
    f"{PORTFOLIO}/ana/2026-10-01-song.md": "Title: Counting song\nDate: 2026-10-01\n\nAna sang.\n",
    f"{PORTFOLIO}/leo/student.yml": "name: Leo D.\nfamily_languages: [en]\n",
    f"{PORTFOLIO}/leo/2026-10-02-beans.md": f"Title: Bean diary\nDate: 2026-10-02\n\n{LONG}\n",
    f"{PORTFOLIO}/mia/student.yml": "name: Mia K.\nfamily_languages: [es]\n",
    f"{PORTFOLIO}/mia/2026-10-03-reading.md": (
        "Title: Reading log\nDate: 2026-10-03\n\nMia read six books: see her "
        "[reading log](reading-log.pdf).\n"
    ),
    f"{PORTFOLIO}/mia/reading-log.pdf": PDF,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("locked")
    content = small_school(folder / "content", **FAMILY)
    output = folder / "output"
    errors = pelican_build(
        content,
        output,
        HOMEROOM_SECRET=SECRET,
        HOMEROOM_FAMILY_KEYS=TWO_HOUSEHOLDS,
        HOMEROOM_PREVIEW=False,
        CACHE_PATH=str(folder / "cache"),
    )
    assert errors == 0
    return output


@pytest.fixture(scope="module")
def republished(site, tmp_path_factory):
    """The same school published again, Ana's second household removed from the keys."""
    folder = tmp_path_factory.mktemp("republished")
    content = small_school(folder / "content", **FAMILY)
    output = folder / "output"
    errors = pelican_build(
        content,
        output,
        HOMEROOM_SECRET=SECRET,
        HOMEROOM_FAMILY_KEYS=KEYS,
        HOMEROOM_PREVIEW=False,
        CACHE_PATH=str(folder / "cache"),
    )
    assert errors == 0
    return output


def page_of(output: Path, student: str) -> Path:
    return output / "portfolio" / crypto.token(SECRET, student) / "index.html"


def locked_of(html: str) -> tuple[dict, str]:
    """The page's encrypted JSON, and the page without it (the shell an attacker reads)."""
    payload = html.split('<script type="application/json" id="locked">')[1].split("<")[0]
    return json.loads(payload), html.replace(payload, "")


def opened(student: str, locked: dict, passphrase: str | None = None) -> bytes:
    return crypto.unlock(passphrase or PASSPHRASES[student], locked)


# -- what the locked HTML tells ----------------------------------------------------------------


def test_the_locked_page_names_no_child_no_class_and_no_family_language(site):
    for student in PASSPHRASES:
        html = page_of(site, student).read_text()
        _, shell = locked_of(html)
        first_name = NAMES[student].split()[0]
        for secret in (
            NAMES[student],
            "grade-1",
            "Grade 1",
            "Primer grado",
            "Ms. Park",
            "reading-log",
            "Reading log",
            "Bean diary",
            "Counting song",
        ):
            assert secret not in shell, (student, secret)
        assert not re.search(rf"\b{first_name}\b", shell), (student, first_name)
        # in the school's DEFAULT_LANG, whatever the family reads; every language of the site
        # offered (grade-2's Arabic too), not the class's: those would hint at the class
        assert '<html lang="en" dir="ltr">' in html
        offered = re.findall(r'class="locked-lang" data-lang="(\w+)" lang="\1"', shell)
        assert offered == ["en", "es", "ar"]
        assert "Frase de acceso" in shell and "Passphrase" in shell
        assert shell.count("<noscript>") == 1 and shell.count('<p class="note" lang=') == 3


def test_the_unlocked_body_has_the_family_language(site):
    locked, _ = locked_of(page_of(site, "grade-1/mia").read_text())
    body = opened("grade-1/mia", locked).decode()
    assert body.startswith('<div lang="es" dir="ltr">') and "Mia K." in body
    assert 'id="forget"' in body and "Olvidarla en este dispositivo" in body


def test_a_short_and_a_long_portfolio_give_data_of_equal_length(site):
    short, _ = locked_of(page_of(site, "grade-1/ana").read_text())
    long, _ = locked_of(page_of(site, "grade-1/leo").read_text())
    short_body = opened("grade-1/ana", short)
    long_body = opened("grade-1/leo", long)
    assert len(short_body.rstrip(b" ")) < 3 * 1024 < 8 * 1024 < len(long_body.rstrip(b" "))
    assert len(short["data"]) == len(long["data"])
    assert len(base64.b64decode(short["data"])) % crypto.BUCKET == 0
    assert short_body.rstrip(b" ").endswith(b"</div>\n")  # the padding is spaces after the HTML


# -- the keys ----------------------------------------------------------------------------------


def test_each_household_key_is_hkdf_of_pbkdf2_and_unwraps_one_content_key(site):
    locked, _ = locked_of(page_of(site, "grade-1/ana").read_text())
    assert locked["v"] == 3 and locked["iterations"] >= 600_000
    assert locked["info"] == crypto.WRAP_INFO
    salt = base64.b64decode(locked["salt"])

    def household(passphrase: str) -> bytes:
        master = PBKDF2HMAC(
            algorithm=hashes.SHA256(), length=32, salt=salt, iterations=600_000
        ).derive(passphrase.encode())
        return HKDF(
            algorithm=hashes.SHA256(), length=32, salt=salt, info=crypto.WRAP_INFO.encode()
        ).derive(master)

    first, second = household(PASSPHRASES["grade-1/ana"]), household(SECOND_HOUSEHOLD)
    assert first == crypto.household_key(PASSPHRASES["grade-1/ana"], salt)
    slots = [base64.b64decode(slot) for slot in locked["keys"]]
    unwrapped = {}
    for name, key in (("first", first), ("second", second)):
        for slot in slots:
            try:
                unwrapped[name] = aes_key_unwrap(key, slot)
            except InvalidUnwrap:
                continue
    assert unwrapped["first"] == unwrapped["second"]  # one content key, wrapped twice
    seed = crypto.content_seed(SECRET, "grade-1/ana", [second, first])
    keys = crypto.content_keys(seed, salt)
    assert keys.aes == unwrapped["first"] and keys.aes != keys.nonce
    body = opened("grade-1/ana", locked)
    nonce = hmac.new(keys.nonce, body, hashlib.sha256).digest()[:12]
    assert base64.b64decode(locked["iv"]) == nonce
    assert crypto.encrypt(keys, body.rstrip(b" ")) == (nonce, base64.b64decode(locked["data"]))


def test_a_page_does_not_tell_how_many_households_open_it(site):
    """Ana's page has two households, Mia's one: their JSON has the same fields and slots."""
    ana, _ = locked_of(page_of(site, "grade-1/ana").read_text())
    mia, _ = locked_of(page_of(site, "grade-1/mia").read_text())
    assert sorted(ana) == sorted(mia) and len(ana["keys"]) == len(mia["keys"]) == crypto.SLOTS
    assert opened("grade-1/ana", ana, SECOND_HOUSEHOLD) == opened("grade-1/ana", ana)
    with pytest.raises(crypto.Refused):
        opened("grade-1/mia", mia, SECOND_HOUSEHOLD)


def test_a_removed_household_opens_nothing_republished(site, republished):
    before, _ = locked_of(page_of(site, "grade-1/ana").read_text())
    after, _ = locked_of(page_of(republished, "grade-1/ana").read_text())
    assert opened("grade-1/ana", before, SECOND_HOUSEHOLD).startswith(b'<div lang="es"')
    with pytest.raises(crypto.Refused):
        opened("grade-1/ana", after, SECOND_HOUSEHOLD)
    assert opened("grade-1/ana", after) == opened("grade-1/ana", before)
    # Mia's households did not change: her page is the same bytes
    assert (
        page_of(republished, "grade-1/mia").read_bytes()
        == page_of(site, "grade-1/mia").read_bytes()
    )


def test_passphrases_are_nfc_and_trimmed_as_javascript_trims():
    salt = crypto.salt(SECRET, "grade-1/mia")
    typed = "\u00a0 Cafe\u0301 river stone \n\ufeff"
    assert crypto.normalize(typed) == "Caf\u00e9 river stone"
    assert crypto.household_key(typed, salt, 1000) == crypto.household_key(
        "Café river stone", salt, 1000
    )
    assert crypto.normalize("\x85river\x1c") == "\x85river\x1c"  # String.trim() keeps these


# -- where a key may be remembered -------------------------------------------------------------


@pytest.mark.parametrize(
    ("site_url", "offered"),
    [
        ("", True),  # a relative build: the preview on its own 127.0.0.1 port
        ("http://127.0.0.1:8000", True),
        ("https://school.example", True),
        ("https://school.example/", True),
        ("https://owner.github.io", True),  # the owner's root Pages site
        ("https://owner.github.io/homeroom", False),  # a project site shares its origin
        ("https://owner.github.io/homeroom/", False),
        ("https://school.example/homeroom", False),
    ],
)
def test_remembering_needs_an_origin_of_the_sites_own(site_url, offered):
    assert own_origin(site_url) is offered


def test_remember_days_is_a_whole_number_of_at_least_one():
    assert load_config({}).remember_days == 180
    assert load_config({"HOMEROOM_REMEMBER_DAYS": 30}).remember_days == 30
    for bad in (0, -3, "30", 1.5, True):
        with pytest.raises(SettingsError, match="HOMEROOM_REMEMBER_DAYS must be a whole number"):
            load_config({"HOMEROOM_REMEMBER_DAYS": bad})


def test_no_remember_checkbox_on_a_project_site(site, tmp_path):
    assert 'type="checkbox"' in page_of(site, "grade-1/mia").read_text()
    assert 'data-remember-days="180"' in page_of(site, "grade-1/mia").read_text()
    content = small_school(
        tmp_path / "content",
        **{
            f"{PORTFOLIO}/ana/student.yml": FAMILY[f"{PORTFOLIO}/ana/student.yml"],
            f"{PORTFOLIO}/ana/2026-10-01-song.md": FAMILY[f"{PORTFOLIO}/ana/2026-10-01-song.md"],
        },
    )
    output = tmp_path / "output"
    assert (
        pelican_build(
            content,
            output,
            HOMEROOM_SECRET=SECRET,
            HOMEROOM_FAMILY_KEYS=KEYS,
            HOMEROOM_PREVIEW=False,
            SITEURL="https://owner.github.io/homeroom",
            CACHE_PATH=str(tmp_path / "cache"),
        )
        == 0
    )
    html = page_of(output, "grade-1/ana").read_text()
    assert 'id="locked"' in html
    assert 'type="checkbox"' not in html and "remember" not in html.lower().replace(
        "data-remember-days", ""
    )
    assert 'data-remember-days="0"' in html


# -- attached files ----------------------------------------------------------------------------


def test_an_attached_file_is_never_a_file_nor_in_clear(site):
    locked, _ = locked_of(page_of(site, "grade-1/mia").read_text())
    body = opened("grade-1/mia", locked).decode()
    encoded = base64.b64encode(PDF).decode()
    assert f'href="data:application/pdf;base64,{encoded}" download="reading-log.pdf"' in body
    middle = len(PDF) // 2 // 3 * 3
    needles = [PDF[middle : middle + 64], encoded.encode()[middle // 3 * 4 :][:64]]
    for path in site.rglob("*"):
        assert "reading-log" not in path.name, path
        assert "reading" not in path.name.lower(), path
        if path.is_file():
            data = path.read_bytes()
            for needle in needles:
                assert needle not in data, (path, needle[:12])


# -- in the browser ----------------------------------------------------------------------------

RECORD = """async () => {
    const db = await new Promise((ok, no) => {
        const open = indexedDB.open("homeroom", 1);
        open.onupgradeneeded = () => open.result.createObjectStore("keys");
        open.onsuccess = () => ok(open.result);
        open.onerror = () => no(open.error);
    });
    const record = await new Promise((ok) => {
        const get = db.transaction("keys").objectStore("keys").get(location.pathname);
        get.onsuccess = () => ok(get.result);
    });
    db.close();
    if (!record) return null;
    return {fields: Object.keys(record).sort(), extractable: record.key.extractable,
            type: record.key.type, algorithm: record.key.algorithm.name,
            usages: record.key.usages, days: (record.expires - Date.now()) / 86400000,
            json: JSON.stringify(record)};
}"""

EXPIRE = """async () => {
    const db = await new Promise((ok) => {
        const open = indexedDB.open("homeroom", 1);
        open.onsuccess = () => ok(open.result);
    });
    await new Promise((ok) => {
        const store = db.transaction("keys", "readwrite").objectStore("keys");
        const get = store.get(location.pathname);
        get.onsuccess = () => {
            const record = get.result;
            record.expires = Date.now() - 1000;
            store.put(record, location.pathname).onsuccess = ok;
        };
    });
    db.close();
}"""


@pytest.mark.browser
def test_remember_reload_forget_and_expire_in_chromium(site, browser):
    token = page_of(site, "grade-1/mia").parent.name
    with serve(site) as base:
        context = browser.new_context()
        page = context.new_page()
        errors, requests = [], []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("request", lambda request: requests.append(request.url))
        page.goto(f"{base}/portfolio/{token}/")
        # the first version's key bytes in localStorage: removed when the page opens
        page.evaluate("localStorage.setItem('homeroom-key:' + location.pathname, 'AAAA')")
        page.reload()
        page.wait_for_selector("[data-lang=en] form.unlock", state="visible")
        assert page.evaluate("document.documentElement.lang") == "en"
        assert not page.is_visible(".locked-lang[data-lang=es]")
        # the language buttons show the texts in Spanish, with no request
        before = len(requests)
        page.click(".locked-languages button[data-lang=es]")
        assert page.is_visible("[data-lang=es] h1") and not page.is_visible(
            ".locked-lang[data-lang=en]"
        )
        assert page.inner_text("[data-lang=es] label[for=passphrase-es]") == "Frase de acceso"
        assert len(requests) == before
        # typed with surrounding spaces, remembered
        page.fill("#passphrase-es", "  river stone lantern four \t")
        page.check("#remember-es")
        page.click("[data-lang=es] button[type=submit]")
        page.wait_for_selector("#unlocked h1", timeout=30000)
        assert page.inner_text("#unlocked h1") == "Mia K."
        assert page.evaluate("document.querySelector('#unlocked > div').lang") == "es"
        assert not page.is_visible("#locked-page")
        page.wait_for_selector("#forget", state="visible")
        assert page.evaluate("localStorage.length") == 0
        record = page.evaluate(RECORD)
        assert record["fields"] == ["expires", "key"]
        assert record["extractable"] is False and record["type"] == "secret"
        assert record["algorithm"] == "AES-GCM" and record["usages"] == ["decrypt"]
        assert 179.9 < record["days"] <= 180
        assert "river" not in record["json"]
        # the attached PDF: a blob: link in the decrypted page, downloading the very bytes
        link = page.locator('#unlocked a[download="reading-log.pdf"]')
        assert link.get_attribute("href").startswith("blob:")
        with page.expect_download() as download:
            link.click()
        assert Path(download.value.path()).read_bytes() == PDF
        # remembered: opens by itself
        page.reload()
        page.wait_for_selector("#unlocked h1", timeout=30000)
        assert not page.is_visible("form.unlock")
        # forgotten: the record is gone, and the form is back after a reload
        page.click("#forget")
        page.wait_for_selector("#forgotten", state="visible")
        assert page.evaluate(RECORD) is None
        page.reload()
        page.wait_for_selector("[data-lang=en] form.unlock", state="visible")
        assert page.inner_text("#unlocked") == ""
        # an expired record is not used, and is deleted
        page.fill("#passphrase-en", "river stone lantern four")
        page.check("#remember-en")
        page.click("[data-lang=en] button[type=submit]")
        page.wait_for_selector("#forget", state="visible", timeout=30000)
        page.evaluate(EXPIRE)
        page.reload()
        page.wait_for_selector("[data-lang=en] form.unlock", state="visible")
        assert page.inner_text("#unlocked") == ""
        assert page.evaluate(RECORD) is None
        assert errors == []
        assert all(url.startswith((base, "blob:", "data:")) for url in requests), requests
        context.close()


@pytest.mark.browser
def test_each_household_opens_and_a_removed_one_is_refused_in_chromium(
    site, republished, browser, tmp_path
):
    """Ana's two households each open her page; published again without the second, its
    passphrase is refused, and its remembered key is forgotten, while the first still opens."""
    served = tmp_path / "served"
    shutil.copytree(site, served)
    folder = page_of(served, "grade-1/ana").parent
    errors = []

    def unlock(page, passphrase: str, remember: bool = False) -> None:
        page.wait_for_selector("[data-lang=en] form.unlock", state="visible")
        page.fill("#passphrase-en", passphrase)
        if remember:
            page.check("#remember-en")
        page.click("[data-lang=en] button[type=submit]")

    with serve(served) as base:
        address = f"{base}/portfolio/{folder.name}/"
        second = browser.new_context()
        second_page = second.new_page()
        second_page.on("pageerror", lambda error: errors.append(str(error)))
        second_page.goto(address)
        unlock(second_page, SECOND_HOUSEHOLD, remember=True)
        second_page.wait_for_selector("#forget", state="visible", timeout=30000)
        assert second_page.inner_text("#unlocked h1") == "Ana P."
        first = browser.new_context()
        first_page = first.new_page()
        first_page.on("pageerror", lambda error: errors.append(str(error)))
        first_page.goto(address)
        unlock(first_page, PASSPHRASES["grade-1/ana"])
        first_page.wait_for_selector("#unlocked h1", timeout=30000)
        assert first_page.inner_text("#unlocked h1") == "Ana P."
        # published again without the second household: the same address
        shutil.rmtree(folder)
        shutil.copytree(page_of(republished, "grade-1/ana").parent, folder)
        second_page.reload()
        unlock(second_page, SECOND_HOUSEHOLD)  # the remembered key opened nothing: forgotten
        second_page.wait_for_selector(
            "[data-lang=en] .unlock-error", state="visible", timeout=30000
        )
        assert second_page.inner_text("#unlocked") == ""
        assert second_page.evaluate(RECORD) is None
        first_page.reload()
        unlock(first_page, PASSPHRASES["grade-1/ana"])
        first_page.wait_for_selector("#unlocked h1", timeout=30000)
        assert first_page.inner_text("#unlocked h1") == "Ana P."
        second.close()
        first.close()
    assert errors == []
