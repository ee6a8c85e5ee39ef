"""A small, safe XML reader for REFI-QDA files: elements with their line numbers, no DTDs or entities.

Built on expat directly so that every element knows its line (errors name ``entry:line``) and so
that a document type declaration, an entity declaration or an external entity, none of which
REFI-QDA uses, is refused before it can expand (the "billion laughs") or reach outside the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.parsers import expat

from annotate.core.errors import AnnotateError

# Deeper nesting than this is no codebook: refused rather than walked recursively.
MAX_DEPTH = 200
# More elements than this is no project annotate could hold (each becomes an object in memory).
MAX_ELEMENTS = 1_000_000


@dataclass
class Node:
    """One element: its local name, namespace, attributes, text, children and line."""

    name: str
    namespace: str
    attributes: dict[str, str]
    line: int
    children: list[Node] = field(default_factory=list)
    text_parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.text_parts)

    def all(self, name: str) -> list[Node]:
        """The children called ``name``."""
        return [child for child in self.children if child.name == name]

    def first(self, name: str) -> Node | None:
        """The first child called ``name``, or None."""
        return next((child for child in self.children if child.name == name), None)


class _Refused(Exception):
    pass


def parse_xml(data: bytes, entry: str) -> Node:
    """Parse ``data`` (the bytes of archive entry or file ``entry``) into a tree of :class:`Node`.

    Raises AnnotateError ``entry:line: reason`` for XML that is not well formed, has a DTD or
    entities, nests deeper than :data:`MAX_DEPTH` or holds more than :data:`MAX_ELEMENTS` elements.
    """
    parser = expat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[Node] = []
    root: list[Node] = []
    count = [0]

    def refuse(reason: str):
        def handler(*_arguments):
            raise _Refused(reason)

        return handler

    def start(name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition("}")
        node = Node(local, namespace, {key.rpartition("}")[2]: value for key, value in attributes.items()}, parser.CurrentLineNumber)
        if stack:
            stack[-1].children.append(node)
        else:
            root.append(node)
        stack.append(node)
        count[0] += 1
        if len(stack) > MAX_DEPTH:
            raise _Refused(f"elements nested more than {MAX_DEPTH} deep")
        if count[0] > MAX_ELEMENTS:
            raise _Refused(f"more than {MAX_ELEMENTS:,} elements")

    def end(_name: str) -> None:
        stack.pop()

    def characters(text: str) -> None:
        if stack:
            stack[-1].text_parts.append(text)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.StartDoctypeDeclHandler = refuse("a document type declaration (DTD), which REFI-QDA files never have")
    parser.EntityDeclHandler = refuse("an entity declaration, which REFI-QDA files never have")
    parser.ExternalEntityRefHandler = refuse("an external entity reference")
    try:
        parser.Parse(data, True)
    except _Refused as refusal:
        raise AnnotateError(f"refused: {refusal}", entry, parser.CurrentLineNumber) from None
    except expat.ExpatError as error:
        raise AnnotateError(f"not well-formed XML: {expat.errors.messages[error.code]}", entry, error.lineno) from None
    if not root:
        raise AnnotateError("no XML element in it", entry)
    return root[0]
