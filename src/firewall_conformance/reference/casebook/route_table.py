"""The casebook's plain renames (routes.yaml), read once: which api-v1 request each casebook
operation stands for."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from urllib.parse import quote

import yaml

_PARAMETER = re.compile(r"\{(\w+)\}")


def path_parameters(path: str) -> list[str]:
    """The names of a path template's {parameters}, in order."""
    return _PARAMETER.findall(path)


@dataclass(frozen=True)
class Rename:
    """One casebook operation and the api-v1 request behind it."""

    method: str
    path: str
    api_method: str
    api_path: str
    public: bool = False

    def api_target(self, values: dict[str, str]) -> str:
        """The api-v1 path with the casebook path's parameters filled in, percent-encoded."""
        return _PARAMETER.sub(lambda m: quote(values[m.group(1)], safe=""), self.api_path)


@cache
def renames() -> tuple[Rename, ...]:
    """Every rename in routes.yaml, in its order."""
    text = resources.files(__package__).joinpath("routes.yaml").read_text(encoding="utf-8")
    table = []
    for entry in yaml.safe_load(text)["routes"]:
        method, path = entry["casebook"].split(" ", 1)
        api_method, api_path = entry["api"].split(" ", 1)
        if set(path_parameters(api_path)) != set(path_parameters(path)):
            raise ValueError(f"routes.yaml: {entry['casebook']} and {entry['api']} differ in names")
        table.append(Rename(method, path, api_method, api_path, bool(entry.get("public"))))
    return tuple(table)
