"""Writing a changed taxonomy into the text of the file it was read from, touching only what changed.

A tag that did not change keeps its lines byte for byte (wrapped descriptions, comments, quoting);
in a tag that did, only the keys whose value changed are rewritten, one line each. So renaming one
tag is a diff of that tag's ``id`` line and its children's ``parent`` lines, and git merges stay
quiet. Whatever the edit, the text is parsed back and must say exactly the new taxonomy; if it
does not (a layout this does not understand), the caller writes the canonical form instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import yaml

from annotate.core.errors import AnnotateError
from annotate.core.model import Tag, Taxonomy
from annotate.core.yamlio import load_yaml, mapping_child, yaml_scalar


@dataclass
class _KeyLines:
    """One key of a tag in the old text: its own lines, then the blank or comment lines after it."""

    name: str
    own: list[str]
    tail: list[str]
    indent: str


@dataclass
class _Block:
    """One tag in the old text."""

    tag: Tag
    keys: list[_KeyLines] = field(default_factory=list)

    def text(self) -> str:
        return "".join("".join(key.own) + "".join(key.tail) for key in self.keys)


def keep_layout(
    previous: str,
    taxonomy: Taxonomy,
    parse: Callable[[str], Taxonomy],
    fields: tuple[str, ...],
    fresh: Callable[[Tag], str],
) -> str | None:
    """``previous`` edited to say ``taxonomy``, or None when it cannot be done safely.

    ``parse`` reads a taxonomy text (it validates); ``fields`` are a tag's keys in their written
    order; ``fresh`` writes a tag the old text does not have.
    """
    try:
        old_tags = parse(previous).tags
        loaded = load_yaml(previous, "taxonomy.yaml")
    except AnnotateError:
        return None
    tags_node = mapping_child(loaded.node, "tags")
    if not isinstance(tags_node, yaml.SequenceNode) or not tags_node.value or not taxonomy.tags:
        return None
    items = tags_node.value
    if len(items) != len(old_tags) or not all(isinstance(item, yaml.MappingNode) for item in items):
        return None
    lines = previous.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    starts = [item.start_mark.line for item in items]
    end = tags_node.end_mark.line + (1 if tags_node.end_mark.column else 0)
    blocks = [
        _block(old_tags[index], item, lines, starts[index], starts[index + 1] if index + 1 < len(items) else end)
        for index, item in enumerate(items)
    ]
    by_id = {block.tag.id: block for block in blocks}
    used: set[int] = set()
    written = []
    for position, tag in enumerate(taxonomy.tags):
        block = by_id.get(tag.id)
        if block is None and position < len(blocks) and blocks[position].tag.id not in {t.id for t in taxonomy.tags}:
            block = blocks[position]  # the same place, under a new id: a rename
        if block is None or id(block) in used:
            written.append(fresh(tag))
            continue
        used.add(id(block))
        written.append(block.text() if block.tag == tag else _edited(block, tag, fields))
    text = "".join(lines[: starts[0]]) + "".join(written) + "".join(lines[end:])
    try:
        if parse(text).tags != taxonomy.tags:
            return None
    except AnnotateError:
        return None
    return text


def _block(tag: Tag, item: yaml.MappingNode, lines: list[str], start: int, end: int) -> _Block:
    block = _Block(tag)
    pairs = item.value
    for index, (key_node, value_node) in enumerate(pairs):
        first = start if index == 0 else key_node.start_mark.line
        last = pairs[index + 1][0].start_mark.line if index + 1 < len(pairs) else end
        own_end = value_node.end_mark.line + (1 if value_node.end_mark.column else 0)
        own_end = min(max(own_end, first + 1), last)
        line = lines[key_node.start_mark.line]
        block.keys.append(
            _KeyLines(str(key_node.value), lines[first:own_end], lines[own_end:last], line[: key_node.start_mark.column])
        )
    return block


def _value(tag: Tag, name: str) -> str | None:
    return getattr(tag, name, None) or None


def _line(indent: str, name: str, value: str) -> str:
    return f"{indent}{name}: {yaml_scalar(value)}\n"


def _edited(block: _Block, tag: Tag, fields: tuple[str, ...]) -> str:
    # Keep every key whose value is unchanged; rewrite, drop or add the others, one line each.
    inner_indent = next((key.indent for key in block.keys[1:]), "  ")
    out: list[_KeyLines] = []
    present = set()
    for key in block.keys:
        present.add(key.name)
        new, old = _value(tag, key.name), _value(block.tag, key.name)
        if new == old:
            out.append(key)
        elif new is None:
            if out:
                out[-1].tail = out[-1].tail + key.tail
            # a dropped first key (never the id) would leave the dash behind: the caller's check refuses that
        else:
            out.append(_KeyLines(key.name, [_line(key.indent, key.name, new)], key.tail, key.indent))
    added = [_line(inner_indent, name, value) for name in fields if name not in present and (value := _value(tag, name))]
    if added and out:
        last = out[-1]
        out[-1] = _KeyLines(last.name, last.own + added, last.tail, last.indent)
    return "".join("".join(key.own) + "".join(key.tail) for key in out)
