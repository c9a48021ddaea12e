"""The cryptography of family pages: pure functions, reproducible output, WebCrypto-compatible.

- token: HMAC-SHA256(site secret, "token:<class>/<student>"), base32: the page's address.
- salt: HMAC-SHA256(site secret, "salt:<class>/<student>"), 16 bytes: one per student.
- passphrase: NFC, then surrounding whitespace trimmed (JavaScript's `trim()` set), here and in
  the browser alike.
- master secret: PBKDF2-SHA256(passphrase, salt, 600,000 iterations), 32 bytes.
- keys: HKDF-SHA256(master, salt, info) with two `info`s: the AES-256-GCM key, and the HMAC
  key for the nonce. The browser derives the AES key the same way (deriveBits, then HKDF) as a
  non-extractable CryptoKey; it never needs the nonce key.
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
from typing import NamedTuple

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

VERSION = 2  # the JSON format the page's script reads ("v")
ITERATIONS = 600_000  # OWASP's figure for PBKDF2-HMAC-SHA256 (2023)
TOKEN_LENGTH = 26  # base32 characters: 130 bits
AES_INFO = "homeroom v2 AES-256-GCM key"  # HKDF info of the encryption key (also in the JSON)
NONCE_INFO = "homeroom v2 nonce HMAC key"  # HKDF info of the nonce's HMAC key
BUCKET = 16 * 1024  # every ciphertext is a multiple of this many bytes
TAG = 16  # AES-GCM's tag, appended to the ciphertext
# What JavaScript's String.prototype.trim() removes (ECMAScript WhiteSpace and LineTerminator):
# Python's str.strip() differs (it also strips U+001C-U+001F and U+0085, and keeps U+FEFF).
WHITESPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)


class Keys(NamedTuple):
    aes: bytes  # AES-256-GCM
    nonce: bytes  # HMAC-SHA256 key of the deterministic nonce


def _mac(key: bytes, message: str | bytes) -> bytes:
    data = message.encode() if isinstance(message, str) else message
    return hmac.new(key, data, hashlib.sha256).digest()


def token(secret: str, student_key: str) -> str:
    """An unguessable, stable address for one student's portfolio."""
    digest = _mac(secret.encode(), f"token:{student_key}")
    return base64.b32encode(digest).decode().lower().rstrip("=")[:TOKEN_LENGTH]


def salt(secret: str, student_key: str) -> bytes:
    return _mac(secret.encode(), f"salt:{student_key}")[:16]


def normalize(passphrase: str) -> str:
    """What a passphrase means: NFC, surrounding whitespace trimmed (as portfolio.js does)."""
    return unicodedata.normalize("NFC", passphrase).strip(WHITESPACE)


def _hkdf(master: bytes, salt_bytes: bytes, info: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt_bytes, info=info.encode()).derive(
        master
    )


def derive_keys(passphrase: str, salt_bytes: bytes, iterations: int = ITERATIONS) -> Keys:
    """The page's keys from a family's passphrase: PBKDF2 once, then HKDF for each key."""
    secret = normalize(passphrase).encode()
    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt_bytes, iterations=iterations)
    master = kdf.derive(secret)
    return Keys(_hkdf(master, salt_bytes, AES_INFO), _hkdf(master, salt_bytes, NONCE_INFO))


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
    """Under which name a build may keep a page's derived keys between rebuilds: the format
    and a digest of the passphrase and salt (never the passphrase itself)."""
    return VERSION, hashlib.sha256(passphrase.encode() + salt_bytes).hexdigest()


def lock(keys: Keys, salt_bytes: bytes, body: str) -> str:
    """A rendered page body, padded and encrypted, as the JSON portfolio.js reads (format 2)."""
    nonce, ciphertext = encrypt(keys, body.encode())
    return json.dumps(
        {
            "v": VERSION,
            "kdf": "PBKDF2-SHA256, HKDF-SHA256",
            "iterations": ITERATIONS,
            "info": AES_INFO,
            "salt": b64(salt_bytes),
            "iv": b64(nonce),
            "data": b64(ciphertext),
        },
        sort_keys=True,
    )
