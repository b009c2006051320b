"""Decoded views of one value: what a planted value may be wrapped in when it leaves a system.

A vendor's system can carry a victim's name inside base64 of a larger blob, base32, hex,
Ascii85 between its marks, a percent-encoded JSON document, HTML entities, JSON string escapes, quoted-printable, a gzip,
deflate or Brotli payload inside any of those, or a JSON or XML document held as a string; it can cut
the name with markup (a highlighted search hit, a tag per letter, a comment); and it can write
the name in another script. `decoded_views` undoes each of these, recursively, and tags
every view with the chain of decodings that produced it, so a hit can say how it was hidden.

Decoding is bounded, because the value comes from the system under test: at most MAX_DEPTH
decodings in a chain, MAX_VIEWS views and MAX_DECODED_CHARS characters of output per value
(decompression included, so a deflate bomb stops there). A value with nothing that looks
encoded costs one regular-expression search.
"""

from __future__ import annotations

import base64
import binascii
import html
import json
import quopri
import re
import zlib
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote
from xml.etree.ElementTree import ParseError

import brotli
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from firewall_conformance.detect.duplicates import all_values
from firewall_conformance.detect.letters import skeleton, transliterate
from firewall_conformance.detect.payloads import open_payload

MAX_DEPTH = 4
MAX_VIEWS = 64
MAX_DECODED_CHARS = 4 * 1024**2
# A run of the base64 alphabet this long can hold a 6-byte canary; hex needs two digits a byte.
MIN_BASE64_RUN = 8
MIN_HEX_RUN = 12
# Decoded bytes count as text when this share of them is printable; otherwise only their
# printable stretches of at least MIN_STRING characters are kept (as `strings` would).
PRINTABLE_SHARE = 0.9
MIN_STRING = 6

