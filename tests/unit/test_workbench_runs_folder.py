"""Files are served from inside the runs folder only, never through a link; the evidence zip
holds the folder as `verify` reads it."""

import io
import os
import zipfile
from pathlib import Path

import pytest

from firewall_conformance.workbench.runs_folder import OutsideRuns, confined, write_zip


@pytest.fixture
def runs(tmp_path: Path) -> Path:
    run = tmp_path / "runs" / "20261205T000000Z-abcdef"
    (run / "evidence").mkdir(parents=True)
    (run / "summary.html").write_text("<html></html>")
    (run / "evidence" / "manifest.json").write_text("{}")
    (tmp_path / "secret.txt").write_text("not for the browser")
    return tmp_path / "runs"


def test_a_file_inside_a_run_is_served(runs: Path) -> None:
    path = confined(runs, "20261205T000000Z-abcdef/evidence/manifest.json")
    assert path == runs / "20261205T000000Z-abcdef" / "evidence" / "manifest.json"


@pytest.mark.parametrize(
    "asked",
    [
        "../secret.txt",
        "20261205T000000Z-abcdef/../../secret.txt",
        "/etc/passwd",
        "20261205T000000Z-abcdef\\..\\..\\secret.txt",
        ".workbench/run.log",
        "",
        "20261205T000000Z-abcdef/absent.html",
    ],
)
def test_a_path_out_of_the_runs_folder_or_hidden_is_refused(runs: Path, asked: str) -> None:
    with pytest.raises(OutsideRuns):
        confined(runs, asked)


def test_a_link_out_of_the_runs_folder_is_refused(runs: Path) -> None:
    run = runs / "20261205T000000Z-abcdef"
    (run / "leak.txt").symlink_to(runs.parent / "secret.txt")
    (run / "outside").symlink_to(runs.parent)
    for asked in ("leak.txt", "outside/secret.txt"):
        with pytest.raises(OutsideRuns, match="link"):
            confined(runs, f"{run.name}/{asked}")


def test_a_link_to_a_run_folder_is_refused(runs: Path) -> None:
    (runs / "alias").symlink_to(runs / "20261205T000000Z-abcdef")
    with pytest.raises(OutsideRuns, match="link"):
        confined(runs, "alias/summary.html")


def test_a_special_file_is_refused(runs: Path) -> None:
    os.mkfifo(runs / "20261205T000000Z-abcdef" / "pipe")
    with pytest.raises(OutsideRuns, match="regular"):
        confined(runs, "20261205T000000Z-abcdef/pipe")


def test_the_evidence_zip_holds_every_file_and_empty_folder_but_no_link(runs: Path) -> None:
    run = runs / "20261205T000000Z-abcdef"
    (run / "empty").mkdir()
    (run / "leak.txt").symlink_to(runs.parent / "secret.txt")
    out = io.BytesIO()
    write_zip(run, out)
    names = sorted(zipfile.ZipFile(out).namelist())
    assert names == ["empty/", "evidence/manifest.json", "summary.html"]
