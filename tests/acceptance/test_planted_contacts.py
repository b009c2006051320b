"""A run on the inspector's own contacts (`planted_contacts`): every person the harness plants
has an e-mail address at the inspector's domain and a phone number in the inspector's range,
so no planted value carries a public test marker, and the obligations are still tested
(COMPLIANT clean, BREACH with the fault)."""

from __future__ import annotations

import json
import re

import pytest

from firewall_conformance.reference.server import ReferenceServer
from firewall_conformance.run.runner import reference_environment
from tests.acceptance.conftest import cli, short_outbound_window, write_profile
from tests.acceptance.faultproxy import Answer, FaultProxy
from tests.unit.vendor_markers import marked

DOMAIN = "canaries.inspectorate.police.uk"
CONTACTS = {"email_domains": [DOMAIN], "phone_range": "020 3998 7xxx"}


class RecordingProxy(FaultProxy):
    """The reference behind a front that keeps every person the harness records."""

    def __init__(self, upstream: str) -> None:
        super().__init__(upstream)
        self.persons: list[dict[str, str]] = []

    def _upstream(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Answer:
        if method == "POST" and path.startswith("/api/v1/persons"):
            self.persons.append(json.loads(body or b"{}"))
        return super()._upstream(method, path, headers, body)


@pytest.mark.parametrize(("fault", "expected"), [(None, "COMPLIANT"), ("FW-01", "BREACH")])
def test_planted_persons_carry_the_inspector_s_contacts_and_no_marker(tmp_path, fault, expected):
    with (
        ReferenceServer(faults=[fault] if fault else []) as server,
        RecordingProxy(server.base_url) as proxy,
    ):

        def edit(document: dict) -> None:
            document["target"]["base_url"] = proxy.base_url
            short_outbound_window(document)
            document["planted_contacts"] = CONTACTS

        profile = write_profile(tmp_path, edit)
        result = cli(
            "run", "--target", str(profile), "--no-html", "--no-pdf", "--obligation", "FW-01",
            reports=tmp_path / "reports", env=reference_environment(server.tokens),
        )  # fmt: skip
    assert result.verdicts["FW-01"] == expected, result.stdout[-3000:]
    assert proxy.persons
    for person in proxy.persons:
        assert person["email"].endswith(f"@{DOMAIN}"), person["email"]
        assert re.fullmatch(r"020 3998 7\d{3}", person["phone"]), person["phone"]
        found = [k for k, v in person.items() if isinstance(v, str) and marked(k, v)]
        assert found == [], person
