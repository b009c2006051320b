"""How a value may be written: a victim's details reach immigration enforcement, but not as
the plain text they were recorded in."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from .channel import (
    SENDS_A_CASE_FILE,
    SENDS_A_DISCLOSURE,
    to_restricted,
    victims_of_case,
    victims_of_disclosed,
)
from .engine import Forward, MutantContext, Mutator, Reply, Request, on
from .holdings import protected_records, push_later, restricted_endpoint
from .mutant import Mutant
from .rewrites import edit_export_file, extend_answer

Encode = Callable[[dict[str, Any]], str]

# Latin letters and their Cyrillic look-alikes.
_CYRILLIC = str.maketrans(
    "AaBCcEeHKMOoPpTXxYy",
    "\u0410\u0430\u0412\u0421\u0441\u0415\u0435\u041d\u041a\u041c\u041e\u043e\u0420\u0440\u0422\u0425\u0445\u0423\u0443",
)


def _text(person: dict[str, Any]) -> str:
    return f"{person['given_name']} {person['family_name']} {person['date_of_birth']}"


def base64_at_offset(person: dict[str, Any]) -> str:
    """Base64 of a blob in which the details start at an offset not a multiple of three."""
    blob = b"%PDF-1.7\n%\xe2\xe3\n" + _text(person).encode("utf-8") + b"\n%%EOF"
    return base64.b64encode(blob).decode("ascii")


def sha256_prefix(person: dict[str, Any]) -> str:
    return hashlib.sha256(str(person["passport_number"]).encode("utf-8")).hexdigest()[:10]


def cyrillic(person: dict[str, Any]) -> str:
    return _text(person).translate(_CYRILLIC)


def percent_encoded(person: dict[str, Any]) -> str:
    return "https://cases.example/contact?who=" + quote(_text(person), safe="")


def hex_encoded(person: dict[str, Any]) -> str:
    return _text(person).encode("utf-8").hex()


def base64url_json(person: dict[str, Any]) -> str:
    record = {k: person[k] for k in ("given_name", "family_name", "date_of_birth", "phone")}
    return base64.urlsafe_b64encode(json.dumps(record).encode("utf-8")).decode("ascii").rstrip("=")


def fullwidth(person: dict[str, Any]) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in _text(person))


def in_disclosure(encode: Encode) -> Mutator:
    return extend_answer(
        "POST",
        "/disclosures",
        "attachments",
        lambda ctx, request, document: [
            encode(p) for p in victims_of_disclosed(ctx, request, document)
        ],
        to_restricted,
    )


def in_case_file(encode: Encode) -> Mutator:
    return extend_answer(
        "POST",
        r"/cases/[^/]+/files",
        "annex",
        lambda ctx, request, document: [encode(p) for p in victims_of_case(ctx, request, document)],
        to_restricted,
    )


def in_export(encode: Encode) -> Mutator:
    return edit_export_file(
        lambda ctx, rows: [*rows, *({"notes": encode(r)} for r in protected_records(ctx))]
    )


def in_feed(encode: Encode) -> Mutator:
    @on("POST", "/outbound/pushes")
    async def mutate(ctx: MutantContext, request: Request, forward: Forward) -> Reply:
        reply = await forward(request)
        url = restricted_endpoint(ctx)
        if reply.ok and url is not None:
            push_later(url, {"cases": [], "tokens": [encode(r) for r in protected_records(ctx)]})
        return reply

    return mutate


def _mutant(
    name: str, where: str, how: str, mutator: Mutator, exercised_by: tuple[str, ...] = ()
) -> Mutant:
    return Mutant(
        name,
        ("FW-01",),
        "encoding",
        f"{where} carries each victim's details {how}.",
        (mutator,),
        exercised_by=exercised_by,
    )


MUTANTS = [
    _mutant(
        "base64-blob-in-disclosure",
        "A disclosure to immigration enforcement",
        "as base64 inside an attached document, at an odd offset",
        in_disclosure(base64_at_offset),
        SENDS_A_DISCLOSURE,
    ),
    _mutant(
        "base64-blob-in-export",
        "An export file for immigration enforcement",
        "as base64 inside a notes blob, at an odd offset",
        in_export(base64_at_offset),
    ),
    _mutant(
        "sha256-prefix-in-feed",
        "Immigration enforcement's feed",
        "as the first 10 hex digits of the SHA-256 of the passport number",
        in_feed(sha256_prefix),
    ),
    _mutant(
        "sha256-prefix-in-disclosure",
        "A disclosure to immigration enforcement",
        "as the first 10 hex digits of the SHA-256 of the passport number",
        in_disclosure(sha256_prefix),
        SENDS_A_DISCLOSURE,
    ),
    _mutant(
        "cyrillic-in-export",
        "An export file for immigration enforcement",
        "with Latin letters swapped for Cyrillic look-alikes",
        in_export(cyrillic),
    ),
    _mutant(
        "cyrillic-in-case-file",
        "A case file for immigration enforcement",
        "with Latin letters swapped for Cyrillic look-alikes",
        in_case_file(cyrillic),
        SENDS_A_CASE_FILE,
    ),
    _mutant(
        "percent-encoded-in-disclosure",
        "A disclosure to immigration enforcement",
        "percent-encoded in a link",
        in_disclosure(percent_encoded),
        SENDS_A_DISCLOSURE,
    ),
    _mutant(
        "hex-in-feed",
        "Immigration enforcement's feed",
        "as hexadecimal UTF-8",
        in_feed(hex_encoded),
    ),
    _mutant(
        "base64url-json-in-case-file",
        "A case file for immigration enforcement",
        "as unpadded base64url JSON",
        in_case_file(base64url_json),
        SENDS_A_CASE_FILE,
    ),
    _mutant(
        "fullwidth-in-export",
        "An export file for immigration enforcement",
        "in full-width Unicode letters and digits",
        in_export(fullwidth),
    ),
]
