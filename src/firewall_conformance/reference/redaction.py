"""Redacting free text before it leaves for a recipient that may use it onward (FW-10).

Narratives, statements and intelligence entries are written by officers in their own words:
they name victims and witnesses however the officer wrote them ("SMITH, Ann", "Ann",
"Mrs Smith"), quote their phone numbers, and repeat remarks about their immigration status
("she says she has overstayed her visa"). A redaction that replaces only the name exactly as
recorded leaves all of that behind, so this one works on every form:

- every sentence that remarks on anyone's immigration status is removed whole, because a
  status remark identifies a victim to anyone who knows the case even without a name;
- each victim's and witness's full name, family name and given name, in any letter case and
  order, and their document numbers, e-mail and address are replaced by their role;
- every phone number and e-mail address is replaced, whoever it belongs to: a number cannot
  be told apart from a victim's by looking at it.
"""

import re
from collections.abc import Iterable, Mapping
from typing import Any

STATUS_REMARK_REMOVED = "[immigration remark removed]"
PHONE_REMOVED = "[phone number removed]"
EMAIL_REMOVED = "[e-mail address removed]"

# Words and phrases that make a sentence a remark about immigration status.
_STATUS = re.compile(
    r"\b(?:overstay\w*|visas?|no\s+leave|leave\s+to\s+(?:remain|enter)|right\s+to\s+remain"
    r"|immigration|immigrants?|illegal(?:ly)?|undocumented|asylum|refugees?|deport\w*"
    r"|home\s+office|brp|biometric\s+residence|no\s+recourse|nrpf|irregular\s+migrants?"
    r"|passports?|nationality|citizenship)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_PHONE = re.compile(r"(?<![\w+])(?:\+44\s?\(?0?\)?\s?|0)(?:\d[\s-]?){8,10}\d(?!\w)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

_IDENTIFIERS = ("passport_number", "home_office_reference", "email", "address")


def _loose(value: str) -> str:
    """A pattern for `value` in any letter case, with any run of spaces or punctuation
    between its words."""
    words = [re.escape(word) for word in re.split(r"[\s,.'-]+", value.strip()) if word]
    return r"[\s,.'-]*".join(words)


def _person_patterns(person: Mapping[str, Any]) -> list[re.Pattern[str]]:
    given, family = person.get("given_name") or "", person.get("family_name") or ""
    forms = [
        f"{given} {family}",
        f"{family} {given}",
        family,
        given,
        *(person.get(field) or "" for field in _IDENTIFIERS),
    ]
    # Longest first, so "Ann Smith" goes as one piece rather than as "Ann" and "Smith".
    unique = sorted({form.strip() for form in forms if len(form.strip()) >= 2}, key=len)
    return [re.compile(rf"(?<!\w){_loose(form)}(?!\w)", re.IGNORECASE) for form in reversed(unique)]


def redact(text: str, protected: Iterable[Mapping[str, Any]]) -> str:
    """`text` without status remarks, phone numbers, e-mail addresses, or any form of the
    identifiers of the `protected` persons (victims and witnesses, each with a `role`)."""
    sentences = [
        STATUS_REMARK_REMOVED if _STATUS.search(sentence) else sentence
        for sentence in _SENTENCE_END.split(text)
    ]
    redacted = " ".join(sentences)
    redacted = _EMAIL.sub(EMAIL_REMOVED, redacted)
    redacted = _PHONE.sub(PHONE_REMOVED, redacted)
    for person in protected:
        for pattern in _person_patterns(person):
            redacted = pattern.sub(f"[{person['role']}]", redacted)
    return redacted


def replace_recorded_names(text: str, protected: Iterable[Mapping[str, Any]]) -> str:
    """Replace each protected person's full name exactly as recorded, and nothing else
    (the FW-10 fault: what a redaction built on a plain string replace does)."""
    for person in protected:
        full_name = f"{person.get('given_name') or ''} {person['family_name']}".strip()
        text = text.replace(full_name, f"[{person['role']}]")
    return text
