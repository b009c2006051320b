"""Decoding before matching: a planted value hidden in an encoding, a blob, a cut digest or
other letters is found and names how it was hidden; bounds hold; unrelated data stays clean."""

import base64
import gzip
import hashlib
import io
import json
import os
import random
import time
import zlib
from urllib.parse import quote

import brotli
import pytest

from firewall_conformance.detect import decode
from firewall_conformance.detect.decode import decoded_views
from firewall_conformance.detect.linescan import scan_lines
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.persons.personas import Persona, make_cast


@pytest.fixture
def cast():
    return make_cast(random.Random(13))


@pytest.fixture
def matcher(cast):
    return CanaryMatcher.for_personas(cast.values())


def found(matcher, value):
    return {(p.persona, p.attribute, p.variant) for p in matcher.value_hits(value)}


def blob(name: str, offset: int) -> bytes:
    """The name inside a larger binary blob, `offset` bytes into it."""
    return os.urandom(offset) + b"\x00\x01 " + name.encode() + b" \x02" + os.urandom(5)


def deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(wbits=-15)
    return packer.compress(data) + packer.flush()


ENCODINGS = {
    "base64": lambda b: base64.b64encode(b).decode(),
    "base64url": lambda b: base64.urlsafe_b64encode(b).decode().rstrip("="),
    "hex": lambda b: b.hex(),
}
CHAINS = {"base64": "base64", "base64url": "base64", "hex": "hex"}


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("offset", [0, 1, 2, 3])
def test_a_name_in_an_encoded_blob_is_found_at_any_offset(matcher, cast, encoding, offset):
    victim = cast["victim"]
    value = "ref:" + ENCODINGS[encoding](blob(victim.family_name, offset)) + " end"
    # At one alignment the encoded name is also the whole-value base64 pattern.
    variants = {v for p, a, v in found(matcher, value) if (p, a) == ("the victim", "family_name")}
    assert variants & {f"plain via {CHAINS[encoding]}", "base64"}, variants


@pytest.mark.parametrize("prefix", ["", "a", "ab", "abc"])
def test_base64_glued_to_other_alphabet_characters_is_realigned(matcher, cast, prefix):
    encoded = base64.b64encode(b"note: x" + cast["witness"].family_name.encode()).decode()
    assert ("the witness", "family_name", "plain via base64") in found(matcher, prefix + encoded)


@pytest.mark.parametrize(
    ("encode", "chain"),
    [
        (lambda t: "".join(f"%{b:02X}" for b in t.encode()), "percent"),
        (lambda t: "".join(f"&#{ord(c)};" for c in t), "html"),
        (lambda t: "".join(f"\\u{ord(c):04x}" for c in t), "json-string"),
        (lambda t: "".join(f"={b:02X}" for b in t.encode()), "quoted-printable"),
    ],
)
def test_text_escapes_are_undone(matcher, cast, encode, chain):
    value = encode(json.dumps({"note": "seen", "who": cast["victim"].full_name}))
    assert ("the victim", "full_name", f"plain via {chain}") in found(matcher, value)


def test_html_entities_inside_a_word_are_undone(matcher, cast):
    family = cast["victim"].family_name
    value = f"{family[:2]}&#{ord(family[2])};{family[3:]}"
    assert ("the victim", "family_name", "plain via html") in found(matcher, value)


@pytest.mark.parametrize(
    ("compress", "name"),
    [(gzip.compress, "gzip"), (zlib.compress, "zlib"), (deflate, "deflate")],
)
def test_compressed_json_inside_base64_and_hex(matcher, cast, compress, name):
    payload = compress(json.dumps({"case": {"person": cast["witness"].full_name}}).encode())
    for outer in ("base64", "hex"):
        hits = found(matcher, ENCODINGS[outer](payload))
        assert ("the witness", "full_name", f"plain via {outer}>{name}") in hits, hits


def test_brotli_inside_base64_and_hex_is_opened(matcher, cast):
    # Before: Brotli has no magic number, so its bytes were kept only as printable stretches
    # and the witness inside was not seen: COMPLIANT over a leak.
    rows = [{"case": n, "note": "Statement taken at the scene"} for n in range(40)]
    rows[17]["person"] = cast["witness"].full_name
    payload = brotli.compress(json.dumps(rows).encode())
    assert cast["witness"].given_name.encode() not in payload
    for outer in ("base64", "hex"):
        hits = found(matcher, "blob " + ENCODINGS[outer](payload))
        assert ("the witness", "full_name", f"plain via {outer}>brotli") in hits, hits


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_base64_wrapped_over_lines_is_read_whole(matcher, cast, newline):
    # Before: base64 as MIME, PEM and the `base64` command write it (76 characters a line) was
    # decoded line by line, so gzip data in it never inflated and the victim inside was unseen.
    rows = [{"case": n, "note": "Statement taken at the scene"} for n in range(40)]
    rows[23]["person"] = cast["victim"].full_name
    wrapped = base64.encodebytes(gzip.compress(json.dumps(rows).encode())).decode()
    value = wrapped.replace("\n", newline)
    assert ("the victim", "full_name", "plain via base64>gzip") in found(matcher, value)
    in_json = json.dumps({"attachment": value})
    hits = found(matcher, in_json)
    assert ("the victim", "full_name", "plain via json-string>base64>gzip") in hits, hits


