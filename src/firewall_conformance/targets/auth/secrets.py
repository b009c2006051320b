"""Every secret a run holds, whether loaded before it (passwords, keys, client secrets) or handed
out by the target during it (access and refresh tokens, session cookies, CSRF tokens): the
evidence is masked against all of them (in every form a request may carry them in: redact)."""

from __future__ import annotations

from collections.abc import Iterable

# A value handed out at run time shorter than this is not a credential ("1", "en"), and
# masking it would mask ordinary text.
MIN_OBTAINED_LENGTH = 8


class RunSecrets:
    """The secrets of one run; shared by every account's session and the evidence writers."""

    def __init__(self, loaded: Iterable[str] = ()) -> None:
        self._values = {value for value in loaded if value}

    def obtained(self, *values: object) -> None:
        """Values the target handed out (tokens, cookie values), kept if long enough to matter."""
        self._values |= {v for v in values if isinstance(v, str) and len(v) >= MIN_OBTAINED_LENGTH}

    def masking(self) -> list[str]:
        """Every secret as held; redact.forms adds the forms a request may carry it in."""
        return sorted(self._values, key=len, reverse=True)

    def __contains__(self, value: object) -> bool:
        return value in self._values
