"""A profile that does not say which audit-log actions record a kind of request: entries of that
kind cannot be recognised, so neither their presence nor their absence shows anything. Found
with an early `init` skeleton: the clean reference came out BREACH ("the audit log has no entry
for …"), and a check that nothing was logged (no victim's fingerprints sent for an immigration
check) would have passed on a log it could not read."""

from __future__ import annotations

from tests.acceptance.conftest import cli, server_env, write_profile

UNMAPPED = ("status-check", "open-record", "approve-recipient", "exceptional-disclose")
OBLIGATIONS = ("FW-02", "FW-03", "FW-12", "FW-13", "FW-18")


def test_kinds_the_profile_does_not_map_are_inconclusive_never_breach_or_compliant(
    tmp_path, reference_server
):
    def unmap(document):
        document["target"]["base_url"] = reference_server.base_url
        actions = document["capabilities"]["audit-log"]["actions"]
        for kind in (*UNMAPPED, "biometric-check"):
            del actions[kind]

    profile = write_profile(tmp_path, unmap)
    args = [a for o in OBLIGATIONS for a in ("--obligation", o)]
    result = cli(
        "run", "--target", str(profile), "--no-html", "--no-pdf", *args,
        reports=tmp_path / "r", env=server_env(reference_server),
    )  # fmt: skip
    assert result.code == 2, result.stdout + result.stderr
    verdicts = {o: result.verdicts[o] for o in OBLIGATIONS}
    assert set(verdicts.values()) == {"INCONCLUSIVE"}, verdicts
    reasons = {o["id"]: o["reason"] for o in result.summary["obligations"]}
    assert "does not say which audit-log actions record 'biometric-check'" in reasons["FW-18"]
    assert "does not say which audit-log actions record 'status-check'" in reasons["FW-02"]
