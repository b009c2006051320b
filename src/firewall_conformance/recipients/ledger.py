"""The egress ledger: everything any recipient received during a run, whichever scenario caused
it, kept so the run can judge it whole.

Each scenario looks where its own claim is; a leaky system leaks wherever it likes. The ledger
holds every answer the target gave to an account that stands for a recipient (the immigration
officer's account, refused answers too), every accepted request made to or for a declared
recipient, every export file and every outbound push, each with its recipient class and the
scenario that caused it; a claim over the whole run then scans all of it with one matcher for
every persona planted in the run.
"""

from __future__ import annotations

import json
import random
import re
import secrets
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from firewall_conformance.detect.duplicates import all_values
from firewall_conformance.detect.matcher import CanaryMatcher, Pattern, persona_patterns
from firewall_conformance.detect.normalise import fold_value
from firewall_conformance.detect.payloads import Payload
from firewall_conformance.detect.record import flatten_json
from firewall_conformance.persons.issued_values import IssuedValues
from firewall_conformance.persons.personas import ROLES, Persona, make_persona
from firewall_conformance.persons.planted_contacts import PlantedContacts
from firewall_conformance.persons.value_formats import ValueFormat
from firewall_conformance.recipients.sink import Capture

RESTRICTED_CLASS = "immigration-enforcement"
# Accounts that stand for a recipient: what they are shown, that recipient has received.
ACCOUNT_RECIPIENTS = {"immigration_officer": RESTRICTED_CLASS}
# What an account of the force itself receives; the lawful side of the run's positive control.
INTERNAL = "internal"
# What is published (a statistics release): everyone, immigration enforcement included, reads it.
PUBLIC = "public"
# Request values shorter than this are never taken out of an answer as an echo.
MIN_ECHO = 4
# Planted values many people share: they never attribute, so they may repeat.
SHARED = ("nationality", "immigration_status")


@dataclass(frozen=True)
class Received:
    """One thing a recipient received, as the harness saw it: `fields` are (place, text) pairs,
    or `file` an export on disk in `file_format`; `unread` names what of it could not be opened,
    so a claim over it cannot be COMPLIANT."""

    recipient_class: str
    channel: str
    kind: str  # "answer", "export" or "push"
    fields: tuple[tuple[str, str], ...] = ()
    file: Path | None = None
    file_format: str | None = None
    unread: tuple[str, ...] = ()

    @staticmethod
    def answer(
        recipient_class: str,
        channel: str,
        kind: str,
        body: Payload | str,
        headers: dict[str, str],
        echo: Iterable[str] = (),
        status_line: str = "",
    ) -> Received:
        """An answer or a push: its body opened as the recipient could open it
        (detect/payloads.py), a JSON text by its JSON paths, anything else as text, and every
        header by name (a header can carry as much as a body), and the `status_line`, whose
        reason phrase a system may write anything into. What the recipient itself sent (`echo`:
        the values of its own request, such as the name it searched for) is taken out first: an
        answer repeating what was asked tells it nothing new. The body is examined
        whole: what reaches here was read within the answer and push caps, and one larger never
        reaches here (targets/bounded.py, recipients/sink.py)."""
        payload = Payload.of_text(body) if isinstance(body, str) else body
        fields = tuple(
            found for place, text in payload.texts for found in _body_fields(place, text)
        ) + tuple((f"header {name}", value) for name, value in headers.items())
        if status_line:
            fields += (("status line", status_line),)
        return Received(
            recipient_class, channel, kind, without_echo(fields, echo), unread=payload.unread
        )


def without_echo(
    fields: tuple[tuple[str, str], ...], echo: Iterable[str]
) -> tuple[tuple[str, str], ...]:
    """`fields` with every request value long enough to tell (`MIN_ECHO`) taken out of them."""
    patterns = [
        re.compile(re.escape(value), re.IGNORECASE)
        for value in sorted(set(echo), key=len, reverse=True)
        if len(value) >= MIN_ECHO
    ]
    if not patterns:
        return fields
    stripped = []
    for place, text in fields:
        for pattern in patterns:
            text = pattern.sub("", text)
        stripped.append((place, text))
    return tuple(stripped)


def push_received(capture: Capture) -> Received:
    """A push a recorder received, whole (body, headers, path and query): even one cut off is
    examined for what did arrive, and named as unread."""
    received = Received.answer(
        capture.recipient_class,
        f"outbound push {capture.sequence} to {capture.recipient_class}",
        "push",
        capture.payload(),
        capture.headers,
    )
    url = capture.url()
    where = [("url path", url["path"])] + [(f"url query {k}", v) for k, v in url["query"]]
    return replace(received, fields=(*received.fields, *where))


