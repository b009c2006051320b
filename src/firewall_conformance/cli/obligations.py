"""`firewall-conformance obligations`: the catalogue and its coverage, before any run."""

from __future__ import annotations

import json
import sys

import click
from rich.markup import escape
from rich.table import Table

from firewall_conformance.cli.declared import declared_option
from firewall_conformance.cli.failure import fail
from firewall_conformance.cli.terminal import Terminal
from firewall_conformance.inputs.documents import InvalidDocument
from firewall_conformance.obligations.catalogue import load_catalogue
from firewall_conformance.obligations.coverage import coverage, markdown
from firewall_conformance.obligations.jurisdictions import jurisdiction as jurisdiction_of
from firewall_conformance.scenario_suite.consistency import check_suite
from firewall_conformance.scenario_suite.files import suite_root

out = Terminal()
err = Terminal(stderr=True)


@click.command()
@declared_option("jurisdiction")
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json", "md"]),
    default="text",
    show_default=True,
)
def obligations(jurisdiction: str, output: str) -> None:
    """List the obligations in scope with their basis, sources, the capabilities a target must
    offer and the scenarios that test them. Exit 3 if the suite does not match the catalogue."""
    try:
        catalogue = load_catalogue()
    except InvalidDocument as exc:
        fail(f"invalid catalogue {exc}")
    in_scope = [o.id for o in catalogue.in_scope(jurisdiction)]
    inventory = check_suite(suite_root() / "features", catalogue, in_scope)
    entries = coverage(catalogue, inventory, jurisdiction)
    place = jurisdiction_of(jurisdiction)
    if output == "json":
        click.echo(
            json.dumps(
                {
                    "profile": jurisdiction,
                    "jurisdiction": place.to_json(),
                    "obligations": entries,
                    "problems": inventory.problems,
                },
                indent=2,
            )
        )
    elif output == "md":
        click.echo(markdown(entries, place), nl=False)
    else:
        out.print(
            f"[bold]{escape(place.name)}[/]: immigration enforcement means "
            f"{escape(place.restricted_recipient)}. {escape(place.standing)}",
            highlight=False,
        )
        for caveat in place.caveats:
            out.print(f"[yellow]Caveat[/] {escape(caveat)}", highlight=False)
        table = Table(title=f"Obligations in scope for {jurisdiction}", show_lines=True)
        for column in ("ID", "Obligation", "Basis", "Needs", "Scenarios"):
            table.add_column(column)
        for e in entries:
            table.add_row(
                e["id"],
                escape(e["title"]),
                e["basis"],
                ", ".join(e["capabilities"]),
                "\n".join(escape(s["name"]) for s in e["scenarios"]) or "[red]none[/]",
            )
        out.print(table)
    for problem in inventory.problems:
        err.print(f"[bold red]suite problem[/] {escape(problem)}", highlight=False)
    sys.exit(3 if inventory.problems else 0)
