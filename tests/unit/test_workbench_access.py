"""The workbench's access token and form tokens: only the printed token opens it, and a form
is accepted only with a token this workbench signed for this browser's session."""

import time

from firewall_conformance.workbench.access import FORM_TOKEN_SECONDS, Access

SECRET = b"s" * 32


def test_only_the_printed_token_opens_the_workbench() -> None:
    access = Access("the-printed-token-123", SECRET)
    assert access.token_matches("the-printed-token-123")
    assert not access.token_matches("the-printed-token-12")
    assert not access.token_matches("")
    assert not access.token_matches(None)


def test_the_cookie_is_derived_from_the_token_not_the_token_itself() -> None:
    access = Access("the-printed-token-123", SECRET)
    assert "the-printed-token-123" not in access.cookie_value
    assert access.admits(access.cookie_value)
    assert not access.admits("the-printed-token-123")
    assert not access.admits(None)
    assert not Access("another-token-456789", SECRET).admits(access.cookie_value)


def test_a_form_token_holds_for_its_own_session_only() -> None:
    access = Access("t" * 20, SECRET)
    token = access.form_token("session-a")
    assert access.form_token_valid(token, "session-a")
    assert not access.form_token_valid(token, "session-b")
    assert not access.form_token_valid(token, None)
    assert not access.form_token_valid(None, "session-a")
    assert not access.form_token_valid("", "session-a")


def test_a_form_token_signed_with_another_secret_or_tampered_is_refused() -> None:
    access = Access("t" * 20, SECRET)
    forged = Access("t" * 20, b"x" * 32).form_token("session-a")
    assert not access.form_token_valid(forged, "session-a")
    token = access.form_token("session-a")
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert not access.form_token_valid(tampered, "session-a")


def test_a_form_token_older_than_a_working_day_is_refused(monkeypatch) -> None:
    access = Access("t" * 20, SECRET)
    token = access.form_token("session-a")
    assert access.form_token_valid(token, "session-a")
    later = time.time() + FORM_TOKEN_SECONDS + 60
    monkeypatch.setattr(time, "time", lambda: later)
    assert not access.form_token_valid(token, "session-a")
