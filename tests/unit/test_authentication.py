"""Each way of logging in, against a real server on a real socket (tests/authgate.py): the
declaration in the profile, the secrets loaded from the environment or private files, the
account's session sent through HttpTarget, and what goes wrong said plainly without a secret."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import requests
import yaml

from firewall_conformance.inputs.documents import InvalidDocument, validate
from firewall_conformance.model.evidence import Exchange
from firewall_conformance.model.outcomes import Inconclusive
from firewall_conformance.recipients.ledger import RESTRICTED_CLASS, Received
from firewall_conformance.reporting.redact import known_forms
from firewall_conformance.targets.auth.declared import resolve
from firewall_conformance.targets.auth.secrets import RunSecrets
from firewall_conformance.targets.http import HttpTarget
from firewall_conformance.targets.profile import load_profile
from tests.authgate import (
    API_KEY_HEADER,
    API_KEY_PARAMETER,
    CSRF_COOKIE,
    CSRF_FIELD,
    CSRF_HEADER,
    AuthGate,
)
from tests.mtls_certificates import make_certificates


def _target(
    tmp_path: Path, base_url: str, auth: dict | None, environ: dict[str, str], **target: object
) -> tuple[HttpTarget, list[Exchange]]:
    """An HttpTarget whose investigator logs in as `auth` says (None: the `token_env`
    shorthand, from GATE_SECRET); it opens `/whoami` as a record."""
    document = {
        "profile_version": 1,
        "target": {"name": "login gate", "base_url": base_url, "timeout_seconds": 5, **target},
        "accounts": {
            "investigator": {"token_env": "GATE_SECRET"} if auth is None else {"auth": auth}
        },
        "recipients": {},
        "capabilities": {
            "open-record": {"method": "GET", "path": "/{person_id}", "query": {"why": "{reason}"}}
        },
    }
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    profile = load_profile(path)
    exchanges: list[Exchange] = []
    target_ = HttpTarget(profile, resolve(profile, environ), on_exchange=exchanges.append)
    return target_, exchanges


def _whoami(target: HttpTarget) -> str:
    attempt = target.open_record("investigator", "whoami")
    assert attempt.allowed, attempt.reason
    return attempt.body["account"]


def _private(tmp_path: Path, name: str, value: str) -> str:
    path = tmp_path / name
    path.write_text(value + "\n", encoding="utf-8")
    path.chmod(0o600)
    return name


def _assert_masked(exchanges: list[Exchange], secrets: list[str]) -> None:
    text = repr(exchanges)
    leaked = [s for s in secrets if s in text]
    assert not leaked, "a secret reached the recorded exchanges"


@pytest.fixture(scope="module")
def gate():
    with AuthGate({"investigator": None}) as server:
        yield server


def test_bearer_token_from_a_private_file(tmp_path, gate):
    name = _private(tmp_path, "token", gate.issue_bearer("investigator"))
    target, exchanges = _target(tmp_path, gate.base_url, {"bearer": {"token": {"file": name}}}, {})
    assert _whoami(target) == "investigator"
    _assert_masked(exchanges, gate.secrets())


@pytest.mark.parametrize("where", ["header", "query"])
def test_api_key_in_a_named_header_or_query_parameter(tmp_path, gate, where):
    name = API_KEY_HEADER if where == "header" else API_KEY_PARAMETER
    auth = {"api_key": {where: name, "key": {"env": "GATE_KEY"}}}
    target, exchanges = _target(
        tmp_path, gate.base_url, auth, {"GATE_KEY": gate.accounts["investigator"].api_key}
    )
    assert _whoami(target) == "investigator"
    _assert_masked(exchanges, gate.secrets())
    wrong, _ = _target(tmp_path, gate.base_url, auth, {"GATE_KEY": "not-the-key-at-all"})
    with pytest.raises(Inconclusive, match="did not accept the credentials"):
        wrong.open_record("investigator", "whoami")


def test_http_basic(tmp_path, gate):
    auth = {"basic": {"username": "investigator", "password": {"env": "GATE_PASSWORD"}}}
    account = gate.accounts["investigator"]
    target, exchanges = _target(tmp_path, gate.base_url, auth, {"GATE_PASSWORD": account.password})
    assert _whoami(target) == "investigator"
    _assert_masked(exchanges, gate.secrets())


LOGINS = {
    "hidden form field, sent as a form field": {
        "csrf": {
            "path": "/login",
            "from": {"form_field": CSRF_FIELD},
            "send_as": {"field": CSRF_FIELD},
        },
    },
    "cookie, sent as a header, JSON login": {
        "csrf": {
            "path": "/login",
            "from": {"cookie": CSRF_COOKIE},
            "send_as": {"header": CSRF_HEADER},
        },
        "format": "json",
        "username_field": "user",
        "password_field": "pass",
    },
    "JSON path, sent as a header": {
        "csrf": {
            "path": "/login/json",
            "from": {"json": "csrf.token"},
            "send_as": {"header": CSRF_HEADER},
        },
    },
}


def _login(extra: dict) -> dict:
    return {
        "login": {
            "path": "/login",
            "username": "investigator",
            "password": {"env": "GATE_PASSWORD"},
            **extra,
        }
    }


@pytest.mark.parametrize("variant", LOGINS)
def test_login_with_csrf_keeps_a_session_cookie(tmp_path, gate, variant):
    password = {"GATE_PASSWORD": gate.accounts["investigator"].password}
    before = gate.counts["login investigator"]
    target, exchanges = _target(tmp_path, gate.base_url, _login(LOGINS[variant]), password)
    assert _whoami(target) == "investigator"
    assert _whoami(target) == "investigator"
    assert gate.counts["login investigator"] == before + 1  # the cookie carried the second
    assert [e.action for e in exchanges][:2] == ["fetch the login page", "log in"]
    _assert_masked(exchanges, gate.secrets())


def test_login_again_once_when_the_session_is_refused(tmp_path, gate):
    password = {"GATE_PASSWORD": gate.accounts["investigator"].password}
    target, _ = _target(
        tmp_path, gate.base_url, _login(LOGINS["JSON path, sent as a header"]), password
    )
    assert _whoami(target) == "investigator"
    before = gate.counts["login investigator"], gate.counts["refused request"]
    gate.end_sessions()
    assert _whoami(target) == "investigator"
    assert gate.counts["login investigator"] == before[0] + 1
    assert gate.counts["refused request"] == before[1] + 1


def test_what_the_immigration_officer_s_sign_in_is_answered_reaches_the_ledger(tmp_path):
    # Before: its login page, its login and a refusal it signed in again after were recorded
    # as evidence but never handed to the egress ledger, so whatever they carried went unread.
    with AuthGate({"immigration_officer": None}) as officer_gate:
        document = {
            "profile_version": 1,
            "target": {"name": "login gate", "base_url": officer_gate.base_url},
            "accounts": {
                "immigration_officer": {
                    "auth": {
                        "login": {
                            **_login(LOGINS["JSON path, sent as a header"])["login"],
                            "username": "immigration_officer",
                        }
                    }
                }
            },
            "recipients": {},
            "capabilities": {"open-record": {"method": "GET", "path": "/{person_id}"}},
        }
        path = tmp_path / "profile.yaml"
        path.write_text(yaml.safe_dump(document), encoding="utf-8")
        profile = load_profile(path)
        password = officer_gate.accounts["immigration_officer"].password
        received: list[Received] = []
        target = HttpTarget(
            profile, resolve(profile, {"GATE_PASSWORD": password}), on_egress=received.append
        )
        assert target.open_record("immigration_officer", "whoami").allowed
        officer_gate.end_sessions()
        assert target.open_record("immigration_officer", "whoami").allowed
    channels = [r.channel for r in received]
    assert sum("account's sign-in asked to log in" in c for c in channels) == 2, channels
    assert any("(answered 401, then signed in again)" in c for c in channels), channels
    assert {r.recipient_class for r in received} == {RESTRICTED_CLASS}
    fields = repr([r.fields for r in received])
    assert not [s for s in officer_gate.secrets() if s in fields], "a secret reached the ledger"


def test_login_again_when_the_declared_lifetime_passes(tmp_path, gate):
    password = {"GATE_PASSWORD": gate.accounts["investigator"].password}
    login = _login({**LOGINS["JSON path, sent as a header"], "expires_after_seconds": 0.3})
    target, _ = _target(tmp_path, gate.base_url, login, password)
    assert _whoami(target) == "investigator"
    before = gate.counts["login investigator"], gate.counts["refused request"]
    time.sleep(0.4)
    assert _whoami(target) == "investigator"
    assert gate.counts["login investigator"] == before[0] + 1
    assert gate.counts["refused request"] == before[1]  # renewed before being refused


def test_a_wrong_password_is_a_clear_inconclusive_and_is_not_retried(tmp_path, gate):
    wrong = "Wrong-Password-123"
    target, exchanges = _target(
        tmp_path,
        gate.base_url,
        _login(LOGINS["JSON path, sent as a header"]),
        {"GATE_PASSWORD": wrong},
    )
    before = gate.counts["refused login"]
    with pytest.raises(
        Inconclusive, match="refused the login of the investigator account"
    ) as caught:
        target.open_record("investigator", "whoami")
    assert wrong not in str(caught.value)
    assert gate.counts["refused login"] == before + 1
    _assert_masked(exchanges, [wrong])


def _oauth(grant: str, **extra: object) -> dict:
    return {
        "oauth2": {
            "grant": grant,
            "token_endpoint": "/oauth/token",
            "client_id": "client-investigator",
            "refresh_before_seconds": 0,
            **extra,
        }
    }


@pytest.fixture(scope="module")
def short_tokens():
    with AuthGate({"investigator": None}, token_seconds=2) as server:
        yield server


def test_oauth2_client_credentials_fetches_again_on_expiry(tmp_path, short_tokens):
    gate = short_tokens
    auth = _oauth("client_credentials", client_secret={"env": "GATE_CLIENT_SECRET"})
    environ = {"GATE_CLIENT_SECRET": gate.accounts["investigator"].client_secret}
    target, exchanges = _target(tmp_path, gate.base_url, auth, environ)
    assert _whoami(target) == "investigator"
    assert _whoami(target) == "investigator"
    assert gate.counts["client_credentials investigator"] == 1
    time.sleep(2.5)
    assert _whoami(target) == "investigator"
    assert gate.counts["client_credentials investigator"] == 2
    assert gate.counts["refused request"] == 0
    _assert_masked(exchanges, gate.secrets())


def test_oauth2_password_grant_refreshes_on_expiry(tmp_path, short_tokens):
    gate = short_tokens
    auth = _oauth("password", username="investigator", password={"env": "GATE_PASSWORD"})
    environ = {"GATE_PASSWORD": gate.accounts["investigator"].password}
    target, exchanges = _target(tmp_path, gate.base_url, auth, environ)
    assert _whoami(target) == "investigator"
    time.sleep(2.5)
    assert _whoami(target) == "investigator"
    assert (gate.counts["password investigator"], gate.counts["refresh investigator"]) == (1, 1)
    assert [e.action for e in exchanges if "OAuth" in e.action] == [
        "obtain an OAuth 2.0 token for the investigator account",
        "refresh an OAuth 2.0 token for the investigator account",
    ]
    _assert_masked(exchanges, gate.secrets())


def test_oauth2_wrong_client_secret_is_a_clear_inconclusive(tmp_path, short_tokens):
    wrong = "Wrong-Client-Secret-123"
    auth = _oauth("client_credentials", client_secret={"env": "GATE_CLIENT_SECRET"})
    target, exchanges = _target(
        tmp_path, short_tokens.base_url, auth, {"GATE_CLIENT_SECRET": wrong}
    )
    with pytest.raises(
        Inconclusive, match="did not give the investigator account a token"
    ) as caught:
        target.open_record("investigator", "whoami")
    assert "invalid_client" in str(caught.value) and wrong not in str(caught.value)
    _assert_masked(exchanges, [wrong])


def test_mutual_tls_with_a_client_certificate_and_an_api_key(tmp_path):
    certificates = make_certificates(tmp_path)
    tls = (certificates.server, certificates.server_key, certificates.ca)
    with AuthGate({"investigator": None}, tls=tls) as gate:
        auth = {
            "api_key": {"header": API_KEY_HEADER, "key": {"env": "GATE_KEY"}},
            "client_certificate": {"cert": "client.pem", "key": "client-key.pem"},
        }
        environ = {"GATE_KEY": gate.accounts["investigator"].api_key}
        target, _ = _target(tmp_path, gate.base_url, auth, environ, ca_bundle="ca.pem", retries=0)
        assert _whoami(target) == "investigator"
        without = {"api_key": auth["api_key"]}
        no_certificate, _ = _target(
            tmp_path, gate.base_url, without, environ, ca_bundle="ca.pem", retries=0
        )
        with pytest.raises(Inconclusive, match="could not be reached"):
            no_certificate.open_record("investigator", "whoami")
        with pytest.raises(requests.RequestException):
            requests.get(gate.base_url + "/whoami", verify=str(certificates.ca), timeout=5)


def test_a_client_key_others_can_read_or_a_missing_certificate_is_refused(tmp_path):
    certificates = make_certificates(tmp_path)
    certificates.client_key.chmod(0o644)
    auth = {"client_certificate": {"cert": "client.pem", "key": "client-key.pem"}}
    with pytest.raises(InvalidDocument, match="chmod 600"):
        _target(tmp_path, "https://127.0.0.1:9", auth, {})
    certificates.client_key.chmod(0o600)
    certificates.client.unlink()
    with pytest.raises(InvalidDocument, match=r"client certificate file .* cannot be read"):
        _target(tmp_path, "https://127.0.0.1:9", auth, {})


@pytest.mark.parametrize("control", ["\n", "\r", "\x00", "\t", "\x1b", "\x7f"])
@pytest.mark.parametrize("kind", ["password", "token", "shorthand token"])
def test_a_credential_with_a_control_character_is_refused_without_echoing_it(
    tmp_path, control, kind
):
    bad = f"Xq7vRt{control}Zk9wPm"
    auth = {
        "password": {"basic": {"username": "investigator", "password": {"env": "GATE_SECRET"}}},
        "token": {"bearer": {"token": {"env": "GATE_SECRET"}}},
        "shorthand token": None,
    }[kind]
    with pytest.raises(InvalidDocument) as caught:
        _target(tmp_path, "http://127.0.0.1:9", auth, {"GATE_SECRET": bad})
    message = str(caught.value)
    assert "control character" in message
    assert "Xq7vRt" not in message and "Zk9wPm" not in message


def test_secrets_are_never_written_in_the_profile():
    with pytest.raises(InvalidDocument, match="auth"):
        validate(
            {
                "profile_version": 1,
                "target": {"name": "x", "base_url": "http://x"},
                "accounts": {
                    "investigator": {"auth": {"basic": {"username": "u", "password": "p"}}}
                },
                "recipients": {},
                "capabilities": {},
            },
            "profile",
            "profile.yaml",
        )


def test_run_secrets_mask_every_written_form_and_ignore_short_handed_out_values():
    secrets = RunSecrets(['pa ss&wörd"+/'])
    secrets.obtained("en", None, "a-session-cookie-value")
    forms = known_forms(secrets.masking())
    assert {'pa ss&wörd"+/', "pa%20ss%26w%C3%B6rd%22%2B%2F", "pa+ss%26w%C3%B6rd%22%2B%2F"} <= set(
        forms
    )
    assert 'pa ss&w\\u00f6rd\\"+/' in forms  # as JSON writes it
    assert "a-session-cookie-value" in forms and "en" not in forms


def test_a_session_refused_even_after_logging_in_again_is_inconclusive_not_a_loop(tmp_path):
    with AuthGate({"investigator": None}, session_seconds=0) as gate:
        password = {"GATE_PASSWORD": gate.accounts["investigator"].password}
        login = _login(LOGINS["JSON path, sent as a header"])
        target, _ = _target(tmp_path, gate.base_url, login, password)
        with pytest.raises(Inconclusive, match="did not accept the credentials"):
            target.open_record("investigator", "whoami")
        assert gate.counts["login investigator"] == 2  # the first login, and once more
        assert gate.counts["refused request"] == 2


def test_oauth2_token_refused_before_its_expiry_is_fetched_again_once(tmp_path, gate):
    auth = _oauth("client_credentials", client_secret={"env": "GATE_CLIENT_SECRET"})
    environ = {"GATE_CLIENT_SECRET": gate.accounts["investigator"].client_secret}
    target, exchanges = _target(tmp_path, gate.base_url, auth, environ)
    assert _whoami(target) == "investigator"
    before = gate.counts["client_credentials investigator"], gate.counts["refused request"]
    gate.end_sessions()  # the site forgets the token long before the expiry it gave
    assert _whoami(target) == "investigator"
    assert gate.counts["client_credentials investigator"] == before[0] + 1
    assert gate.counts["refused request"] == before[1] + 1
    _assert_masked(exchanges, gate.secrets())


class _RefusingGate(AuthGate):
    """A token endpoint handing out tokens the site then never accepts."""

    def _token_answer(self, account: str, refresh: bool):
        answer = super()._token_answer(account, refresh)
        self._access.clear()
        return answer


def test_an_oauth2_token_refused_again_after_fetching_afresh_is_inconclusive(tmp_path):
    with _RefusingGate({"investigator": None}) as gate:
        auth = _oauth("client_credentials", client_secret={"env": "GATE_CLIENT_SECRET"})
        environ = {"GATE_CLIENT_SECRET": gate.accounts["investigator"].client_secret}
        target, _ = _target(tmp_path, gate.base_url, auth, environ)
        with pytest.raises(Inconclusive, match="did not accept the credentials"):
            target.open_record("investigator", "whoami")
        assert gate.counts["client_credentials investigator"] == 2  # the first, and once more
        assert gate.counts["refused request"] == 2


@pytest.mark.parametrize(
    "auth",
    [
        _oauth("client_credentials", client_secret={"env": "GATE_CLIENT_SECRET"}),
        _oauth("password", username="investigator", password={"env": "GATE_PASSWORD"}),
        _login(LOGINS["hidden form field, sent as a form field"]),
    ],
    ids=["oauth2 client credentials", "oauth2 password", "login"],
)
def test_logging_in_says_the_profile_user_agent_too(tmp_path, auth):
    # Before: the OAuth token requests said "Authlib/..." whatever the profile's user_agent,
    # so a system could tell the harness's logins (and the sessions they open) apart.
    with AuthGate({"investigator": None}) as gate:
        account = gate.accounts["investigator"]
        environ = {"GATE_CLIENT_SECRET": account.client_secret, "GATE_PASSWORD": account.password}
        target, _ = _target(tmp_path, gate.base_url, auth, environ, user_agent="RMS desk 4.2")
        assert _whoami(target) == "investigator"
        assert set(gate.user_agents) == {"RMS desk 4.2"}, gate.user_agents


def _idle_connections(session: requests.Session) -> list[object]:
    pools = [
        adapter.poolmanager.pools[key]
        for adapter in session.adapters.values()
        for key in adapter.poolmanager.pools.keys()  # noqa: SIM118 (it cannot be iterated)
    ]
    return [c for p in pools if p.pool for c in list(p.pool.queue) if c and c.sock]


def test_closing_a_target_closes_every_connection_it_held_the_token_endpoint_s_too(tmp_path, gate):
    """Before: nothing closed them, and `Session.close` would not have: urllib3 2 drops its
    pools without closing them, and the answers kept as evidence keep the pools. A reference
    server over TLS waited for those idle connections at every stop (a second a run)."""
    auth = _oauth("client_credentials", client_secret={"env": "GATE_CLIENT_SECRET"})
    environ = {"GATE_CLIENT_SECRET": gate.accounts["investigator"].client_secret}
    target, exchanges = _target(tmp_path, gate.base_url, auth, environ)
    assert _whoami(target) == "investigator"
    account = target._sessions["investigator"]
    held = _idle_connections(account) + _idle_connections(account.auth.token_session)
    assert len(held) == 2 and exchanges  # the account's, the token endpoint's; answers kept
    target.close()
    assert [c for c in held if c.sock is not None] == []
