"""Loading YAML data files against their JSON Schemas, with errors that say what and where.

Catalogue, target profiles, waivers, personas and bundle profiles are all data written by
people; a mistake in one must be reported with the file and the key path, never as a traceback.

Every YAML file the harness reads goes through `parse_yaml`, which bounds what aliases expand
to: an alias is how a few hundred bytes become gigabytes ("billion laughs"). Aliases are bounded
rather than refused because YAML writers, PyYAML's own among them, emit an anchor and alias for
any value used twice, so a machine-written profile may hold a few harmlessly.
"""

from __future__ import annotations

import json
from collections.abc import Hashable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from firewall_conformance.inputs.regular_files import NotReadable, read_regular
from firewall_conformance.inputs.schema_messages import describe

if TYPE_CHECKING:
    import jsonschema

# Far above any real profile, catalogue or personas file; a file larger is refused unread.
MAX_YAML_BYTES = 4 * 1024**2
# What aliases may add in all: ample for values written twice, far short of a bomb.
MAX_ALIAS_NODES = 10_000


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
    # Imported here, not with the module: the scanner's worker processes read vocabulary YAML
    # through this module but validate nothing, and jsonschema takes a tenth of a second.
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema(schema_name))
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    if errors:
        # A schema that states one rule in several branches reports it once per branch.
        said = dict.fromkeys(f"at {key_path(e)}: {describe(e)}" for e in errors)
        raise InvalidDocument(source, list(said))


try:  # libyaml's scanner and parser: six times faster than PyYAML's, where it was built with them
    from yaml._yaml import CParser as _Events
except ImportError:

    class _Events(Reader, Scanner, Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)


class _BoundedAliasLoader(Composer, _Events, SafeConstructor, Resolver):
    """The safe loader, refusing a document whose aliases would expand past MAX_ALIAS_NODES.
    The events may come from libyaml; the nodes are always composed here, in Python, as only
    here are aliases counted (the C loader composes them itself)."""

    def __init__(self, stream: str) -> None:
        _Events.__init__(self, stream)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self._sizes: dict[int, int] = {}
        self._expanded = 0

    def _size(self, node: yaml.Node) -> int:
        """Nodes in `node` with every alias in it expanded (memoised: shared nodes are many)."""
        known = self._sizes.get(id(node))
        if known is not None:
            return known
        if isinstance(node, yaml.MappingNode):
            size = 1 + sum(self._size(k) + self._size(v) for k, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            size = 1 + sum(self._size(item) for item in node.value)
        else:
            size = 1
        self._sizes[id(node)] = size
        return size

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        """A mapping that names no key twice: YAML readers differ on which one counts (PyYAML
        keeps the last), so a profile with two `target:` keys can show its reader one address
        and send the run to another. A merge (`<<`) may still be overridden."""
        seen: set[Hashable] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, Hashable) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"it gives the key {str(key)[:60]!r} twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep)

    def compose_node(self, parent: Any, index: Any) -> Any:
        aliased = self.check_event(yaml.AliasEvent)
        alias: Any = self.peek_event() if aliased else None
        node = super().compose_node(parent, index)
        if alias is not None and node is not None:
            self._expanded += self._size(node)
            if self._expanded > MAX_ALIAS_NODES:
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    f"its aliases expand to more than {MAX_ALIAS_NODES} values; refused as a "
                    "likely alias bomb",
                    alias.start_mark,
                )
        return node


def parse_yaml(text: str, source: str) -> Any:
    """Parse YAML with bounded aliases; syntax errors report line and column."""
    loader = _BoundedAliasLoader(text)
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown position"
        raise InvalidDocument(source, [f"is not valid YAML at {where}: {exc.problem}"]) from exc
    finally:
        loader.dispose()


def _read_text(path: Path, source: str) -> str:
    """The file's text, if it is a regular file under the size cap (never a named pipe, whose
    opening waits for ever, or a device such as /dev/zero)."""
    try:
        data = read_regular(path, MAX_YAML_BYTES, follow=True)
    except NotReadable as exc:
        raise InvalidDocument(source, [f"{exc.problem}; refused unread"]) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidDocument(source, [f"is not UTF-8 text (byte {exc.start})"]) from exc


def load_yaml(path: Path, schema_name: str) -> Any:
    """Parse and validate one YAML file of at most MAX_YAML_BYTES; its shape is the schema's
    (a mapping or a list)."""
    source = str(path)
    document = parse_yaml(_read_text(path, source), source)
    validate(document, schema_name, source)
    return document
