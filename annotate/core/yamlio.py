"""Safe, bounded YAML for the workspace's own files: read with line numbers, write one scalar at a time.

Reading composes the document first (no Python objects yet), refuses it when its size, node count
or alias-expanded size is out of bounds (an alias bomb fails fast), then constructs it with the safe
constructor. The composed nodes are kept so errors can name the line of the item at fault.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from annotate.core.errors import AnnotateError
from annotate.core.limits import MAX_YAML_BYTES, MAX_YAML_NODES, describe_size

# Bounds for one workspace file (stated in annotate.core.limits). A four-hour episode with
# thousands of annotations stays far below.
MAX_BYTES = MAX_YAML_BYTES
MAX_NODES = MAX_YAML_NODES
MAX_EXPANDED_NODES = 4_000_000
# Characters that may start a node, weighted by how many nodes each can start at most: counted
# before parsing (libyaml builds every node before any can be counted, at about 500 bytes each).
_NODE_STARTS = ((b"\n", 2), (b"- ", 1), (b"? ", 2), (b",", 3), (b"[", 3), (b"{", 3))

_NO_LIMIT = float("inf")
# libyaml's parser when PyYAML was built with it (same documents, same marks, many times faster).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Text that YAML writes as itself (a plain scalar) in a block mapping, checked before asking
# PyYAML's emitter, which is slow when called once per value.
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ,.;!?'()/_-]*")
_RESOLVER = yaml.resolver.Resolver()


@dataclass
class LoadedYaml:
    """A safely loaded document: its Python value and the composed node (for line numbers)."""

    value: Any
    node: yaml.Node | None


def node_line(node: yaml.Node | None) -> int | None:
    """The 1-based line where ``node`` starts (None without a node)."""
    return node.start_mark.line + 1 if node is not None else None


def mapping_child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    """The value node under ``key`` in a mapping node, or None."""
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return value_node
    return None


def load_yaml(text: str | bytes, path: str | Path) -> LoadedYaml:
    """Parse one YAML document safely within size bounds; errors name ``path`` and the line."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    if len(data) > MAX_BYTES:
        raise AnnotateError(f"file is too large to read ({describe_size(len(data))}; the limit is {describe_size(MAX_BYTES)})", path)
    possible_nodes = 1 + sum(data.count(start) * weight for start, weight in _NODE_STARTS)
    if possible_nodes > MAX_NODES:
        raise AnnotateError(f"document may hold more than {MAX_NODES} items; refusing to read it", path)
    loader = _LOADER(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.YAMLError as error:
            raise _yaml_error(error, path, text) from None
        if node is None:
            return LoadedYaml(None, None)
        _check_size(node, path)
        try:
            value = loader.construct_document(node)
        except yaml.YAMLError as error:
            raise _yaml_error(error, path) from None
        return LoadedYaml(value, node)
    finally:
        loader.dispose()


def _yaml_error(error: yaml.YAMLError, path: str | Path, text: str | bytes | None = None) -> AnnotateError:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = " ".join(str(getattr(error, "problem", None) or error).split())
    if isinstance(error, yaml.reader.ReaderError):
        # A character YAML does not allow (a NUL): say which, and on what line, in one line.
        character = error.character if isinstance(error.character, int) else ord(error.character)
        problem = f"unacceptable character #x{character:04x}: {error.reason}"
        if isinstance(text, str):
            line = text[: error.position].count("\n") + 1
    # PyYAML's problems may quote the file (a tag, a character); keep that short.
    problem = problem if len(problem) <= 80 else problem[:79] + "\u2026"
    return AnnotateError(f"not valid YAML: {problem}", path, line)


def _check_size(root: yaml.Node, path: str | Path) -> None:
    # Count distinct nodes, then the size the document would have with every alias expanded
    # (memoised, so a billion-laughs document costs as little to measure as it is to read).
    distinct: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in distinct:
            continue
        distinct.add(id(node))
        if len(distinct) > MAX_NODES:
            raise AnnotateError(f"document has more than {MAX_NODES} nodes; refusing to read it", path, node_line(node))
        stack.extend(_children(node))
    expanded: dict[int, int] = {}
    order = _post_order(root)
    for node in order:
        children = _children(node)
        if any(id(child) not in expanded for child in children):
            raise AnnotateError("document refers to itself through an alias; refusing to read it", path, node_line(node))
        expanded[id(node)] = 1 + sum(expanded[id(child)] for child in children)
    if expanded[id(root)] > MAX_EXPANDED_NODES:
        raise AnnotateError(
            f"document expands to {expanded[id(root)]} nodes through aliases (limit {MAX_EXPANDED_NODES}); "
            "refusing to read it (an alias bomb?)",
            path,
            node_line(root),
        )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _post_order(root: yaml.Node) -> list[yaml.Node]:
    # Children before parents, each node once; iterative, so deep documents cannot overflow the stack.
    seen: set[int] = set()
    order: list[yaml.Node] = []
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if children_done:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in seen)
    return order


_NEEDS_DOUBLE_QUOTES = frozenset("\n\r\t\x85\u2028\u2029")


def yaml_scalar(value: Any) -> str:
    """``value`` (a scalar or a list of scalars) as YAML on one line, quoted when it must be."""
    if isinstance(value, bool) or value is None:
        return "null" if value is None else ("true" if value else "false")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and _is_plain(value):
        return value
    style = '"' if isinstance(value, str) and any(char in _NEEDS_DOUBLE_QUOTES for char in value) else None
    text = yaml.safe_dump(value, allow_unicode=True, width=_NO_LIMIT, default_flow_style=True, default_style=style)
    if text.endswith("\n...\n"):
        text = text[: -len("\n...\n")]
    return text.rstrip("\n")


def _is_plain(text: str) -> bool:
    # Plain only when nothing in it means something else to YAML: no ': ' or ' #', no trailing
    # space, and it does not read back as a number, boolean or null.
    return (
        _PLAIN.fullmatch(text) is not None
        and not text.endswith(" ")
        and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"
    )


def migrate_schema(document: dict, schema_name: str, version_now: int, migrations: dict, path: str | Path, line: int) -> dict:
    """``document`` brought up to ``schema_name@version_now`` through ``migrations`` (version -> step).

    A document without a ``schema`` key is taken as current (hand-written files may leave it out);
    an unknown schema, a newer version or a missing step raises AnnotateError at ``line``.
    """
    schema = document.get("schema")
    if schema is None:
        return document
    match = re.fullmatch(re.escape(schema_name) + r"@(\d+)", str(schema).strip())
    if not match:
        raise AnnotateError(f"unknown schema {schema!r} (expected {schema_name}@{version_now})", path, line)
    version = int(match.group(1))
    if version > version_now:
        raise AnnotateError(
            f"written by a newer annotate (schema version {version}; this one reads up to {version_now})", path, line
        )
    while version < version_now:
        if version not in migrations:
            raise AnnotateError(f"no migration from schema version {version}", path, line)
        document = migrations[version](document)
        version += 1
    return document
