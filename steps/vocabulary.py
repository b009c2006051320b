"""The suite's fixed words for people, accounts and recipients, mapped to the library's terms."""

from __future__ import annotations

import re

ACCOUNTS = {"an investigator": "investigator", "an immigration officer": "immigration_officer"}
RECIPIENTS = {
    "the prosecution service": "prosecution",
    "immigration enforcement": "immigration-enforcement",
    "the local authority": "local-authority",
}
PURPOSES = {"prosecution": "prosecution", "immigration control": "immigration-control"}
_ROLE = re.compile(r"\b(victim|witness|suspect)\b")


def roles_in(phrase: str) -> list[str]:
    """'the victim, the witness and the suspect' -> ['victim', 'witness', 'suspect']."""
    roles = _ROLE.findall(phrase)
    if not roles:
        raise ValueError(f"no victim, witness or suspect named in {phrase!r}")
    return roles


def account(phrase: str) -> str:
    return ACCOUNTS[phrase]


def recipient(phrase: str) -> str:
    return RECIPIENTS[phrase]


def purpose(phrase: str) -> str:
    """An export purpose as the harness names it; the target profile maps it to a code."""
    return PURPOSES[phrase]


EXTRA_TYPES = {
    "Account": account,
    "Recipient": recipient,
    "Purpose": purpose,
    "Roles": roles_in,
}
account.pattern = "|".join(map(re.escape, ACCOUNTS))  # type: ignore[attr-defined]
recipient.pattern = "|".join(map(re.escape, RECIPIENTS))  # type: ignore[attr-defined]
purpose.pattern = "|".join(map(re.escape, PURPOSES))  # type: ignore[attr-defined]
roles_in.pattern = r"the [a-z ,]+?"  # type: ignore[attr-defined]
