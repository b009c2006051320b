"""Credentials come from the environment or a private file; anything else is a clear error."""

from __future__ import annotations

import pytest

from firewall_conformance.targets.credentials import CredentialProblem, from_environment, from_file


def test_environment_variable_must_be_set():
    assert from_environment("auditor", "FWC_T", {"FWC_T": "s3cret"}) == "s3cret"
    with pytest.raises(CredentialProblem, match="set FWC_T"):
        from_environment("auditor", "FWC_T", {"FWC_T": ""})


def test_token_file_must_be_private_and_hold_one_token(tmp_path):
    path = tmp_path / "token"
    path.write_text("s3cret\n", encoding="utf-8")
    path.chmod(0o600)
    assert from_file("auditor", path) == "s3cret"
    path.chmod(0o640)
    with pytest.raises(CredentialProblem, match="chmod 600"):
        from_file("auditor", path)
    path.chmod(0o600)
    path.write_text("one\ntwo\n", encoding="utf-8")
    with pytest.raises(CredentialProblem, match="exactly one token"):
        from_file("auditor", path)
    with pytest.raises(CredentialProblem, match="cannot be read"):
        from_file("auditor", tmp_path / "missing")


@pytest.mark.parametrize("variable", ["FWC_SIGNING_KEY_PASSPHRASE", "HTTPS_PROXY", "HOME"])
def test_a_profile_cannot_name_the_harnesss_own_variables_for_a_credential(variable):
    # Before: a profile (perhaps the vendor's) naming the signing key's passphrase as an
    # account's token had it sent to the target as a bearer token.
    environ = {variable: "the-inspectors-own-value"}
    with pytest.raises(CredentialProblem, match=f"names {variable} .* the harness's own") as caught:
        from_environment("investigator", variable, environ)
    assert "the-inspectors-own-value" not in str(caught.value)
