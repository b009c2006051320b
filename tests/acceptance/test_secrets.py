"""Secrets stay out of the evidence and out of the target's hands (issue 19, item 5): a
password in the URL is refused, a hostile target's echo of a token is masked in every form
and every file, a profile cannot send a file outside its folder as a token, and a credential
with a control character or a YAML alias bomb is refused with a short, plain message."""

from __future__ import annotations

import base64
from urllib.parse import quote, quote_plus

from firewall_conformance.reference.server import ReferenceServer
from firewall_conformance.reference.users import USERS
from firewall_conformance.run.runner import reference_environment
from tests.acceptance.artefacts import readable_contents
from tests.acceptance.conftest import cli, server_env, write_profile
from tests.acceptance.echoproxy import EchoProxy
from tests.acceptance.faultproxy import FaultProxy
from tests.secret_encodings import encodings

URL_PASSWORD = "Pw-PLANTED-in-the-URL-4e1f9a"
GIT_CREDENTIALS = "https://someone:ghp_PLANTED0git0credential0a8c7d@github.com"
CONTROL_TOKEN = "tok-PLANTED-control\nX-Injected: 1"


def _forms(secret: str) -> list[bytes]:
    """The secret as someone searching the reports for it would try it."""
    raw = secret.encode()
    b64 = base64.b64encode(raw)
    return [
        raw,
        quote(secret, safe="").encode(),
        quote_plus(secret).encode(),
        b64,
        b64.rstrip(b"="),
        base64.urlsafe_b64encode(raw).rstrip(b"="),
    ]


def _leaks(reports, secrets: list[str]) -> list[str]:
    return [
        f"{secret!r} as {form!r} in {name}"
        for name, content in readable_contents(reports)
        for secret in secrets
        for form in _forms(secret)
        if form in content
    ]


def test_a_password_in_the_target_url_is_refused_and_reaches_no_file(tmp_path, reference_server):
    with_password = reference_server.base_url.replace("://", f"://inspector:{URL_PASSWORD}@")
    profile = write_profile(tmp_path, lambda d: d["target"].update(base_url=with_password))
    reports = tmp_path / "reports"
    result = cli(
        "run", "--target", str(profile), "--no-html", reports=reports,
        env=server_env(reference_server),
    )  # fmt: skip
    assert result.code == 3, result.stdout + result.stderr[-2000:]
    assert "put credentials in the account's auth, not the URL" in result.stderr
    assert URL_PASSWORD not in result.stdout + result.stderr
    assert _leaks(reports, [URL_PASSWORD]) == []


def test_tokens_echoed_by_a_hostile_target_are_masked_in_every_form_and_file(tmp_path):
    tokens = {user: f"sk/PLANTED+{index}x7f3a=9c1e~5b2d" for index, user in enumerate(USERS)}
    with ReferenceServer(tokens=tokens) as server, EchoProxy(server.base_url) as proxy:
        environment = reference_environment(server.tokens)
        token_file = tmp_path / "auditor.token"
        token_file.write_text(environment.pop("FWC_TOKEN_AUDITOR") + "\n", encoding="utf-8")
        token_file.chmod(0o600)

        def edit(document):
            document["target"]["base_url"] = proxy.base_url
            document["accounts"]["auditor"] = {"token_file": token_file.name}

        reports = tmp_path / "reports"
        result = cli("run", "--target", str(write_profile(tmp_path, edit)), reports=reports,
                     env=environment)  # fmt: skip
    assert result.code in (0, 2), result.stdout + result.stderr[-2000:]
    assert proxy.echoed > 10, "the hostile target echoed the tokens back"
    summary = result.summary
    assert summary["verdict"] in ("CONFORMANT", "INCONCLUSIVE")
    # Control: the echoes reached the evidence (masked), so the search looked where they are.
    contents = list(readable_contents(reports))
    assert any(b"urlsafe base64 unpadded" in content for _, content in contents)
    secrets = list(tokens.values())
    encoded = [e for token in secrets for e in encodings(token).values()]
    assert _leaks(reports, secrets) == []
    assert [e for e in encoded for name, content in contents if e.encode() in content] == []
    assert not any(token in result.stdout + result.stderr for token in secrets)


