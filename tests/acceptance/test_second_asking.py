"""FW-03: a withholding must hold on the second asking too. Run against the reference with a
vendor layer that serves an immigration officer's repeated search from a cache of the
unfiltered answer."""

from __future__ import annotations

from firewall_conformance.reference.server import ReferenceServer
from tests.acceptance.conftest import cli, server_env, write_profile

SCENARIO = "An immigration officer cannot find a victim or a witness by searching"


def test_a_search_that_serves_a_victim_when_asked_again_is_a_breach(tmp_path):
    # Before: FW-03 and FW-01 COMPLIANT; an answered search was never asked again.
    with ReferenceServer(mutants=["repeated-search-served-unfiltered"]) as server:
        profile = write_profile(
            tmp_path, lambda d: d["target"].__setitem__("base_url", server.base_url)
        )
        outcome = cli(
            "run", "--target", str(profile), "--obligation", "FW-03",
            reports=tmp_path / "r", env=server_env(server),
        )  # fmt: skip
    [obligation] = [o for o in outcome.summary["obligations"] if o["id"] == "FW-03"]
    searching = next(s for s in obligation["scenarios"] if s["name"].startswith(SCENARIO))
    assert searching["outcome"] == "breach", searching
    assert outcome.verdicts["FW-03"] == "BREACH" and outcome.code == 1
