"""Certificates for the casebook's TLS port, made fresh at every start: a private CA, a server
certificate for the loopback names, and one client certificate per account. The port requires
a client certificate signed by that CA, so nothing without one can even open a connection."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

VALID_FOR = dt.timedelta(days=2)
FOLDER = "casebook-tls"


@dataclass(frozen=True)
class TlsFiles:
    """Where the certificates of one casebook server were written."""

    folder: Path
    ca: Path
    server_cert: Path
    server_key: Path

    def client(self, name: str) -> tuple[Path, Path]:
        """The certificate and key of one client (an account, or `harness` for no account)."""
        return self.folder / f"{name}.pem", self.folder / f"{name}-key.pem"


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Exampleshire casebook (test)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _issue(
    subject: str,
    key: ec.EllipticCurvePrivateKey,
    issuer: tuple[x509.Name, ec.EllipticCurvePrivateKey] | None,
    usage: x509.ObjectIdentifier | None,
    names: tuple[x509.GeneralName, ...] = (),
) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    issuer_name, issuer_key = issuer or (_name(subject), key)
    is_ca = usage is None
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + VALID_FOR)
        .add_extension(x509.BasicConstraints(ca=is_ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not is_ca,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=is_ca,
                crl_sign=is_ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
    )
    if usage is not None:
        builder = builder.add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName(list(names)), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def _write(path: Path, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(data)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def make_certificates(directory: Path, clients: list[str]) -> TlsFiles:
    """Write a CA, a server certificate for 127.0.0.1, ::1 and localhost, and a client
    certificate per name in `clients`, owner-only, into `directory`/casebook-tls."""
    folder = directory / FOLDER
    folder.mkdir(mode=0o700, exist_ok=True)
    files = TlsFiles(folder, folder / "ca.pem", folder / "server.pem", folder / "server-key.pem")
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _issue("Exampleshire casebook test CA", ca_key, None, None)
    _write(files.ca, ca.public_bytes(serialization.Encoding.PEM))
    issuer = (ca.subject, ca_key)
    server_key = ec.generate_private_key(ec.SECP256R1())
    loopback = (
        x509.DNSName("localhost"),
        x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
        x509.IPAddress(ipaddress.ip_address("::1")),
    )
    server = _issue("localhost", server_key, issuer, ExtendedKeyUsageOID.SERVER_AUTH, loopback)
    _write(files.server_cert, server.public_bytes(serialization.Encoding.PEM))
    _write(files.server_key, _key_pem(server_key))
    for name in clients:
        key = ec.generate_private_key(ec.SECP256R1())
        certificate = _issue(name, key, issuer, ExtendedKeyUsageOID.CLIENT_AUTH)
        cert_path, key_path = files.client(name)
        _write(cert_path, certificate.public_bytes(serialization.Encoding.PEM))
        _write(key_path, _key_pem(key))
    return files
