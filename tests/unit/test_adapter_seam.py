"""The adapter seam: interfaces per capability group, a base that answers CapabilityMissing for
whatever an adapter does not provide, and the run asking a target what it provides instead of
checking which class it is."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from firewall_conformance.model.outcomes import CapabilityMissing
from firewall_conformance.targets.adapter import Adapter
from firewall_conformance.targets.base import AuditSource, Group, HeldExports, LiveSystem, Target
from firewall_conformance.targets.http import HttpTarget
from firewall_conformance.targets.offline import OfflineTarget

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "firewall_conformance"
# What every target answers whatever it provides: not capabilities, so never CapabilityMissing.
CORE = {"capabilities", "provides", "reachable", "secrets_to_mask", "run_notes", "close"}


def _methods(interface: type) -> list[str]:
    return sorted(
        name
        for name, value in inspect.getmembers(interface, inspect.isfunction)
        if not name.startswith("_")
    )


def _only_raises_capability_missing(function: ast.FunctionDef) -> bool:
    body = [
        s
        for s in function.body
        if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
    ]
    return (
        len(body) == 1
        and isinstance(body[0], ast.Raise)
        and isinstance(body[0].exc, ast.Call)
        and getattr(body[0].exc.func, "id", None) == "CapabilityMissing"
    )


def test_the_offline_adapter_writes_no_stub_for_what_a_bundle_cannot_do():
    tree = ast.parse((PACKAGE / "targets" / "offline.py").read_text(encoding="utf-8"))
    stubs = [
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and _only_raises_capability_missing(node)
    ]
    assert stubs == [], f"the offline adapter still writes stubs: {stubs}"
    own = set(vars(OfflineTarget))
    assert own.isdisjoint(_methods(LiveSystem)), own & set(_methods(LiveSystem))


class _Placeholder(str):
    """An argument of any type: a string whose every attribute is a string too."""

    def __getattr__(self, name: str) -> str:
        return "placeholder"


def _call_with_placeholders(target: Target, name: str) -> None:
    method = getattr(target, name)
    required = [
        p
        for p in inspect.signature(method).parameters.values()
        if p.default is inspect.Parameter.empty and p.kind is not p.VAR_POSITIONAL
    ]
    method(*[_Placeholder("placeholder") for _ in required])


def test_an_adapter_that_provides_nothing_answers_capability_missing_for_every_capability():
    class Nothing(Adapter):
        kind = "nothing"

    target = Nothing()
    asked = [n for n in _methods(Target) if n not in CORE]
    assert len(asked) > 30, asked  # the whole interface, domain operations included
    for name in asked:
        with pytest.raises(CapabilityMissing) as caught:
            _call_with_placeholders(target, name)
        assert "nothing" in str(caught.value), (name, str(caught.value))
    assert target.capabilities() == frozenset()
    assert not any(target.provides(group) for group in Group)
    assert target.secrets_to_mask() == [] and target.run_notes() == []
    target.close()  # holds nothing, so closes without a word


def test_each_adapter_says_which_groups_it_provides():
    assert HttpTarget.groups == {Group.LIVE_SYSTEM, Group.AUDIT_SOURCE}
    assert OfflineTarget.groups == {Group.HELD_EXPORTS, Group.AUDIT_SOURCE}
    for group, interface in [
        (Group.LIVE_SYSTEM, LiveSystem),
        (Group.AUDIT_SOURCE, AuditSource),
        (Group.HELD_EXPORTS, HeldExports),
    ]:
        assert set(_methods(interface)) <= set(_methods(Target)), group


def _python_files() -> list[Path]:
    return [
        *PACKAGE.rglob("*.py"),
        *(ROOT / "steps").glob("*.py"),
        ROOT / "conftest.py",
        *(ROOT / "tests").rglob("*.py"),
    ]


def test_nothing_outside_the_adapters_imports_exchange_from_the_http_adapter():
    offenders = []
    for path in _python_files():
        if path.is_relative_to(PACKAGE / "targets"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module == "firewall_conformance.targets.http"
                and any(alias.name == "Exchange" for alias in node.names)
            ):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
    from firewall_conformance.model.evidence import Exchange

    assert Exchange.__module__ == "firewall_conformance.model.evidence"


def test_the_run_asks_a_target_what_it_provides_instead_of_checking_its_class():
    adapters = {"HttpTarget", "OfflineTarget"}
    checks = []
    for path in [
        PACKAGE / "run" / "runner.py",
        PACKAGE / "run" / "pytest_hooks.py",
        ROOT / "conftest.py",
        *(ROOT / "steps").glob("*.py"),
    ]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "isinstance"
                and {n.id for n in ast.walk(node.args[1]) if isinstance(n, ast.Name)} & adapters
            ):
                checks.append(f"{path.name}:{node.lineno}")
    assert checks == []
