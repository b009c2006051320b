"""Opening what a recipient was handed the way the recipient itself could open it.

A vendor who compresses what it sends immigration enforcement, zips it, or declares an HTTP
content coding on a push hides nothing from the recipient, which decompresses in one line; read
as text, the same bytes hide everything from a detector. So an answer or push is opened here
before it is scanned: content codings taken off (gzip, deflate, Brotli), then compression by
its first bytes (gzip, bzip2, xz, zlib, a few layers deep) and the members of a zip archive, each held
to a size limit; a body in several parts (multipart, as a mail or form library writes one) is
opened part by part, each part's headers read too. What cannot be opened (an unknown content
coding, a zip inside a zip, what detect/sources.py cannot read through, such as Zstandard or a
PDF, something expanding past the limit, corrupt data, bytes that are not text at all, such as
an image or data scrambled with a key) is named as unread, so a claim over it can never be
COMPLIANT.
"""

from __future__ import annotations

import email
import io
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from firewall_conformance.detect.content_codings import CodingRefused, Codings, OverCap
from firewall_conformance.detect.encoding import sniff
from firewall_conformance.detect.sources import LAYERS, MAX_LAYERS, unreadable_kind

# Answers and pushes are read up to 8 MiB; opened, they may hold at most this much.
MAX_OPENED_BYTES = 64 * 1024**2
_ZIP = b"PK\x03\x04"
# A zlib stream's first two bytes at each compression level; text can start so too, so one
# that does not inflate is read as it stands.
_ZLIB = (b"\x78\x01", b"\x78\x5e", b"\x78\x9c", b"\x78\xda")
# A multipart body's first boundary line (RFC 2046 5.1.1), found by content: a body need not
# arrive with the header that declares it, and a preamble may stand before it.
_BOUNDARY = re.compile(rb"^--([0-9A-Za-z'()+_,./:=?-][0-9A-Za-z'()+_,./:=? -]{0,69})\r?$", re.M)
# Control bytes no text holds: tab, line breaks, form feed, escape (terminal colours) and NUL
# (UTF-16 without its mark) excepted. Bytes with eight of them, or (two or more) one in 32, are
# not text: random bytes hold one in ten.
_CONTROLS = bytes(b for b in range(32) if b not in b"\x00\t\n\v\f\r\x1b")
BINARY_CONTROLS = 8
BINARY_SHARE = 32


@dataclass(frozen=True)
class Payload:
    """What one answer or push held, opened: `texts` are (place, text) pairs, `unread` says
    what could not be opened and why."""

    texts: tuple[tuple[str, str], ...]
    unread: tuple[str, ...] = ()

    @staticmethod
    def of_text(text: str) -> Payload:
        return Payload((("body", text),) if text else ())

    def map(self, change: Callable[[str], str]) -> Payload:
        """The same payload with every text changed (e.g. masked)."""
        return Payload(tuple((place, change(text)) for place, text in self.texts), self.unread)


class _Unread(Exception):
    pass


def open_payload(
    raw: bytes,
    *,
    as_text: Callable[[], str] | None = None,
    content_encoding: str = "",
    charset: str | None = None,
    trailer: str = "",
) -> Payload:
    """`raw` opened as its recipient could open it. `as_text` is how the caller reads a body
    that turns out to be neither coded, compressed nor an archive (so such a body reads as it
    always did); `content_encoding` is the HTTP header when the bytes arrived still coded;
    `trailer` the HTTP `Trailer` header, naming fields sent after the body, which the HTTP
    libraries here drop unread, so they are named as unread."""
    dropped = (
        (f"it announced fields after its body ({trailer.strip()}), which were not read",)
        if trailer.strip()
        else ()
    )
    try:
        data = _decoded(raw, content_encoding)
        if data is raw and as_text is not None and _container(raw) is None:
            payload = _plain(raw, "body", as_text())
        else:
            payload = _opened(data, "body", charset)
    except _Unread as why:
        payload = Payload((), (str(why),))
    return Payload(payload.texts, payload.unread + dropped)


def _decoded(raw: bytes, content_encoding: str) -> bytes:
    """`raw` with its HTTP content codings taken off (content_codings.py)."""
    if not content_encoding.strip():
        return raw
    try:
        codings = Codings(content_encoding)
        data = codings.decode(raw, MAX_OPENED_BYTES)
        codings.finish()
    except OverCap:
        raise _too_large() from None
    except CodingRefused as why:
        raise _Unread(f"it {why}") from why
    return data


def _inflated(data: bytes, wbits: int) -> bytes:
    inflater = zlib.decompressobj(wbits)
    try:
        out = inflater.decompress(data, MAX_OPENED_BYTES + 1)
    except zlib.error as exc:
        raise _Unread(f"its compressed data is corrupt ({exc})") from exc
    if inflater.unused_data:
        raise _Unread(
            f"it holds {len(inflater.unused_data)} bytes after the end of its compressed data"
        )
    return _within(out)


def _too_large() -> _Unread:
    return _Unread(
        f"it expands past {MAX_OPENED_BYTES // 1024**2} MiB, so it was not examined whole"
    )


def _within(out: bytes) -> bytes:
    if len(out) > MAX_OPENED_BYTES:
        raise _too_large()
    return out


