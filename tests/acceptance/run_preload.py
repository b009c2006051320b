"""What the fork server of forked_runs.py imports once, before it forks any run.

Every module a run of the tool imports, those its dependencies import only when a run starts
(pytest's plugins, pytest-bdd's and Allure's, uvicorn's loop and protocols; ~0.1 CPU-s a run)
among them, except those that read the process's state when they are imported: `cli/` makes its rich consoles at import (their width, colours and terminal
detection come from the environment and standard streams of that moment), so each run
imports it afresh, as do the step definitions and the suite's conftest, which pytest loads by
path inside the run. Spark's modules are for the Spark tests, which run in the test process.

A fork copies only the thread that forks: a preload that started a thread would leave each run
with a lock nobody can release, so the import fails the fork server instead.
"""

from __future__ import annotations

import importlib
import pkgutil
import threading

import allure_pytest_bdd.plugin  # noqa: F401 (preloaded: the run's Allure listener plugin)
import anyio._backends._asyncio  # noqa: F401 (the reference's thread pool for its handlers)
import h11  # noqa: F401 (the reference's HTTP parser)
import pytest  # noqa: F401 (preloaded: the run's in-process pytest)
import pytest_bdd.plugin  # noqa: F401 (the scenario binding; imports mako and pygments, ~0.25 CPU-s)
import uvicorn.lifespan.on
import uvicorn.loops.asyncio
import uvicorn.loops.auto
import uvicorn.protocols.http.auto
import uvicorn.protocols.websockets.auto  # noqa: F401 (what uvicorn picks at the reference's start)
from _pytest.config import default_plugins

import firewall_conformance
from firewall_conformance.reference.app import openapi_document

IMPORTED_BY_EACH_RUN = ("firewall_conformance.cli", "firewall_conformance.__main__")


def _preloadable(name: str) -> bool:
    return not name.startswith(IMPORTED_BY_EACH_RUN) and ".spark" not in name


# pytest's own plugins, which every in-process pytest of a run loads.
for plugin in default_plugins:
    importlib.import_module(f"_pytest.{plugin}")

for module in pkgutil.walk_packages(firewall_conformance.__path__, "firewall_conformance."):
    if _preloadable(module.name):
        importlib.import_module(module.name)

# Made once a process: every run forked from here would otherwise make it again (~0.2 CPU-s).
openapi_document()

if threading.active_count() != 1:
    raise RuntimeError(
        f"preloading started threads ({threading.enumerate()}); forking would copy their locks"
    )
