"""Control characters made visible, for text read in a terminal or as plain text.

A target's answers, an export's field names and a file's own name reach the terminal and
summary.md. Written as they came, an escape sequence in them can move the cursor and rewrite
the verdict line above, clear the screen, or make a word an OSC 8 link to anywhere, and a
right-to-left override can show a file name reversed. In junit.xml the same characters (and
lone surrogates and the noncharacters U+FFFE, U+FFFF) are not allowed at all: one of them makes
the whole file unreadable to CI. Every such character is written as its code instead
(`\\x1b`, `\\u202e`), so what is shown is what was there.
"""

from __future__ import annotations

import re

# C0 controls but line feed and tab, DEL, C1 controls, the line and paragraph separators (YAML
# breaks lines at them), the bidirectional formatting marks, lone surrogates and the two
# noncharacters XML refuses.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069"
    "\ud800-\udfff\ufffe\uffff]"
)


def _code(match: re.Match[str]) -> str:
    point = ord(match.group())
    return f"\\x{point:02x}" if point < 0x100 else f"\\u{point:04x}"


def visible(text: str) -> str:
    """`text` with every control character (but line breaks and tabs) written as its code."""
    return _CONTROL.sub(_code, text)
