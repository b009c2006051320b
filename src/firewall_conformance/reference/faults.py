"""Fault switches: one deliberate, realistic defect per firewall obligation.

The reference system is compliant by default. The harness proves that each obligation
can fail by switching on exactly one fault and checking that exactly that obligation
turns BREACH (the detection matrix). Every fault is a visible branch in ``policy.py``
or the route that owns the behaviour, guarded by its id.

An id is the obligation it breaks (``FW-NN``), optionally followed by ``/variant`` when
one obligation can be broken through more than one channel: ``FW-01/outbound`` breaks
FW-01 through the outbound feeds, and must turn only FW-01 BREACH.
"""

from collections.abc import Iterable

FAULTS: dict[str, str] = {
    "FW-01": (
        "The bulk-export filter for immigration-enforcement recipients leaves out only "
        "persons with a victim role; witnesses are exported to immigration enforcement. "
        "Case-by-case disclosures are still refused."
    ),
    "FW-02": (
        "The status-check role guard is skipped when the purpose is "
        "'identity-verification', so a victim or witness can be checked."
    ),
    "FW-03": (
        "Opening a person record by id forgets the immigration-enforcement restriction "
        "(insecure direct object reference); search still withholds victims and witnesses."
    ),
    "FW-04": (
        "Bulk exports are not written to the audit log; disclosures and refused attempts still are."
    ),
    "FW-08": (
        "Exports record their purpose but never check it: an export for immigration control "
        "to any recipient goes through with victims and witnesses in it (immigration "
        "enforcement's own exports are still filtered)."
    ),
    "FW-01/outbound": (
        "The case-level outbound feed to immigration enforcement, triggered by a suspect in a "
        "case, carries the whole case file, victims and witnesses included. Disclosures and "
        "bulk exports are still filtered, and every push is still audited."
    ),
}


def obligation_of(fault_id: str) -> str:
    """The obligation a fault breaks: the part of its id before any ``/variant``."""
    return fault_id.split("/", 1)[0]


def check_faults(faults: Iterable[str]) -> frozenset[str]:
    """Return the faults as a frozenset, refusing ids that are not in ``FAULTS``."""
    chosen = frozenset(faults)
    unknown = sorted(chosen - FAULTS.keys())
    if unknown:
        raise ValueError(f"unknown fault id(s) {', '.join(unknown)}; known: {', '.join(FAULTS)}")
    return chosen
