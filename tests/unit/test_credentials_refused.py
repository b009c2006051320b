"""A credential with a line break or another control character is refused when it is loaded,
without repeating it (issue 14 and 19: it crashed `check` and reached the reports)."""

from __future__ import annotations

import pytest

from firewall_conformance.targets.credentials import CredentialProblem, from_environment, from_file

BAD = ["abc\ndef-planted-1", "abc\rdef-planted-2", "abc\x00def-planted-3", "abc\x1bdef-planted-4"]


@pytest.mark.parametrize("value", [*BAD, "abc def-planted-5", "abc\x7fdef-planted-6", "é-planted"])
def test_an_environment_credential_with_a_control_character_is_refused(value):
    with pytest.raises(CredentialProblem, match="FWC_T") as caught:
        from_environment("auditor", "FWC_T", {"FWC_T": value})
    assert "planted" not in str(caught.value)


@pytest.mark.parametrize("value", BAD[2:])
def test_a_token_file_with_a_control_character_is_refused(tmp_path, value):
    path = tmp_path / "token"
    path.write_text(value + "\n", encoding="utf-8")
    path.chmod(0o600)
    with pytest.raises(CredentialProblem, match="token file") as caught:
        from_file("auditor", path)
    assert "planted" not in str(caught.value)


def test_an_ordinary_token_is_accepted():
    token = "eyJhbGciOi.J9-_~+/=="
    assert from_environment("auditor", "FWC_T", {"FWC_T": token}) == token
