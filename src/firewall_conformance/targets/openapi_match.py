"""Matching a system's OpenAPI operations to the requests a target profile declares, by method,
literal path words and field names (data/init_words.yaml), each match with a confidence.

A match is `certain` only when exactly one operation has the method, the number of path
parameters and every path word, with nothing closer; a tie is `uncertain`, no candidate is
`none`. Everything not certain is for a person to settle, never taken silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from firewall_conformance.inputs.documents import load_yaml

_METHODS = ("get", "put", "post", "delete", "patch")
_PARAMETER = re.compile(r"\{([^{}]+)\}")
_VERSION_WORD = re.compile(r"^(api|rest|v\d+(\.\d+)*)$")
_MAX_DEPTH = 6


@cache
def init_words() -> dict[str, Any]:
    path = Path(str(resources.files("firewall_conformance.data").joinpath("init_words.yaml")))
    return load_yaml(path, "init_words")


def _word(word: str) -> str:
    """A path word without a plural `s` (persons -> person, bases -> base, basis kept)."""
    word = word.lower()
    return word[:-1] if word.endswith("s") and not word.endswith(("ss", "is", "us")) else word


def _name(name: str) -> str:
    """A field name compared loosely: givenName, given_name and given-name are alike."""
    return re.sub(r"[\s_\-]", "", name).lower()


@dataclass(frozen=True)
class Endpoint:
    """One operation of the document, with the field names of its request and answer."""

    method: str
    path: str
    operation_id: str
    body: dict[str, Any]  # request body schema (resolved)
    query: dict[str, bool]  # query parameter -> required
    answer: dict[str, Any]  # success answer schema (resolved)
    media: tuple[str, ...] = ()  # the success answer's media types, lower case

    @property
    def params(self) -> list[str]:
        return _PARAMETER.findall(self.path)

    @property
    def words(self) -> set[str]:
        literal = _PARAMETER.sub("", self.path)
        return {
            _word(w) for w in re.split(r"[/\-_.]+", literal) if w and not _VERSION_WORD.match(w)
        }


class Schemas:
    """Local `$ref`s resolved, `allOf` merged and a nullable `anyOf` unwrapped, to a depth."""

    def __init__(self, document: dict[str, Any]) -> None:
        self._document = document

    def resolve(self, schema: Any, depth: int = 0) -> dict[str, Any]:
        if not isinstance(schema, dict) or depth > _MAX_DEPTH:
            return {}
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/"):
            target: Any = self._document
            for part in ref[2:].split("/"):
                target = target.get(part) if isinstance(target, dict) else None
            return self.resolve(target, depth + 1)
        if "allOf" in schema:
            merged: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
            for listed in schema["allOf"]:
                resolved = self.resolve(listed, depth + 1)
                merged["properties"].update(resolved.get("properties", {}))
                merged["required"] += resolved.get("required", [])
            return merged
        for choice in ("anyOf", "oneOf"):
            options = [self.resolve(o, depth + 1) for o in schema.get(choice, [])]
            options = [o for o in options if o.get("type") != "null"]
            if options:
                return options[0]
        return schema

    def properties(self, schema: Any) -> dict[str, Any]:
        return self.resolve(schema).get("properties", {}) or {}


def endpoints(document: dict[str, Any]) -> list[Endpoint]:
    """Every operation the document lists."""
    schemas = Schemas(document)
    found = []
    for path, item in document["paths"].items():
        if not isinstance(item, dict) or not str(path).startswith("/"):
            continue
        for method in _METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            parameters = [
                schemas.resolve(p)
                for p in [*item.get("parameters", []), *operation.get("parameters", [])]
            ]
            content = schemas.resolve(operation.get("requestBody")).get("content", {})
            body = schemas.resolve(_json_schema(content))
            answers = operation.get("responses", {}) or {}
            success: Any = next((answers[s] for s in sorted(answers) if str(s).startswith("2")), {})
            answered = schemas.resolve(success).get("content", {})
            answer = schemas.resolve(_json_schema(answered))
            found.append(
                Endpoint(
                    method.upper(),
                    str(path),
                    str(operation.get("operationId", "")),
                    body,
                    {
                        str(p.get("name")): bool(p.get("required"))
                        for p in parameters
                        if p.get("in") == "query"
                    },
                    answer,
                    tuple(str(m).lower() for m in answered) if isinstance(answered, dict) else (),
                )
            )
    return found


def _json_schema(content: Any) -> Any:
    if not isinstance(content, dict):
        return None
    for media, spec in content.items():
        if "json" in media and isinstance(spec, dict):
            return spec.get("schema")
    return None


@dataclass
class Match:
    """The operation matched to one request of the profile, or none, and how sure."""

    request: str  # capability or capability.operation
    confidence: str  # certain, uncertain, none
    endpoint: Endpoint | None
    others: list[Endpoint] = field(default_factory=list)


def match(request: str, spec: dict[str, Any], found: list[Endpoint]) -> Match:
    """The operation that best fits one request of the profile."""
    words = {_word(w) for w in spec["words"]}
    params = spec.get("params", [])
    candidates = [
        e
        for e in found
        if e.method == spec["method"] and len(e.params) == len(params) and words <= e.words
    ]
    if not candidates:
        return Match(request, "none", None)
    closeness = {e.path: len(e.words - words) for e in candidates}
    best = min(closeness.values())
    closest = [e for e in candidates if closeness[e.path] == best]
    others = [e for e in candidates if e is not closest[0]]
    return Match(request, "certain" if len(closest) == 1 else "uncertain", closest[0], others)


def field_for(name: str, values: list[str]) -> str | None:
    """The harness placeholder among `values` a field of this name carries, if any."""
    synonyms = init_words()["synonyms"]
    for value in values:
        if _name(name) in {_name(s) for s in synonyms.get(value, [value])}:
            return value
    return None


def named(candidates: list[str], names: list[str]) -> str | None:
    """The first of `names` that is one of `candidates`, compared loosely."""
    wanted = [_name(c) for c in candidates]
    for candidate in wanted:
        for name in names:
            if _name(name) == candidate:
                return name
    return None
