"""Jurisdiction profiles: the data file, and the us-ca status-only caveat as a rule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from firewall_conformance.checks.bundles import restricted_clean
from firewall_conformance.detect.status import StatusFinding
from firewall_conformance.documents import schema
from firewall_conformance.jurisdictions import jurisdiction, load_jurisdictions
from firewall_conformance.offline.profile import BundleRecipient, Extract, FlatMapping, Period
from firewall_conformance.offline.reading import ExtractReading
from firewall_conformance.outcomes import Breach


def test_every_catalogue_profile_has_a_jurisdiction_and_no_more():
    assert set(load_jurisdictions()) == set(schema("catalogue")["$defs"]["profile"]["enum"])


def test_each_names_its_restricted_recipient_and_sources():
    for profile in load_jurisdictions().values():
        assert profile.restricted_recipient and profile.standing
        assert all(s.url.startswith("https://") for s in profile.sources)
    assert "ICE" in jurisdiction("us-ca").restricted_recipient
    assert "Home Office" in jurisdiction("uk").restricted_recipient


def test_only_california_allows_status_only_exchange():
    allowed = [p.id for p in load_jurisdictions().values() if p.status_only_exchange]
    assert allowed == ["us-ca"]


def test_unknown_profile_names_the_known_ones():
    with pytest.raises(KeyError, match="known: uk, us-ca"):
        jurisdiction("fr")


def _reading(person_role: str | None) -> ExtractReading:
    extract = Extract(
        path=Path("ie.csv"),
        name="ie.csv",
        recipient=BundleRecipient("hoie", "immigration-enforcement", "Immigration Enforcement"),
        period=Period(dt.date(2026, 1, 1), dt.date(2026, 1, 31)),
        format="csv",
        mapping=FlatMapping("person_id", "role", ("immigration_status",)),
    )
    # The record names its person's role (the finding's "victim"): roles are known.
    reading = ExtractReading(extract, records=1, role_records=1, bytes=100)
    reading.add(
        StatusFinding.of(
            "ie.csv", 2, "immigration_status", "overstayer", "status", "victim", "P1", b"s"
        )
    )
    if person_role:
        reading.hold("P1", {person_role})
    return reading


def test_status_details_alone_are_a_breach_unless_status_only_exchange_is_allowed():
    with pytest.raises(Breach, match="status details"):
        restricted_clean([_reading(None)])
    check = restricted_clean([_reading(None)], status_only_exchange=True)
    assert "status-only caveat" in check.claim


def test_the_caveat_never_excuses_the_victim_being_in_the_extract():
    with pytest.raises(Breach, match="victim or witness"):
        restricted_clean([_reading("victim")], status_only_exchange=True)
