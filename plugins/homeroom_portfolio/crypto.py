"""The cryptography of family pages: pure functions, reproducible output, WebCrypto-compatible.

A student's page is encrypted once, with a content key, and that key is wrapped for each
household (one passphrase each), so that one household can be cut off without touching another.

- token: HMAC-SHA256(site secret, "token:<class>/<student>"), base32: the page's address.
- salt: HMAC-SHA256(site secret, "salt:<class>/<student>"), 16 bytes: one per student.
- passphrase: NFC, then surrounding whitespace trimmed (JavaScript's `trim()` set), here and in
  the browser alike.
- household key: PBKDF2-SHA256(passphrase, salt, 600,000 iterations), 32 bytes, then
  HKDF-SHA256(that, salt, WRAP_INFO): an AES-256 key-wrapping key. The browser derives it the
  same way (deriveBits, then HKDF) as a non-extractable CryptoKey.
- content seed: HMAC-SHA256(site secret, student and every household key, sorted): the same
  households give the same bytes; a household removed (or a passphrase changed) gives a new
  seed, so a content key that household once unwrapped (or remembered) opens nothing new.
- content keys: HKDF-SHA256(seed, salt, info) with two `info`s: the AES-256-GCM key, and the
  HMAC key for the nonce.
- slots: the AES-GCM key wrapped (AES-KW, RFC 3394: deterministic, 40 bytes) under each
  household key, plus decoys (HKDF of the seed, 40 bytes) up to SLOTS, sorted: every page shows
  SLOTS alike slots, so it tells neither how many households a child has nor which is which.
- plaintext: padded with trailing spaces (harmless after HTML) so the ciphertext's length is a
  multiple of 16 KiB: a page's size tells little about how much a child did.
- nonce: HMAC-SHA256(nonce key, padded plaintext), 12 bytes: the same page gives the same
  bytes, and two different pages never share a nonce under one key (short of an HMAC collision).
"""

import base64
import hashlib
import hmac
import json
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap, aes_key_wrap

VERSION = 3  # the JSON format the page's script reads ("v"): 3 wraps the key per household
ITERATIONS = 600_000  # OWASP's figure for PBKDF2-HMAC-SHA256 (2023)
TOKEN_LENGTH = 26  # base32 characters: 130 bits
WRAP_INFO = "homeroom v3 AES-KW household key"  # HKDF info of a household key (also in the JSON)
AES_INFO = "homeroom v3 AES-256-GCM content key"  # HKDF info of the content key
NONCE_INFO = "homeroom v3 nonce HMAC key"  # HKDF info of the nonce's HMAC key
DECOY_INFO = "homeroom v3 decoy slot"  # HKDF info of the slots no household opens
SLOTS = 4  # wrapped keys on every page: the most households a student may have
WRAPPED = 40  # bytes of a 32-byte key wrapped with AES-KW
BUCKET = 16 * 1024  # every ciphertext is a multiple of this many bytes
TAG = 16  # AES-GCM's tag, appended to the ciphertext
# What JavaScript's String.prototype.trim() removes (ECMAScript WhiteSpace and LineTerminator):
# Python's str.strip() differs (it also strips U+001C-U+001F and U+0085, and keeps U+FEFF).
WHITESPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)


class Keys(NamedTuple):
    aes: bytes  # AES-256-GCM: the content key, the same for every household
    nonce: bytes  # HMAC-SHA256 key of the deterministic nonce


class Refused(ValueError):
    """The passphrase opens none of the page's slots."""


def _mac(key: bytes, message: str | bytes) -> bytes:
    data = message.encode() if isinstance(message, str) else message
    return hmac.new(key, data, hashlib.sha256).digest()


@lru_cache(maxsize=8192)
def token(secret: str, student_key: str) -> str:
    """An unguessable, stable address for one student's portfolio. Remembered: the preview
    asks it of every student at every save (an HMAC each, a tenth of a save at L)."""
    digest = _mac(secret.encode(), f"token:{student_key}")
    return base64.b32encode(digest).decode().lower().rstrip("=")[:TOKEN_LENGTH]


def salt(secret: str, student_key: str) -> bytes:
    return _mac(secret.encode(), f"salt:{student_key}")[:16]


def normalize(passphrase: str) -> str:
    """What a passphrase means: NFC, surrounding whitespace trimmed (as portfolio.js does)."""
    return unicodedata.normalize("NFC", passphrase).strip(WHITESPACE)


def _hkdf(master: bytes, salt_bytes: bytes, info: str, length: int = 32) -> bytes:
    kdf = HKDF(algorithm=hashes.SHA256(), length=length, salt=salt_bytes, info=info.encode())
    return kdf.derive(master)


def stretch(passphrase: str, salt_bytes: bytes, iterations: int = ITERATIONS) -> bytes:
    """PBKDF2-SHA256 of a passphrase (normalized), 32 bytes: the slow part of a household's key.
    cryptography's (its own OpenSSL: twice as fast here as hashlib's), as deriving.py's child."""
    secret = normalize(passphrase).encode()
    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt_bytes, iterations=iterations)
    return kdf.derive(secret)


