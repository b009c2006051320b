"""Deciding how an export's bytes are encoded, from its first block."""

from __future__ import annotations

import codecs

UTF8_BOM = codecs.BOM_UTF8
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def sniff(head: bytes, declared: str | None = None) -> str:
    """The codec to read with: a BOM wins, then a declared encoding, then UTF-8 if the head
    is valid UTF-8, else Latin-1 (which can represent any byte, so nothing is lost)."""
    if head.startswith(UTF8_BOM):
        return "utf-8-sig"
    if head.startswith(UTF16_BOMS):
        return "utf-16"
    if declared:
        codecs.lookup(declared)
        return declared
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "latin-1"
    return "utf-8"
