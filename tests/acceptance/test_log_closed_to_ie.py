"""FW-03: the audit log names every victim and witness the immigration officer was refused or
had withheld (and what was searched for), so an officer who can read it finds them there. Run
against the reference with a vendor layer that opens the log to the officer's account."""

from __future__ import annotations

from firewall_conformance.reference.server import ReferenceServer
from tests.acceptance.conftest import cli, server_env, write_profile

SCENARIO = "An immigration officer cannot open a victim's or a witness's record directly"


def test_an_audit_log_the_immigration_officer_can_read_is_a_breach(tmp_path):
    # Before: FW-03 COMPLIANT; only the investigator's reading of the log was tried.
    with ReferenceServer(mutants=["audit-log-open-to-immigration"]) as server:
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
    assert "immigration officer" in opening["reason"] and "audit log" in opening["reason"]
    assert outcome.verdicts["FW-03"] == "BREACH" and outcome.code == 1
