"""How a tag looks on the screens: its colour swatch, number key and place in the hierarchy."""

from __future__ import annotations

from textual.content import Content

from annotate.core.model import Tag, Taxonomy

# Shown for a tag without a colour of its own, so every row keeps its columns.
NO_COLOUR = "#808080"


def tag_colour(tag: Tag) -> str:
    """The tag's colour, or a neutral grey when it has none."""
    return tag.color or NO_COLOUR


def swatch(tag: Tag) -> Content:
    """A small block in the tag's colour."""
    return Content.styled("██", tag_colour(tag))


def depth_of(taxonomy: Taxonomy, tag: Tag) -> int:
    """How many ancestors ``tag`` has (0 for a root); a parent cycle stops the count."""
    depth = 0
    seen = {tag.id}
    parent = tag.parent
    while parent is not None and parent not in seen:
        seen.add(parent)
        parent_tag = taxonomy.get(parent)
        if parent_tag is None:
            break
        depth += 1
        parent = parent_tag.parent
    return depth


def tree_order(taxonomy: Taxonomy) -> list[Tag]:
    """Every tag, each parent followed by its children (file order among siblings).

    Tags whose parent is unknown (or part of a cycle) come last as roots, so none is ever hidden.
    """
    ordered: list[Tag] = []
    placed: set[str] = set()

    def place(tag: Tag) -> None:
        if tag.id in placed:
            return
        placed.add(tag.id)
        ordered.append(tag)
        for child in taxonomy.children(tag.id):
            place(child)

    for root in taxonomy.children(None):
        place(root)
    for tag in taxonomy.tags:
        place(tag)
    return ordered
