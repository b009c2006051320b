"""Jurisdiction profiles: the data file, and the us-ca status-only caveat as a rule."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from firewall_conformance.claims.export_bundles import restricted_clean
from firewall_conformance.detect.status import StatusFinding
from firewall_conformance.inputs.documents import schema
from firewall_conformance.model.outcomes import Breach
from firewall_conformance.model.results import (
    Examined,
    ObligationResult,
    RunResult,
    RunVerdict,
    Verdict,
)
from firewall_conformance.obligations.catalogue import load_catalogue
from firewall_conformance.obligations.jurisdictions import jurisdiction, load_jurisdictions
from firewall_conformance.offline.profile import BundleRecipient, Extract, FlatMapping, Period
from firewall_conformance.offline.reading import ExtractReading
from firewall_conformance.reporting import summary_html, summary_md
from tests.unit.test_summary_pdf import SEAL


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


def test_an_obligation_lists_only_the_sources_of_the_profile_it_is_read_under():
    catalogue = load_catalogue()
    fw01 = catalogue["FW-01"]
    assert [s.title for s in fw01.sources_for("uk")] == [
        s.title for s in fw01.sources if "HMICFRS" in s.title
    ]
    for profile in load_jurisdictions():
        for obligation in catalogue.in_scope(profile):
            shown = obligation.sources_for(profile)
            own = [s for s in obligation.sources if s.profile == profile]
            assert shown and list(shown) == (own or list(obligation.sources)), obligation.id


def test_the_summary_of_a_uk_run_cites_no_us_statute():
    catalogue = load_catalogue()
    result = RunResult(
        "r", "0", "t0", "t1", {"name": "x"}, "uk", RunVerdict.CONFORMANT, "why",
        [ObligationResult(o, "law", Verdict.COMPLIANT, "why", []) for o in catalogue.in_scope("uk")],
        Examined(), {},
    )  # fmt: skip
    cited = [
        json.dumps([o["sources"] for o in result.to_json()["obligations"]]),
        summary_md.render(result).split("## Sources")[1],
        "".join(
            p.split("</p>")[0] for p in summary_html.render(result, SEAL).split('"sources">')[1:]
        ),
    ]
    for text in cited[1:]:
        foreign = re.findall(r"(?:California|New York) [^<\]]*", text)
        assert foreign and all(t.endswith("; for comparison)") for t in foreign), foreign
        assert "Data Protection Act 2018" in text
    kept_own = [o["sources"] for o in result.to_json()["obligations"] if o["id"] == "FW-01"]
    assert [s["profile"] for s in kept_own[0]] == ["uk"]