def _body_fields(place: str, body: str) -> Iterator[tuple[str, str]]:
    if not body:
        return
    try:
        # A key given twice keeps both values: a recipient's parser may read the first.
        document = json.loads(body, object_pairs_hook=all_values)
    except (ValueError, RecursionError):  # not JSON, or nested past what the reader follows
        yield place, body
        return
    yield from flatten_json(document, "$" if place == "body" else f"{place} $")


@dataclass(frozen=True)
class Entry:
    received: Received
    scenario: str


@dataclass(frozen=True)
class Planted:
    """A persona planted in the run, labelled with its scenario so findings stay attributable
    across scenarios that each plant 'the victim'; `not_protected` says why it does not count
    for the firewall (it became a suspect, or was disclosed on a recorded basis)."""

    persona: Persona
    case_reference: str | None
    scenario: str
    not_protected: str | None = None


# A persona is drawn again while one of its values clashes with one issued before; a run's
# hundred personas need a few draws each. Past this many, something issued clashes with every
# persona that can be drawn, and the run stops with an error instead of drawing forever.
FRESH_PERSONA_DRAWS = 10_000


@dataclass
class EgressLedger:
    """Everything recipients received during one run, and every persona planted in it."""

    entries: list[Entry] = field(default_factory=list)
    planted: dict[str, Planted] = field(default_factory=dict)
    _issued: IssuedValues = field(default_factory=IssuedValues, repr=False)
    _born: set[str] = field(default_factory=set, repr=False)
    # The target's formats for planted details (persons/value_formats.py), so its validation passes.
    formats: Mapping[str, ValueFormat] = field(default_factory=dict)
    # Where planted e-mail and phone numbers go (planted_contacts.py).
    contacts: PlantedContacts = field(default_factory=PlantedContacts)
    # The last matcher built and whom it was built for: every claim over the whole run asks
    # for it, and compiling one for everyone planted costs a third of a second.
    _built: tuple[list[tuple[Persona, str | None]], CanaryMatcher | None] | None = field(
        default=None, repr=False, compare=False
    )
    # Each planted persona's patterns by label, for every matcher built again (`_run_matcher`).
    _patterns: dict[str, list[tuple[str, Pattern]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    # One matcher for each scenario's planted people, and whom it was built for.
    _by_scenario: dict[str, tuple[list[tuple[Persona, str | None]], CanaryMatcher]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def receive(self, received: Received, scenario: str) -> None:
        if received.fields or received.file is not None or received.unread:
            self.entries.append(Entry(received, scenario))

    def plant(self, scenario: str, personas: Iterable[Persona], case_reference: str | None) -> None:
        for persona in personas:
            label = f"{persona.label} of «{scenario}»"
            used = sum(p.persona.label.startswith(label) for p in self.planted.values())
            self.planted[self._label(persona)] = Planted(
                replace(persona, label=label + (f" ({used + 1})" if used else "")),
                case_reference,
                scenario,
            )

    @staticmethod
    def _label(persona: Persona) -> str:
        """Planted values are unique to the run, so the family name and e-mail key a persona."""
        return f"{persona.family_name}|{persona.email}"

    def set_aside(self, persona: Persona, why: str) -> None:
        """A planted persona the run itself made lawful to send on (see `Planted`)."""
        key = self._label(persona)
        if key in self.planted:
            self.planted[key] = replace(self.planted[key], not_protected=why)

    def labelled(self) -> list[Planted]:
        return list(self.planted.values())

    def reaching_restricted(self) -> list[Entry]:
        """What immigration enforcement received, or can read because it was published."""
        return [e for e in self.entries if e.received.recipient_class in (RESTRICTED_CLASS, PUBLIC)]

    def lawful(self) -> list[Entry]:
        return [
            e for e in self.entries if e.received.recipient_class not in (RESTRICTED_CLASS, PUBLIC)
        ]

    def matcher(self) -> CanaryMatcher | None:
        """One matcher for every persona planted in the run; each case reference is a pattern
        too, so a date of birth beside it attributes the record (see detect/attribution.py).
        Built again only when someone was planted since the last one."""
        planted = [(p.persona, p.case_reference) for p in self.planted.values()]
        if self._built is None or self._built[0] != planted:
            self._built = (planted, _run_matcher(planted, self._patterns))
        return self._built[1]

    def scenario_matcher(self, scenario: str) -> CanaryMatcher | None:
        """A matcher for the people `scenario` planted (if it planted no one, those of the
        last scenario that did), built once (again only when it plants someone else): a quick
        look at what a scenario caused, where the run's matcher for everyone would be built
        again at every planting (None: nobody was planted)."""
        if not any(p.scenario == scenario for p in self.planted.values()):
            scenario = next((p.scenario for p in reversed(self.planted.values())), scenario)
        planted = [
            (p.persona, p.case_reference) for p in self.planted.values() if p.scenario == scenario
        ]
        built = self._by_scenario.get(scenario)
        if built is None or built[0] != planted:
            matcher = _run_matcher(planted, self._patterns)
            if matcher is None:
                return None
            built = self._by_scenario[scenario] = (planted, matcher)
        return built[1]

    def fresh_persona(self, role: str, label: str | None = None) -> Persona:
        """A persona none of whose planted values, folded as the matcher folds them, equals,
        holds or sits inside a value of any persona issued in the run before: one hit on any
        value is then attributable to one persona. Its date of birth, which never attributes
        alone, is still one no other persona of the run has, so it never ties two of them."""
        rng = random.Random(secrets.randbits(64))
        domains = [fold_value(domain) for domain in self.contacts.email_domains]
        for _ in range(FRESH_PERSONA_DRAWS):
            persona = make_persona(role, rng, label, self.formats, self.contacts)
            values = {**persona.attributes(), "street": persona.street}
            folded = {
                fold_value(v)
                for k, v in values.items()
                if k not in SHARED and k != "date_of_birth" and v
            }
            if (
                persona.date_of_birth in self._born
                or any(map(self._issued.clashes, folded))
                # Inside a domain every planted address carries ("leo" in "exampleorg"): never
                # attributable to her, and once issued, every later address would clash.
                or any(value in domain for value in folded for domain in domains)
            ):
                continue
            self._issued.issue(folded)
            self._born.add(persona.date_of_birth)
            return persona
        raise RuntimeError(
            f"no fresh persona in {FRESH_PERSONA_DRAWS} draws: each clashed with a value issued "
            "to a persona of this run before"
        )

    def fresh_cast(self) -> dict[str, Persona]:
        """A victim, a witness and a suspect, each as `fresh_persona` makes them."""
        return {role: self.fresh_persona(role) for role in ROLES}

    def not_on_record(self, count: int) -> list[Persona]:
        """People never planted, to make the same look-ups for as for the planted ones: what
        an answer for someone nobody recorded looks like (claims/existence.py)."""
        return [
            self.fresh_persona("victim", f"someone not on record ({n})")
            for n in range(1, count + 1)
        ]


def _run_matcher(
    planted: list[tuple[Persona, str | None]], known: dict[str, list[tuple[str, Pattern]]]
) -> CanaryMatcher | None:
    """The matcher for these planted personas and their case references (None: nobody);
    `known` keeps each persona's patterns by label, so that a matcher built again for more
    people reuses those it had."""
    patterns: list[tuple[str, Pattern]] = []
    for persona, case_reference in planted:
        if persona.label not in known:
            known[persona.label] = persona_patterns(persona)
        patterns += known[persona.label]
        if case_reference:
            patterns.append(
                (
                    fold_value(case_reference),
                    Pattern(persona.label, persona.role, "case_reference", False, "plain"),
                )
            )
    if not patterns:
        return None
    matcher = CanaryMatcher(patterns, quick=True)
    matcher.know_initials(persona for persona, _ in planted)
    return matcher


def answer_recipient(
    account: str | None, named: Iterable[str], allowed: bool, declared: str | None
) -> str | None:
    """Whom an answer went to, for the ledger. An account standing for a recipient received the
    answer whole, refused or not; an accepted request naming a declared recipient (or an
    operation the profile declares `bound_for` one) is the system's own copy of what that
    recipient got; anything else was shown to the force's own account."""
    if account in ACCOUNT_RECIPIENTS:
        return ACCOUNT_RECIPIENTS[account]
    if allowed and declared:
        return declared
    named = sorted(named)
    if allowed and named:
        return RESTRICTED_CLASS if RESTRICTED_CLASS in named else named[0]
    return INTERNAL if account else None


def request_strings(values: Any) -> Iterator[str]:
    """Every string anywhere in a request's values."""
    stack = [values]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            stack.extend(current.values())
        elif isinstance(current, list | tuple):
            stack.extend(current)
        elif isinstance(current, str):
            yield current


def values_naming(values: Any, recipient_ids: dict[str, str]) -> set[str]:
    """The recipient classes whose id appears as a whole value anywhere in request values."""
    return {recipient_ids[v] for v in request_strings(values) if v in recipient_ids}
