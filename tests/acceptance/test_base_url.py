"""`--base-url` points a profile at another address, validated as the profile's own is."""

from __future__ import annotations

from tests.acceptance.conftest import cli, server_env, write_profile

NOWHERE = "http://127.0.0.1:9"  # the discard port: nothing answers there


def _elsewhere(tmp_path):
    return write_profile(tmp_path, lambda d: d["target"].update(base_url=NOWHERE))


def test_check_probes_the_address_given_instead_of_the_profiles(tmp_path, reference_server):
    profile = _elsewhere(tmp_path)
    result = cli(
        "check",
        "--target",
        str(profile),
        "--base-url",
        reference_server.base_url + "/",
        env=server_env(reference_server),
    )
    assert result.code == 0, result.stdout + result.stderr
    assert reference_server.base_url in result.stdout
    assert NOWHERE not in result.stdout


def test_a_base_url_that_is_not_a_web_address_is_refused(tmp_path, reference_server):
    profile = _elsewhere(tmp_path)
    for command in ("check", "run"):
        result = cli(
            command,
            "--target",
            str(profile),
            "--base-url",
            "file:///etc/passwd",
            env=server_env(reference_server),
        )
        assert result.code == 3, result.stdout + result.stderr
        assert "--base-url" in result.stderr
        assert "/etc/passwd" not in result.stderr


def test_run_goes_to_the_address_given(tmp_path, reference_server):
    profile = _elsewhere(tmp_path)
    result = cli(
        "run",
        "--target",
        str(profile),
        "--base-url",
        reference_server.base_url,
        "--obligation",
        "FW-05",
        "--no-html",
        "--no-pdf",
        reports=tmp_path / "reports",
        env=server_env(reference_server),
    )
    assert result.verdicts["FW-05"] == "COMPLIANT", result.stdout + result.stderr
    assert result.summary["target"]["base_url"] == reference_server.base_url


def test_base_url_needs_a_target_profile(tmp_path):
    result = cli(
        "run", "--base-url", "http://127.0.0.1:9", "--no-html", "--no-pdf", reports=tmp_path / "r"
    )
    assert result.code == 3
    assert "--target" in result.stderr


def test_a_base_url_holding_credentials_is_refused_without_repeating_them(
    tmp_path, reference_server
):
    profile = _elsewhere(tmp_path)
    port = reference_server.base_url.rsplit(":", 1)[1]
    for url in (
        f"http://someone:s3cret@127.0.0.1:{port}",
        f"{reference_server.base_url}/?token=s3cret",
    ):
        result = cli(
            "check", "--target", str(profile), "--base-url", url, env=server_env(reference_server)
        )
        assert result.code == 3, result.stdout + result.stderr
        assert "--base-url" in result.stderr
        assert "s3cret" not in result.stdout + result.stderr
