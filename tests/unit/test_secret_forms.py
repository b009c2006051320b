"""The last masking pass knows every secret in the forms it travels in: plain, URL-encoded,
base64 (standard and URL-safe, padded or not, alone or as HTTP Basic sends it), and escaped
for JSON, HTML and XML (issue 19)."""

from __future__ import annotations

import base64

import pytest

from firewall_conformance.reporting import redact
from firewall_conformance.reporting.scrub import scrub
from tests.secret_encodings import encodings

SECRET = "sk_live/PLANTED+7f3a=9c1e~5b2d&<q>"


@pytest.mark.parametrize("form", list(encodings(SECRET)))
def test_every_form_of_a_secret_is_masked_in_every_file(tmp_path, form):
    encoded = encodings(SECRET)[form]
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "attachment.txt").write_text(f'{{"echo": "{encoded}"}}', "utf-8")
    touched = scrub(tmp_path, [SECRET])
    left = (tmp_path / "sub" / "attachment.txt").read_text("utf-8")
    assert touched == ["sub/attachment.txt"]
    for other in encodings(SECRET).values():
        assert other not in left, (form, left)


def test_masking_in_text_knows_the_forms_too():
    encoded = base64.b64encode(f"user:{SECRET}".encode()).decode()
    assert encoded not in redact.text(f"echo {encoded}", [SECRET])


def test_short_values_are_not_masked_as_secrets(tmp_path):
    (tmp_path / "a.txt").write_text("the cat sat", "utf-8")
    assert scrub(tmp_path, ["cat"]) == []
    assert (tmp_path / "a.txt").read_text("utf-8") == "the cat sat"
