"""An example of a vendor's own Python adapter, installed as a distribution that registers the
kind `status-desk` in the `firewall_conformance.adapters` entry point group.

The system it stands for offers only immigration status checks, fingerprint submissions, the
case planting they need and its audit log; it reaches them through the reference system's HTTP
API, the address its profile gives. A domain operation gives back an Attempt holding the
typed answer the harness reads (targets/answers.py: `PrintsSubmitted` for fingerprints; the
HTTP adapter builds it here, a hand-written one builds it with `answer_from`).
Everything else the suite asks is answered CapabilityMissing by the Adapter base, so those
scenarios are NOT TESTED, never passed.
"""

from __future__ import annotations

from firewall_conformance.audit.log import AuditEntry, ChainRule
from firewall_conformance.persons.personas import Persona
from firewall_conformance.scenario_suite.files import reference_profile
from firewall_conformance.targets.adapter import Adapter
from firewall_conformance.targets.adapter_profile import AdapterProfile
from firewall_conformance.targets.auth.declared import resolve
from firewall_conformance.targets.base import Attempt, Group, SeededCase
from firewall_conformance.targets.http import HttpTarget
from firewall_conformance.targets.opening import Opening
from firewall_conformance.targets.profile import Recipient, load_profile

OFFERED = frozenset({"seed-case", "status-check", "biometrics", "audit-log"})


class StatusDesk(Adapter):
    kind = "status-desk"
    groups = frozenset({Group.LIVE_SYSTEM, Group.AUDIT_SOURCE})
    honours_read_only = True  # the HTTP adapter it sends through refuses every write

    def __init__(self, profile: AdapterProfile, opening: Opening) -> None:
        api = load_profile(reference_profile()).with_base_url(profile.base_url)
        self._api = HttpTarget(
            api,
            resolve(api, opening.environ),
            on_exchange=opening.on_exchange,
            on_audit_read=opening.on_audit_read,
            on_act=opening.on_act,
            read_only=opening.read_only,
        )

    def capabilities(self) -> frozenset[str]:
        return OFFERED & self._api.capabilities()

    def reachable(self) -> str | None:
        return self._api.reachable()

    def secrets_to_mask(self) -> list[str]:
        return self._api.secrets_to_mask()

    def recipient(self, recipient_class: str) -> Recipient:
        return self._api.recipient(recipient_class)

    def seed_case(self, personas: list[Persona], offence: str, narrative: str) -> SeededCase:
        return self._api.seed_case(personas, offence, narrative)

    def remove_case(self, seeded: SeededCase) -> list[str]:
        return self._api.remove_case(seeded)

    def status_check_purposes(self) -> list[str]:
        return self._api.status_check_purposes()

    def status_check(self, person_id: str, purpose: str) -> Attempt:
        return self._api.status_check(person_id, purpose)

    def submit_prints(self, kind: str, case_id: str, person_id: str) -> Attempt:
        return self._api.submit_prints(kind, case_id, person_id)

    def audit_log(self, *kinds: str, whole: bool = False) -> list[AuditEntry]:
        return self._api.audit_log(*kinds, whole=whole)

    def audit_chain_rule(self) -> ChainRule | None:
        return self._api.audit_chain_rule()

    def audit_kinds(self) -> frozenset[str]:
        return self._api.audit_kinds()
