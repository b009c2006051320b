"""Answers and pushes opened the way their recipient could open them (detect/payloads.py): a
victim's details compressed, zipped or sent under an HTTP content coding reach immigration
enforcement as surely as plain text, so they are found; what cannot be opened is named, so the
claim over it is INCONCLUSIVE, never COMPLIANT."""

from __future__ import annotations

import base64
import bz2
import gzip
import io
import json
import lzma
import random
import zipfile
import zlib

import brotli
import pytest
import requests

from firewall_conformance.claims import egress as whole_run
from firewall_conformance.claims import outbound
from firewall_conformance.detect import payloads
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.payloads import open_payload
from firewall_conformance.model.evidence import ScenarioEvidence
from firewall_conformance.model.outcomes import Breach, Inconclusive
from firewall_conformance.persons.personas import make_cast
from firewall_conformance.recipients.feeds import FeedRecording
from firewall_conformance.recipients.ledger import (
    INTERNAL,
    RESTRICTED_CLASS,
    EgressLedger,
    Received,
    push_received,
)
from firewall_conformance.recipients.sink import RecipientSink

IE = RESTRICTED_CLASS
TEXT = '{"note": "Bakofadi"}'


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


RAW = TEXT.encode()
OPENED = {
    "gzip": gzip.compress(RAW, mtime=0),
    "bzip2": bz2.compress(RAW),
    "xz": lzma.compress(RAW),
    "zlib": zlib.compress(RAW),
    "gzip inside bzip2 inside xz": lzma.compress(bz2.compress(gzip.compress(RAW, mtime=0))),
    "UTF-16 with its mark, gzipped": gzip.compress(TEXT.encode("utf-16"), mtime=0),
}


@pytest.mark.parametrize("name", OPENED)
def test_compression_recognised_by_its_first_bytes_is_taken_off(name: str):
    # Before: the body was read as Latin-1 text, and nothing in it could be found.
    payload = open_payload(OPENED[name], as_text=lambda: "not used")
    assert payload.texts == (("body", TEXT),) and payload.unread == ()


@pytest.mark.parametrize(
    ("coding", "coded"),
    [
        ("gzip", gzip.compress(RAW, mtime=0)),
        ("x-gzip", gzip.compress(RAW, mtime=0)),
        ("deflate", zlib.compress(RAW)),
        ("deflate", zlib.compress(RAW)[2:-4]),  # raw deflate, as some servers send it
        ("br", brotli.compress(RAW)),
        ("gzip, br", brotli.compress(gzip.compress(RAW, mtime=0))),
        ("identity", RAW),
        # Gzip members one after another: before, a push's second member was dropped unread.
        ("gzip", gzip.compress(RAW[:9], mtime=0) + gzip.compress(RAW[9:], mtime=0)),
    ],
    ids=lambda value: f"{len(value)} bytes" if isinstance(value, bytes) else str(value),
)
def test_http_content_codings_are_taken_off_last_applied_first(coding: str, coded: bytes):
    assert open_payload(coded, content_encoding=coding).texts == (("body", TEXT),)


def test_each_member_of_a_zip_is_read_and_one_that_cannot_be_does_not_hide_the_others():
    payload = open_payload(
        _zip({"people.csv": b"name\nBakofadi", "inner.zip": _zip({"x": b"y"}), "z.gz": b""})
    )
    assert ("zip member people.csv", "name\nBakofadi") in payload.texts
    assert payload.unread == (
        "zip member inner.zip: it is a zip archive inside an archive, which the harness cannot "
        "open",
    )


@pytest.mark.parametrize(
    ("raw", "coding", "why"),
    [
        (b"%PDF-1.7 \x00\x01", "", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 16, "", "a PNG image"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 16, "", "a JPEG image"),
        (b"GIF89a" + b"\x00" * 16, "", "a GIF image"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 16, "", "a WebP image"),
        (b"\x28\xb5\x2f\xfd" + b"\x00" * 16, "", "Zstandard"),
        (b"7z\xbc\xaf\x27\x1c" + b"\x00" * 16, "", "7-Zip"),
        (b"anything", "zstd", "coded as 'zstd'"),
        # Before: a push declared gzip read as its clean first document, what followed dropped.
        (gzip.compress(b"{}", mtime=0) + b" Bakofadi", "gzip", "9 bytes after the end of its gzip"),
        (gzip.compress(RAW, mtime=0)[:-9], "", "cut off or corrupt"),
        (b"PK\x03\x04 not really a zip", "", "zip archive is corrupt"),
    ],
    ids=lambda value: f"{len(value)} bytes" if isinstance(value, bytes) else str(value),
)
def test_what_cannot_be_opened_is_named_as_unread(raw: bytes, coding: str, why: str):
    payload = open_payload(raw, content_encoding=coding, as_text=lambda: "looks clean")
    assert payload.texts == () and len(payload.unread) == 1 and why in payload.unread[0]


