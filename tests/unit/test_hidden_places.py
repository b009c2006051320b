"""A planted value written where no field value stands is still found: as a column name, as a
JSON key (digits or an e-mail address included), in an XML comment, processing instruction or
text between elements, or cut in pieces by markup. An adversarial export puts a victim's details exactly there; before, each
of these passed every scan unseen."""

from __future__ import annotations

import base64
import bz2
import codecs
import gzip
import io
import json
import zipfile
from pathlib import Path

import pytest

from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.scan import scan_export
from firewall_conformance.recipients.ledger import EgressLedger

LEDGER = EgressLedger()
CAST = LEDGER.fresh_cast()
VICTIM = CAST["victim"]
# A person with values of the same kinds, none of them planted.
UNPLANTED = LEDGER.fresh_persona("victim")
MATCHER = CanaryMatcher.for_personas(CAST.values())


_DIGIT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def _read_out(number: str, nought: str = "oh", doubles: bool = False, sep: str = " ") -> str:
    """`number` read out digit by digit, 0 as `nought`, a repeated digit as "double" if asked."""
    words = [nought if d == "0" else _DIGIT_WORDS[int(d)] for d in number if d.isdigit()]
    said: list[str] = []
    for word in words:
        if doubles and said and said[-1] == word:
            said[-1] = f"double {word}"
        else:
            said.append(word)
    return sep.join(said)


def _padded(text: str) -> list[dict[str, object]]:
    """`text` among forty records, so that compressed it is no longer written as it stands."""
    rows: list[dict[str, object]] = [{"n": n, "note": "Seen at the scene"} for n in range(40)]
    rows[29]["who"] = text
    return rows