def wrapping_key(stretched: bytes, salt_bytes: bytes) -> bytes:
    """A household's AES-KW key from its stretched passphrase: HKDF-SHA256 with WRAP_INFO."""
    return _hkdf(stretched, salt_bytes, WRAP_INFO)


def household_key(passphrase: str, salt_bytes: bytes, iterations: int = ITERATIONS) -> bytes:
    """One household's key-wrapping key from its passphrase: PBKDF2 (slow on purpose), then
    HKDF, as portfolio.js derives it."""
    return wrapping_key(stretch(passphrase, salt_bytes, iterations), salt_bytes)


def content_seed(secret: str, student_key: str, household_keys: Sequence[bytes]) -> bytes:
    """What the content key comes from: the site secret, the student and the set of its
    households' keys (sorted: the order of the keys file does not matter)."""
    households = b"".join(sorted(household_keys))
    return _mac(secret.encode(), f"content:{student_key}:".encode() + households)


def content_keys(seed: bytes, salt_bytes: bytes) -> Keys:
    """The page's AES-256-GCM key and nonce key: two HKDF keys of one seed."""
    return Keys(_hkdf(seed, salt_bytes, AES_INFO), _hkdf(seed, salt_bytes, NONCE_INFO))


def slots(seed: bytes, salt_bytes: bytes, aes: bytes, household_keys: Sequence[bytes]) -> list:
    """The content key wrapped for each household, with decoys up to SLOTS, sorted."""
    if not 0 < len(household_keys) <= SLOTS:
        raise ValueError(f"a page has 1 to {SLOTS} households, not {len(household_keys)}")
    wrapped = [aes_key_wrap(key, aes) for key in household_keys]
    decoys = [
        _hkdf(seed, salt_bytes, f"{DECOY_INFO} {number}", WRAPPED)
        for number in range(SLOTS - len(wrapped))
    ]
    return sorted(wrapped + decoys)


def pad(plaintext: bytes, bucket: int = BUCKET) -> bytes:
    """The plaintext with trailing spaces, so that its ciphertext fills whole buckets."""
    size = len(plaintext) + TAG
    return plaintext + b" " * (-size % bucket)


def encrypt(keys: Keys, plaintext: bytes) -> tuple[bytes, bytes]:
    """(nonce, ciphertext with its tag) of the padded plaintext: AES-256-GCM, nonce from it."""
    padded = pad(plaintext)
    nonce = _mac(keys.nonce, padded)[:12]
    return nonce, AESGCM(keys.aes).encrypt(nonce, padded, None)


def decrypt(keys: Keys, nonce: bytes, ciphertext: bytes) -> bytes:
    """For tests and exports: what the browser does (the padding stays: trailing spaces)."""
    return AESGCM(keys.aes).decrypt(nonce, ciphertext, None)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def keys_name(passphrase: str, salt_bytes: bytes) -> tuple[int, str]:
    """Under which name a build may keep a household's key between rebuilds: the format and a
    digest of the passphrase and salt (never the passphrase itself)."""
    return VERSION, hashlib.sha256(passphrase.encode() + salt_bytes).hexdigest()


def lock(secret: str, student_key: str, household_keys: Sequence[bytes], body: str) -> str:
    """A rendered page body, padded and encrypted once, its key wrapped for every household,
    as the JSON portfolio.js reads (format 3)."""
    salt_bytes = salt(secret, student_key)
    seed = content_seed(secret, student_key, household_keys)
    keys = content_keys(seed, salt_bytes)
    nonce, ciphertext = encrypt(keys, body.encode())
    return json.dumps(
        {
            "v": VERSION,
            "kdf": "PBKDF2-SHA256, HKDF-SHA256, AES-KW",
            "iterations": ITERATIONS,
            "info": WRAP_INFO,
            "salt": b64(salt_bytes),
            "keys": [b64(slot) for slot in slots(seed, salt_bytes, keys.aes, household_keys)],
            "iv": b64(nonce),
            "data": b64(ciphertext),
        },
        sort_keys=True,
    )


def unlock(passphrase: str, locked: str | dict, iterations: int | None = None) -> bytes:
    """For tests and exports: what portfolio.js does with a typed passphrase (every slot
    tried); the padded body, or Refused. `iterations`: a test's, when it locked with fewer."""
    data = json.loads(locked) if isinstance(locked, str) else locked
    salt_bytes = base64.b64decode(data["salt"])
    key = household_key(passphrase, salt_bytes, iterations or data["iterations"])
    for slot in data["keys"]:
        try:
            aes = aes_key_unwrap(key, base64.b64decode(slot))
        except InvalidUnwrap:
            continue
        return AESGCM(aes).decrypt(
            base64.b64decode(data["iv"]), base64.b64decode(data["data"]), None
        )
    raise Refused("the passphrase opens none of the page's keys")
