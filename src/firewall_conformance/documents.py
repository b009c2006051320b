"""Loading YAML data files against their JSON Schemas, with errors that say what and where.

Catalogue, target profiles (and later waivers and bundle profiles) are all data written by
people; a mistake in one must be reported with the file and the key path, never as a traceback.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml


class InvalidDocument(Exception):
    """A data file that cannot be used; the message names the file and the offending key."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))


@cache
def schema(name: str) -> dict[str, Any]:
    """The packaged JSON Schema `name` (e.g. ``"profile"``)."""
    text = resources.files("firewall_conformance.data.schemas").joinpath(f"{name}.schema.json")
    return json.loads(text.read_text(encoding="utf-8"))


def key_path(error: jsonschema.ValidationError) -> str:
    parts = [str(p) if not isinstance(p, int) else f"[{p}]" for p in error.absolute_path]
    return ".".join(parts).replace(".[", "[") or "(top level)"


def validate(document: Any, schema_name: str, source: str) -> None:
    """Raise InvalidDocument listing every schema violation as `key.path: message`."""
    validator = jsonschema.Draft202012Validator(schema(schema_name))
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    if errors:
        raise InvalidDocument(source, [f"at {key_path(e)}: {e.message}" for e in errors])


def load_yaml(path: Path, schema_name: str) -> dict[str, Any]:
    """Parse and validate one YAML file; syntax errors report line and column."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidDocument(source, [f"cannot be read ({exc.strerror})"]) from exc
    except UnicodeDecodeError as exc:
        raise InvalidDocument(source, [f"is not UTF-8 text (byte {exc.start})"]) from exc
    try:
        document = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown position"
        raise InvalidDocument(source, [f"is not valid YAML at {where}: {exc.problem}"]) from exc
    validate(document, schema_name, source)
    return document
