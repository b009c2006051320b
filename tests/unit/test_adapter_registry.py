"""Which adapter opens a profile: the built-in kinds, and kinds a vendor's distribution
registers through the `firewall_conformance.adapters` entry point group (real distributions
on sys.path, not mocks)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from firewall_conformance.inputs.documents import InvalidDocument
from firewall_conformance.model.outcomes import CapabilityMissing
from firewall_conformance.scenario_suite.files import reference_profile
from firewall_conformance.targets.adapter_profile import AdapterProfile
from firewall_conformance.targets.base import Group
from firewall_conformance.targets.opening import Opening
from firewall_conformance.targets.profile import TargetProfile
from firewall_conformance.targets.registry import (
    ENTRY_POINT_GROUP,
    AdapterError,
    known_kinds,
    load_target_profile,
    open_target,
)

ADAPTER_MODULE = """
from firewall_conformance.targets.adapter import Adapter
from firewall_conformance.targets.base import Group


class Ledger(Adapter):
    kind = "ledger"
    groups = frozenset({Group.AUDIT_SOURCE})

    def __init__(self, profile, opening):
        self.profile = profile

    def capabilities(self):
        return frozenset({"audit-log"})

    def audit_log(self, *kinds):
        return []
"""


def _distribution(site: Path, name: str, entry_points: dict[str, str], module: str = "") -> None:
    """Install a distribution the way pip leaves one: a module and its dist-info."""
    info = site / f"{name}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    lines = [f"{kind} = {target}" for kind, target in entry_points.items()]
    (info / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\n" + "\n".join(lines) + "\n")
    if module:
        (site / f"{name}.py").write_text(module)


def _profile(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "profile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


LEDGER_PROFILE = """
kind: ledger
target:
  name: A vendor's ledger
  base_url: amqp://ledger.example/queue
settings:
  queue: disclosures
"""


def test_the_built_in_kinds_are_known_without_any_distribution():
    assert {"http", "offline"} <= set(known_kinds())


def test_a_profile_without_a_kind_is_an_http_profile_and_may_say_so(tmp_path):
    assert isinstance(load_target_profile(reference_profile()), TargetProfile)
    text = reference_profile().read_text(encoding="utf-8")
    assert isinstance(load_target_profile(_profile(tmp_path, "kind: http\n" + text)), TargetProfile)


def test_a_profile_of_an_unknown_kind_is_refused_naming_the_known_kinds(tmp_path):
    path = _profile(tmp_path, LEDGER_PROFILE.replace("ledger\n", "soap-bridge\n", 1))
    with pytest.raises(InvalidDocument) as caught:
        load_target_profile(path)
    message = str(caught.value)
    assert "soap-bridge" in message, message
    assert "known kinds: http, offline" in message, message
    with pytest.raises(AdapterError, match="known kinds: http, offline"):
        open_target(AdapterProfile("soap-bridge", "x", "y", str(path), {}), Opening())


def test_a_bundle_profile_given_as_a_target_profile_is_sent_to_the_bundle_option(tmp_path):
    with pytest.raises(InvalidDocument, match="--bundle"):
        load_target_profile(_profile(tmp_path, "kind: offline\n"))


def test_a_distribution_registers_a_kind_that_opens_its_adapter(tmp_path, monkeypatch):
    _distribution(tmp_path, "vendor_ledger", {"ledger": "vendor_ledger:Ledger"}, ADAPTER_MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    assert "ledger" in known_kinds()
    profile = load_target_profile(_profile(tmp_path, LEDGER_PROFILE))
    assert isinstance(profile, AdapterProfile)
    assert profile.settings == {"queue": "disclosures"}
    assert profile.identity()["base_url"] == "amqp://ledger.example/queue"
    target = open_target(profile, Opening())
    assert target.provides(Group.AUDIT_SOURCE) and not target.provides(Group.LIVE_SYSTEM)
    assert target.audit_log() == []
    with pytest.raises(CapabilityMissing, match="ledger"):
        target.search_persons("investigator", "Ada")


def test_a_distribution_cannot_take_over_a_built_in_kind(tmp_path, monkeypatch):
    _distribution(tmp_path, "usurper", {"http": "usurper:Ledger"}, ADAPTER_MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(AdapterError, match=r"usurper.*built in"):
        known_kinds()


def test_two_distributions_registering_one_kind_are_both_named(tmp_path, monkeypatch):
    _distribution(tmp_path, "first_ledger", {"ledger": "first_ledger:Ledger"}, ADAPTER_MODULE)
    _distribution(tmp_path, "second_ledger", {"ledger": "second_ledger:Ledger"}, ADAPTER_MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(AdapterError, match="more than one: first_ledger, second_ledger"):
        known_kinds()


def test_an_adapter_that_cannot_be_imported_is_named_with_its_distribution(tmp_path, monkeypatch):
    _distribution(tmp_path, "broken_ledger", {"ledger": "broken_ledger_missing:Ledger"})
    monkeypatch.syspath_prepend(str(tmp_path))
    profile = load_target_profile(_profile(tmp_path, LEDGER_PROFILE))
    with pytest.raises(AdapterError, match=r"broken_ledger.*could not be loaded"):
        open_target(profile, Opening())


def test_an_entry_point_that_gives_no_adapter_is_refused(tmp_path, monkeypatch):
    module = "def Ledger(profile, opening):\n    return object()\n"
    _distribution(tmp_path, "odd_ledger", {"ledger": "odd_ledger:Ledger"}, module)
    monkeypatch.syspath_prepend(str(tmp_path))
    profile = load_target_profile(_profile(tmp_path, LEDGER_PROFILE))
    with pytest.raises(AdapterError, match=r"odd_ledger.*not an adapter"):
        open_target(profile, Opening())


def test_a_read_only_run_opens_only_an_adapter_that_says_it_changes_nothing(tmp_path, monkeypatch):
    careful = ADAPTER_MODULE.replace(
        "class Ledger(Adapter):", "class Ledger(Adapter):\n    honours_read_only = True"
    )
    _distribution(tmp_path, "plain_ledger", {"ledger": "plain_ledger:Ledger"}, ADAPTER_MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    profile = load_target_profile(_profile(tmp_path, LEDGER_PROFILE))
    with pytest.raises(AdapterError, match=r"plain_ledger.*read-only"):
        open_target(profile, Opening(read_only=True))
    assert open_target(profile, Opening()).provides(Group.AUDIT_SOURCE)
    (tmp_path / "plain_ledger.py").write_text(careful)
    monkeypatch.delitem(sys.modules, "plain_ledger")
    assert open_target(profile, Opening(read_only=True)).provides(Group.AUDIT_SOURCE)
