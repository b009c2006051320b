"""Whole runs through a login gate (tests/authgate.py) in front of the reference system, each
account logging in another way: every method gets the suite in, and no secret of any kind
(passwords, API keys, client secrets, access and refresh tokens, session cookies, CSRF tokens)
reaches any artefact, plain, URL-encoded or base64-encoded."""

from __future__ import annotations

import base64
from urllib.parse import quote, quote_plus

import pytest

from firewall_conformance.reference.server import ReferenceServer
from tests.acceptance.conftest import QUICK, cli, short_outbound_window, write_profile
from tests.authgate import API_KEY_HEADER, API_KEY_PARAMETER, CSRF_FIELD, AuthGate

USERS = {"investigator": "officer", "immigration_officer": "ie-officer", "auditor": "auditor"}


def _login(environ: str) -> dict:
    return {
        "login": {
            "path": "/login",
            "username": "investigator",
            "password": {"env": environ},
            "csrf": {
                "path": "/login",
                "from": {"form_field": CSRF_FIELD},
                "send_as": {"field": CSRF_FIELD},
            },
            "expires_after_seconds": 5,
        }
    }


def _oauth(grant: str, account: str, environ: str) -> dict:
    declaration = {"grant": grant, "token_endpoint": "/oauth/token", "refresh_before_seconds": 0}
    if grant == "password":
        declaration |= {"client_id": "harness", "username": account, "password": {"env": environ}}
    else:
        declaration |= {"client_id": f"client-{account}", "client_secret": {"env": environ}}
    return {"oauth2": declaration}


# Two runs between them use every method: per account its declaration, the environment variable
# it reads and which of the gate's secrets that is; then the gate's counts that prove it was used.
RUNS = {
    "login form, OAuth client credentials, API key header": (
        {
            "investigator": (_login("FWC_PASSWORD"), "FWC_PASSWORD", "password"),
            "immigration_officer": (
                _oauth("client_credentials", "immigration_officer", "FWC_CLIENT_SECRET"),
                "FWC_CLIENT_SECRET",
                "client_secret",
            ),
            "auditor": (
                {"api_key": {"header": API_KEY_HEADER, "key": {"env": "FWC_KEY"}}},
                "FWC_KEY",
                "api_key",
            ),
        },
        ("login investigator", "client_credentials immigration_officer"),
    ),
    "OAuth password grant with refresh, API key query, HTTP Basic": (
        {
            "investigator": (
                _oauth("password", "investigator", "FWC_PASSWORD"),
                "FWC_PASSWORD",
                "password",
            ),
            "immigration_officer": (
                {"api_key": {"query": API_KEY_PARAMETER, "key": {"env": "FWC_KEY"}}},
                "FWC_KEY",
                "api_key",
            ),
            "auditor": (
                {"basic": {"username": "auditor", "password": {"env": "FWC_AUDITOR_PASSWORD"}}},
                "FWC_AUDITOR_PASSWORD",
                "password",
            ),
        },
        ("password investigator", "refresh investigator"),
    ),
}


def _forms(secret: str) -> set[bytes]:
    """A secret as an artefact could hold it."""
    forms = {secret, quote(secret, safe=""), quote_plus(secret)}
    encoded = {
        base64.b64encode(secret.encode()).decode(),
        base64.urlsafe_b64encode(secret.encode()).decode(),
    }
    return {f.encode() for f in forms | {e.rstrip("=") for e in encoded}}


@pytest.mark.parametrize("run", RUNS)
def test_every_method_gets_in_and_no_secret_reaches_an_artefact(tmp_path, reference_server, run):
    accounts, used = RUNS[run]
    upstream = {account: reference_server.tokens[user] for account, user in USERS.items()}
    with AuthGate(upstream, upstream=reference_server.base_url, token_seconds=4) as gate:

        def edit(document: dict) -> None:
            document["target"].update(base_url=gate.base_url, timeout_seconds=10, retries=1)
            document["capabilities"]["outbound"]["window_seconds"] = 3
            document["accounts"] = {a: {"auth": spec[0]} for a, spec in accounts.items()}

        profile = write_profile(tmp_path, edit)
        environ = {
            variable: getattr(gate.accounts[account], attribute)
            for account, (_, variable, attribute) in accounts.items()
        }
        result = cli(
            "run", "--target", str(profile), "--no-html", reports=tmp_path / "r", env=environ
        )
        secrets = gate.secrets()
        basic = [f"{a.name}:{a.password}" for a in gate.accounts.values()]
    assert result.code == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert gate.counts["refused login"] == gate.counts["refused grant"] == 0
    assert all(gate.counts[f"let in {account}"] for account in accounts), gate.counts
    assert all(gate.counts[count] for count in used), gate.counts
    needles = {form for secret in secrets + basic for form in _forms(secret)}
    files = [p for p in (tmp_path / "r").rglob("*") if p.is_file()]
    assert any(p.name == "summary.json" for p in files) and any(
        "allure-results" in str(p) for p in files
    )
    leaked = sorted(
        str(path.relative_to(tmp_path))
        for path in files
        if any(n in path.read_bytes() for n in needles)
    )
    assert not leaked, f"a secret reached {leaked}"


@pytest.mark.parametrize("fault", [None, "FW-01"])
def test_oauth_tokens_revoked_mid_run_are_fetched_again_and_the_verdict_stands(tmp_path, fault):
    with ReferenceServer(faults=[fault] if fault else []) as server:
        upstream = {account: server.tokens[user] for account, user in USERS.items()}
        with AuthGate(upstream, upstream=server.base_url, revoke_every=7) as gate:

            def edit(document: dict) -> None:
                document["target"]["base_url"] = gate.base_url
                short_outbound_window(document)
                document["accounts"] = {
                    account: {"auth": _oauth("client_credentials", account, f"FWC_{n}")}
                    for n, account in enumerate(USERS)
                }

            profile = write_profile(tmp_path, edit)
            environ = {f"FWC_{n}": gate.accounts[a].client_secret for n, a in enumerate(USERS)}
            result = cli(
                "run", "--target", str(profile), *QUICK, "--obligation", "FW-01",
                reports=tmp_path / "r", env=environ,
            )  # fmt: skip
    assert result.verdicts["FW-01"] == ("BREACH" if fault else "COMPLIANT"), result.stdout[-3000:]
    assert gate.counts["refused request"] > 0, "no token was revoked: the test shows nothing"
    fetched = sum(gate.counts[f"client_credentials {a}"] for a in USERS)
    assert fetched > len(USERS), gate.counts


def test_a_credential_with_a_line_break_stops_the_run_unechoed(tmp_path):
    def edit(document: dict) -> None:
        document["accounts"]["auditor"] = {
            "auth": {"basic": {"username": "auditor", "password": {"env": "FWC_AUDITOR_PASSWORD"}}}
        }

    profile = write_profile(tmp_path, edit)
    environ = {
        "FWC_TOKEN_OFFICER": "officer-token-1234",
        "FWC_TOKEN_IE_OFFICER": "ie-officer-token-1234",
        "FWC_AUDITOR_PASSWORD": "Xq7vRt\nZk9wPm",
    }
    result = cli("run", "--target", str(profile), "--no-html", reports=tmp_path / "r", env=environ)
    assert result.code == 3
    assert "control character" in result.stderr
    assert (
        "Xq7vRt" not in result.stdout + result.stderr
        and "Zk9wPm" not in result.stdout + result.stderr
    )
    written = (
        [p for p in (tmp_path / "r").rglob("*") if p.is_file()] if (tmp_path / "r").exists() else []
    )
    assert not any(b"Xq7vRt" in p.read_bytes() for p in written)
