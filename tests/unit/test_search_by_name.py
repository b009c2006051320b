"""A look-up "by name" on a search that takes no full name (issue 14): it searches by family
name, and its refusal is known in the log by the family name searched for; a search that takes
no name at all leaves the look-up NOT TESTED, never passed."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from firewall_conformance.audit.log import entries_from
from firewall_conformance.claims import record_access as check
from firewall_conformance.model.evidence import Tried
from firewall_conformance.model.outcomes import CapabilityMissing
from firewall_conformance.persons.personas import make_cast
from firewall_conformance.scenario_suite.files import reference_profile
from firewall_conformance.targets.attempt import Attempt
from firewall_conformance.targets.http import HttpTarget, probe
from firewall_conformance.targets.profile import load_profile
from firewall_conformance.targets.search_fields import by_name

VICTIM = make_cast(random.Random(5))["victim"]
FIELDS = {"time": "at", "actor": "actor", "action": "action", "outcome": "outcome"}
ACTIONS = {"search": ["person.search"]}


def test_a_look_up_by_name_uses_the_full_name_else_the_family_name():
    """Old behaviour: it always searched by full name, so on a search without one FW-05 and
    FW-22 were NOT TESTED ("search.fields does not declare full_name")."""
    assert by_name(["family_name", "full_name"]) == "full_name"
    assert by_name(["phone", "family_name", "given_name"]) == "family_name"
    with pytest.raises(CapabilityMissing, match="no search by name"):
        by_name(["phone", "date_of_birth"])


def test_a_refused_search_by_family_name_is_known_in_the_log_by_that_name():
    refused = Tried(
        "search",
        VICTIM,
        "P-1",
        Attempt(False, "refused (403)"),
        detail="no reason given",
        searched=VICTIM.family_name,
    )
    raw = {"at": "2026-01-01T00:00:00Z", "actor": "officer", "action": "person.search"}
    logged = {**raw, "outcome": "refused", "detail": f"family_name={VICTIM.family_name!r}"}
    entries = entries_from([logged], FIELDS, ACTIONS, ["refused"])
    assert check.refusals_logged(entries, [refused]).examined["refused look-ups"] == 1


def test_check_probes_a_search_by_a_field_it_declares():
    """Old behaviour: `check` always probed a search by full name, so a search without one
    was reported failed although it answered."""
    profile = load_profile(reference_profile())
    search = {**profile.capabilities["search"], "fields": {"phone": {"phone": "{value}"}}}
    capabilities = {**profile.capabilities, "search": search}
    tokens = {"investigator": "t", "immigration_officer": "u", "auditor": "v"}
    target = HttpTarget(replace(profile, capabilities=capabilities), tokens)
    asked = []

    def answer(account, text, reason="r", field="full_name"):
        asked.append(field)
        return Attempt(True, "accepted (200)", {"items": []})

    target.search_persons = answer  # type: ignore[method-assign]
    assert probe(target, "search") == (True, "answered (accepted (200))")
    assert asked == ["phone"]
