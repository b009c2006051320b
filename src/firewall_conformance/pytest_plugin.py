"""`pytest --fwc-target PROFILE`: the packaged suite run from a vendor's own pytest.

Registered as a `pytest11` entry point, so it loads in every pytest where the package is
installed; without --fwc-target it does nothing. With it, that pytest invocation becomes a
conformance run (the same as `firewall-conformance run --target PROFILE`): the run's reports
are written and pytest exits with the run's code (0 CONFORMANT, 1 BREACH, 2 INCONCLUSIVE,
3 ERROR), which a CI gate reads as it would the tool's. The vendor's own tests run in a
pytest invocation of their own.
"""

from __future__ import annotations

from pathlib import Path

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("firewall-conformance", "firewall conformance run")
    group.addoption(
        "--fwc-target",
        metavar="PROFILE",
        help="Run the firewall obligations against the system this target profile (YAML) "
        "describes, instead of collecting tests; exit with the run's code.",
    )
    group.addoption(
        "--fwc-reports",
        metavar="DIR",
        default="fwc-reports",
        help="Where the run's reports and evidence go (default: fwc-reports).",
    )
    group.addoption(
        "--fwc-obligation",
        action="append",
        default=[],
        metavar="FW-NN",
        help="Run only these obligations (repeatable): the verdict covers them alone.",
    )
    group.addoption(
        "--fwc-profile",
        default="uk",
        metavar="JURISDICTION",
        help="Jurisdiction profile (uk, us-ca, us-ny, coe; default: uk).",
    )


def pytest_cmdline_main(config: pytest.Config) -> int | None:
    target = config.getoption("fwc_target")
    if target is None:
        return None
    from firewall_conformance.run.errors import HarnessError
    from firewall_conformance.run.options import RunOptions
    from firewall_conformance.run.runner import execute

    options = RunOptions(
        target=Path(target),
        reports=Path(config.getoption("fwc_reports")),
        obligations=list(config.getoption("fwc_obligation")),
        jurisdiction=config.getoption("fwc_profile"),
    )
    try:
        result = execute(options)
    except HarnessError as exc:
        print(f"ERROR {exc}")
        return 3
    print(f"{result.headline} — {result.reason}")
    print(f"Reports in {options.reports}/ (summary.html first)")
    return result.verdict.exit_code
