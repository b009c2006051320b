"""Data files are parsed with YAML aliases bounded, within a size cap, and schema errors say
where and what was expected without repeating the value (issue 19: alias bombs)."""

from __future__ import annotations

import pytest
import yaml

from firewall_conformance.inputs.documents import (
    MAX_YAML_BYTES,
    InvalidDocument,
    load_yaml,
    parse_yaml,
)
from firewall_conformance.scenario_suite.files import reference_profile


def _bomb(levels: int, fan: int = 10) -> str:
    lines = ['a0: &a0 "lol"']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * fan)}]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_at_the_line_where_it_grows_too_large():
    with pytest.raises(InvalidDocument, match=r"line 5.*alias bomb") as caught:
        parse_yaml(_bomb(9), "bomb.yaml")
    assert len(str(caught.value)) < 300


def test_a_value_written_twice_as_yaml_writers_do_still_loads():
    text = yaml.safe_dump({"a": (shared := {"from": "2026-01-01"}), "b": shared})
    assert "*id001" in text
    assert parse_yaml(text, "ok.yaml") == {"a": shared, "b": shared}
    assert load_yaml(reference_profile(), "profile")["profile_version"] == 1


def test_a_key_given_twice_is_refused_with_its_line_but_a_merge_may_be_overridden(tmp_path):
    # Before: PyYAML kept the second `target:`, so a profile could show its reader one
    # address and send the run to another.
    path = tmp_path / "profile.yaml"
    path.write_text(
        reference_profile().read_text(encoding="utf-8")
        + "\ntarget:\n  name: elsewhere\n  base_url: https://evil.invalid\n",
        encoding="utf-8",
    )
    with pytest.raises(
        InvalidDocument, match=r"line \d+, column 1: it gives the key 'target' twice"
    ):
        load_yaml(path, "profile")
    merged = "base: &b {a: 1, b: 2}\nuse:\n  <<: *b\n  b: 3\n"
    assert parse_yaml(merged, "merged.yaml")["use"] == {"a": 1, "b": 3}


def test_a_file_over_the_size_cap_is_refused_unread(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# " + b"x" * MAX_YAML_BYTES + b"\n")
    with pytest.raises(InvalidDocument, match="too large"):
        load_yaml(path, "profile")


def test_a_schema_error_names_the_key_and_the_expectation_never_the_value(tmp_path):
    secret_like = "https://inspector:Sup3r-S3cret-Pw@rms.example.org bad"
    path = tmp_path / "profile.yaml"
    path.write_text(
        reference_profile()
        .read_text(encoding="utf-8")
        .replace("profile_version: 1", "profile_version: [" + ", ".join(["'v'"] * 500) + "]")
        .replace("base_url: http://127.0.0.1:8000", f"base_url: '{secret_like}'"),
        encoding="utf-8",
    )
    with pytest.raises(InvalidDocument) as caught:
        load_yaml(path, "profile")
    message = str(caught.value)
    assert "target.base_url" in message and "profile_version" in message
    assert "Sup3r-S3cret-Pw" not in message and "'v', 'v'" not in message
    assert len(message) < 600


def test_yaml_is_read_by_libyaml_where_pyyaml_was_built_with_it():
    # Before: PyYAML's own scanner read every data file, 0.2 s of every run.
    from firewall_conformance.inputs.documents import _BoundedAliasLoader

    reads_with_libyaml = yaml.__with_libyaml__ and issubclass(
        _BoundedAliasLoader, yaml._yaml.CParser
    )
    assert reads_with_libyaml == yaml.__with_libyaml__


def test_a_syntax_error_still_names_its_line_and_column():
    with pytest.raises(InvalidDocument, match=r"is not valid YAML at line 3, column 1"):
        parse_yaml("a: [1,\n  2\n", "broken.yaml")
