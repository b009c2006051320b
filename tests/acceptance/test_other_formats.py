"""FW-03: a record asked for in another format than JSON goes through another renderer, which a
vendor may have left outside the firewall. Run against the reference with a vendor layer that
serves a record as CSV, to anyone, when CSV is asked for."""

from __future__ import annotations

from firewall_conformance.reference.server import ReferenceServer
from tests.acceptance.conftest import cli, server_env, write_profile

SCENARIO = "An immigration officer cannot open a victim's or a witness's record directly"


def test_a_record_served_as_csv_to_the_immigration_officer_is_a_breach(tmp_path):
    # Before: FW-03 COMPLIANT; the record was only ever asked for as JSON.
    with ReferenceServer(mutants=["csv-record-skips-firewall"]) as server:
        profile = write_profile(
            tmp_path, lambda d: d["target"].__setitem__("base_url", server.base_url)
        )
        outcome = cli(
            "run", "--target", str(profile), "--obligation", "FW-03",
            reports=tmp_path / "r", env=server_env(server),
        )  # fmt: skip
    [obligation] = [o for o in outcome.summary["obligations"] if o["id"] == "FW-03"]
    opening = next(s for s in obligation["scenarios"] if s["name"].startswith(SCENARIO))
    assert opening["outcome"] == "breach", opening
    assert "asked for as CSV" in opening["reason"], opening["reason"]
    assert outcome.verdicts["FW-03"] == "BREACH" and outcome.code == 1
