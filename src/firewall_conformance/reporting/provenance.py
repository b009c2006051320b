"""What ties a printed page to the signed evidence: the run, its verdict, the fingerprint of
the key that signed the manifest and whether the suite was the released one.

An inspector attaches a printout to a report; without these on every page, a page cannot be
matched to the manifest `verify` checks, nor told apart from a run of a modified suite.
"""

from __future__ import annotations

from dataclasses import dataclass

from firewall_conformance.model.results import RunResult
from firewall_conformance.signed_evidence import signing
from firewall_conformance.signed_evidence.manifest import SuiteIdentity


@dataclass(frozen=True)
class Provenance:
    run_id: str
    verdict: str
    fingerprint: str
    key: str  # "ephemeral" (made for this run) or "provided" (the signer's own)
    suite_hash: str
    released_version: str
    matches_released: bool
    differences: str

    @classmethod
    def of(cls, result: RunResult, suite: SuiteIdentity, key: signing.SigningKey) -> Provenance:
        c = suite.comparison
        return cls(
            run_id=result.run_id,
            verdict=result.verdict.value,
            fingerprint=signing.fingerprint(key.public),
            key="ephemeral" if key.ephemeral else "provided",
            suite_hash=c.suite_hash,
            released_version=c.released_version,
            matches_released=c.matches,
            differences=c.describe(),
        )

    @property
    def suite_status(self) -> str:
        """A sentence on the suite, for the page itself."""
        if self.matches_released:
            return f"The suite that ran matches the released suite {self.released_version}."
        return (
            f"The suite that ran does not match the released suite {self.released_version} "
            f"({self.differences}); its verdicts are not those of the released suite."
        )

    @property
    def key_status(self) -> str:
        if self.key == "provided":
            return "the signer's own key, provided for this run"
        return "a key made for this run only: it shows the files are unchanged, not who signed"

    def footer(self) -> str:
        """One line for the foot of every printed page."""
        suite = (
            f"suite matches released {self.released_version}"
            if self.matches_released
            else f"suite differs from released {self.released_version}"
        )
        return f"Run {self.run_id} · {self.verdict} · key {self.fingerprint} · {suite}"
