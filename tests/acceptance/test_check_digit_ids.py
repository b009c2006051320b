"""FW-03 against a system whose person numbers carry a check character and whose answer to a
number failing the check differs from its answer to a number no one holds: numbers of the
same form must keep the check, or the difference is taken for the firewall telling."""

from __future__ import annotations

from firewall_conformance.reference import db
from firewall_conformance.reference.server import ReferenceServer
from tests.acceptance.check_digit_proxy import CheckDigitProxy, CheckedIds
from tests.acceptance.conftest import QUICK, cli, server_env, write_profile

OPENING = "An immigration officer cannot open a victim's or a witness's record directly"


def test_a_malformed_answer_to_a_decoy_failing_the_check_is_no_breach(tmp_path, monkeypatch):
    # Before: the decoys' check characters were turned with the rest, the proxy answered
    # them "malformed" where the victim's was "not found", and FW-03 was a false BREACH.
    monkeypatch.setattr(db, "secrets", CheckedIds())
    with ReferenceServer() as server, CheckDigitProxy(server.base_url) as proxy:
        profile = write_profile(
            tmp_path, lambda d: d["target"].__setitem__("base_url", proxy.base_url)
        )
        outcome = cli(
            "run", "--target", str(profile), "--obligation", "FW-03", *QUICK,
            reports=tmp_path / "r", env=server_env(server),
        )  # fmt: skip
    [fw03] = [o for o in outcome.summary["obligations"] if o["id"] == "FW-03"]
    [opening] = [s for s in fw03["scenarios"] if s["name"].startswith(OPENING)]
    assert opening["outcome"] == "passed", opening
    assert outcome.verdicts["FW-03"] == "COMPLIANT", fw03
