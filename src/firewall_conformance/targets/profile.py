"""Target profiles: the YAML that maps the harness's capabilities onto one system's API."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urlsplit

import jsonschema

from firewall_conformance.inputs.confinement import inside
from firewall_conformance.inputs.documents import InvalidDocument, load_yaml, schema
from firewall_conformance.persons.planted_contacts import PlantedContacts, parse_contacts
from firewall_conformance.persons.value_formats import ValueFormat, parse_all
from firewall_conformance.reporting.redact import CREDENTIAL_PARAMETERS
from firewall_conformance.targets.credentials import CredentialProblem, from_environment, from_file
from firewall_conformance.targets.profile_names import naming_problems

DEFAULT_MAX_DOWNLOAD_BYTES = 2 * 1024**3


@dataclass(frozen=True)
class Recipient:
    recipient_class: str
    id: str
    purpose: str
    legal_basis: str
    # The person fields the force approved for this recipient (FW-09, FW-14); None when the
    # profile does not say, which leaves those obligations NOT TESTED.
    approved_fields: tuple[str, ...] | None = None
    # Free to use what it receives and pass it on (FW-10): free text must reach it redacted.
    onward_use: bool = False


@dataclass(frozen=True)
class TargetProfile:
    kind: ClassVar[str] = "http"  # the adapter that opens it (registry.py)
    source: str
    name: str
    base_url: str
    health: str | None
    timeout_seconds: float
    retries: int
    ca_bundle: str | None
    accounts: dict[str, str]  # account -> environment variable holding its token
    recipients: dict[str, Recipient]
    capabilities: dict[str, dict[str, Any]] = field(repr=False)
    token_files: dict[str, Path] = field(default_factory=dict)  # account -> file holding its token
    max_download_bytes: int = DEFAULT_MAX_DOWNLOAD_BYTES
    openapi: str | None = None  # path of the system's OpenAPI document, relative to base_url
    # account -> its `auth:` declaration (targets/auth/), for accounts not given a bare token
    auth: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    # The certificate and key presented on requests made as no account (a port requiring one)
    client_certificate: tuple[Path, Path] | None = None
    # planted detail -> the format the system validates it against (persons/value_formats.py)
    planted_formats: dict[str, ValueFormat] = field(default_factory=dict, repr=False)
    # where planted e-mail and phone numbers go (planted_contacts.py)
    planted_contacts: PlantedContacts = field(default_factory=PlantedContacts, repr=False)
    # What the harness's requests say of themselves; None: the defaults, which name the harness
    look_up_reason: str | None = None
    user_agent: str | None = None

    def with_base_url(self, base_url: str) -> TargetProfile:
        """The same profile pointed elsewhere (the embedded reference runs on a free port)."""
        return replace(self, base_url=base_url)

    def pointed_at(self, base_url: str, where: str = "--base-url") -> TargetProfile:
        """The same profile at an address given elsewhere (`--base-url`), held to the rule the
        profile's own address must meet."""
        return self.with_base_url(checked_base_url(base_url, self.source, where))

    def identity(self) -> dict[str, str]:
        """What may be said about the target in evidence: never credentials."""
        return {"name": self.name, "base_url": self.base_url, "profile": self.source}

    def tokens(self, environ: Mapping[str, str] | None = None) -> dict[str, str]:
        """Resolve every declared account's token (credentials.py); any problem is a clear error."""
        environ = os.environ if environ is None else environ
        tokens, problems = {}, []
        for account in [*self.accounts, *self.token_files]:
            try:
                tokens[account] = (
                    from_environment(account, self.accounts[account], environ)
                    if account in self.accounts
                    else from_file(account, self.token_files[account])
                )
            except CredentialProblem as exc:
                problems.append(str(exc))
        if problems:
            raise InvalidDocument(self.source, problems)
        return tokens


def checked_base_url(base_url: str, source: str, where: str) -> str:
    """A target address given elsewhere (`--base-url`) held to the profile's rule for
    `target.base_url`: the schema's pattern, then no credentials; the message names `where`
    and never repeats the value (it may hold a secret)."""
    rule = schema("profile")["properties"]["target"]["properties"]["base_url"]
    if not jsonschema.Draft202012Validator(rule).is_valid(base_url):
        raise InvalidDocument(
            source, [f"at {where}: not a web address (http:// or https:// and a host)"]
        )
    return without_credentials(base_url, source, where)


