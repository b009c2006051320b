"""The reference system fuzzed against its own OpenAPI contract (schemathesis): whatever a client
sends, the server answers without a server error and as its contract says.

The example count is bounded and derandomised so CI stays fast and a failure reproduces.

Each operation's Hypothesis test (with its coverage cases) is built when its test runs, with
the builder schemathesis's pytest plugin calls (pinned in constraints.txt), not at collection as
the plugin builds all 44: every pytest-xdist worker collects the whole suite, and building them
cost each ~2 CPU-s before any test ran. Each operation's test now has an id of its own.
"""

from __future__ import annotations

import tempfile
import unittest
from functools import cache
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.generation.feedback import FeedbackSources
from schemathesis.pytest._test_builder import build_operation_test
from schemathesis.pytest.plugin import SchemaHandleMark
from schemathesis.python._constants.orchestrator import make_constants_value_source

from firewall_conformance.reference.app import create_app

EXAMPLES_PER_OPERATION = 15
TOKENS = {"officer": "fuzz-officer", "auditor": "fuzz-auditor", "ie-officer": "fuzz-ie-officer"}


# Loaded at collection, for the operations' names (~0.5 CPU-s): schemathesis's lazy fixture
# loader does not work with this pytest.
_DATABASE = tempfile.TemporaryDirectory(prefix="fwc-fuzz-")
schema = schemathesis.openapi.from_asgi(
    "/openapi.json", create_app(Path(_DATABASE.name) / "rms.sqlite3", TOKENS)
)
OPERATIONS = [result.ok().label for result in schema.get_all_operations()]


@schema.auth()
class OfficerToken:
    """The officer's bearer token, left out where a negative example drops the credentials."""

    def get(self, case: schemathesis.Case, context: object) -> str:
        return TOKENS["officer"]

    def set(self, case: schemathesis.Case, data: str, context: object) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def _keeps_its_contract(case: schemathesis.Case) -> None:
    case.call_and_validate(
        # An id that names nothing stored is schema-valid but answered 422 (errors.py says why);
        # no stateless example can know which ids exist.
        excluded_checks=[schemathesis.checks.positive_data_acceptance],
    )


# What `@schema.parametrize()` makes of the test (its own copy of the schema, and a hook
# dispatcher), under a name pytest does not collect: each operation's test is built from it.
_parametrized = schema.parametrize()(_keeps_its_contract)
_parametrized_schema = SchemaHandleMark.get(_parametrized)


@cache
def _feedback() -> FeedbackSources:
    """What schemathesis's pytest plugin hands every operation's test: constants read from the
    application, once."""
    return FeedbackSources(constants_value_source=make_constants_value_source(_parametrized_schema))


@pytest.mark.parametrize("operation", OPERATIONS)
def test_reference_api_keeps_its_contract(operation: str) -> None:
    found = _parametrized_schema.find_operation_by_label(operation)
    assert found is not None, operation
    examples = build_operation_test(
        config=_parametrized_schema.config,
        operation=found,
        test_func=_parametrized,
        given_kwargs={},
        feedback=_feedback(),
    )
    try:
        examples()
    except unittest.SkipTest as exc:  # pytest would report it skipped: no example was tried
        pytest.fail(f"{operation}: no example could be made ({exc})")
