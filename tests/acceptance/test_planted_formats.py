"""A target that validates a planted detail's format (issue 14): with `planted_formats` the
persons the harness plants pass its validation, so the obligations are tested (COMPLIANT clean,
BREACH with the fault); without, planting is refused and nothing can be shown."""

from __future__ import annotations

import json
import re

import pytest

from firewall_conformance.reference.server import ReferenceServer
from firewall_conformance.run.runner import reference_environment
from tests.acceptance.conftest import cli, short_outbound_window, write_profile
from tests.acceptance.faultproxy import Answer, FaultProxy

PASSPORT = "P[0-9]{9}"


class ValidatingProxy(FaultProxy):
    """The reference behind a front that refuses a person whose passport number is not a P
    and nine digits, as a system checking document numbers would."""

    def _upstream(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Answer:
        if method == "POST" and path.startswith("/api/v1/persons"):
            number = json.loads(body or b"{}").get("passport_number")
            if number is not None and not re.fullmatch(PASSPORT, number):
                detail = b'{"detail": "passport_number is not a valid document number"}'
                return 422, "Unprocessable Entity", [("Content-Type", "application/json")], detail
        return super()._upstream(method, path, headers, body)


@pytest.mark.parametrize(
    ("formats", "fault", "expected"),
    [
        (None, None, "INCONCLUSIVE"),
        ({"passport_number": PASSPORT}, None, "COMPLIANT"),
        ({"passport_number": PASSPORT}, "FW-01", "BREACH"),
    ],
)
def test_planted_values_fit_the_format_the_target_validates(tmp_path, formats, fault, expected):
    with (
        ReferenceServer(faults=[fault] if fault else []) as server,
        ValidatingProxy(server.base_url) as proxy,
    ):

        def edit(document: dict) -> None:
            document["target"]["base_url"] = proxy.base_url
            short_outbound_window(document)
            if formats:
                document["planted_formats"] = formats

        profile = write_profile(tmp_path, edit)
        result = cli(
            "run", "--target", str(profile), "--no-html", "--no-pdf", "--obligation", "FW-01",
            reports=tmp_path / "reports", env=reference_environment(server.tokens),
        )  # fmt: skip
    assert result.verdicts["FW-01"] == expected, result.stdout[-3000:]
