import copy
import hashlib
import json

import pytest

from firewall_conformance.audit.log import ChainRule, chain_breaks, entries_from
from firewall_conformance.claims.audit import chain_intact, tampering_detected
from firewall_conformance.model.outcomes import Breach

RULE = ChainRule("sha256", "hash", "prev_hash", "0" * 64)


def _chain(n: int) -> list[dict]:
    entries, previous = [], "0" * 64
    for seq in range(1, n + 1):
        entry = {"seq": seq, "action": "disclosure", "object": f"P-{seq}", "prev_hash": previous}
        canonical = json.dumps(entry, sort_keys=True, separators=(",", ":")).encode()
        entry["hash"] = previous = hashlib.sha256(canonical).hexdigest()
        entries.append(entry)
    return entries


def test_intact_chain_has_no_breaks():
    assert chain_breaks(_chain(5), RULE) == []


def test_edit_and_removal_are_located():
    edited = _chain(5)
    edited[2]["object"] = "P-99"
    assert chain_breaks(edited, RULE) == ["entry 3 does not match its own hash"]
    shortened = [e for i, e in enumerate(_chain(5)) if i != 1]
    assert chain_breaks(shortened, RULE) == ["entry 2 does not link to the entry before it"]


def test_checks_prove_the_verifier_then_judge_the_real_log():
    raw = _chain(6)
    assert tampering_detected(raw, RULE).examined == {"log entries": 6}
    assert chain_intact(raw, RULE).saw_something
    broken = copy.deepcopy(raw)
    broken[4]["action"] = "export"
    with pytest.raises(Breach, match="entry 5 does not match its own hash"):
        chain_intact(broken, RULE)


def test_entries_are_normalised_to_harness_vocabulary():
    raw = [{"act": "person.read", "res": "denied", "obj": "P-1,P-10"}]
    [entry] = entries_from(
        raw,
        {"action": "act", "outcome": "res", "object": "obj"},
        {"open-record": ["person.read"]},
        ["denied"],
    )
    assert (entry.kind, entry.refused) == ("open-record", True)
    assert entry.mentions("P-1") and entry.mentions("P-10") and not entry.mentions("P-")


def test_nested_fields_and_a_boolean_success_flag_are_read_through_the_profile():
    raw = [
        {"who": {"name": "officer"}, "event": {"type": "export", "details": {"success": False}}},
        {"who": {"name": "officer"}, "event": {"type": "export", "details": {"success": True}}},
    ]
    fields = {
        "actor": "who.name",
        "action": "event.type",
        "outcome": {"field": "event.details.success", "map": {False: "refused", True: "done"}},
    }
    refused, done = entries_from(raw, fields, {"export": ["export"]}, ["refused"])
    assert (refused.kind, refused.refused, refused.get("actor")) == ("export", True, "officer")
    assert (done.refused, done.get("outcome")) == (False, "done")
