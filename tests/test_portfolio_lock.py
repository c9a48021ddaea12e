"""crypto.lock: a rendered family page, encrypted as portfolio.js reads it, opens with its key
and with no other."""

import base64
import json

import pytest
from cryptography.exceptions import InvalidTag

from homeroom_portfolio import crypto

SECRET = "test-only-secret-for-the-lock-tests-of-homeroom"
BODY = "<h1><bdi>Mia K.</bdi></h1><p>Mia colored every tenth square ZEBRA-PRIVATE-TEXT.</p>"
FEW = 1_000  # PBKDF2 iterations: the format is the same, the tests are fast


def keys_of(passphrase: str, student: str = "grade-1/mia") -> tuple[crypto.Keys, bytes]:
    salt = crypto.salt(SECRET, student)
    return crypto.derive_keys(passphrase, salt, iterations=FEW), salt


def opened(locked: str, keys: crypto.Keys) -> str:
    data = json.loads(locked)
    plain = crypto.decrypt(keys, base64.b64decode(data["iv"]), base64.b64decode(data["data"]))
    return plain.decode().rstrip(" ")


def test_a_locked_page_opens_with_its_key():
    keys, salt = keys_of("river stone lantern four")
    locked = crypto.lock(keys, salt, BODY)
    assert "ZEBRA-PRIVATE-TEXT" not in locked
    assert opened(locked, keys) == BODY


def test_a_locked_page_says_how_to_derive_its_key():
    keys, salt = keys_of("river stone lantern four")
    data = json.loads(crypto.lock(keys, salt, BODY))
    assert data["v"] == crypto.VERSION
    assert data["iterations"] == crypto.ITERATIONS
    assert data["info"] == crypto.AES_INFO
    assert base64.b64decode(data["salt"]) == salt
    assert len(base64.b64decode(data["data"])) % crypto.BUCKET == 0  # its size tells little


def test_a_wrong_passphrase_does_not_open_it():
    keys, salt = keys_of("river stone lantern four")
    wrong, _ = keys_of("river stone lantern five")
    with pytest.raises(InvalidTag):
        opened(crypto.lock(keys, salt, BODY), wrong)


def test_another_students_key_does_not_open_it():
    keys, salt = keys_of("river stone lantern four")
    other, _ = keys_of("river stone lantern four", "grade-1/sam")  # same words, other salt
    with pytest.raises(InvalidTag):
        opened(crypto.lock(keys, salt, BODY), other)


def test_the_same_page_locks_to_the_same_bytes():
    keys, salt = keys_of("river stone lantern four")
    assert crypto.lock(keys, salt, BODY) == crypto.lock(keys, salt, BODY)
    assert crypto.lock(keys, salt, BODY) != crypto.lock(keys, salt, BODY + "!")


def test_the_keys_name_never_holds_the_passphrase():
    _, salt = keys_of("river stone lantern four")
    version, name = crypto.keys_name("river stone lantern four", salt)
    assert version == crypto.VERSION
    assert "river" not in name
    assert name != crypto.keys_name("river stone lantern five", salt)[1]