_BASE64_RUN = re.compile(rf"[A-Za-z0-9+/_-]{{{MIN_BASE64_RUN},}}")
_HEX_RUN = re.compile(rf"[0-9A-Fa-f]{{{MIN_HEX_RUN},}}")
# Base32 (RFC 4648, upper case): eight characters to five bytes, so 16 hold a 6-byte canary
# at any alignment.
_BASE32_RUN = re.compile(r"[A-Z2-7]{16,}")
# Base64 broken into lines, as MIME, PEM and the `base64` command write it (76 or 64 characters
# a line): read whole, since compressed data cut at a line break opens in neither half.
_WRAPPED_BASE64 = re.compile(
    rf"[A-Za-z0-9+/_-]{{{MIN_BASE64_RUN},}}(?:[ \t]*\r?\n[ \t]*[A-Za-z0-9+/_-]+)+"
)
_LINE_BREAKS = re.compile(r"\s+")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|x([0-9A-Fa-f]{2})|([\"\\/bfnrt]))")
_QUOTED_PRINTABLE = re.compile(r"=(?:[0-9A-F]{2}|\r?\n)")
# Ascii85 as PostScript, PDF and Python's `a85encode(adobe=True)` write it, between its marks.
_ASCII85 = re.compile(r"<~([!-u\sz]{2,}?)~>")
# A tag or comment of HTML or XML: markup a system can put inside a value (a search hit
# highlighted in the middle of a name, one letter to a span, a <wbr> break, a comment).
_MARKUP = re.compile(r"<!--.*?-->|<[A-Za-z/!?][^<>]{0,500}>", re.DOTALL)
_SIGNALS = re.compile(
    rf"[A-Za-z0-9+/_-]{{{MIN_BASE64_RUN},}}|%[0-9A-Fa-f]{{2}}|&#?[A-Za-z0-9]+;|\\[ux\"\\/bfnrt]"
    r"|=(?:[0-9A-F]{2}|\r?\n)|^\s*[\[{<]|<[A-Za-z/!?~]"
)
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")
_STRINGS = re.compile(rf"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]{{{MIN_STRING},}}")
_SIMPLE_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_GZIP_MAGIC = b"\x1f\x8b"
# A zip archive, bzip2 and xz data are opened whole, as detect/payloads.py opens an answer.
_OPENED_WHOLE = (b"PK\x03\x04", b"BZh", b"\xfd7zXZ\x00")


@dataclass(frozen=True)
class View:
    """One decoded form of a value and the decodings, outermost first, that produced it."""

    chain: tuple[str, ...]
    text: str


class _Budget:
    def __init__(self) -> None:
        self.chars = MAX_DECODED_CHARS
        self.views = MAX_VIEWS

    def spent(self) -> bool:
        return self.chars <= 0 or self.views <= 0


def worth_decoding(text: str) -> bool:
    """Whether the text holds anything a decoder could undo (the cheap pre-check)."""
    return not text.isascii() or _SIGNALS.search(text) is not None


def might_hide(run: str) -> bool:
    """Whether a base64 or hex run decodes to text or a compressed payload at any alignment:
    a cheap sieve before full decoding, for scanners that meet a run on every line."""
    candidates = [_base64(run[shift:]) for shift in range(4)]
    if _BASE32_RUN.fullmatch(run.rstrip("=")):
        candidates += [_base32(run[shift:]) for shift in range(8)]
    if len(run) % 2 == 0 and _HEX_RUN.fullmatch(run):
        candidates.append(bytes.fromhex(run))
    for raw in candidates:
        if len(raw) < MIN_STRING:
            continue
        if raw.startswith((_GZIP_MAGIC, *_OPENED_WHOLE)) or _compressions(raw)[0][0] == "zlib":
            return True
        text = raw.decode("utf-8", errors="replace")
        if len(_UNPRINTABLE.findall(text)) <= len(text) * (1 - PRINTABLE_SHARE):
            return True
        if _STRINGS.search(text) or _inflate(raw, -15, MIN_STRING * 64) is not None:
            return True
        if _unbrotli(raw, MIN_STRING * 64) is not None:
            return True
    return False


def decoded_views(value: str) -> list[View]:
    """Every decoded view of `value` (not the value itself), breadth first, within bounds."""
    if not worth_decoding(value):
        return []
    budget = _Budget()
    views: list[View] = []
    seen = {value}
    queue = deque([View((), value)])
    while queue and not budget.spent():
        view = queue.popleft()
        for steps, text in _decodings(view.text, budget):
            if text in seen or not text.strip():
                continue
            seen.add(text)
            budget.views -= 1
            budget.chars -= len(text)
            decoded = View(view.chain + steps, text)
            views.append(decoded)
            if budget.spent():
                break
            if len(decoded.chain) < MAX_DEPTH and steps[-1] not in _LETTERS:
                queue.append(decoded)
    return views


def _decodings(text: str, budget: _Budget) -> Iterator[tuple[tuple[str, ...], str]]:
    if "%" in text and _PERCENT.search(text):
        yield ("percent",), unquote(text, errors="replace")
    if "&" in text and _ENTITY.search(text):
        yield ("html",), html.unescape(text)
    if "\\" in text and _ESCAPE.search(text):
        yield ("json-string",), _unescape(text)
    if "=" in text and _QUOTED_PRINTABLE.search(text):
        raw = quopri.decodestring(text.encode("utf-8", errors="replace"))
        yield from _from_bytes(("quoted-printable",), raw, budget)
    for body in _ASCII85.findall(text) if "<~" in text else ():
        yield from _from_bytes(("ascii85",), _ascii85(body), budget)
    runs = _BASE64_RUN.findall(text)
    if "\n" in text:
        runs += [_LINE_BREAKS.sub("", run) for run in _WRAPPED_BASE64.findall(text)]
    for run in runs:
        for shift in range(4):
            raw = _base64(run[shift:])
            if raw:
                yield from _from_bytes(("base64",), raw, budget)
    for run in _BASE32_RUN.findall(text):
        for shift in range(8):
            yield from _from_bytes(("base32",), _base32(run[shift:]), budget)
    for run in _HEX_RUN.findall(text):
        for shift in range(2):
            part = run[shift:]
            yield from _from_bytes(("hex",), bytes.fromhex(part[: len(part) // 2 * 2]), budget)
    yield from _documents(text)
    if "<" in text and _MARKUP.search(text):
        yield ("markup",), _MARKUP.sub("", text)
    if not text.isascii():
        yield ("look-alike",), skeleton(text)
        yield ("transliterated",), transliterate(text)


_LETTERS = frozenset({"look-alike", "transliterated"})


def _unescape(text: str) -> str:
    """JSON (and JavaScript \\x) string escapes undone; a pair of \\u surrogates is one character."""

    def one(match: re.Match[str]) -> str:
        code, byte, simple = match.groups()
        if code:
            return chr(int(code, 16))
        if byte:
            return chr(int(byte, 16))
        return _SIMPLE_ESCAPES.get(simple, simple)

    return _ESCAPE.sub(one, text).encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _base64(run: str) -> bytes:
    run = run.replace("-", "+").replace("_", "/")
    whole = len(run) - len(run) % 4
    rest = run[whole:]
    padded = run[:whole] + (rest + "=" * (4 - len(rest)) if len(rest) >= 2 else "")
    try:
        return base64.b64decode(padded, validate=True)
    except (binascii.Error, ValueError):
        return b""


def _ascii85(body: str) -> bytes:
    try:
        return base64.a85decode(body, ignorechars=b" \t\r\n\v")
    except ValueError:
        return b""


def _base32(run: str) -> bytes:
    run = run.rstrip("=")
    whole = len(run) - len(run) % 8
    rest = run[whole:]
    # A last group of 2, 4, 5 or 7 characters holds 1 to 4 bytes; any other length none.
    padded = run[:whole] + (rest + "=" * (8 - len(rest)) if len(rest) in (2, 4, 5, 7) else "")
    try:
        return base64.b32decode(padded)
    except (binascii.Error, ValueError):
        return b""


def _from_bytes(
    steps: tuple[str, ...], raw: bytes, budget: _Budget
) -> Iterator[tuple[tuple[str, ...], str]]:
    """Text in decoded bytes: inflated first when they are a compressed payload, each member
    read when they are a zip archive (or bzip2 or xz data), as a recipient would open them.
    Bytes that merely pass for compressed data (almost any can, for raw deflate or Brotli)
    are read as they are too: a few chosen bytes in front must not hide what follows."""
    if raw.startswith(_OPENED_WHOLE):
        texts = [text for _, text in open_payload(raw).texts]
        if texts:
            yield (*steps, "archive"), "\n".join(texts)[: max(0, budget.chars)]
        return
    for method, wbits in _compressions(raw):
        inflated = _inflate(raw, wbits, budget.chars)
        if inflated is not None:
            text = _text_of(inflated)
            if text:
                yield (*steps, method), text
            break
    decoded = raw.decode("utf-8", errors="replace")
    is_text = _is_text(decoded)
    if not is_text:
        unpacked = _unbrotli(raw, budget.chars)
        if unpacked is not None and (inner := _text_of(unpacked)):
            yield (*steps, "brotli"), inner
    text = _readable(decoded, is_text)
    if text:
        yield steps, text


def _unbrotli(raw: bytes, limit: int) -> bytes | None:
    """Brotli data unpacked up to `limit` bytes (a bomb stops there); None when it is not a
    Brotli stream. Brotli has no magic number, so only bytes that are not text are tried, and
    only a stream that decodes without error, to its end or to the limit, counts."""
    unpacker = brotli.Decompressor()
    try:
        out = unpacker.process(raw, output_buffer_limit=max(1, limit))
    except brotli.error:
        return None
    if not out or (not unpacker.is_finished() and len(out) < limit):
        return None
    return out[:limit]  # the decoder's limit is a hint: it may hand back more


def _compressions(raw: bytes) -> list[tuple[str, int]]:
    if raw.startswith(_GZIP_MAGIC):
        return [("gzip", 31)]
    if len(raw) >= 2 and raw[0] & 0x0F == 8 and (raw[0] << 8 | raw[1]) % 31 == 0:
        return [("zlib", 15), ("deflate", -15)]
    return [("deflate", -15)]


def _inflate(raw: bytes, wbits: int, limit: int) -> bytes | None:
    """The payload inflated up to `limit` bytes (a bomb stops there); None if not compressed."""
    inflater = zlib.decompressobj(wbits)
    try:
        out = inflater.decompress(raw, max(1, limit))
    except zlib.error:
        return None
    if not out or (wbits < 0 and not inflater.eof and len(out) < limit):
        # Raw deflate has no header: junk that merely fails to end is not a payload.
        return None
    return out


def _text_of(raw: bytes) -> str:
    text = raw.decode("utf-8", errors="replace")
    return _readable(text, _is_text(text))


def _readable(text: str, is_text: bool) -> str:
    """The text of decoded bytes, or only its printable stretches when it is not text."""
    if len(text) < MIN_STRING:
        return ""
    if is_text:
        return text
    return "\n".join(_STRINGS.findall(text))


def _is_text(text: str) -> bool:
    return len(_UNPRINTABLE.findall(text)) <= len(text) * (1 - PRINTABLE_SHARE)


def _documents(text: str) -> Iterator[tuple[tuple[str, ...], str]]:
    """The leaves of a JSON or XML document held as a string, one a line."""
    stripped = text.strip()
    if stripped[:1] in ("{", "[") and stripped[-1:] in ("}", "]"):
        try:
            document = json.loads(stripped, object_pairs_hook=all_values)
        except (ValueError, RecursionError):
            pass
        else:
            yield ("json",), "\n".join(_json_leaves(document))
    elif stripped[:1] == "<" and stripped[-1:] == ">":
        try:
            root = fromstring(stripped)
        except (ParseError, DefusedXmlException, ValueError):
            return
        yield ("xml",), "\n".join(_xml_leaves(root))


def _json_leaves(document: Any) -> Iterator[str]:
    stack = [document]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            for key, value in current.items():
                yield str(key)
                stack.append(value)
        elif isinstance(current, list):
            stack.extend(current)
        elif current is not None and not isinstance(current, bool):
            yield str(current)


def _xml_leaves(root: Any) -> Iterator[str]:
    for element in root.iter():
        yield str(element.tag)
        for key, value in element.attrib.items():
            yield key
            yield value
        for text in (element.text, element.tail):
            if text and text.strip():
                yield text
