"""`reference serve --dialect casebook` as a vendor's system would be run (issue 14, item 5):
the command prints where its certificates and profile are and the secrets to set, and a run
with that profile and only those secrets reaches it, sees its fault, and lists the persons it
could not remove; `check` accepts that profile against it."""

from __future__ import annotations

import subprocess
import sys

from tests.acceptance.conftest import cli


def _serve(folder) -> subprocess.Popen:
    command = [sys.executable, "-m", "firewall_conformance", "reference", "serve",
               "--dialect", "casebook", "--port", "0", "--reference-fault", "FW-03",
               "--folder", str(folder)]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_served_casebook_is_run_with_the_profile_and_secrets_it_prints(tmp_path):
    """Before: `reference serve` had no --dialect; only api-v1 could be served."""
    folder = tmp_path / "casebook"
    process = _serve(folder)
    try:
        banner = process.stderr.readline()
        assert "casebook at https://127.0.0.1:" in banner, banner
        base_url = banner.split(" at ", 1)[1].split(" ", 1)[0]
        howto = process.stderr.readline()
        profile = folder / "casebook.yaml"
        assert f"--target {profile}" in howto and profile.is_file()
        exports = dict(
            process.stdout.readline().removeprefix("export ").strip().split("=", 1)
            for _ in range(4)
        )
        assert set(exports) == {
            "FWC_CASEBOOK_PASSWORD_OFFICER",
            "FWC_CASEBOOK_PASSWORD_ANALYST",
            "FWC_CASEBOOK_PASSWORD_IE_OFFICER",
            "FWC_CASEBOOK_CLIENT_SECRET_AUDITOR",
        }
        checked = cli("check", "--target", str(profile), "--base-url", base_url, env=exports)
        assert checked.code == 0, checked.stdout + checked.stderr
        args = ("run", "--no-html", "--no-pdf", "--target", str(profile), "--base-url", base_url,
                "--obligation", "FW-03")  # fmt: skip
        stopped = cli(*args, reports=tmp_path / "stopped", env=exports)
        assert stopped.code == 3 and "--allow-leftovers" in stopped.stderr
        result = cli(*args, "--allow-leftovers", reports=tmp_path / "run", env=exports)
    finally:
        process.terminate()
        process.wait(timeout=15)
    assert result.code == 1, result.stdout + result.stderr
    assert result.verdicts["FW-03"] == "BREACH"
    notes = " ".join(result.summary["notes"])
    assert "could not be removed" in notes and "no request to remove" in notes
    for secret in exports.values():
        assert secret not in (tmp_path / "run" / "summary.json").read_text(encoding="utf-8")


def test_the_dialect_is_chosen_only_for_the_embedded_reference(tmp_path):
    profile = tmp_path / "mine.yaml"
    profile.write_text("profile_version: 1\n", encoding="utf-8")
    result = cli("run", "--target", str(profile), "--reference-dialect", "casebook",
                 reports=tmp_path / "r")  # fmt: skip
    assert result.code == 3
    assert "--reference-dialect only apply to the embedded reference system" in result.stderr
