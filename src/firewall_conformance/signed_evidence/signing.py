"""Ed25519 keys and signatures for the evidence bundle.

The signature covers the exact bytes of manifest.json. The signature file holds canonical
base64 and nothing else, so that any changed byte in it is detected, not tolerated.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

PASSPHRASE_VARIABLE = "FWC_SIGNING_KEY_PASSPHRASE"
_SIGNATURE_TEXT = re.compile(rb"\A[A-Za-z0-9+/]{86}==\n\Z")


class KeyProblem(Exception):
    """A key file that cannot be used; the message says which and why."""


@dataclass(frozen=True)
class SigningKey:
    private: Ed25519PrivateKey
    ephemeral: bool

    @property
    def public(self) -> Ed25519PublicKey:
        return self.private.public_key()


def generate() -> SigningKey:
    """A key for this run only: it proves integrity since signing, not who signed."""
    return SigningKey(Ed25519PrivateKey.generate(), ephemeral=True)


def load_private(path: Path) -> SigningKey:
    """An Ed25519 private key in PEM; an encrypted one takes its passphrase from
    FWC_SIGNING_KEY_PASSPHRASE (never from the command line)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KeyProblem(f"signing key {path} cannot be read ({exc.strerror})") from exc
    passphrase = os.environ.get(PASSPHRASE_VARIABLE)
    try:
        key = serialization.load_pem_private_key(
            data, password=passphrase.encode() if passphrase else None
        )
    except (ValueError, TypeError) as exc:
        raise KeyProblem(f"signing key {path} is not a usable PEM private key ({exc})") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyProblem(f"signing key {path} is not an Ed25519 key")
    return SigningKey(key, ephemeral=False)


def load_public(data: bytes, source: str) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(data)
    except ValueError as exc:
        raise KeyProblem(f"{source} is not a PEM public key ({exc})") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise KeyProblem(f"{source} is not an Ed25519 public key")
    return key


def public_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def fingerprint(key: Ed25519PublicKey) -> str:
    """SHA-256 of the raw 32-byte public key, as `SHA256:` and base64 (as OpenSSH shows it)."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "SHA256:" + base64.b64encode(hashlib.sha256(raw).digest()).decode().rstrip("=")


def sign(key: SigningKey, message: bytes) -> bytes:
    """The signature file's content."""
    return base64.b64encode(key.private.sign(message)) + b"\n"


def signature_valid(public: Ed25519PublicKey, message: bytes, signature_text: bytes) -> bool:
    if not _SIGNATURE_TEXT.match(signature_text):
        return False
    try:
        public.verify(base64.b64decode(signature_text[:-1], validate=True), message)
    except InvalidSignature:
        return False
    return True
