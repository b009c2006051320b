"""Where the suite (features, steps, conftest, target profiles) is, installed or from source."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
INSTALLED_SUITE = "suite"
SUITE_PARTS = ("conftest.py", "features", "steps", "fixtures/targets")


def suite_root(package: Path = PACKAGE) -> Path:
    """The packaged copy in an installed wheel, else the source tree this package sits in."""
    for candidate in (package / INSTALLED_SUITE, package.parents[1]):
        if (candidate / "conftest.py").is_file() and (candidate / "features").is_dir():
            return candidate
    raise FileNotFoundError(
        f"the firewall suite (conftest.py, features/, steps/) is neither in "
        f"{package / INSTALLED_SUITE} nor in {package.parents[1]}; reinstall firewall-conformance"
    )


# The profile of each dialect of the embedded reference system (reference/server.py).
REFERENCE_PROFILES = {"api-v1": "reference.yaml", "casebook": "casebook.yaml"}


def reference_profile(dialect: str = "api-v1") -> Path:
    return suite_root() / "fixtures" / "targets" / REFERENCE_PROFILES[dialect]
