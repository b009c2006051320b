"""Ed25519 signing of the manifest: exact bytes, canonical signature text, key checks."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.rsa import generate_private_key

from firewall_conformance.signed_evidence import signing


def _pem(key, password: bytes | None = None) -> bytes:
    encryption = (
        serialization.BestAvailableEncryption(password)
        if password
        else serialization.NoEncryption()
    )
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )


def test_a_signature_holds_for_the_exact_bytes_only():
    key = signing.generate()
    signature = signing.sign(key, b"manifest")
    assert signing.signature_valid(key.public, b"manifest", signature)
    assert not signing.signature_valid(key.public, b"manifest ", signature)
    assert not signing.signature_valid(signing.generate().public, b"manifest", signature)


def test_the_signature_text_must_be_canonical():
    key = signing.generate()
    signature = signing.sign(key, b"m")
    assert not signing.signature_valid(key.public, b"m", signature.rstrip(b"\n"))
    assert not signing.signature_valid(key.public, b"m", signature + b"\n")
    assert not signing.signature_valid(key.public, b"m", b" " + signature)


def test_a_provided_key_is_loaded_and_an_encrypted_one_takes_the_passphrase(tmp_path, monkeypatch):
    plain, locked = tmp_path / "plain.pem", tmp_path / "locked.pem"
    plain.write_bytes(_pem(Ed25519PrivateKey.generate()))
    locked.write_bytes(_pem(Ed25519PrivateKey.generate(), b"correct horse"))
    assert not signing.load_private(plain).ephemeral
    with pytest.raises(signing.KeyProblem, match="not a usable PEM private key"):
        signing.load_private(locked)
    monkeypatch.setenv(signing.PASSPHRASE_VARIABLE, "correct horse")
    assert not signing.load_private(locked).ephemeral


def test_keys_that_are_not_ed25519_or_not_keys_are_refused(tmp_path):
    rsa, junk = tmp_path / "rsa.pem", tmp_path / "junk.pem"
    rsa.write_bytes(_pem(generate_private_key(public_exponent=65537, key_size=2048)))
    junk.write_text("not a key")
    with pytest.raises(signing.KeyProblem, match="not an Ed25519 key"):
        signing.load_private(rsa)
    with pytest.raises(signing.KeyProblem):
        signing.load_private(junk)
    with pytest.raises(signing.KeyProblem, match="cannot be read"):
        signing.load_private(tmp_path / "absent.pem")


def test_the_fingerprint_is_stable_and_key_specific():
    key = signing.generate()
    assert signing.fingerprint(key.public) == signing.fingerprint(key.public)
    assert signing.fingerprint(key.public).startswith("SHA256:")
    assert signing.fingerprint(key.public) != signing.fingerprint(signing.generate().public)
