"""The README's CI jobs, command by command, against the reference system (issue 16, item 6):
each job's commands are read out of the README and run as the job would run them, in a
folder of their own with the target profile at the path the jobs name. The one step not run
as written is `pip install`: the package comes from the wheel of this tree instead."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from firewall_conformance.reference.server import ReferenceServer
from tests.acceptance.conftest import server_env, write_profile
from tests.built_wheel import console_script, install_wheel

README = Path(__file__).resolve().parents[2] / "README.md"
SECTION = "## In CI, and from your own pytest"


def _blocks(language: str) -> list[str]:
    section = README.read_text(encoding="utf-8").split(SECTION, 1)[1].split("\n## ", 1)[0]
    return [b.split("```", 1)[0] for b in section.split(f"```{language}\n")[1:]]


def _github_commands(document: dict) -> list[str]:
    [job] = document["jobs"].values()
    return [step["run"] for step in job["steps"] if "run" in step]


def _gitlab_commands(document: dict) -> list[str]:
    [job] = document.values()
    return job["script"]


JOBS = {"GitHub Actions": _github_commands, "GitLab CI": _gitlab_commands}


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict[str, str]:
    """The environment of a CI job that has installed the package."""
    root = tmp_path_factory.mktemp("ci")
    site = install_wheel(root)
    console_script(root / "bin")
    return {"PYTHONPATH": str(site), "PATH": f"{root / 'bin'}{os.pathsep}{os.environ['PATH']}"}


def _run_job(commands: list[str], folder: Path, env: dict[str, str]) -> list[int]:
    codes = []
    for command in commands:
        if command.startswith("pip install"):
            continue  # the package is installed from this tree's wheel (`installed`)
        completed = subprocess.run(
            ["sh", "-c", command], cwd=folder, env=env, capture_output=True, text=True, timeout=300
        )
        codes.append(completed.returncode)
        if completed.returncode:
            raise AssertionError(f"{command} exited {completed.returncode}: {completed.stderr}")
    return codes


@pytest.fixture(scope="module")
def jobs_run(
    installed: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Callable[[list[str]], tuple[list[int], Path]]:
    """Run a job's commands in a folder of their own: each exit code and the folder. A job
    whose commands are, to the letter, those of a job run before is given that run (the two
    READMEs' jobs run the same two commands; each is a whole run of the suite)."""
    made: dict[tuple[str, ...], tuple[list[int], Path]] = {}

    def run(commands: list[str]) -> tuple[list[int], Path]:
        if tuple(commands) not in made:
            folder = tmp_path_factory.mktemp("job")
            (folder / "conformance").mkdir()
            with ReferenceServer() as server:
                profile = write_profile(
                    folder / "conformance", lambda d: d["target"].update(base_url=server.base_url)
                )
                profile.rename(folder / "conformance" / "target.yaml")
                env = {**os.environ, **installed, **server_env(server)}
                made[tuple(commands)] = _run_job(commands, folder, env), folder
        return made[tuple(commands)]

    return run


@pytest.mark.parametrize("job", list(JOBS))
def test_the_readme_ci_job_runs_and_gates_on_the_reference(job, installed, jobs_run):
    [github, gitlab] = (yaml.safe_load(b) for b in _blocks("yaml"))
    commands = JOBS[job](github if job == "GitHub Actions" else gitlab)
    assert any(c.startswith("firewall-conformance run") for c in commands), commands
    codes, folder = jobs_run(commands)
    assert codes and set(codes) == {0}
    summary = json.loads((folder / "reports" / "summary.json").read_text(encoding="utf-8"))
    assert summary["verdict"] == "CONFORMANT" and summary["schema_version"] == "1.0"
    assert (folder / "reports" / "junit.xml").is_file()  # the artefacts both jobs keep


def test_the_documented_shell_completion_is_what_the_command_gives(installed):
    section = README.read_text(encoding="utf-8").split(SECTION, 1)[1]
    assert "_FIREWALL_CONFORMANCE_COMPLETE=bash_source firewall-conformance" in section
    completed = subprocess.run(
        ["firewall-conformance"],
        env={**os.environ, **installed, "_FIREWALL_CONFORMANCE_COMPLETE": "bash_source"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0 and "complete " in completed.stdout, completed.stderr
