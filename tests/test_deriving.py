"""Household keys derived beside a cold build (homeroom_portfolio/deriving.py), attacked: the
child's keys are the households' keys, a passphrase never shows on its command line or in its
environment, a child that dies costs time and never a wrong key, it ends once the build has
what it needs, and a build on every core takes its keys from it."""

import json
from pathlib import Path

import pytest

from homeroom_portfolio import crypto
from homeroom_portfolio.deriving import Derivation
from homeroom_portfolio.keys import load_keys
from tests.sites import pelican_build, small_school

FEW = 2_000  # PBKDF2 rounds for the unit tests (the build's are crypto.ITERATIONS)
SECRET = "test-only-secret-for-derived-household-keys"
PASSPHRASES = {
    "grade-1/ana": "copper meadow violin nine",
    "grade-1/leo": "  maple kettle orbit seven ",  # trimmed as the browser trims it
    "grade-1/mia": "río piedra linterna cuatro",  # NFC, as the browser normalizes it
}


def wanted(passphrases: dict = PASSPHRASES) -> dict:
    pairs = {}
    for student, passphrase in passphrases.items():
        salt = crypto.salt(SECRET, student)
        pairs[crypto.keys_name(passphrase, salt)] = (passphrase, salt)
    return pairs


def no_stretch_here(monkeypatch):
    """Make a key derived in this process fail the test: only the child's keys can pass."""

    def refused(*args, **kwargs):
        raise AssertionError("a key was derived in the build's process, not beside it")

    monkeypatch.setattr(crypto, "stretch", refused)


def test_the_childs_keys_are_the_households_keys(monkeypatch):
    pairs = wanted()
    expected = {name: crypto.household_key(*pair, iterations=FEW) for name, pair in pairs.items()}
    derivation = Derivation(pairs, threads=2, iterations=FEW)
    no_stretch_here(monkeypatch)
    assert derivation.keys(list(pairs)) == expected


def test_a_passphrase_is_never_on_the_childs_command_line_or_in_its_environment(monkeypatch):
    """As in the workflow, where the keys file and the site secret are environment variables
    of the build: the child inherits none of them."""
    keys = "".join(f"{student}: {passphrase}\n" for student, passphrase in PASSPHRASES.items())
    monkeypatch.setenv("HOMEROOM_FAMILY_KEYS", keys)
    monkeypatch.setenv("HOMEROOM_SECRET", SECRET)
    derivation = Derivation(wanted(), threads=1, iterations=10_000_000)  # still running
    try:
        pid = derivation.process.pid
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
        environment = Path(f"/proc/{pid}/environ").read_bytes()
        for passphrase, _ in wanted().values():
            for form in (passphrase.strip(), crypto.normalize(passphrase).encode().hex()):
                assert form.encode() not in command
                assert form.encode() not in environment
        assert SECRET.encode() not in environment
        assert b"HOMEROOM_" not in environment
    finally:
        derivation.close()


def test_a_child_that_dies_costs_time_never_a_wrong_key():
    pairs = wanted()
    derivation = Derivation(pairs, threads=2, iterations=FEW)
    derivation.process.kill()
    keys = derivation.keys(list(pairs))
    assert keys == {
        name: crypto.household_key(*pair, iterations=FEW) for name, pair in pairs.items()
    }


def test_a_child_that_cannot_start_costs_time_never_a_wrong_key(monkeypatch):
    def no_process(*args, **kwargs):
        raise OSError("no more processes")

    monkeypatch.setattr("subprocess.Popen", no_process)
    pairs = wanted()
    derivation = Derivation(pairs, threads=2, iterations=FEW)
    assert derivation.process is None
    assert derivation.keys(list(pairs)) == {
        name: crypto.household_key(*pair, iterations=FEW) for name, pair in pairs.items()
    }


def test_the_child_ends_once_the_needed_keys_are_in(monkeypatch):
    """A keys file names more households than the school has family pages (a child who left):
    the build waits for those it needs only, and ends the child."""
    many = {f"grade-9/kid{number}": f"passphrase number {number}" for number in range(400)}
    pairs = wanted({**PASSPHRASES, **many})
    first = next(iter(pairs))
    expected = crypto.household_key(*pairs[first], iterations=200_000)
    derivation = Derivation(pairs, threads=1, iterations=200_000)  # 400 keys: over 10 s
    process = derivation.process
    no_stretch_here(monkeypatch)
    keys = derivation.keys([first, "a name it was never asked for"])
    assert keys == {first: expected}
    assert process.poll() is not None  # ended, long before the other 400
    assert derivation.process is None


@pytest.mark.slow
def test_a_build_on_every_core_locks_family_pages_with_the_childs_keys(tmp_path, monkeypatch):
    files = {}
    for student in PASSPHRASES:
        name = student.split("/")[1]
        folder = f"classes/grade-1/portfolio/{name}"
        files[f"{folder}/student.yml"] = f"name: {name.title()}\n"
        files[f"{folder}/2026-10-01-work.md"] = (
            f"Title: Work\nDate: 2026-10-01\n\nONLY-{name.upper()}-TEXT.\n"
        )
    content = small_school(tmp_path / "content", **files)
    keys = "".join(f"{student}: {passphrase!r}\n" for student, passphrase in PASSPHRASES.items())
    keys += "grade-9/zed: 'a class this school does not have'\n"
    output = tmp_path / "output"
    asked = []
    real_init = Derivation.__init__

    def recording(self, wanted, *args, **kwargs):
        asked.append(dict(wanted))
        real_init(self, wanted, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(Derivation, "__init__", recording)
        no_stretch_here(patched)  # the build's process and its forked workers derive nothing
        errors = pelican_build(
            content,
            output,
            HOMEROOM_SECRET=SECRET,
            HOMEROOM_FAMILY_KEYS=keys,
            HOMEROOM_PREVIEW=False,
            HOMEROOM_WORKERS=2,
        )
    assert errors == 0
    households = load_keys(keys, tmp_path)
    assert "grade-9/zed" in households
    expected = {
        crypto.keys_name(household.passphrase, crypto.salt(SECRET, student))
        for student, each in households.items()
        for household in each
        if student != "grade-9/zed"  # a class the school does not have: no page needs it
    }
    assert [set(names) for names in asked] == [expected]
    pages = sorted((output / "portfolio").glob("*/index.html"))
    assert len(pages) == len(PASSPHRASES)
    opened = set()
    for page in pages:
        html = page.read_text(encoding="utf-8")
        locked = json.loads(
            html.split('<script type="application/json" id="locked">')[1].split("<")[0]
        )
        for student, passphrase in PASSPHRASES.items():
            try:
                body = crypto.unlock(passphrase, locked).decode()
            except crypto.Refused:
                continue
            opened.add(student)
            assert f"ONLY-{student.split('/')[1].upper()}-TEXT" in body
    assert opened == set(PASSPHRASES)
