"""A failed check as a non-engineer reads it in the Allure report: the plain-English reason,
and the traceback moved to an attachment for engineers.

allure-pytest-bdd puts the exception's text and pytest's traceback into each failed result
and step. The traceback's frame arguments carry the harness's state — the target's answers and
the planted people in them — and its paths name temporary folders. What stays for engineers is
where it happened: each frame's file (from the package or suite folder on), line, function and
source line, and the exception's type. Its message is not repeated there: a harness outcome's
message is the plain-English reason shown with the check, and any other exception's message
may quote the target.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path, PurePosixPath
from typing import Any

TRACEBACK = "Traceback (for engineers)"

# The harness's outcomes carry a plain-English reason by design (model/outcomes.py); so does a skip.
_PLAIN = re.compile(
    r"^(?:firewall_conformance\.model\.outcomes\.(?:Breach|Inconclusive|CapabilityMissing)"
    r"|(?:_pytest\.outcomes\.)?Skipped): "
)
_EXCEPTION_TYPE = re.compile(r"^\s*([A-Za-z_][\w.]*)(?::|\s*$)")
# Python's own traceback: `File "path", line N, in function`, then the source line.
_NATIVE_FRAME = re.compile(
    r'^\s*File "(?P<path>[^"]+)", line (?P<line>\d+), in (?P<function>\S+)\n'
    r"(?:(?P<source>    \s*[^\s^~].*)\n)?",
    re.MULTILINE,
)
# pytest's own layout: `path:N: in function` after each frame's source.
_PYTEST_FRAME = re.compile(
    r"^(?P<path>\S[^\n]*?\.py):(?P<line>\d+): in (?P<function>\S+)$", re.MULTILINE
)
# Where a path stops being about this machine and starts being about the code.
_ANCHORS = ("firewall_conformance", "steps", "features", "_pytest", "pytest_bdd", "pluggy")
# The test runner's own frames, which come before the suite's: noise to an engineer.
_RUNNER = ("_pytest/", "pluggy/", "pytest_bdd/", "allure", "schemathesis/")


def _where(path: str) -> str:
    """The path from the package or suite folder on, or from site-packages; else the name."""
    parts = PurePosixPath(path.replace("\\", "/")).parts
    if "site-packages" in parts:
        return "/".join(parts[len(parts) - parts[::-1].index("site-packages") :])
    for anchor in _ANCHORS:
        if anchor in parts:
            return "/".join(parts[len(parts) - 1 - parts[::-1].index(anchor) :])
    return parts[-1] if parts else "?"


def exception_type(message: str) -> str:
    found = _EXCEPTION_TYPE.match(message or "")
    return found.group(1).rsplit(".", 1)[-1] if found else "an exception"


def plain_message(message: str) -> str:
    """The reason a reader is shown: a harness outcome's own text, else what kind of error."""
    if _PLAIN.match(message or ""):
        return _PLAIN.sub("", message, count=1).strip()
    return (
        f"The harness hit an unexpected error ({exception_type(message)}); nothing can be "
        f"concluded. Where it happened is in the attachment '{TRACEBACK}'."
    )


def _from_the_suite_on(listed: list[str]) -> list[str]:
    """The frames after the test runner's last one: where the suite's own code failed."""
    runner = [i for i, frame in enumerate(listed) if frame.startswith(_RUNNER)]
    kept = listed[runner[-1] + 1 :] if runner else listed
    return kept or listed


def frames(trace: str) -> list[str]:
    """Each frame as file, line, function and source line; nothing else from the trace."""
    native = [
        f"{_where(m['path'])}, line {m['line']}, in {m['function']}"
        + (f"\n    {m['source'].strip()}" if m["source"] else "")
        for m in _NATIVE_FRAME.finditer(trace)
    ]
    if native:
        return native
    return [
        f"{_where(m['path'])}, line {m['line']}, in {m['function']}"
        for m in _PYTEST_FRAME.finditer(trace)
    ]


def engineer_trace(message: str, trace: str) -> str:
    listed = _from_the_suite_on(frames(trace))
    return (
        f"{exception_type(message)} raised; innermost frame last.\n\n"
        + ("\n".join(listed) if listed else "(no frame could be read from the traceback)")
        + "\n"
    )


def separate(document: dict[str, Any], results_dir: Path) -> None:
    """Give each failed result and step its plain reason; move the tracebacks to one
    attachment on the result (a step's and the result's are usually the same)."""
    traces: list[str] = []

    def visit(node: dict[str, Any]) -> None:
        details = node.get("statusDetails") or {}
        message, trace = details.get("message") or "", details.pop("trace", None)
        if message or trace:
            details["message"] = plain_message(message)
            node["statusDetails"] = details
        if trace:
            text = engineer_trace(message, trace)
            if text not in traces:
                traces.append(text)
        for step in node.get("steps", []):
            visit(step)

    visit(document)
    if traces:
        source = f"{uuid.uuid4()}-attachment.txt"
        (results_dir / source).write_text("\n".join(traces), encoding="utf-8")
        document.setdefault("attachments", []).append(
            {"name": TRACEBACK, "source": source, "type": "text/plain"}
        )