def _container(data: bytes) -> str | None:
    """What the first bytes show `data` to be when it is not plain content."""
    if data.startswith(_ZIP):
        return "zip"
    if any(data.startswith(magic) for magic, _ in LAYERS):
        return "compressed"
    if data.startswith(_ZLIB):
        return "zlib"
    if _boundary(data) is not None:
        return "multipart"
    return unreadable_kind(data)


def _boundary(data: bytes) -> bytes | None:
    """The boundary of a multipart body: a boundary line that the closing one follows."""
    found = _BOUNDARY.search(data)
    if found is None or b"--" + found.group(1).rstrip() + b"--" not in data[found.end() :]:
        return None
    return found.group(1).rstrip()


def _plain(data: bytes, place: str, text: str) -> Payload:
    """Plain content as text; bytes that are not text are named as unread, their text still read."""
    unread: tuple[str, ...] = ()
    controls = len(data) - len(data.translate(None, _CONTROLS))
    if controls >= min(BINARY_CONTROLS, max(2, len(data) // BINARY_SHARE)):
        unread = ("it is not text (binary data such as an image, or bytes scrambled with a key)",)
    return Payload(((place, text),) if text else (), unread)


def _opened(
    data: bytes,
    place: str,
    charset: str | None,
    layers: int = 0,
    in_archive: bool = False,
    in_part: bool = False,
) -> Payload:
    kind = _container(data)
    if kind == "zlib" and layers < MAX_LAYERS:
        try:
            data, layers = _inflated(data, zlib.MAX_WBITS), layers + 1
        except _Unread:
            return _plain(data, place, data.decode(_codec(data, charset), "replace"))
        return _opened(data, place, charset, layers, in_archive, in_part)
    if kind in (None, "zlib") or (kind == "multipart" and (in_archive or in_part)):
        return _plain(data, place, data.decode(_codec(data, charset), "replace"))
    if kind == "compressed":
        if layers >= MAX_LAYERS:
            raise _Unread(f"it is compressed more than {MAX_LAYERS} times over")
        return _opened(_uncompressed(data), place, charset, layers + 1, in_archive, in_part)
    if kind == "multipart":
        return _parts(data, charset)
    if kind == "zip" and not in_archive:
        return _members(data, charset)
    what = "a zip archive inside an archive" if kind == "zip" else kind
    raise _Unread(f"it is {what}, which the harness cannot open")


def _uncompressed(data: bytes) -> bytes:
    opener = next(open_ for magic, open_ in LAYERS if data.startswith(magic))
    try:
        with opener(io.BufferedReader(io.BytesIO(data))) as stream:
            return _within(stream.read(MAX_OPENED_BYTES + 1))
    except (EOFError, OSError, zlib.error) as exc:
        raise _Unread(f"its compressed data is cut off or corrupt ({exc})") from exc


def _members(data: bytes, charset: str | None) -> Payload:
    """Every member of a zip archive, opened; a member that cannot be opened is named as unread
    and the others are still read."""
    texts: list[tuple[str, str]] = []
    unread: list[str] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [info for info in archive.infolist() if not info.is_dir()]
            if sum(info.file_size for info in members) > MAX_OPENED_BYTES:
                raise _too_large()
            for info in members:
                place = f"zip member {info.filename}"
                try:
                    with archive.open(info) as member:
                        content = _within(member.read(MAX_OPENED_BYTES + 1))
                    opened = _opened(content, place, charset, in_archive=True)
                except _Unread as why:
                    unread.append(f"{place}: {why}")
                    continue
                texts += opened.texts
                unread += [f"{place}: {why}" for why in opened.unread]
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error, NotImplementedError) as exc:
        raise _Unread(f"its zip archive is corrupt or cannot be read ({exc})") from exc
    return Payload(tuple(texts), tuple(unread))


def _parts(data: bytes, charset: str | None) -> Payload:
    """Every part of a multipart body, its headers and its content opened (a transfer encoding
    taken off, then as any body), within the size limit in all; a part that cannot be opened is
    named as unread and the others are still read. What stands outside the parts is read too."""
    boundary = _boundary(data) or b""
    message = email.message_from_bytes(
        b'Content-Type: multipart/mixed; boundary="' + boundary + b'"\r\n\r\n' + data
    )
    texts = [
        ("body outside its parts", "\n".join(filter(None, [message.preamble, message.epilogue])))
    ]
    unread: list[str] = []
    size = 0
    parts = [part for part in message.walk() if not part.is_multipart()]
    for number, part in enumerate(parts, 1):
        place = f"part {number}"
        texts.append((f"{place} headers", "\n".join(f"{k}: {v}" for k, v in part.items())))
        content = part.get_payload(decode=True)
        try:
            opened = _opened(
                content if isinstance(content, bytes) else b"",
                place,
                part.get_content_charset() or charset,
                in_part=True,
            )
        except _Unread as why:
            unread.append(f"{place}: {why}")
            continue
        size += sum(len(text) for _, text in opened.texts)
        if size > MAX_OPENED_BYTES:
            raise _too_large()
        texts += opened.texts
        unread += [f"{place}: {why}" for why in opened.unread]
    return Payload(tuple((place, text) for place, text in texts if text), tuple(unread))


def _codec(data: bytes, charset: str | None) -> str:
    try:
        return sniff(data, charset)
    except LookupError:  # an unknown charset name: read it as if none were declared
        return sniff(data)
