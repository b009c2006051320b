"""What the workbench reads of runs: their summaries (an unreadable one says so, never shows a
verdict), two runs compared, a run's finished scenarios, and which variables may carry a
credential."""

import json
from pathlib import Path

import pytest

from firewall_conformance.scenario_suite import pinning
from firewall_conformance.workbench.comparison import ABSENT, compare
from firewall_conformance.workbench.launcher import credential_problem, finished_scenarios
from firewall_conformance.workbench.summaries import list_runs, read_summary


def _summary(obligations: list[tuple[str, str, str]], suite_hash: str = "0" * 64) -> dict:
    return {
        "verdict": "BREACH" if any(v == "BREACH" for _, v, _ in obligations) else "CONFORMANT",
        "reason": "because",
        "target": {"name": "Exampleshire"},
        "jurisdiction": "uk",
        "suite_hash": suite_hash,
        "started_at": "2026-12-05T07:00:00Z",
        "obligations": [
            {"id": i, "title": f"title {i}", "verdict": v, "reason": r} for i, v, r in obligations
        ],
    }


def _run(runs: Path, name: str, document: object) -> Path:
    folder = runs / name
    folder.mkdir(parents=True)
    (folder / "summary.json").write_text(json.dumps(document))
    return folder


def test_a_summary_is_read_with_its_verdicts_and_the_released_suite_recognised(
    tmp_path: Path,
) -> None:
    released = pinning.load_released()["suite_hash"]
    folder = _run(tmp_path, "r1", _summary([("FW-01", "COMPLIANT", "kept")], released))
    run = read_summary(folder)
    assert (run.verdict, run.target, run.problem) == ("CONFORMANT", "Exampleshire", "")
    assert run.released_suite
    assert not read_summary(_run(tmp_path, "r2", _summary([], "f" * 64))).released_suite


def test_the_tally_shows_how_few_obligations_a_scoped_run_tested(tmp_path: Path) -> None:
    scoped = [("FW-01", "NOT TESTED", "not in scope"), ("FW-02", "COMPLIANT", "kept")]
    scoped += [("FW-03", "NOT TESTED", "not in scope"), ("FW-04", "BREACH", "leaked")]
    run = read_summary(_run(tmp_path, "r", _summary(scoped)))
    assert run.tally() == [("BREACH", 1), ("NOT TESTED", 2), ("COMPLIANT", 1)]


@pytest.mark.parametrize(
    "document",
    [
        [],
        {"verdict": 1},
        {**_summary([]), "obligations": "all fine"},
        {**_summary([]), "reason": None},
    ],
)
def test_a_summary_of_the_wrong_shape_shows_no_verdict(tmp_path: Path, document: object) -> None:
    run = read_summary(_run(tmp_path, "r", document))
    assert run.problem and run.verdict == ""


def test_a_folder_without_a_readable_summary_is_listed_as_saying_nothing(tmp_path: Path) -> None:
    (tmp_path / "empty-run").mkdir()
    broken = tmp_path / "broken-run"
    broken.mkdir()
    (broken / "summary.json").write_text("{not json")
    (tmp_path / ".workbench").mkdir()
    listed = {r.id: r for r in list_runs(tmp_path)}
    assert set(listed) == {"empty-run", "broken-run"}
    assert all(r.problem and not r.verdict for r in listed.values())


def test_a_linked_summary_is_not_read(tmp_path: Path) -> None:
    real = _run(tmp_path / "elsewhere", "r", _summary([("FW-01", "COMPLIANT", "kept")]))
    run = tmp_path / "runs" / "r"
    run.mkdir(parents=True)
    (run / "summary.json").symlink_to(real / "summary.json")
    assert read_summary(run).problem


def test_compare_lists_changed_verdicts_with_both_reasons_and_absent_ones(tmp_path: Path) -> None:
    before = read_summary(
        _run(
            tmp_path, "a", _summary([("FW-01", "COMPLIANT", "kept"), ("FW-02", "COMPLIANT", "ok")])
        )
    )
    after = read_summary(
        _run(
            tmp_path,
            "b",
            _summary([("FW-02", "BREACH", "status check accepted"), ("FW-03", "COMPLIANT", "ok")]),
        )
    )
    changes = {c.id: c for c in compare(before, after)}
    assert [c.id for c in compare(before, after)] == ["FW-01", "FW-02", "FW-03"]
    assert (changes["FW-02"].before, changes["FW-02"].after) == ("COMPLIANT", "BREACH")
    assert changes["FW-02"].reason_after == "status check accepted"
    assert changes["FW-02"].changed
    assert changes["FW-01"].after == ABSENT and changes["FW-01"].changed
    assert changes["FW-03"].before == ABSENT and changes["FW-03"].changed


def test_finished_scenarios_are_read_in_the_order_they_ended_skipping_half_written_ones(
    tmp_path: Path,
) -> None:
    results = tmp_path / "allure-results"
    results.mkdir()
    (results / "b-result.json").write_text(
        json.dumps({"name": "second", "status": "failed", "stop": 2})
    )
    (results / "a-result.json").write_text(
        json.dumps({"name": "first", "status": "passed", "stop": 1})
    )
    (results / "c-result.json").write_text('{"name": "being written", "sta')
    (results / "d-attachment.json").write_text("{}")
    scenarios = finished_scenarios(tmp_path)
    assert [s.name for s in scenarios] == ["first", "second"]
    assert scenarios[1].status.startswith("failed")


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("FWC_TOKEN_OFFICER", True),
        ("VENDOR_API_KEY", True),
        ("PATH", False),
        ("LD_PRELOAD", False),
        ("PYTHONPATH", False),
        ("HTTPS_PROXY", False),
        ("lower_case", False),
        ("A=B", False),
    ],
)
def test_only_a_plain_variable_that_does_not_change_the_run_carries_a_credential(
    name: str, allowed: bool
) -> None:
    assert (credential_problem(name) is None) is allowed