def without_credentials(base_url: str, source: str, where: str = "target.base_url") -> str:
    """The URL, refused if it carries credentials: they would reach every artefact it is in."""
    parts = urlsplit(base_url)
    named = {k.lower() for k, _ in parse_qsl(parts.query, keep_blank_values=True)}
    if parts.username is not None or parts.password is not None or named & CREDENTIAL_PARAMETERS:
        raise InvalidDocument(
            source,
            [
                f"at {where}: the URL holds credentials; put credentials in the "
                "account's auth, not the URL (token_env or token_file under accounts)"
            ],
        )
    return base_url.rstrip("/")


def _confined_auth(
    declaration: dict[str, Any], key: str, named: Callable[[str, str], Path]
) -> dict[str, Any]:
    """An account's `auth:` with every file it names (`{file: …}` secrets, the client
    certificate and key) resolved inside the profile's folder, as token files are."""
    confined: dict[str, Any] = {}
    for name, value in declaration.items():
        where = f"{key}.{name}"
        if isinstance(value, dict) and set(value) == {"file"}:
            value = {"file": str(named(f"{where}.file", value["file"]))}
        elif name == "client_certificate":
            value = {part: str(named(f"{where}.{part}", value[part])) for part in value}
        elif isinstance(value, dict):
            value = _confined_auth(value, where, named)
        confined[name] = value
    return confined


def load_profile(
    path: Path, *, allow_paths_outside: bool = False, folder: Path | None = None
) -> TargetProfile:
    """Load and validate a target profile: its shape (the schema), then its names
    (profile_names.py). The files it names must lie in its folder (or in `folder`, where the
    embedded reference writes them) unless `allow_paths_outside` (inputs/confinement.py)."""
    document = load_yaml(path, "profile")
    source = str(path)
    formats, refused = parse_all(document.get("planted_formats", {}), "planted_formats")
    contacts, unsafe = parse_contacts(document.get("planted_contacts", {}), "planted_contacts")
    if "phone" in formats and contacts.phone_range:
        unsafe.append(
            "at planted_contacts.phone_range: planted_formats.phone is given too; give one"
        )
    problems = naming_problems(document) + refused + unsafe
    if problems:
        raise InvalidDocument(source, problems)
    target = document["target"]

    def named(key: str, relative: str) -> Path:
        return inside(
            folder or path.parent,
            relative,
            source=source,
            key=key,
            allow_outside=allow_paths_outside,
        )

    certificate = target.get("client_certificate")

    return TargetProfile(
        source=source,
        name=target["name"],
        base_url=without_credentials(target["base_url"], source),
        health=target.get("health"),
        timeout_seconds=float(target.get("timeout_seconds", 10)),
        retries=int(target.get("retries", 2)),
        ca_bundle=(
            str(named("target.ca_bundle", target["ca_bundle"])) if "ca_bundle" in target else None
        ),
        accounts={
            name: spec["token_env"]
            for name, spec in document["accounts"].items()
            if "token_env" in spec
        },
        token_files={
            name: named(f"accounts.{name}.token_file", spec["token_file"])
            for name, spec in document["accounts"].items()
            if "token_file" in spec
        },
        max_download_bytes=int(target.get("max_download_bytes", DEFAULT_MAX_DOWNLOAD_BYTES)),
        openapi=target.get("openapi"),
        look_up_reason=target.get("look_up_reason"),
        user_agent=target.get("user_agent"),
        client_certificate=(
            (
                named("target.client_certificate.cert", certificate["cert"]),
                named("target.client_certificate.key", certificate["key"]),
            )
            if certificate is not None
            else None
        ),
        auth={
            name: _confined_auth(spec["auth"], f"accounts.{name}.auth", named)
            for name, spec in document["accounts"].items()
            if "auth" in spec
        },
        recipients={
            cls: Recipient(
                cls,
                spec["id"],
                spec["purpose"],
                spec["legal_basis"],
                tuple(spec["approved_fields"]) if "approved_fields" in spec else None,
                bool(spec.get("onward_use", False)),
            )
            for cls, spec in document["recipients"].items()
        },
        capabilities=document["capabilities"],
        planted_formats=formats,
        planted_contacts=contacts,
    )
