"""What a run can be asked to do, declared once.

Each field of `RunOptions` carries its command-line form (`CliForm`: option name, help,
choices, default, old spellings) in its metadata; `cli/declared.py` makes the click options
from it and `run/plan.py` checks choices against it, so the command line, its help and the
library cannot drift apart, and a choice is listed in one place.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from firewall_conformance.inputs.confinement import OPTION
from firewall_conformance.obligations.jurisdictions import load_jurisdictions
from firewall_conformance.obligations.modes import SCOPES
from firewall_conformance.run.cleanup import BUDGET_SECONDS
from firewall_conformance.scenario_suite.files import REFERENCE_PROFILES

ENGINES = ("embedded", "spark")
_CLI = "cli"


@dataclass(frozen=True)
class CliForm:
    """How an option is spelled and explained on the command line.

    `kind` says what it takes: text, file, folder, many (repeatable), flag, toggle
    (`--x/--no-x`) or seconds. `choices` is called when needed: some come from data files."""

    flag: str
    help: str
    kind: str = "text"
    metavar: str | None = None
    choices: Callable[[], Sequence[str]] | None = None
    show_default: bool = False
    old_spellings: tuple[str, ...] = ()

    def choice_list(self) -> tuple[str, ...]:
        return tuple(self.choices()) if self.choices else ()


def _cli(flag: str, help: str, **form: Any) -> dict[str, CliForm]:
    return {_CLI: CliForm(flag, help, **form)}


def cli_form(declared: dataclasses.Field[Any]) -> CliForm | None:
    """The command-line form of one field of RunOptions; None for what only tests set."""
    form: CliForm | None = declared.metadata.get(_CLI)
    return form


def run_option_forms() -> dict[str, tuple[Any, CliForm]]:
    """Each command-line option of RunOptions, by field name in help order: its default and
    its form."""
    return {
        f.name: (f.default, form)
        for f in dataclasses.fields(RunOptions)
        if (form := cli_form(f)) is not None
    }


@dataclass(frozen=True)
class RunOptions:
    target: Path | None = field(
        default=None,
        metadata=_cli(
            "--target",
            "Target profile (YAML). Without it, the embedded reference system is started.",
            kind="file",
        ),
    )
    base_url: str | None = field(
        default=None,
        metadata=_cli(
            "--base-url",
            "The target's address, instead of the profile's target.base_url (held to the same "
            "rule).",
            metavar="URL",
        ),
    )
    reports: Path = field(
        default=Path("reports"),
        metadata=_cli(
            "--reports",
            "Where the reports and evidence are written.",
            kind="folder",
            show_default=True,
        ),
    )
    reference_faults: Sequence[str] = field(
        default=(),
        metadata=_cli(
            "--reference-fault",
            "Switch on a fault in the embedded reference system (repeatable).",
            kind="many",
            metavar="FW-NN",
            old_spellings=("--fault",),
        ),
    )
    reference_dialect: str | None = field(
        default=None,
        metadata=_cli(
            "--reference-dialect",
            "The embedded reference system's API surface, with its own profile (default api-v1). "
            "The casebook cannot delete persons: a run on it lists what it leaves behind.",
            choices=lambda: list(REFERENCE_PROFILES),
        ),
    )
    obligations: Sequence[str] = field(
        default=(),
        metadata=_cli(
            "--obligation",
            "Run only these obligations (repeatable): the verdict covers them alone, and the rest "
            "are listed NOT TESTED, not in this run's scope.",
            kind="many",
            metavar="FW-NN",
        ),
    )
    run_first: Sequence[str] = field(
        default=(),
        metadata=_cli(
            "--run-first",
            "Run these obligations' scenarios before the others (repeatable); the outbound "
            "recorders still start first and the claims over the whole run still come last.",
            kind="many",
            metavar="FW-NN",
        ),
    )
    stop_at_first_failure: bool = field(
        default=False,
        metadata=_cli(
            "--stop-at-first-failure",
            "Stop at the first scenario of an obligation that is not kept (and not waived): the "
            "scenarios not reached are NOT TESTED, so the run is never CONFORMANT; a run with "
            "no failure runs whole. For gates that only need to know whether a run fails.",
            kind="flag",
        ),
    )
    jurisdiction: str = field(
        default="uk",
        metadata=_cli(
            "--profile",
            "Jurisdiction profile: which obligations are in scope and on what basis.",
            choices=lambda: list(load_jurisdictions()),
            show_default=True,
        ),
    )
    waivers: Path | None = field(
        default=None,
        metadata=_cli(
            "--waivers",
            "Waivers file (YAML). Expired or incomplete waivers are ignored with a warning.",
            kind="file",
        ),
    )
    pinned: bool = field(
        default=False,
        metadata=_cli(
            "--pinned",
            "Refuse to run (exit 3) unless the installed package and suite are exactly the "
            "released ones (same suite hash).",
            kind="flag",
        ),
    )
    signing_key: Path | None = field(
        default=None,
        metadata=_cli(
            "--signing-key",
            "Ed25519 private key (PEM) to sign the evidence with; without it, a key made for "
            "this run only. An encrypted key takes its passphrase from FWC_SIGNING_KEY_PASSPHRASE.",
            kind="file",
        ),
    )
    read_only: bool = field(
        default=False,
        metadata=_cli(
            "--read-only",
            "Production-safe: send only GET and HEAD requests, write nothing to the target. "
            "Scenarios that write are reported NOT TESTED; with --personas, those that only read "
            "run.",
            kind="flag",
        ),
    )
    personas: Path | None = field(
        default=None,
        metadata=_cli(
            "--personas",
            "Known test persons already in the target (JSON: a victim, a witness and a suspect "
            "of one case, with their ids): scenarios that only read use them instead of planting; "
            "with --read-only, those scenarios run. Beside the --target profile.",
            kind="file",
        ),
    )
    bundle: Path | None = field(
        default=None,
        metadata=_cli(
            "--bundle",
            "Run offline over an export bundle in this folder (not with --target or "
            "--reference-fault): only the scenarios written for bundles run.",
            kind="folder",
        ),
    )
    bundle_profile: Path | None = field(
        default=None,
        metadata=_cli(
            "--bundle-profile",
            "The bundle profile (YAML); defaults to BUNDLE/bundle.yaml.",
            kind="file",
        ),
    )
    engine: str = field(
        default="embedded",
        metadata=_cli(
            "--engine",
            "With --bundle only. spark: read the bundle's CSV and NDJSON extracts split by split "
            "on Spark, to the same results (JSON, XML and zip members stay embedded); needs the "
            "[spark] extra and Java, and on a cluster the bundle folder at the same path on every "
            "node.",
            choices=lambda: ENGINES,
            show_default=True,
        ),
    )
    master: str | None = field(
        default=None,
        metadata=_cli(
            "--master",
            "Spark master for --engine spark, e.g. local[2], yarn or spark://host:7077 (default: "
            "spark-submit's, else local[*]).",
            metavar="URL",
        ),
    )
    scope: str = field(
        default="all",
        metadata=_cli(
            "--scope",
            "'answerable' restricts the verdict to the obligations the target or bundle can "
            "answer; the others are listed as out of scope and the summary says so.",
            choices=lambda: SCOPES,
            show_default=True,
        ),
    )
    allow_leftovers: bool = field(
        default=False,
        metadata=_cli(
            "--allow-leftovers",
            "Run on when the pre-flight shows the target cannot remove a planted test person "
            "(otherwise exit 3); what stays behind is listed in the summary.",
            kind="flag",
        ),
    )
    deadline: float | None = field(
        default=None,
        metadata=_cli(
            "--deadline",
            "Bound the whole run's wall time: scenarios stopped or not started by then are "
            "INCONCLUSIVE; clean-up still follows, within its own budget.",
            kind="seconds",
            metavar="SECONDS",
        ),
    )
    cleanup_budget: float = field(
        default=BUDGET_SECONDS,
        metadata=_cli(
            "--cleanup-budget",
            "Bound the time all removals of what the run planted may take together; what is not "
            "confirmed removed by then is named in the summary, for `cleanup` to retry.",
            kind="seconds",
            metavar="SECONDS",
            show_default=True,
        ),
    )
    html: bool = field(
        default=True,
        metadata=_cli(
            "--html/--no-html",
            "Build the step-by-step Allure HTML report (about a second); CI gates that read only "
            "summary.json or junit.xml can skip it.",
            kind="toggle",
            show_default=True,
        ),
    )
    pdf: bool = field(
        default=True,
        metadata=_cli(
            "--pdf/--no-pdf",
            "Print summary.pdf (a few seconds); CI gates that read only summary.json or "
            "junit.xml can skip it.",
            kind="toggle",
            show_default=True,
        ),
    )
    allow_paths_outside: bool = field(
        default=False,
        metadata=_cli(
            OPTION,
            "Let the profile name files (token_file, ca_bundle, bundle files) outside its own "
            "folder. Without it such a profile is refused: a profile could otherwise send any file "
            "you can read to the target.",
            kind="flag",
        ),
    )
    today: dt.date | None = None  # for tests; a run always uses the real date

    def __post_init__(self) -> None:
        # Every artefact path (and the report generator, which runs elsewhere) sees one
        # absolute folder, whatever the working directory of the caller; repeatable options
        # are tuples, so options compare equal whatever sequence they were given as.
        object.__setattr__(self, "reports", Path(self.reports).resolve())
        object.__setattr__(self, "reference_faults", tuple(self.reference_faults))
        object.__setattr__(self, "obligations", tuple(self.obligations))
        object.__setattr__(self, "run_first", tuple(self.run_first))
