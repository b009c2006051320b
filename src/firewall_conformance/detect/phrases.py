"""Finding a known phrase inside a longer value, whole word by whole word.

A nationality or an immigration status is shared by too many people to be a canary, so it is
looked for only in the record of the person it belongs to. There a vendor may still write it
beside another value ("Eritrean (asylum claim pending)", "9 High Road; status overstayed
visa"), so equality is not enough; matching whole words keeps "Nigerian" out of
"Nigerianfood". As with the canaries, a value is read as written and in every decoded view.
"""

from __future__ import annotations

import re

from firewall_conformance.detect.decode import decoded_views
from firewall_conformance.detect.normalise import fold_text, fold_value

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The folded words of `text`, in order."""
    return [w for w in (fold_text(w) for w in _WORD.findall(text)) if w]


def _holds(text: str, wanted: list[str], glued: str) -> bool:
    if fold_value(text) == glued:
        return True
    have = words(text)
    size = len(wanted)
    return any(have[i : i + size] == wanted for i in range(len(have) - size + 1))


def holds_phrase(value: str, phrase: str) -> bool:
    """True when `value`, as written or decoded, holds all of `phrase` as whole words in
    order, or folds to the same text (an empty phrase is held nowhere)."""
    wanted = words(phrase)
    if not wanted:
        return False
    glued = fold_value(phrase)
    return _holds(value, wanted, glued) or any(
        _holds(view.text, wanted, glued) for view in decoded_views(value)
    )