@pytest.mark.parametrize("padded", [True, False])
def test_base32_is_decoded_at_any_offset(matcher, cast, padded):
    # Before: base32 (RFC 4648, as TOTP secrets and some identifiers are written) was not
    # decoded, and a victim's name in it was unseen.
    for offset in range(5):
        encoded = base64.b32encode(blob(cast["victim"].full_name, offset)).decode()
        value = "ref " + (encoded if padded else encoded.rstrip("="))
        hits = found(matcher, value)
        assert ("the victim", "full_name", "plain via base32") in hits, (offset, hits)


def test_base32_in_a_streamed_line_is_examined(cast):
    matcher = CanaryMatcher.for_personas(cast.values())
    note = base64.b32encode(b"seen: " + cast["victim"].full_name.encode()).decode()
    text = json.dumps({"id": 1, "note": note}) + "\n"
    scanned = scan_lines(matcher, io.BytesIO(text.encode()), "ndjson", "feed", "utf-8", 1)
    assert "plain via base32" in {f.variant for f in scanned.findings}


def test_brotli_in_a_streamed_line_is_examined(cast):
    matcher = CanaryMatcher.for_personas(cast.values())
    note = base64.b64encode(brotli.compress(cast["victim"].full_name.encode() * 3)).decode()
    text = json.dumps({"id": 1, "note": note}) + "\n"
    scanned = scan_lines(matcher, io.BytesIO(text.encode()), "ndjson", "feed", "utf-8", 1)
    assert {f.variant for f in scanned.findings} == {"plain via base64>brotli"}


def test_a_brotli_bomb_inside_base64_is_bounded():
    bomb = base64.b64encode(brotli.compress(b"A" * (200 * 1024**2), quality=5)).decode()
    started = time.perf_counter()
    views = decoded_views(bomb)
    assert time.perf_counter() - started < 5
    assert sum(len(v.text) for v in views) <= decode.MAX_DECODED_CHARS


def test_nested_base64_of_gzip_of_json_holding_an_encoded_name(matcher, cast):
    inner = base64.b64encode(b"\x00" + cast["victim"].family_name.encode() + b"\x00\x00").decode()
    document = json.dumps({"blob": inner, "other": "x" * 20}).encode()
    value = base64.b64encode(gzip.compress(document)).decode()
    assert ("the victim", "family_name", "plain via base64>gzip>base64") in found(matcher, value)


def test_an_xml_document_held_as_a_string_is_read(matcher, cast):
    name = cast["suspect"].family_name
    xml = f"<record><person>{name[:3]}<![CDATA[{name[3:]}]]></person></record>"
    assert ("the suspect", "family_name", "plain via xml") in found(matcher, xml)


@pytest.mark.parametrize("algorithm", ["sha256", "sha1", "sha512", "md5"])
def test_a_digest_cut_to_eight_or_more_digits_is_found(matcher, cast, algorithm):
    digest = hashlib.new(algorithm, cast["witness"].passport_number.encode()).hexdigest()
    for length in (8, 12):
        assert ("the witness", "passport_number", f"{algorithm} prefix") in found(
            matcher, f"pid={digest[:length]};"
        )
    assert ("the witness", "passport_number", algorithm) in found(matcher, digest)
    assert not found(matcher, f"pid={digest[:7]};")
    # A run that goes on with other digits is not this digest.
    assert not found(matcher, f"pid={digest[:10]}{'0' if digest[10] != '0' else '1'}")


def test_look_alike_letters_from_another_script_are_found(matcher, cast):
    family = cast["victim"].family_name
    # Cyrillic letters that look like these Latin ones.
    cyrillic = str.maketrans(
        "aeopcxyAEOPCXYKMHTB",
        "\u0430\u0435\u043e\u0440\u0441\u0445\u0443\u0410\u0415\u041e\u0420\u0421\u0425\u0423\u041a\u041c\u041d\u0422\u0412",
    )
    assert family.translate(cyrillic) != family
    for written in (family, family.upper()):
        hits = found(matcher, written.translate(cyrillic))
        assert any(
            attribute == "family_name" and variant.endswith("via look-alike")
            for _, attribute, variant in hits
        ), hits


