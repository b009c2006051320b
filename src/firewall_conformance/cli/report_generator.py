"""`firewall-conformance install-report-generator`: the Allure HTML for an installed package.

A source checkout gets the generator from `make`; a user of the wheel has no Makefile, so the
tool installs it itself, once, from the lock file it ships, after which reports are built
offline.
"""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape

from firewall_conformance.cli.failure import err, fail
from firewall_conformance.cli.terminal import Terminal
from firewall_conformance.reporting import generator_install

out = Terminal()


@click.command("install-report-generator")
@click.option(
    "--into",
    type=click.Path(path_type=Path, file_okay=False),
    help="Install into this folder instead of the user's data directory; then set FWC_ALLURE "
    "to FOLDER/node_modules/.bin/allure.",
)
@click.option(
    "--offline-cache",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Install from this npm cache alone, with no network (the one an offline kit carries).",
)
def install_report_generator(into: Path | None, offline_cache: Path | None) -> None:
    """Install the pinned Allure 3 report generator (npm ci from the lock file this package
    ships), so `run` and `report` build the single-file HTML report with no network. Needs
    Node.js 20+ with npm, or the `report` extra's Node.js. Exit 0 installed (or already
    there), 3 not installed (the message says why)."""
    folder = into or generator_install.user_folder()
    try:
        with out.status(f"Installing the Allure report generator into {escape(str(folder))} …"):
            installed = generator_install.install(folder, offline_cache)
    except generator_install.InstallError as exc:
        if exc.said:
            err.print(escape(exc.said), highlight=False)
        fail(str(exc))
    state = "Installed" if installed.fresh else "Already installed:"
    out.print(
        f"{state} Allure {installed.version} in {escape(str(installed.folder))}. "
        "`run` and `report` now build the HTML report offline.",
        highlight=False,
        soft_wrap=True,
    )
