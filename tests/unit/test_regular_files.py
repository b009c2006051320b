"""Files someone names (a profile, a token file, an OpenAPI document) are read only if they
are regular files, and no more of them than a cap.

Before: a named pipe given as a profile or a token file was opened for reading, which waits
for a writer for ever, and `init --openapi /dev/zero` read the device until memory ran out.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from firewall_conformance.inputs.documents import InvalidDocument, load_yaml
from firewall_conformance.inputs.regular_files import NotReadable, read_regular
from firewall_conformance.targets.credentials import CredentialProblem, from_file
from firewall_conformance.targets.openapi_source import OpenApiProblem, read_openapi

BOUND_SECONDS = 5


def _raised_within(call: Callable[[], object]) -> BaseException:
    """What `call` raised, which it must do within the bound (a daemon thread: a call that
    waits for ever is left behind, and the test fails instead of hanging)."""
    raised: list[BaseException] = []

    def run() -> None:
        try:
            call()
        except BaseException as exc:
            raised.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(BOUND_SECONDS)
    assert not worker.is_alive(), "still reading after the bound"
    assert raised, "it was read as if it were a file"
    return raised[0]


@pytest.fixture
def pipe(tmp_path: Path) -> Path:
    path = tmp_path / "profile.yaml"
    os.mkfifo(path, 0o600)
    return path


def test_a_named_pipe_given_as_a_profile_is_refused_at_once(pipe):
    refused = _raised_within(lambda: load_yaml(pipe, "profile"))
    assert isinstance(refused, InvalidDocument)
    assert "is a named pipe, not a regular file; refused unread" in str(refused)


def test_a_named_pipe_given_as_a_token_file_is_refused_at_once(pipe):
    refused = _raised_within(lambda: from_file("investigator", pipe))
    assert isinstance(refused, CredentialProblem)
    assert "is a named pipe, not a regular file" in str(refused)


def test_a_device_given_as_an_openapi_document_is_refused_unread():
    refused = _raised_within(lambda: read_openapi("/dev/zero"))
    assert isinstance(refused, OpenApiProblem)
    assert "/dev/zero is a device, not a regular file" in str(refused)


def test_a_link_is_followed_only_when_asked_and_the_cap_holds(tmp_path):
    real = tmp_path / "real.yaml"
    real.write_bytes(b"x" * 10)
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    assert read_regular(link, 10, follow=True) == b"x" * 10
    with pytest.raises(NotReadable, match=r"link\.yaml cannot be opened"):
        read_regular(link, 10)
    with pytest.raises(NotReadable, match=r"real\.yaml is too large"):
        read_regular(real, 9)
