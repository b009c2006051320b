"""`check` refuses a profile naming what the harness never asks for, or still marked TODO."""

from __future__ import annotations

import pytest

from tests.acceptance.conftest import cli, server_env, write_profile


def _misspell_operation(document):
    mail = document["capabilities"]["mail"]
    mail["send_to_prosecutin"] = mail.pop("send_to_prosecution")


def _misspell_returns(document):
    returns = document["capabilities"]["biometrics"]["arrest_prints"]["returns"]
    returns["chekced"] = returns.pop("checked")


def _misspell_core_returns(document):
    document["capabilities"]["search"]["returns"]["itemz"] = "items"


def _misspell_capability(document):
    document["capabilities"]["biometric"] = document["capabilities"].pop("biometrics")


def _leave_todo(document):
    document["recipients"]["prosecution"]["id"] = "TODO: the prosecution service's id"


@pytest.mark.parametrize(
    ("edit", "key_path"),
    [
        (_misspell_operation, "capabilities.mail.send_to_prosecutin"),
        (_misspell_returns, "capabilities.biometrics.arrest_prints.returns.chekced"),
        (_misspell_core_returns, "capabilities.search.returns.itemz"),
        (_misspell_capability, "'biometric' was unexpected"),
        (_leave_todo, "recipients.prosecution.id"),
    ],
)
def test_check_names_what_the_harness_does_not_ask_for(tmp_path, reference_server, edit, key_path):
    def point_and_edit(document):
        document["target"]["base_url"] = reference_server.base_url
        edit(document)

    profile = write_profile(tmp_path, point_and_edit)
    result = cli("check", "--target", str(profile), env=server_env(reference_server))
    assert result.code == 3, result.stdout + result.stderr
    assert key_path in " ".join(result.stderr.split()), result.stderr
