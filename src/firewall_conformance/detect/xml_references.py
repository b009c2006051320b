"""Entity references that the XML parser passes over in silence.

Once a document names a DTD that is not read (a DOCTYPE with a system or public identifier,
or a parameter entity reference in its internal subset), expat may no longer tell an
undefined entity from one that DTD defines: in text it still stops, but in an attribute value
it drops the reference without a word. A value that any DTD-aware reader shows as "asylum
seeker" would read here as empty. Entities the document defines itself are refused by
defusedxml, so any reference other than XML's own five and character references is one the
parser cannot read; this watch notes, as the bytes are read, whether a document both declares
a document type and makes such a reference.
"""

from __future__ import annotations

import io
import re
from typing import BinaryIO

_DOCTYPE = b"<!DOCTYPE"
_NAME = rb"[^\s&;<>\"'#=%]"
_REFERENCE = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos);)" + _NAME + rb"+;")
_UNFINISHED = re.compile(rb"&" + _NAME + rb"*\Z")
_MAX_CARRY = 4096


class ReferenceWatch(io.RawIOBase):
    """`raw` read through unchanged, its bytes watched for a DOCTYPE and for an entity
    reference the parser cannot read. NUL bytes are dropped before looking, so UTF-16 text
    is watched as its ASCII characters."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._carry = b""
        self.doctype = False
        self.reference = False

    @property
    def unreadable(self) -> bool:
        """Whether the document names a DTD and refers to an entity only it could define."""
        return self.doctype and self.reference

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        count = len(data)
        buffer[:count] = data
        text = self._carry + data.replace(b"\x00", b"")
        self.doctype = self.doctype or _DOCTYPE in text
        self.reference = self.reference or _REFERENCE.search(text) is not None
        unfinished = _UNFINISHED.search(text)
        start = len(text) - len(_DOCTYPE)
        if unfinished:
            start = min(start, unfinished.start())
            # A name longer than any carry is taken for a reference rather than missed.
            self.reference = self.reference or len(text) - unfinished.start() > _MAX_CARRY
        self._carry = text[max(start, 0) :][-_MAX_CARRY:]
        return count


def watched(raw: BinaryIO) -> tuple[BinaryIO, ReferenceWatch]:
    """`raw` behind a `ReferenceWatch`, as a buffered stream, and the watch."""
    watch = ReferenceWatch(raw)
    return io.BufferedReader(watch), watch
