"""The wheel of this tree, built and installed into a folder of its own, as a vendor or a CI
job would have the package (its entry points included)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def install_wheel(root: Path) -> Path:
    """The site folder to put first on PYTHONPATH."""
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    wheels, site = root / "wheels", root / "site"
    build = [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(REPO)]
    subprocess.run(build, check=True, timeout=300, capture_output=True)
    [wheel] = wheels.glob("*.whl")
    install = [*pip, "install", "--no-deps", "--target", str(site), str(wheel)]
    subprocess.run(install, check=True, timeout=300, capture_output=True)
    return site


def console_script(bin_folder: Path) -> Path:
    """`firewall-conformance` as pip writes it for the installed package."""
    bin_folder.mkdir(parents=True, exist_ok=True)
    script = bin_folder / "firewall-conformance"
    script.write_text(
        f"#!{sys.executable}\nimport sys\n"
        "from firewall_conformance.cli.main import main\nsys.exit(main())\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script
