"""junit.xml for CI: one test case per obligation, then one per scenario.

Breach is a <failure>; inconclusive is an <error> (the run could not tell); not tested is
<skipped>. Each case carries the obligation's basis as a property, so a CI view shows
whether a failure is of a statute or of an adopted policy, and one "not examined" property
for each thing its checks could not examine, so a pass is not read as covering it. pytest's own JUnit names tests the Python way and reports broken as failed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from firewall_conformance.model.results import RunResult, ScenarioOutcome, Verdict
from firewall_conformance.reporting.wording import BASIS_MEANING
from firewall_conformance.wording.control_characters import visible

_OBLIGATION_STATE = {
    Verdict.BREACH: "failure",
    Verdict.INCONCLUSIVE: "error",
    Verdict.NOT_TESTED: "skipped",
}
_SCENARIO_STATE = {
    ScenarioOutcome.BREACH: "failure",
    ScenarioOutcome.INCONCLUSIVE: "error",
    ScenarioOutcome.NOT_TESTED: "skipped",
}


def _case(
    suite: ET.Element,
    classname: str,
    name: str,
    seconds: float,
    state: str | None,
    reason: str,
    basis: str,
    not_examined: list[str],
) -> None:
    # A target's words reach `reason`: a control character in them would make the file unreadable.
    name, reason = visible(name), visible(reason)
    case = ET.SubElement(suite, "testcase", classname=classname, name=name, time=f"{seconds:.3f}")
    properties = ET.SubElement(case, "properties")
    ET.SubElement(properties, "property", name="basis", value=BASIS_MEANING.get(basis, basis))
    for item in not_examined:
        ET.SubElement(properties, "property", name="not examined", value=visible(item))
    if state is not None:
        ET.SubElement(case, state, message=reason[:500]).text = reason


def _suite(root: ET.Element, name: str, states: list[str | None], seconds: float) -> ET.Element:
    return ET.SubElement(
        root,
        "testsuite",
        name=name,
        tests=str(len(states)),
        failures=str(states.count("failure")),
        errors=str(states.count("error")),
        skipped=str(states.count("skipped")),
        time=f"{seconds:.3f}",
    )


def render(result: RunResult) -> bytes:
    root = ET.Element("testsuites", name=f"firewall-conformance {result.headline}")
    scenarios = [s for o in result.obligations for s in o.scenarios]
    seconds = sum(s.duration_seconds for s in scenarios)
    states = [_OBLIGATION_STATE.get(o.verdict) for o in result.obligations]
    suite = _suite(root, "obligations", states, seconds)
    for o, state in zip(result.obligations, states, strict=True):
        duration = sum(s.duration_seconds for s in o.scenarios)
        _case(
            suite,
            f"obligations.{o.obligation.group}",
            f"{o.obligation.id} {o.obligation.title}",
            duration,
            state,
            o.reason,
            o.basis,
            o.not_examined,
        )
    states = [_SCENARIO_STATE.get(s.outcome) for o in result.obligations for s in o.scenarios]
    suite = _suite(root, "scenarios", states, seconds)
    for o in result.obligations:
        for s in o.scenarios:
            _case(
                suite,
                f"scenarios.{o.obligation.id}",
                s.name,
                s.duration_seconds,
                _SCENARIO_STATE.get(s.outcome),
                s.reason,
                o.basis,
                s.not_examined,
            )
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