def _zip(text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("note.txt", f"seen: {text}")
    return buffer.getvalue()


HIDDEN = {
    "family name as a column name": (
        "csv",
        lambda p: f"id,{p.family_name},note\n1,x,y\n",
        "family_name",
    ),
    "passport number in a column name": (
        "csv",
        lambda p: f"id,P{p.passport_number},note\n1,x,y\n2,z,w\n",
        "passport_number",
    ),
    "passport number as a JSON key": (
        "ndjson",
        lambda p: json.dumps({"id": 1, p.passport_number: "x"}) + "\n",
        "passport_number",
    ),
    "e-mail address as a JSON key": (
        "ndjson",
        lambda p: json.dumps({"id": 1, "contacts": {p.email: "x"}}) + "\n",
        "email",
    ),
    "e-mail address as a key in a JSON document": (
        "json",
        lambda p: json.dumps([{"id": 1, p.email: {"seen": True}}]),
        "email",
    ),
    "family name in an XML comment": (
        "xml",
        lambda p: f"<records><person><id>1</id><!-- {p.family_name} --></person></records>",
        "family_name",
    ),
    "family name in a comment between XML records": (
        "xml",
        lambda p: f"<records><person><id>1</id></person><!-- {p.family_name} --></records>",
        "family_name",
    ),
    "passport number in an XML processing instruction": (
        "xml",
        lambda p: f"<records><person><?audit {p.passport_number}?><id>1</id></person></records>",
        "passport_number",
    ),
    "family name in text after an XML element": (
        "xml",
        lambda p: f"<records><person><id>1</id> {p.family_name} </person></records>",
        "family_name",
    ),
    "family name in text between XML records": (
        "xml",
        lambda p: f"<records><person><id>1</id></person>{p.family_name}<person/></records>",
        "family_name",
    ),
    # Cut by markup. Before: each piece was read alone, and no piece is the value.
    "family name cut by a tag inside an XML element": (
        "xml",
        lambda p: (
            f"<records><person><name>{p.family_name[:3]}<b>{p.family_name[3:]}</b>"
            "</name></person></records>"
        ),
        "family_name",
    ),
    "family name highlighted in part in an HTML fragment in a CSV field": (
        "csv",
        lambda p: f'id,snippet\n1,"<td><mark>{p.family_name[:3]}</mark>{p.family_name[3:]}</td>"\n',
        "family_name",
    ),
    "passport number one digit to a tag in a JSON field": (
        "ndjson",
        lambda p: (
            json.dumps({"id": 1, "html": "".join(f"<i>{c}</i>" for c in p.passport_number)}) + "\n"
        ),
        "passport_number",
    ),
    # An archive in base64 in a field. Before: not found (only gzip, zlib and deflate were
    # opened inside a value).
    "family name in a zip archive in base64 in a CSV field": (
        "csv",
        lambda p: f"id,blob\n1,{base64.b64encode(_zip(p.family_name)).decode()}\n",
        "family_name",
    ),
    "passport number in bzip2 in base64 in a JSON field": (
        "ndjson",
        lambda p: (
            json.dumps(
                {
                    "id": 1,
                    "blob": base64.b64encode(bz2.compress(p.passport_number.encode())).decode(),
                }
            )
            + "\n"
        ),
        "passport_number",
    ),
    # Scrambled in a way anyone undoes. Before: not found.
    "family name written backwards": (
        "csv",
        lambda p: f"id,note\n1,{p.family_name[::-1]}\n",
        "family_name",
    ),
    "e-mail address in ROT13": (
        "ndjson",
        lambda p: json.dumps({"id": 1, "x": codecs.encode(p.email, "rot13")}) + "\n",
        "email",
    ),
    "passport number backwards in an XML attribute": (
        "xml",
        lambda p: f'<records><person ref="{p.passport_number[::-1]}"/></records>',
        "passport_number",
    ),
    # Markup's own names. Before: a namespace URI was dropped when tags were named.
    "family name in an XML namespace URI": (
        "xml",
        lambda p: (
            f'<records xmlns:v="urn:x-case:{p.family_name}"><person><id>1</id></person></records>'
        ),
        "family_name",
    ),
    "e-mail address in a default XML namespace on a record": (
        "xml",
        lambda p: f'<records><person xmlns="mailto:{p.email}"><id>1</id></person></records>',
        "email",
    ),
    "family name as an XML attribute name": (
        "xml",
        lambda p: f'<records><person {p.family_name}="1"><id>1</id></person></records>',
        "family_name",
    ),
    # Base64 broken into lines. Before: each line was decoded alone; gzip cut so never opened.
    "family name in gzip in base64 wrapped over lines in an XML element": (
        "xml",
        lambda p: (
            "<records><person><blob>"
            + base64.encodebytes(
                gzip.compress(json.dumps(_padded(p.family_name)).encode())
            ).decode()
            + "</blob></person></records>"
        ),
        "family_name",
    ),
    # Read out, as a call handler's transcript writes numbers. Before: not found.
    "phone number read out in words in a call transcript": (
        "ndjson",
        lambda p: (
            json.dumps({"id": 1, "transcript": f"caller gave {_read_out(p.phone)} thanks"}) + "\n"
        ),
        "phone",
    ),
    "passport number read out with zero and double in a CSV field": (
        "csv",
        lambda p: f"id,note\n1,passport {_read_out(p.passport_number, 'zero', True)}\n",
        "passport_number",
    ),
    "phone number read out with zero and dashes in an XML element": (
        "xml",
        lambda p: (
            f"<records><call><said>{_read_out(p.phone, 'zero', sep='-')}</said></call></records>"
        ),
        "phone",
    ),
    "phone number broken by a comment in a JSON field": (
        "ndjson",
        lambda p: json.dumps({"id": 1, "note": f"call {p.phone[:5]}<!-- -->{p.phone[5:]}"}) + "\n",
        "phone",
    ),
}


@pytest.mark.parametrize("case", list(HIDDEN))
def test_a_planted_value_where_no_value_stands_is_found(tmp_path: Path, case: str) -> None:
    fmt, text, attribute = HIDDEN[case]
    path = tmp_path / f"export.{fmt}"
    path.write_text(text(VICTIM), encoding="utf-8")
    report = scan_export(MATCHER, path, fmt, "an export")
    found = {(f.persona, f.attribute) for f in report.findings if f.identifying}
    assert (VICTIM.label, attribute) in found, report.findings


@pytest.mark.parametrize("case", list(HIDDEN))
def test_the_same_places_holding_nothing_planted_find_nothing(tmp_path: Path, case: str) -> None:
    fmt, text, _ = HIDDEN[case]
    path = tmp_path / f"export.{fmt}"
    path.write_text(text(UNPLANTED), encoding="utf-8")
    assert scan_export(MATCHER, path, fmt, "an export").findings == []
