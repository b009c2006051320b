"""`firewall-conformance serve`: the browser workbench (workbench/) on this machine."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import click

from firewall_conformance.cli.failure import fail
from firewall_conformance.cli.terminal import Terminal

err = Terminal(stderr=True)
# A configured access token must be as hard to guess as the one made at start.
MIN_TOKEN_LENGTH = 16


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


@click.command("serve")
@click.option(
    "--runs",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("runs"),
    show_default=True,
    help="The runs folder: each run the workbench starts writes its reports into a folder here.",
)
@click.option(
    "--profiles",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="The folder of target profiles offered for runs (uploaded profiles are kept here).",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option(
    "--token-file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="A file (readable by its owner only) holding the access token; without it, a random "
    "one is made and printed.",
)
def serve(runs: Path, profiles: Path | None, host: str, port: int, token_file: Path | None) -> None:
    """Serve the workbench: start runs and the reference demo, watch them, browse, compare and
    verify their evidence, in a browser. Open the address it prints (it carries the access
    token); every request without it is refused."""
    import uvicorn

    from firewall_conformance.targets.credentials import CredentialProblem, from_file
    from firewall_conformance.workbench.app import create_app
    from firewall_conformance.workbench.settings import Workbench

    settings = Workbench(runs=runs, profiles=profiles)
    if token_file is not None:
        try:
            token = from_file("the workbench", token_file)
        except CredentialProblem as exc:
            fail(str(exc))
        if len(token) < MIN_TOKEN_LENGTH:
            fail(f"the token in {token_file} is shorter than {MIN_TOKEN_LENGTH} characters")
        settings = Workbench(runs=runs, profiles=profiles, token=token)
    try:
        settings.runs.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"the runs folder {runs} cannot be made ({exc.strerror})")
    if not _loopback(host):
        err.print(
            f"[yellow]Note:[/] listening on {host}, not only on this machine: anyone who can "
            "reach it and learns the token can start runs.",
            highlight=False,
        )
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{shown}:{port}/"
    err.print(f"Workbench over the runs in {settings.runs}", highlight=False, soft_wrap=True)
    err.print(
        f"Open {address}?token={settings.token}"
        if token_file is None
        else f"Open {address}?token=… (the token in {token_file})",
        highlight=False,
        soft_wrap=True,
    )
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
