from firewall_conformance.reporting import redact


def test_credential_headers_are_masked_case_insensitively():
    masked = redact.headers({"Authorization": "Bearer abc", "COOKIE": "s=1", "Accept": "x"})
    assert masked == {"Authorization": "***", "COOKIE": "***", "Accept": "x"}


def test_known_secrets_and_bearer_shapes_are_masked_in_text():
    text = redact.text(
        '{"token": "s3cr3t-value"} Authorization: Bearer abcdefghij', ["s3cr3t-value"]
    )
    assert "s3cr3t-value" not in text
    assert "abcdefghij" not in text
    assert "Bearer ***" in text


def test_csrf_api_key_and_session_headers_and_any_holding_a_secret_are_masked():
    masked = redact.headers(
        {
            "X-CSRF-Token": "c",
            "X-XSRF-TOKEN": "x",
            "X-Gate-Key": "k3y-of-the-site",
            "X-Session-Id": "s",
            "Accept": "application/json",
        },
        ["k3y-of-the-site"],
    )
    assert masked == {
        "X-CSRF-Token": "***",
        "X-XSRF-TOKEN": "***",
        "X-Gate-Key": "***",
        "X-Session-Id": "***",
        "Accept": "application/json",
    }


def test_the_forms_of_one_set_of_secrets_are_worked_out_once_for_every_answer(monkeypatch):
    """A run masks every answer with the same secrets; their forms are not rebuilt each time."""
    worked_out: list[str] = []
    real_forms = redact.forms

    def counted(secret: str) -> set[str]:
        worked_out.append(secret)
        return real_forms(secret)

    monkeypatch.setattr(redact, "forms", counted)
    secrets = ["only-this-test-a1", "only-this-test-b2"]
    masked = [redact.text(f"answer {n} holds only-this-test-b2", secrets) for n in range(50)]
    assert all(m.endswith("holds ***") for m in masked)
    assert sorted(worked_out) == secrets
