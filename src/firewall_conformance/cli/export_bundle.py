"""`firewall-conformance reference export-bundle`: an export bundle from the reference system,
for offline runs and for trying the offline mode out."""

from __future__ import annotations

from pathlib import Path

import click

from firewall_conformance.cli.declared import declared_option
from firewall_conformance.cli.failure import fail
from firewall_conformance.cli.terminal import Terminal

err = Terminal(stderr=True)


@click.command("export-bundle")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@declared_option(
    "reference_faults",
    help="Switch on a reference fault that shows in a bundle (FW-01, FW-04; repeatable).",
)
@click.option(
    "--tamper-log",
    is_flag=True,
    help="Edit one disclosure's entry in the audit log after the fact (FW-04 through the chain).",
)
def export_bundle(directory: Path, reference_faults: tuple[str, ...], tamper_log: bool) -> None:
    """Write an export bundle from the reference system into DIRECTORY: CSV, NDJSON and
    NIEM-style XML extracts for the prosecution service and immigration enforcement, the
    hash-chained audit log, a statistical return and DIRECTORY/bundle.yaml.

    Then: firewall-conformance run --bundle DIRECTORY
    """
    from firewall_conformance.reference.bundle_export import (
        BundleExportError,
    )
    from firewall_conformance.reference.bundle_export import (
        export_bundle as write,
    )

    try:
        profile = write(directory, reference_faults, tamper_log)
    except BundleExportError as exc:
        fail(str(exc))
    err.print(f"Wrote the bundle and its profile {profile}", highlight=False)