def test_a_token_file_outside_the_profile_folder_is_never_read_or_sent(tmp_path, reference_server):
    credentials = tmp_path / ".git-credentials"
    credentials.write_text(GIT_CREDENTIALS + "\n", encoding="utf-8")
    credentials.chmod(0o600)
    folder = tmp_path / "profiles" / "acme"
    folder.mkdir(parents=True)
    with FaultProxy(reference_server.base_url) as proxy:

        def edit(document):
            document["target"]["base_url"] = proxy.base_url
            document["accounts"]["auditor"] = {"token_file": "../../.git-credentials"}

        profile = write_profile(folder, edit)
        result = cli("run", "--target", str(profile), "--no-html", reports=tmp_path / "r",
                     env=server_env(reference_server))  # fmt: skip
    sent = [h.get("Authorization", "") for h in proxy.headers_seen]
    assert not any("ghp_PLANTED" in value for value in sent), "the file reached the target"
    assert result.code == 3, result.stdout + result.stderr[-2000:]
    assert "accounts.auditor.token_file" in result.stderr
    assert "--allow-paths-outside" in result.stderr
    assert "ghp_PLANTED" not in result.stdout + result.stderr


def test_a_credential_with_a_line_break_is_refused_by_check_and_run(tmp_path, reference_server):
    profile = write_profile(
        tmp_path, lambda d: d["target"].update(base_url=reference_server.base_url)
    )
    environment = {**server_env(reference_server), "FWC_TOKEN_AUDITOR": CONTROL_TOKEN}
    checked = cli("check", "--target", str(profile), env=environment)
    reports = tmp_path / "reports"
    ran = cli("run", "--target", str(profile), "--no-html", reports=reports, env=environment)
    for result in (checked, ran):
        assert result.code == 3, result.stdout + result.stderr[-2000:]
        assert "FWC_TOKEN_AUDITOR" in result.stderr and "control character" in result.stderr
        assert "Traceback" not in result.stderr
        assert "PLANTED" not in result.stdout + result.stderr
    assert _leaks(reports, ["tok-PLANTED-control"]) == []


def _alias_bomb(levels: int = 5) -> list[str]:
    lines = ['  l0: &l0 "lol"']
    lines += [f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, levels + 1)]
    return lines


def test_a_yaml_alias_bomb_in_a_profile_is_refused_in_a_short_message(tmp_path):
    profile = write_profile(tmp_path, lambda d: None)
    text = profile.read_text(encoding="utf-8").replace("name: Exampleshire", "name: *l5 #", 1)
    profile.write_text("\n".join(["x-anchors:", *_alias_bomb()]) + "\n" + text, "utf-8")
    result = cli("check", "--target", str(profile))
    assert result.code == 3, result.stdout[-2000:] + result.stderr[-2000:]
    assert "alias" in result.stderr
    assert len(result.stdout + result.stderr) < 2000


def test_a_yaml_alias_bomb_in_a_personas_file_is_refused_in_a_short_message(tmp_path):
    personas = tmp_path / "personas.yaml"
    personas.write_text(
        "\n".join(["- x:", *("  " + line for line in _alias_bomb()), "  label: *l5"]) + "\n",
        encoding="utf-8",
    )
    export = tmp_path / "people.csv"
    export.write_text("id,name\n1,Ann\n", encoding="utf-8")
    result = cli("scan", "--personas", str(personas), str(export))
    assert result.code == 3, result.stdout[-2000:] + result.stderr[-2000:]
    assert "alias" in result.stderr
    assert len(result.stdout + result.stderr) < 2000
