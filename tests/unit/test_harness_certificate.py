"""The certificate the harness presents as no account (issue 14): a port that requires a client
certificate on every connection must let the health check in too."""

from __future__ import annotations

import os

import pytest

from firewall_conformance.inputs.documents import InvalidDocument
from firewall_conformance.scenario_suite.files import reference_profile
from firewall_conformance.targets.auth.sessions import anonymous_session
from firewall_conformance.targets.profile import load_profile

LINE = "  health: /api/v1/health\n"


def _profile(tmp_path, certificate: str):
    text = reference_profile().read_text(encoding="utf-8")
    assert LINE in text
    (tmp_path / "p.yaml").write_text(text.replace(LINE, LINE + certificate), encoding="utf-8")
    return tmp_path / "p.yaml"


def test_the_health_check_carries_the_profiles_own_client_certificate(tmp_path):
    """Old behaviour: the profile could not name one, so the health check of such a port
    failed and every scenario was INCONCLUSIVE."""
    (tmp_path / "tls").mkdir()
    for name in ("harness.pem", "harness-key.pem"):
        descriptor = os.open(tmp_path / "tls" / name, os.O_WRONLY | os.O_CREAT, 0o600)
        os.close(descriptor)
    path = _profile(
        tmp_path, "  client_certificate: {cert: tls/harness.pem, key: tls/harness-key.pem}\n"
    )
    session = anonymous_session(load_profile(path))
    tls = tmp_path / "tls"
    assert session.cert == (str(tls / "harness.pem"), str(tls / "harness-key.pem"))


def test_an_embedded_servers_files_are_found_in_its_own_folder(tmp_path):
    """The embedded casebook writes its certificates beside its database at start; the profile
    the harness holds for it names them relative to that folder."""
    served = tmp_path / "served"
    (served / "tls").mkdir(parents=True)
    path = _profile(
        tmp_path, "  client_certificate: {cert: tls/harness.pem, key: tls/harness-key.pem}\n"
    )
    profile = load_profile(path, folder=served)
    assert profile.client_certificate == (
        served / "tls" / "harness.pem",
        served / "tls" / "harness-key.pem",
    )


def test_the_certificate_files_are_confined_to_the_profiles_folder(tmp_path):
    path = _profile(tmp_path, "  client_certificate: {cert: ../x.pem, key: ../x-key.pem}\n")
    with pytest.raises(InvalidDocument, match=r"target\.client_certificate\.cert"):
        load_profile(path)
