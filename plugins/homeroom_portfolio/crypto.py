"""The cryptography of family pages: pure functions, reproducible output, WebCrypto-compatible.

- token: HMAC-SHA256(site secret, "token:<class>/<student>"), base32: the page's address.
- salt: HMAC-SHA256(site secret, "salt:<class>/<student>"), 16 bytes: one per student.
- key: PBKDF2-SHA256(passphrase, salt, 600,000 iterations), 32 bytes: AES-256-GCM.
- nonce: HMAC-SHA256(key, plaintext), 12 bytes: the same page gives the same bytes, and two
  different pages never share a nonce under one key (short of an HMAC collision).
"""

import base64
import hashlib
import hmac
import unicodedata

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

ITERATIONS = 600_000  # OWASP's figure for PBKDF2-HMAC-SHA256 (2023)
TOKEN_LENGTH = 26  # base32 characters: 130 bits


def _mac(key: bytes, message: str | bytes) -> bytes:
    data = message.encode() if isinstance(message, str) else message
    return hmac.new(key, data, hashlib.sha256).digest()


def token(secret: str, student_key: str) -> str:
    """An unguessable, stable address for one student's portfolio."""
    digest = _mac(secret.encode(), f"token:{student_key}")
    return base64.b32encode(digest).decode().lower().rstrip("=")[:TOKEN_LENGTH]


def salt(secret: str, student_key: str) -> bytes:
    return _mac(secret.encode(), f"salt:{student_key}")[:16]


def derive_key(passphrase: str, salt_bytes: bytes, iterations: int = ITERATIONS) -> bytes:
    """The AES key from a family's passphrase (NFC-normalized, as the browser does too)."""
    secret = unicodedata.normalize("NFC", passphrase).encode()
    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt_bytes, iterations=iterations)
    return kdf.derive(secret)


def encrypt(key: bytes, plaintext: bytes) -> tuple[bytes, bytes]:
    """(nonce, ciphertext with its tag): AES-256-GCM with a nonce derived from key and text."""
    nonce = _mac(key, plaintext)[:12]
    return nonce, AESGCM(key).encrypt(nonce, plaintext, None)


def decrypt(key: bytes, nonce: bytes, ciphertext: bytes) -> bytes:
    """For tests and exports: what the browser does."""
    return AESGCM(key).decrypt(nonce, ciphertext, None)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()
