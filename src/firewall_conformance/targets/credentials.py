"""Where the harness gets an account's token: an environment variable or a file the profile
names. Never the command line (it shows in `ps` and shell history), never the profile itself.

A token file must be readable by its owner only, as ssh insists for private keys: a token to a
police system that other users of the machine can read has already leaked.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path


class CredentialProblem(Exception):
    """A declared credential cannot be used; the message says which and why."""


def from_environment(account: str, variable: str, environ: Mapping[str, str]) -> str:
    value = environ.get(variable, "")
    if not value:
        raise CredentialProblem(
            f"no credential in the environment for account {account} (set {variable})"
        )
    return value


def from_file(account: str, path: Path, what: str = "token") -> str:
    """The `what` (token, password, …) in `path` (surrounding whitespace ignored), if only its
    owner can read it."""
    try:
        require_private(account, path, what)
        value = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise CredentialProblem(
            f"the {what} file for account {account} ({path}) cannot be read ({exc.strerror})"
        ) from exc
    except UnicodeDecodeError as exc:
        raise CredentialProblem(
            f"the {what} file for account {account} ({path}) is not text"
        ) from exc
    if not value or any(c in value for c in "\r\n"):
        raise CredentialProblem(
            f"the {what} file for account {account} ({path}) must hold exactly one {what}"
        )
    return value


def require_private(account: str, path: Path, what: str) -> None:
    """Refuse a secret file (a token, a TLS client key) that users other than its owner can read."""
    mode = path.stat().st_mode
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise CredentialProblem(
            f"the {what} file for account {account} ({path}) can be read by other users "
            f"(mode {stat.filemode(mode)}); make it private with `chmod 600 {path}`"
        )


def printable(account: str, what: str, value: str) -> str:
    """`value` unless it holds a line break or other control character, which no real
    credential does and which would break headers and reports; the value is never echoed."""
    if any(ord(c) < 32 or 127 <= ord(c) < 160 for c in value):
        raise CredentialProblem(
            f"the {what} of account {account} holds a line break or other control character"
        )
    return value