def test_plain_bytes_after_a_zlib_stream_are_read_with_it():
    # Before: the stream was inflated and the plain bytes after its end dropped unread.
    payload = open_payload(zlib.compress(b"{}") + b" Bakofadi Lumevo", as_text=lambda: "")
    assert any("Bakofadi Lumevo" in text for _, text in payload.texts), payload


@pytest.mark.parametrize("coding", ["", "gzip"])
def test_what_expands_past_the_limit_is_unread(coding: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(payloads, "MAX_OPENED_BYTES", 1024**2)
    payload = open_payload(gzip.compress(b"\0" * (1024**2 + 1), mtime=0), content_encoding=coding)
    assert payload.texts == () and payload.unread == (
        "it expands past 1 MiB, so it was not examined whole",
    )


def test_a_plain_body_reads_as_its_caller_always_read_it():
    assert open_payload(RAW, as_text=lambda: "as the caller reads it").texts == (
        ("body", "as the caller reads it"),
    )


# The whole-run claim (FW-01) over what immigration enforcement received.


@pytest.fixture
def ledger() -> EgressLedger:
    ledger = EgressLedger()
    ledger.plant("a scenario", ledger.fresh_cast().values(), "FWC-0A1B2C3D")
    names = [{"name": p.persona.full_name} for p in ledger.labelled()]
    ledger.receive(Received.answer(INTERNAL, "staff", "answer", json.dumps(names), {}), "s")
    return ledger


def _victim_phone(ledger: EgressLedger) -> str:
    return next(p.persona.phone for p in ledger.labelled() if p.persona.role == "victim")


def _to_ie(ledger: EgressLedger, raw: bytes) -> None:
    payload = open_payload(raw, as_text=lambda: raw.decode("latin-1"))
    ledger.receive(Received.answer(IE, "an answer", "answer", payload, {}), "open")


def test_a_victim_in_a_gzipped_answer_to_immigration_enforcement_is_a_breach(ledger):
    # Before: the answer's text was gzip's bytes as Latin-1; the run said nothing reached them.
    _to_ie(ledger, gzip.compress(json.dumps({"contact": _victim_phone(ledger)}).encode()))
    evidence = ScenarioEvidence()
    whole_run.lawful_control(evidence, ledger)
    with pytest.raises(Breach, match=r"the victim of «a scenario» in an answer .*\(phone\)"):
        whole_run.restricted_clean(evidence, ledger)


def test_a_victim_in_a_zip_member_is_found_under_the_member_s_name(ledger):
    _to_ie(ledger, _zip({"contacts.csv": f"phone\n{_victim_phone(ledger)}\n".encode()}))
    evidence = ScenarioEvidence()
    with pytest.raises(Breach, match="the victim of «a scenario»"):
        whole_run.restricted_clean(evidence, ledger)
    assert [f.field for f in evidence.findings if f.attribute == "phone"] == [
        "zip member contacts.csv"
    ]


def test_an_answer_that_cannot_be_opened_is_inconclusive_not_compliant(ledger):
    # Before: a PDF read as text held nothing planted, so the claim was COMPLIANT.
    _to_ie(ledger, b"%PDF-1.7\n" + bytes(range(256)))
    with pytest.raises(Inconclusive, match="a PDF document, which the harness cannot open"):
        whole_run.restricted_clean(ScenarioEvidence(), ledger)


# Pushes, through a real recorder on a real socket.


@pytest.fixture
def sink():
    with RecipientSink(("prosecution", IE), socket_timeout=1) as running:
        yield running


def _post(url: str, body: bytes, headers: dict[str, str]) -> None:
    with requests.Session() as session:
        session.trust_env = False
        assert session.post(url, data=body, headers=headers, timeout=5).status_code == 200


def test_a_gzip_coded_push_to_immigration_enforcement_is_read_through(sink):
    # Before: the outbound claim read the coded bytes as Latin-1 and found nobody: COMPLIANT.
    cast = make_cast(random.Random(5))
    matcher = CanaryMatcher.for_personas(cast.values())
    body = json.dumps({"people": [cast["witness"].attributes()]}).encode()
    _post(sink.url(IE), gzip.compress(body, mtime=0), {"Content-Encoding": "gzip"})
    recording = FeedRecording(sink, window_seconds=0.1, triggered=True)
    with pytest.raises(Breach, match="The witness reached immigration-enforcement"):
        outbound.none_protected(ScenarioEvidence(), matcher, recording, IE)
    [capture] = sink.captures(IE)
    assert push_received(capture).unread == ()
    assert any(cast["witness"].phone in text for _, text in push_received(capture).fields)


def test_a_push_in_a_coding_nothing_decodes_is_inconclusive(sink):
    cast = make_cast(random.Random(6))
    matcher = CanaryMatcher.for_personas(cast.values())
    _post(sink.url(IE), b"\x28\xb5\x2f\xfd opaque", {"Content-Encoding": "zstd"})
    recording = FeedRecording(sink, window_seconds=0.1, triggered=True)
    with pytest.raises(Inconclusive, match=r"push 1 \(it came coded as 'zstd'"):
        outbound.none_protected(ScenarioEvidence(), matcher, recording, IE)
    [capture] = sink.captures(IE)
    assert push_received(capture).unread


def test_a_victim_under_a_key_given_twice_is_found_whichever_value_a_parser_keeps(ledger):
    # Before: the ledger's JSON reading kept the last value ("withheld"), so the first, which
    # a recipient's parser may keep, was never scanned.
    body = f'{{"contact": "{_victim_phone(ledger)}", "contact": "withheld"}}'
    ledger.receive(Received.answer(IE, "an answer", "answer", body, {}), "open")
    with pytest.raises(Breach, match=r"\(phone\)"):
        whole_run.restricted_clean(ScenarioEvidence(), ledger)


# Bodies in several parts, and bodies that are not text at all.


def _multipart(parts: list[tuple[str, bytes]], preamble: bytes = b"") -> bytes:
    """A multipart body as a vendor's mail or form library writes one: part headers, then the
    part's bytes, each after the boundary line."""
    body = preamble
    for headers, content in parts:
        body += b"--fwcPART\r\n" + headers.encode() + b"\r\n\r\n" + content + b"\r\n"
    return body + b"--fwcPART--\r\n"


def test_each_part_of_a_multipart_body_is_opened_on_its_own():
    # Before: the body was read as one text; the gzipped part was binary noise to the detector.
    body = _multipart(
        [
            ("Content-Type: application/json", b'{"ok": true}'),
            ("Content-Type: application/gzip", gzip.compress(RAW, mtime=0)),
        ]
    )
    payload = open_payload(body, as_text=lambda: body.decode("latin-1"))
    assert payload.unread == ()
    assert [text for _, text in payload.texts if "Bakofadi" in text] == [TEXT]


def test_a_part_s_headers_and_transfer_encoding_are_read_too():
    encoded = base64.encodebytes(gzip.compress(RAW, mtime=0))
    body = _multipart(
        [
            (
                'Content-Disposition: form-data; name="file"; filename="Fadibako.json.gz"\r\n'
                "Content-Transfer-Encoding: base64",
                encoded,
            )
        ],
        preamble=b"This is a message in several parts.\r\n",
    )
    texts = " ".join(text for _, text in open_payload(body).texts)
    assert "Fadibako" in texts and "Bakofadi" in texts


def test_a_body_that_is_not_text_is_unread_though_its_text_is_still_read():
    # Before: a PNG, or bytes scrambled with a key, read as Latin-1 held nothing planted and
    # passed as clean. Now the claim over it cannot be COMPLIANT; what text it holds is still read.
    scrambled = random.Random(3).randbytes(512)
    for raw in (scrambled, scrambled[:48], TEXT.encode() + scrambled):
        payload = open_payload(raw, as_text=lambda raw=raw: raw.decode("latin-1"))
        assert len(payload.unread) == 1 and "not text" in payload.unread[0], payload.unread
    assert "Bakofadi" in open_payload(TEXT.encode() + scrambled).texts[0][1]


def test_text_with_a_stray_control_character_or_in_utf_16_is_still_plain_text():
    for raw in (b"id,note\r\n1,\x1b[1mbold\x1b[0m\x0c\r\n", TEXT.encode("utf-16-le"), b"x^2 + 1"):
        assert open_payload(raw).unread == ()
    assert open_payload(b"x^2 + 1").texts == (("body", "x^2 + 1"),)


def test_a_victim_in_a_binary_part_of_a_multipart_answer_is_a_breach(ledger):
    record = json.dumps({"contact": _victim_phone(ledger)}).encode()
    _to_ie(ledger, _multipart([("Content-Type: application/octet-stream", zlib.compress(record))]))
    with pytest.raises(Breach, match=r"the victim of «a scenario» in an answer .*\(phone\)"):
        whole_run.restricted_clean(ScenarioEvidence(), ledger)


def test_an_image_answer_is_inconclusive_not_compliant(ledger):
    _to_ie(ledger, b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    with pytest.raises(Inconclusive, match="a PNG image, which the harness cannot open"):
        whole_run.restricted_clean(ScenarioEvidence(), ledger)


def test_fields_announced_after_the_body_are_named_as_unread():
    # Before: requests and the recorder dropped trailer fields without a word, so a victim
    # sent in one passed unseen.
    payload = open_payload(RAW, as_text=lambda: TEXT, trailer="X-Note")
    assert payload.texts == (("body", TEXT),)
    assert payload.unread == ("it announced fields after its body (X-Note), which were not read",)
    assert open_payload(RAW, as_text=lambda: TEXT).unread == ()


def test_a_push_announcing_a_trailer_is_inconclusive(sink):
    cast = make_cast(random.Random(7))
    matcher = CanaryMatcher.for_personas(cast.values())
    _post(
        sink.url(IE), b'{"people": []}', {"Trailer": "X-Note", "Content-Type": "application/json"}
    )
    recording = FeedRecording(sink, window_seconds=0.1, triggered=True)
    with pytest.raises(Inconclusive, match=r"push 1 \(it announced fields after its body"):
        outbound.none_protected(ScenarioEvidence(), matcher, recording, IE)
