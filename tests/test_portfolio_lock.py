"""crypto.lock: a rendered family page, encrypted once as portfolio.js reads it, its key wrapped
for each household: each household's passphrase opens it, a removed or wrong one does not."""

import base64
import json

import pytest

from homeroom_portfolio import crypto

SECRET = "test-only-secret-for-the-lock-tests-of-homeroom"
STUDENT = "grade-1/mia"
BODY = "<h1><bdi>Mia K.</bdi></h1><p>Mia colored every tenth square ZEBRA-PRIVATE-TEXT.</p>"
FEW = 1_000  # PBKDF2 iterations: the format is the same, the tests are fast
FIRST = "river stone lantern four"
SECOND = "copper meadow violin nine"


def key_of(passphrase: str, student: str = STUDENT) -> bytes:
    return crypto.household_key(passphrase, crypto.salt(SECRET, student), iterations=FEW)


def locked_for(*passphrases: str, body: str = BODY) -> str:
    return crypto.lock(SECRET, STUDENT, [key_of(phrase) for phrase in passphrases], body)


def opened(locked: str, passphrase: str) -> str:
    return crypto.unlock(passphrase, locked, iterations=FEW).decode().rstrip(" ")


def test_a_locked_page_opens_with_its_passphrase():
    locked = locked_for(FIRST)
    assert "ZEBRA-PRIVATE-TEXT" not in locked
    assert opened(locked, FIRST) == BODY


def test_each_households_passphrase_opens_the_same_page():
    locked = locked_for(FIRST, SECOND)
    assert opened(locked, FIRST) == BODY
    assert opened(locked, SECOND) == BODY
    assert len(json.loads(locked)["data"]) == len(json.loads(locked_for(FIRST))["data"])


def test_a_removed_household_opens_nothing_and_the_other_still_does():
    before, after = locked_for(FIRST, SECOND), locked_for(FIRST)
    assert opened(before, SECOND) == BODY
    with pytest.raises(crypto.Refused):
        opened(after, SECOND)
    assert opened(after, FIRST) == BODY
    # nor does the content key it once unwrapped (a device that remembered it) open the new page
    salt = crypto.salt(SECRET, STUDENT)
    old = crypto.content_keys(
        crypto.content_seed(SECRET, STUDENT, [key_of(FIRST), key_of(SECOND)]), salt
    )
    data = json.loads(after)
    with pytest.raises(Exception):  # noqa: B017 - cryptography's InvalidTag
        crypto.decrypt(old, base64.b64decode(data["iv"]), base64.b64decode(data["data"]))


def test_a_wrong_passphrase_or_another_students_does_not_open_it():
    locked = locked_for(FIRST, SECOND)
    with pytest.raises(crypto.Refused):
        opened(locked, "river stone lantern five")
    other = crypto.lock(SECRET, "grade-1/sam", [key_of(FIRST, "grade-1/sam")], BODY)
    with pytest.raises(crypto.Refused):  # same words, the other student's salt
        crypto.unlock(FIRST, json.loads(locked) | {"salt": json.loads(other)["salt"]}, FEW)


def test_every_page_has_the_same_number_of_alike_slots():
    """How many households a child has, and which is which, is not on the page."""
    one, two = json.loads(locked_for(FIRST)), json.loads(locked_for(FIRST, SECOND))
    for data in (one, two):
        slots = [base64.b64decode(slot) for slot in data["keys"]]
        assert len(slots) == crypto.SLOTS and len(set(slots)) == crypto.SLOTS
        assert {len(slot) for slot in slots} == {crypto.WRAPPED}
        assert slots == sorted(slots)
    assert sorted(one) == sorted(two)  # the same fields
    with pytest.raises(ValueError, match="1 to 4 households"):
        crypto.lock(SECRET, STUDENT, [key_of(f"household number {n}") for n in range(5)], BODY)


def test_a_locked_page_says_how_to_derive_its_keys():
    data = json.loads(locked_for(FIRST, SECOND))
    assert data["v"] == crypto.VERSION == 3
    assert data["iterations"] == crypto.ITERATIONS
    assert data["info"] == crypto.WRAP_INFO
    assert base64.b64decode(data["salt"]) == crypto.salt(SECRET, STUDENT)
    assert len(base64.b64decode(data["data"])) % crypto.BUCKET == 0  # its size tells little


def test_the_same_page_and_households_lock_to_the_same_bytes():
    assert locked_for(FIRST, SECOND) == locked_for(FIRST, SECOND)
    assert locked_for(FIRST, SECOND) == locked_for(SECOND, FIRST)  # the file's order aside
    assert locked_for(FIRST, SECOND) != locked_for(FIRST, SECOND, body=BODY + "!")
    # the households change the content key, so every slot and the data change together
    one, two = json.loads(locked_for(FIRST)), json.loads(locked_for(FIRST, SECOND))
    assert not set(one["keys"]) & set(two["keys"]) and one["data"] != two["data"]


def test_the_keys_name_never_holds_the_passphrase():
    salt = crypto.salt(SECRET, STUDENT)
    version, name = crypto.keys_name(FIRST, salt)
    assert version == crypto.VERSION
    assert "river" not in name
    assert name != crypto.keys_name("river stone lantern five", salt)[1]