def test_a_name_transliterated_into_cyrillic_or_greek_is_found():
    persona = Persona(
        "the victim",
        "victim",
        "Dimaso",
        "Kupelova",
        "1990-01-02",
        "Albanian",
        "status unknown",
        "123456789",
        "K1234567",
        "ZR1234567",
        "07700 900123",
        "dimaso.kupelova@example.org",
        "1 Bako Road, Exampleshire ZZ99 1ZZ",
    )
    matcher = CanaryMatcher.for_personas([persona])
    assert ("the victim", "family_name", "plain via transliterated") in found(matcher, "Купелова")
    assert ("the victim", "given_name", "plain via transliterated") in found(matcher, "Δημασο")


def test_a_deflate_bomb_inside_base64_is_bounded():
    bomb = base64.b64encode(zlib.compress(b"A" * (200 * 1024**2), 9)).decode()
    started = time.perf_counter()
    views = decoded_views(bomb)
    assert time.perf_counter() - started < 5
    assert views
    assert sum(len(v.text) for v in views) <= decode.MAX_DECODED_CHARS


def test_depth_is_bounded():
    value = "Dimaso"
    for _ in range(decode.MAX_DEPTH + 2):
        value = base64.b64encode(b"wrap " + value.encode()).decode()
    assert max(len(v.chain) for v in decoded_views(value)) == decode.MAX_DEPTH
    matcher = CanaryMatcher.for_personas(
        [Persona("p", "victim", "Dimaso", "Kupelova", *[""] * 8, "1 Bako Road")]
    )
    assert not matcher.value_hits(value)


def test_plain_values_are_not_decoded():
    assert decoded_views("Burglary") == []
    assert decoded_views("07700 900123") == []


def test_random_base64_and_hex_of_unrelated_data_give_no_hits():
    rng = random.Random(2026)
    matchers = [CanaryMatcher.for_personas(make_cast(rng).values()) for _ in range(3)]
    for n in range(10_000):
        data = rng.randbytes(rng.randrange(6, 120))
        value = base64.b64encode(data).decode() if n % 2 else data.hex()
        for matcher in matchers:
            assert not matcher.value_hits(value), value


def test_streamed_lines_with_encoded_blobs_are_examined(cast):
    matcher = CanaryMatcher.for_personas(cast.values())
    victim = cast["victim"]
    rows = [{"id": n, "note": "Statement taken at scene"} for n in range(50)]
    rows[7]["note"] = base64.b64encode(blob(victim.full_name, 1)).decode()
    rows[21]["note"] = quote(victim.family_name, safe="").replace("a", "%61") + " x"
    rows[33]["note"] = victim.family_name.replace("o", "\u043e")
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    scanned = scan_lines(matcher, io.BytesIO(text.encode()), "ndjson", "feed", "utf-8", 1)
    lines = {(f.record, f.variant) for f in scanned.findings if f.attribute == "family_name"}
    assert {line for line, _ in lines} == {8, 22, 34}, lines
    assert (8, "plain via base64") in lines


@pytest.mark.parametrize(
    "said",
    [
        "oh one one three four nine six oh oh oh seven",
        "Zero-one-one-three, four-nine-six, zero-zero-zero-seven",
        "oh double one three four nine six triple oh seven",
        "zero double one three four nine six triple zero seven",
        # A run of three said as a pair and one; before, found only as "triple" or one by one.
        "oh double one three four nine six double oh oh seven",
    ],
)
def test_a_phone_number_read_out_in_words_is_found(said):
    persona = Persona("p", "victim", "Dimaso", "Kupelova", *[""] * 6, "0113 496 0007", "", "")
    hits = found(CanaryMatcher.for_personas([persona]), f"caller said {said} ok")
    assert ("p", "phone", "read out") in hits, hits


@pytest.mark.parametrize(
    "prefix",
    [
        b"\x01\x00\x00\xff\xff",  # an empty last stored block: raw deflate that "opens" to nothing
        b"\x2b\x03\x00\x01 ",  # random bytes a raw-deflate reader decodes as a few junk bytes
    ],
)
def test_bytes_that_also_pass_for_compressed_data_are_still_read_as_they_are(matcher, cast, prefix):
    """Before: once the bytes inflated without error (anything can pass for raw deflate), only
    the inflated view was read, so a name after five chosen bytes was never seen; and one blob
    in a few hundred of random bytes hid it by chance (the flaky offset test above)."""
    name = cast["victim"].family_name.encode()
    value = base64.b64encode(prefix + b"note " + name + b" \x02end").decode()
    assert ("the victim", "family_name", "plain via base64") in found(matcher, value)
