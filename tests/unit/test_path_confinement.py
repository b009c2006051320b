"""Every path a profile names stays inside the profile's folder, symlinks followed, unless
the command was told --allow-paths-outside (issue 19: a profile that exfiltrates files)."""

from __future__ import annotations

import re

import pytest
import yaml

from firewall_conformance.inputs.documents import InvalidDocument
from firewall_conformance.scenario_suite.files import reference_profile
from firewall_conformance.targets.profile import load_profile

CONTENTS = "https://someone:ghp_NOT-A-TOKEN-TO-LEAK@github.com"


def _profile(folder, edit):
    document = yaml.safe_load(reference_profile().read_text(encoding="utf-8"))
    edit(document)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "profile.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return path


def _outside_file(tmp_path):
    secret = tmp_path / ".git-credentials"
    secret.write_text(CONTENTS + "\n", encoding="utf-8")
    secret.chmod(0o600)
    return secret


def _token_file(name):
    return lambda d: d["accounts"].update(auditor={"token_file": name})


def test_a_token_file_above_the_profile_folder_is_refused_naming_the_key(tmp_path):
    _outside_file(tmp_path)
    path = _profile(tmp_path / "a" / "b", _token_file("../../.git-credentials"))
    with pytest.raises(InvalidDocument) as caught:
        load_profile(path)
    message = str(caught.value)
    assert "accounts.auditor.token_file" in message and "--allow-paths-outside" in message
    assert "ghp_" not in message


def test_an_absolute_path_and_a_symlink_out_of_the_folder_are_refused(tmp_path):
    secret = _outside_file(tmp_path)
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "auditor.token").symlink_to(secret)
    for named in (str(secret), "auditor.token"):
        with pytest.raises(InvalidDocument, match=re.escape("accounts.auditor.token_file")):
            load_profile(_profile(folder, _token_file(named)))
    with pytest.raises(InvalidDocument, match=re.escape("target.ca_bundle")):
        load_profile(_profile(folder, lambda d: d["target"].update(ca_bundle="/etc/ssl/x.pem")))


def test_paths_inside_the_folder_load_and_the_option_allows_the_rest(tmp_path):
    secret = _outside_file(tmp_path)
    folder = tmp_path / "profiles"
    (folder / "keys").mkdir(parents=True)
    token = folder / "keys" / "auditor.token"
    token.write_text("t0ken-for-the-auditor\n", encoding="utf-8")
    token.chmod(0o600)
    inside = load_profile(_profile(folder, _token_file("keys/auditor.token")))
    assert inside.token_files["auditor"] == token.resolve()
    outside = load_profile(
        _profile(folder, _token_file("../.git-credentials")), allow_paths_outside=True
    )
    assert outside.token_files["auditor"] == secret.resolve()


@pytest.mark.parametrize(
    ("auth", "key"),
    [
        ({"bearer": {"token": {"file": "../.git-credentials"}}}, "auth.bearer.token.file"),
        (
            {"basic": {"username": "a", "password": {"file": "../.git-credentials"}}},
            "auth.basic.password.file",
        ),
        (
            {
                "bearer": {"token": {"env": "T"}},
                "client_certificate": {"cert": "c.pem", "key": "../.git-credentials"},
            },
            "auth.client_certificate.key",
        ),
    ],
)
def test_every_file_an_auth_declaration_names_is_confined_too(tmp_path, auth, key):
    _outside_file(tmp_path)
    path = _profile(tmp_path / "p", lambda d: d["accounts"].update(auditor={"auth": auth}))
    with pytest.raises(InvalidDocument) as caught:
        load_profile(path)
    assert f"accounts.auditor.{key}" in str(caught.value) and "ghp_" not in str(caught.value)
    allowed = load_profile(path, allow_paths_outside=True).auth["auditor"]
    assert str(tmp_path / ".git-credentials") in str(allowed)
