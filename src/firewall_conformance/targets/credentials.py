"""Where the harness gets an account's token: an environment variable or a file the profile
names. Never the command line (it shows in `ps` and shell history), never the profile itself.

A token file must be readable by its owner only, as ssh insists for private keys: a token to a
police system that other users of the machine can read has already leaked.

A token is one word of visible ASCII, as HTTP carries it. Anything else (a line break, a control
character, a space) is refused here, without repeating the value: sent on, it would crash the
request or inject a header, and the error would carry the token into the reports.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping
from pathlib import Path

from firewall_conformance.inputs.regular_files import NotReadable, read_regular

# Far more than any token or password; a file larger holds something else.
MAX_SECRET_FILE_BYTES = 64 * 1024


class CredentialProblem(Exception):
    """A declared credential cannot be used; the message says which and why."""


# Variables the harness's own process reads (how it starts, where it connects, the passphrase
# of its signing key): a profile, perhaps the vendor's, naming one for a credential would send
# it to the target.
_OWN_VARIABLES = re.compile(
    r"PATH|HOME|LD_.*|PYTHON.*|SSL_.*|REQUESTS_.*|.*_PROXY|FWC_SIGNING_KEY_PASSPHRASE|FWC_NODE|"
    r"FWC_ALLURE"
)


def own_variable(name: str) -> bool:
    """Whether `name` is a variable the harness's own process reads, never a credential."""
    return bool(_OWN_VARIABLES.fullmatch(name))


# Secrets sent as a header value on their own: one word of visible ASCII, as HTTP carries it.
HEADER_SECRETS = frozenset({"token", "key"})


def _checked(value: str, what: str, where: str) -> str:
    """`value`, unless it holds a character no credential of its kind does; never echoed."""
    position = next((i + 1 for i, c in enumerate(value) if ord(c) < 32 or 127 <= ord(c) < 160), 0)
    if position:
        raise CredentialProblem(
            f"{where} holds a line break or other control character at position {position}"
        )
    if what in HEADER_SECRETS:
        position = next((i + 1 for i, c in enumerate(value) if not "!" <= c <= "~"), 0)
        if position:
            raise CredentialProblem(
                f"{where} holds a space or non-ASCII character at position {position}; a {what} "
                "is one word of visible ASCII characters"
            )
    return value


def from_environment(
    account: str, variable: str, environ: Mapping[str, str], what: str = "token"
) -> str:
    if own_variable(variable):
        raise CredentialProblem(
            f"account {account} names {variable} for its credential, but that variable is the "
            "harness's own; a profile may not send it to the target"
        )
    value = environ.get(variable, "")
    if not value:
        raise CredentialProblem(
            f"no credential in the environment for account {account} (set {variable})"
        )
    return _checked(value, what, f"the {what} for account {account} in {variable}")


def from_file(account: str, path: Path, what: str = "token") -> str:
    """The `what` (token, password, …) in `path` (surrounding whitespace ignored), if only its
    owner can read it."""
    try:
        require_private(account, path, what)
        value = read_regular(path, MAX_SECRET_FILE_BYTES, follow=True).decode("utf-8").strip()
    except OSError as exc:
        raise CredentialProblem(
            f"the {what} file for account {account} ({path}) cannot be read ({exc.strerror})"
        ) from exc
    except NotReadable as exc:
        raise CredentialProblem(
            f"the {what} file for account {account} ({path}) {exc.problem}"
        ) from exc
    except UnicodeDecodeError as exc:
        raise CredentialProblem(
            f"the {what} file for account {account} ({path}) is not text"
        ) from exc
    if not value or any(c in value for c in "\r\n"):
        raise CredentialProblem(
            f"the {what} file for account {account} ({path}) must hold exactly one {what}"
        )
    return _checked(value, what, f"the {what} file for account {account} ({path})")


def require_private(account: str, path: Path, what: str) -> None:
    """Refuse a secret file (a token, a TLS client key) that users other than its owner can read."""
    mode = path.stat().st_mode
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise CredentialProblem(
            f"the {what} file for account {account} ({path}) can be read by other users "
            f"(mode {stat.filemode(mode)}); make it private with `chmod 600 {path}`"
        )
