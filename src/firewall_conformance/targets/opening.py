"""What a run hands the adapter it opens: where secrets are, whether it may write, and where
to report what it sends and sees, so a vendor's adapter feeds the same evidence as ours."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from firewall_conformance.audit.books import Act
from firewall_conformance.model.evidence import Exchange
from firewall_conformance.recipients.ledger import Received


def _ignore(*seen: Any) -> None:
    """What a report nobody listens for goes to (an adapter opened outside a run)."""


@dataclass(frozen=True)
class Opening:
    """Everything an adapter is given as a run opens it (registry.open_target)."""

    # Where the profile's secrets are looked up (the process environment, or the embedded
    # reference's own); an adapter reads its credentials from here and names them in
    # `secrets_to_mask`.
    environ: Mapping[str, str] = field(default_factory=dict)
    # Production-safe: the adapter must send nothing that changes the system
    # (targets/readonly.py); only an adapter that says it honours this is opened so.
    read_only: bool = False
    on_exchange: Callable[[Exchange], None] = _ignore  # every request and its answer
    on_egress: Callable[[Received], None] = _ignore  # what reached a user or recipient
    on_audit_read: Callable[[list[dict[str, Any]], Any], None] = _ignore  # whole log reads
    on_act: Callable[[Act], None] = _ignore  # what the run asked the system to do
    # A SparkSession to read an export bundle's extracts with, and the master it was asked
    # for (None: as spark-submit or local[*]).
    spark: Any | None = None
    spark_master: str | None = None


class AdapterError(Exception):
    """A target's adapter cannot be found or opened: the run stops (exit 3) with this message."""
