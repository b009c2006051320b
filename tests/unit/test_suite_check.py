import shutil

from firewall_conformance.obligations.catalogue import load_catalogue
from firewall_conformance.scenario_suite.consistency import check_suite
from firewall_conformance.scenario_suite.files import suite_root

CATALOGUE = load_catalogue()
ALL = ["FW-01", "FW-02", "FW-03", "FW-04"]


def _suite(tmp_path, extra: str | None = None):
    features = tmp_path / "features"
    shutil.copytree(suite_root() / "features", features)
    if extra is not None:
        (features / "extra.feature").write_text(extra, encoding="utf-8")
    return check_suite(features, CATALOGUE, ALL)


def test_shipped_suite_is_clean_and_covers_every_obligation(tmp_path):
    inventory = _suite(tmp_path)
    assert inventory.problems == []
    assert all(inventory.covering(o) for o in ALL)
    # One test per scenario, but two for the FW-07 outline (the victim and the witness).
    assert inventory.expected_tests == len(inventory.scenarios) + 1 >= 5


def test_misspelled_scenario_keyword_is_caught(tmp_path):
    inventory = _suite(tmp_path, "Feature: x\n  Scenari: lost\n    Given something\n")
    assert any("extra.feature" in p and "misspelled keyword" in p for p in inventory.problems)


def test_unknown_and_malformed_obligation_tags_are_caught(tmp_path):
    inventory = _suite(
        tmp_path,
        "Feature: x\n\n  @FW-99\n  Scenario: a\n    Given y\n\n  @FW-1\n  Scenario: b\n    Given y\n",
    )
    assert any("extra.feature:4: tagged FW-99" in p for p in inventory.problems)
    assert any("extra.feature:8: tag @FW-1 is not of the form" in p for p in inventory.problems)
    assert any("'b' is tagged with no obligation" in p for p in inventory.problems)


def test_in_scope_obligation_without_scenario_is_caught(tmp_path):
    features = tmp_path / "features"
    shutil.copytree(suite_root() / "features", features)
    (features / "status_checks.feature").unlink()
    inventory = check_suite(features, CATALOGUE, ALL)
    assert inventory.problems == ["obligation FW-02 is in scope but no scenario tests it"]


def test_outline_rows_count_as_tests(tmp_path):
    outline = (
        "Feature: x\n  @FW-01\n  Scenario Outline: <n>\n    Given <n>\n"
        "    Examples:\n      | n |\n      | 1 |\n      | 2 |\n"
    )
    base = _suite(tmp_path / "a")
    extended = _suite(tmp_path / "b", outline)
    assert extended.expected_tests == base.expected_tests + 2


def test_a_live_scenario_must_say_which_capabilities_it_needs(tmp_path):
    inventory = _suite(
        tmp_path,
        "Feature: x\n\n  @FW-01\n  Scenario: a\n    Given y\n\n"
        "  @FW-01 @needs-seed-case @needs-teleport\n  Scenario: b\n    Given y\n",
    )
    assert any("extra.feature:4: scenario 'a' has no @needs-" in p for p in inventory.problems), (
        inventory.problems
    )
    assert any(
        "extra.feature:8: tag @needs-teleport names no capability" in p for p in inventory.problems
    ), inventory.problems


def test_the_plan_reads_what_each_scenario_needs(tmp_path):
    inventory = _suite(tmp_path)
    by_name = {s.name: s for s in inventory.scenarios}
    outbound = by_name[
        "Outbound feeds to immigration enforcement carry nothing about victims or witnesses"
    ]
    assert outbound.needs == ("seed-case", "outbound")
    everything = frozenset(n for s in inventory.scenarios for n in s.needs)
    assert outbound.plants(everything)
    assert not outbound.plants(everything - {"outbound"})
    assert not any(s.plants(everything) for s in inventory.scenarios if s.bundle)


def test_a_scenario_tagged_reads_only_may_need_nothing_that_writes(tmp_path):
    inventory = _suite(
        tmp_path,
        "Feature: x\n\n  @FW-01 @reads-only @needs-seed-case @needs-search\n  Scenario: a\n"
        "    Given y\n\n  @FW-01 @reads-only @needs-seed-case @needs-disclose\n"
        "  Scenario: b\n    Given y\n",
    )
    assert [p for p in inventory.problems if "extra.feature" in p] == [
        "extra.feature:8: tagged @reads-only but needs disclose, which write to the target"
    ], inventory.problems


def test_scenarios_that_only_read_run_read_only_and_plant_nothing_on_declared_persons(tmp_path):
    inventory = _suite(tmp_path)
    everything = frozenset(n for s in inventory.scenarios for n in s.needs)
    reading = [s for s in inventory.scenarios if s.runs_read_only(everything, declared=True)]
    assert reading and all(s.reads_only for s in reading)
    assert {o for s in reading for o in s.obligations} >= {"FW-03", "FW-05"}
    assert not any(s.plants(everything, declared=True) for s in reading)
    assert all(s.plants(everything) for s in reading)
