import re

import pytest
import yaml

from firewall_conformance.inputs.documents import InvalidDocument
from firewall_conformance.model.outcomes import CapabilityMissing
from firewall_conformance.scenario_suite.files import reference_profile
from firewall_conformance.targets.base import CAPABILITIES
from firewall_conformance.targets.http import DEFAULT_OUTBOUND_WINDOW_SECONDS, HttpTarget
from firewall_conformance.targets.profile import load_profile


def _reference() -> dict:
    return yaml.safe_load(reference_profile().read_text())


def _load(tmp_path, document):
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return load_profile(path)


def test_reference_profile_is_valid_and_declares_every_capability():
    profile = load_profile(reference_profile())
    assert set(profile.capabilities) == set(CAPABILITIES)
    assert profile.recipients["immigration-enforcement"].id == "hoie"


def test_unknown_key_is_named(tmp_path):
    document = _reference()
    document["capabilities"]["search"]["methd"] = "GET"
    with pytest.raises(InvalidDocument) as caught:
        _load(tmp_path, document)
    assert "capabilities.search" in str(caught.value)
    assert "'methd' was unexpected" in str(caught.value)


def test_missing_required_key_is_named(tmp_path):
    document = _reference()
    del document["capabilities"]["export"]["formats"]
    with pytest.raises(
        InvalidDocument, match=re.escape("capabilities.export: 'formats' is a required property")
    ):
        _load(tmp_path, document)


def test_credentials_come_from_named_environment_variables(tmp_path):
    profile = _load(tmp_path, _reference())
    with pytest.raises(InvalidDocument, match="set FWC_TOKEN_AUDITOR"):
        profile.tokens({"FWC_TOKEN_OFFICER": "a", "FWC_TOKEN_IE_OFFICER": "b"})
    tokens = profile.tokens(
        {"FWC_TOKEN_OFFICER": "a", "FWC_TOKEN_IE_OFFICER": "b", "FWC_TOKEN_AUDITOR": "c"}
    )
    assert tokens == {"investigator": "a", "immigration_officer": "b", "auditor": "c"}


def test_identity_never_carries_credentials(tmp_path):
    profile = _load(tmp_path, _reference())
    assert set(profile.identity()) == {"name", "base_url", "profile"}


def test_outbound_trigger_and_window_are_optional(tmp_path):
    document = _reference()
    del document["capabilities"]["outbound"]["trigger"]
    del document["capabilities"]["outbound"]["window_seconds"]
    target = HttpTarget(_load(tmp_path, document), {"investigator": "t"})
    assert "outbound" in target.capabilities()
    assert target.trigger_outbound() is False  # no request: the system pushes on its schedule
    assert target.outbound_window() == DEFAULT_OUTBOUND_WINDOW_SECONDS
    del document["capabilities"]["outbound"]
    target = HttpTarget(_load(tmp_path, document), {"investigator": "t"})
    with pytest.raises(CapabilityMissing, match="'outbound'"):
        target.outbound_window()
    document["capabilities"]["outbound"] = {"register": {"method": "PUT", "path": "/x"}}
    with pytest.raises(InvalidDocument, match="'clear' is a required property"):
        _load(tmp_path, document)


def test_an_export_answered_with_its_data_names_no_file_to_download(tmp_path):
    document = _reference()
    export = document["capabilities"]["export"]
    export["answer"] = "data"
    with pytest.raises(InvalidDocument, match=re.escape("capabilities.export")):
        _load(tmp_path, document)  # still declares `returns` and `download`
    del export["returns"], export["download"]
    assert _load(tmp_path, document).capabilities["export"]["answer"] == "data"


def test_a_cursor_paged_log_must_say_where_its_next_cursor_is(tmp_path):
    document = _reference()
    log = document["capabilities"]["audit-log"]
    del log["returns"]["next"]
    with pytest.raises(InvalidDocument, match="'next' is a required property"):
        _load(tmp_path, document)
    log["pages"] = {"style": "page-number"}
    log["returns"]["total_pages"] = "meta.pages"
    assert _load(tmp_path, document).capabilities["audit-log"]["pages"]["style"] == "page-number"


def test_a_value_map_is_a_field_and_its_map(tmp_path):
    document = _reference()
    fields = document["capabilities"]["audit-log"]["fields"]
    fields["outcome"] = {"field": "event.success", "map": {False: "refused", True: "allowed"}}
    assert _load(tmp_path, document).capabilities["audit-log"]["fields"]["outcome"]["map"]
    fields["outcome"] = {"field": "event.success"}
    with pytest.raises(InvalidDocument, match=re.escape("capabilities.audit-log.fields.outcome")):
        _load(tmp_path, document)


def test_planted_formats_are_read_and_one_too_small_is_refused_at_load(tmp_path):
    document = _reference()
    document["planted_formats"] = {"passport_number": "[0-9]{9}", "phone": "07[0-9]{9}"}
    formats = _load(tmp_path, document).planted_formats
    assert {a: f.pattern for a, f in formats.items()} == document["planted_formats"]
    document["planted_formats"] = {"brp_number": "ZR[0-9]{4}", "email": "[a-z]{9}"}
    with pytest.raises(InvalidDocument) as caught:
        _load(tmp_path, document)
    assert "planted_formats" in str(caught.value) and "email" in str(caught.value)
    del document["planted_formats"]["email"]
    with pytest.raises(InvalidDocument, match=re.escape("at planted_formats.brp_number: the")):
        _load(tmp_path, document)


def test_a_rule_stated_in_several_branches_of_the_schema_is_said_once(tmp_path):
    """Before: four missing keys were listed four times over (once per schema branch)."""
    with pytest.raises(InvalidDocument) as caught:
        _load(tmp_path, {"target": {"name": "X", "base_url": "http://127.0.0.1:9"}})
    said = str(caught.value)
    assert said.count("'capabilities' is a required property") == 1, said


def test_planted_contacts_are_read_and_a_phone_given_twice_is_refused_at_load(tmp_path):
    document = _reference()
    document["planted_contacts"] = {"email_domains": ["a.police.uk"], "phone_range": "0203 99xxx"}
    contacts = _load(tmp_path, document).planted_contacts
    assert (contacts.email_domains, contacts.phone_range) == (("a.police.uk",), "0203 99xxx")
    document["planted_formats"] = {"phone": "07[0-9]{9}"}
    with pytest.raises(InvalidDocument, match=re.escape("at planted_contacts.phone_range: plant")):
        _load(tmp_path, document)
