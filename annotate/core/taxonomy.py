"""The codebook, ``annotations/taxonomy.yaml``: tags with labels, descriptions, colours, keys, parents.

Reading validates it (unique ids and keys, parents that exist, no loops) with ``file:line``
errors. The edits (add, update, rename, merge, remove) are decided here and applied through the
workspace's :meth:`~annotate.core.store.Workspace.change_taxonomy`, which carries every annotation
along all-or-nothing, also across a crash.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from annotate.core.colors import normalize_color
from annotate.core.errors import AnnotateError
from annotate.core.ids import TAG_ID
from annotate.core.limits import MAX_TAGS, MAX_TAXONOMY_DEPTH, MAX_YAML_BYTES, excerpt, read_file_text, refuse_nul
from annotate.core.model import Tag, Taxonomy
from annotate.core.taxonomy_layout import keep_layout
from annotate.core.yamlio import load_yaml, mapping_child, migrate_schema, node_line, yaml_scalar

SCHEMA_NAME = "annotate/taxonomy"
SCHEMA_VERSION = 1
SCHEMA = f"{SCHEMA_NAME}@{SCHEMA_VERSION}"
TAG_KEYS = ("id", "label", "description", "color", "parent", "key")
KEY = re.compile(r"^[0-9a-z]$")

# Version N -> a function turning a version-N taxonomy document into version N+1.
MIGRATIONS: dict[int, Callable[[dict], dict]] = {}


def _workspace(workspace: Any):
    # A workspace, or a folder given as a path (scripts and tests).
    if isinstance(workspace, (str, Path)):
        from annotate.core.store.files import FileWorkspace

        return FileWorkspace(Path(workspace))
    return workspace


def load_taxonomy(workspace: Any) -> Taxonomy:
    """Read and validate the workspace's taxonomy (an absent one is an empty taxonomy)."""
    return _workspace(workspace).load_taxonomy()


def parse_taxonomy(text: str, path: str | Path = "taxonomy.yaml") -> Taxonomy:
    """Read a taxonomy document; anything wrong raises AnnotateError naming the line."""
    loaded = load_yaml(text, path)
    document, root = loaded.value, loaded.node
    if document is None:
        return Taxonomy()
    if not isinstance(document, dict):
        raise AnnotateError("a taxonomy must be a mapping with `schema` and `tags`", path, node_line(root))
    document = _migrate(document, path, node_line(mapping_child(root, "schema")) or 1)
    entries = document.get("tags") or []
    entries_node = mapping_child(root, "tags")
    if not isinstance(entries, list):
        raise AnnotateError("`tags` must be a list", path, node_line(entries_node))
    nodes = list(entries_node.value) if entries_node is not None and hasattr(entries_node, "value") and isinstance(entries_node.value, list) else []
    tags, lines = [], []
    for index, entry in enumerate(entries):
        node = nodes[index] if index < len(nodes) else None
        line = node_line(node)
        if not isinstance(entry, dict):
            raise AnnotateError("a tag must be a mapping with at least `id` and `label`", path, line)
        unknown = [key for key in entry if key not in TAG_KEYS]
        if unknown:
            raise AnnotateError(
                f"unknown key {excerpt(unknown[0])} in tag (known: {', '.join(TAG_KEYS)})",
                path, node_line(mapping_child(node, str(unknown[0]))) or line,
            )
        if entry.get("id") is None:
            raise AnnotateError("tag has no `id`", path, line)
        tag_id = str(entry["id"])
        key = entry.get("key")
        try:
            color = normalize_color(str(entry.get("color") or ""))
        except AnnotateError as error:
            raise AnnotateError(f"tag {tag_id!r}: {error.message}", path, node_line(mapping_child(node, "color")) or line) from None
        tags.append(
            Tag(
                id=tag_id,
                label=str(entry.get("label") if entry.get("label") is not None else tag_id),
                description=str(entry.get("description") or ""),
                color=color,
                parent=str(entry["parent"]) if entry.get("parent") is not None else None,
                key=str(key) if key is not None else None,
            )
        )
        lines.append(line)
    taxonomy = Taxonomy(tags)
    validate_taxonomy(taxonomy, path, lines)
    return taxonomy


def _migrate(document: dict, path: str | Path, line: int) -> dict:
    return migrate_schema(document, SCHEMA_NAME, SCHEMA_VERSION, MIGRATIONS, path, line)


def validate_taxonomy(taxonomy: Taxonomy, path: str | Path | None = None, lines: list[int | None] | None = None) -> None:
    """Raise AnnotateError (with the tag's line when known) unless ids and keys are unique and well formed, and parents exist without loops."""
    lines = lines or [None] * len(taxonomy.tags)
    if len(taxonomy.tags) > MAX_TAGS:
        raise AnnotateError(f"a taxonomy may hold at most {MAX_TAGS} tags; this one has {len(taxonomy.tags)}", path, lines[MAX_TAGS])
    seen_ids: dict[str, int] = {}
    seen_keys: dict[str, str] = {}
    for index, tag in enumerate(taxonomy.tags):
        line = lines[index] if index < len(lines) else None
        if not TAG_ID.match(tag.id):
            raise AnnotateError(f"tag id {excerpt(tag.id)} must be letters, digits, '.', '_' or '-' (64 at most)", path, line)
        refuse_nul([tag.label, tag.description], f"tag {excerpt(tag.id)}", path, line)
        if tag.id in seen_ids:
            raise AnnotateError(f"tag id {excerpt(tag.id)} appears twice", path, line)
        seen_ids[tag.id] = index
        if tag.key is not None:
            if not KEY.match(tag.key):
                raise AnnotateError(f"key {excerpt(tag.key)} of tag {excerpt(tag.id)} must be one digit or lower-case letter", path, line)
            if tag.key in seen_keys:
                raise AnnotateError(f"key {excerpt(tag.key)} is used by both {excerpt(seen_keys[tag.key])} and {excerpt(tag.id)}", path, line)
            seen_keys[tag.key] = tag.id
        if tag.color:
            try:
                normalize_color(tag.color)
            except AnnotateError as error:
                raise AnnotateError(f"tag {excerpt(tag.id)}: {error.message}", path, line) from None
    for index, tag in enumerate(taxonomy.tags):
        line = lines[index] if index < len(lines) else None
        if tag.parent is None:
            continue
        if tag.parent not in seen_ids:
            raise AnnotateError(f"tag {excerpt(tag.id)} has parent {excerpt(tag.parent)}, which is not a tag", path, line)
        ancestor, depth = tag.parent, 1
        while ancestor is not None:
            if ancestor == tag.id:
                raise AnnotateError(f"tag {excerpt(tag.id)} is its own ancestor (parents loop)", path, line)
            if depth > MAX_TAXONOMY_DEPTH:
                raise AnnotateError(
                    f"tag {excerpt(tag.id)} is nested more than {MAX_TAXONOMY_DEPTH} levels deep (or its parents loop)", path, line
                )
            ancestor = taxonomy.tags[seen_ids[ancestor]].parent
            depth += 1


def _tag_text(tag: Tag) -> str:
    # One tag's block: keys in a fixed order, empty fields left out.
    record = {"id": tag.id, "label": tag.label}
    for key in ("description", "color", "parent", "key"):
        value = getattr(tag, key)
        if value:
            record[key] = value
    return "".join(("- " if index == 0 else "  ") + f"{key}: {yaml_scalar(value)}\n" for index, (key, value) in enumerate(record.items()))


def serialize_taxonomy(taxonomy: Taxonomy, previous: str | None = None) -> str:
    """The taxonomy file text: tags in their order, keys in a fixed order, empty fields left out.

    With ``previous`` (the file's text now), its layout is kept: unchanged tags keep their lines
    and a changed tag only the lines of the keys that did not change.
    """
    if previous is not None:
        kept = keep_layout(previous, taxonomy, parse_taxonomy, TAG_KEYS, _tag_text)
        if kept is not None:
            return kept
    header = f"schema: {SCHEMA}\n" + ("tags:\n" if taxonomy.tags else "tags: []\n")
    return header + "".join(_tag_text(tag) for tag in taxonomy.tags)


def read_taxonomy_text(path: Path) -> str | None:
    """The taxonomy file's text (None when it is absent), read within the YAML size limit."""
    return read_file_text(path, MAX_YAML_BYTES, "a taxonomy", missing_ok=True)


def save_taxonomy(workspace: Any, taxonomy: Taxonomy) -> None:
    """Validate and store ``taxonomy`` as the codebook, keeping the file's layout; one that already says the same is left alone."""
    _workspace(workspace).change_taxonomy(lambda _current: taxonomy)


def require_tags(taxonomy: Taxonomy, tag_ids: list[str]) -> None:
    """Raise AnnotateError naming the first tag id that is not in the taxonomy."""
    for tag_id in tag_ids:
        if tag_id not in taxonomy:
            known = ", ".join(tag.id for tag in taxonomy.tags) or "none; add one with `annotate taxonomy add`"
            raise AnnotateError(f"unknown tag {tag_id!r} (tags: {known})")


def tag_counts(workspace: Any, taxonomy: Taxonomy | None = None) -> dict[str, int]:
    """Tag id -> how many annotations carry it, over every readable annotation file.

    Given the ``taxonomy``, counts roll up: an annotation counts once for each of its tags and
    once for every tag above them, so a parent's count is its own annotations and its children's
    (each annotation once). Without it, each tag counts only the annotations that carry it itself.
    """
    return _workspace(workspace).tag_counts(taxonomy.with_ancestors if taxonomy is not None else None)


# ---------------------------------------------------------------------------------------------
# Editing


def add_tag(workspace: Any, tag: Tag) -> Taxonomy:
    """Add ``tag`` at the end of its parent's children (or at the end) and save."""
    tag = Tag(tag.id, tag.label, tag.description, normalize_color(tag.color), tag.parent, tag.key)
    return _workspace(workspace).change_taxonomy(lambda taxonomy: _with_tag(taxonomy, tag)).taxonomy


def _with_tag(taxonomy: Taxonomy, tag: Tag) -> Taxonomy:
    # ``taxonomy`` with ``tag`` after its parent's last descendant (or at the end); a taken id is refused.
    if tag.id in taxonomy:
        raise AnnotateError(f"tag {tag.id!r} already exists")
    position = len(taxonomy.tags)
    if tag.parent is not None:
        family = taxonomy.descendants(tag.parent)
        indexes = [index for index, existing in enumerate(taxonomy.tags) if existing.id in family]
        if indexes:
            position = max(indexes) + 1
    tags = list(taxonomy.tags)
    tags.insert(position, tag)
    return Taxonomy(tags)


# Colours given to a tag created from its name: the first that no tag has yet (distinct, readable on dark and light).
NEW_TAG_COLOURS = (
    "#e67e22", "#27ae60", "#2980b9", "#8e44ad", "#c0392b", "#16a085", "#d35400", "#2c3e50", "#f39c12", "#7f8c8d",
)


# The longest name a tag made from its name may have: a label is a few words, never a pasted page.
MAX_NEW_LABEL_CHARACTERS = 200


def tag_id_for(label: str, taxonomy: Taxonomy) -> str:
    """An id for a new tag called ``label``: its words in lower case joined by ``-``, unique in ``taxonomy``.

    Accents are dropped (``Économie`` -> ``economie``); a label with no letters or digits left becomes ``tag``.
    """
    import unicodedata

    ascii_label = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii")
    base = re.sub(r"[^a-z0-9]+", "-", ascii_label.lower()).strip("-")[:56].strip("-") or "tag"
    candidate, number = base, 2
    while candidate in taxonomy:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def tag_named(label: str, taxonomy: Taxonomy, parent: str | None = None) -> Tag:
    """A new tag called ``label`` (under ``parent``): a free id, the first unused colour and number key."""
    label = " ".join(label.split())
    if not label:
        raise AnnotateError("a new tag needs a name")
    if len(label) > MAX_NEW_LABEL_CHARACTERS:
        raise AnnotateError(f"a tag's name is at most {MAX_NEW_LABEL_CHARACTERS} characters; this one has {len(label)}")
    used_colours = {tag.color.lower() for tag in taxonomy.tags}
    colour = next((colour for colour in NEW_TAG_COLOURS if colour not in used_colours), NEW_TAG_COLOURS[len(taxonomy.tags) % len(NEW_TAG_COLOURS)])
    used_keys = {tag.key for tag in taxonomy.tags}
    key = next((str(number) for number in range(1, 10) if str(number) not in used_keys), None)
    return Tag(tag_id_for(label, taxonomy), label, color=colour, parent=parent or None, key=key)


def add_tag_named(workspace: Any, label: str, parent: str | None = None) -> Tag:
    """Create a tag called ``label`` (see :func:`tag_named`) and add it as :func:`add_tag` does; returns it.

    Its id, colour and key are chosen inside the store's taxonomy change, so a tag added meanwhile by
    someone else cannot take them.
    """
    made: list[Tag] = []

    def edit(taxonomy: Taxonomy) -> Taxonomy:
        made[:] = [tag_named(label, taxonomy, parent)]
        return _with_tag(taxonomy, made[0])

    _workspace(workspace).change_taxonomy(edit)
    return made[0]


def remove_created_tag(workspace: Any, tag: Tag) -> None:
    """Take back ``tag``, which an action created (its undo); the taxonomy file reads as it did before.

    Refused while annotations carry it, when it has child tags, or when it was changed since it
    was created: that is someone's work on it. A tag already gone is left gone.
    """
    space = _workspace(workspace)

    def edit(taxonomy: Taxonomy) -> Taxonomy:
        current = taxonomy.get(tag.id)
        if current is None:
            return taxonomy
        if current != tag:
            raise AnnotateError(f"tag {tag.id!r} was changed since it was created; not removing it")
        if taxonomy.children(tag.id):
            raise AnnotateError(f"tag {tag.id!r} has child tags now; not removing it")
        in_use = space.tag_counts().get(tag.id, 0)
        if in_use:
            raise AnnotateError(f"tag {tag.id!r} is used by {in_use} other annotation(s) now; not removing it")
        return _without(taxonomy, {tag.id}, None)

    space.change_taxonomy(edit)


# The fields of a tag that can change without touching any annotation (the id cannot: see rename_tag).
UPDATABLE_FIELDS = ("label", "description", "color", "parent", "key")


def update_tag(workspace: Any, tag_id: str, **changes: str | None) -> Taxonomy:
    """Change ``tag_id``'s label, description, colour, parent (move it; None for a root) or key, and save.

    An empty colour or key clears it. The result is validated like the file (parents exist, no loops,
    unique keys) before anything is written. Annotations are untouched: they refer to the id.
    """
    unknown = [name for name in changes if name not in UPDATABLE_FIELDS]
    if unknown:
        raise AnnotateError(f"cannot change {unknown[0]!r} of a tag (can change: {', '.join(UPDATABLE_FIELDS)})")
    if changes.get("color"):
        changes["color"] = normalize_color(changes["color"])

    def edit(taxonomy: Taxonomy) -> Taxonomy:
        _require_existing(taxonomy, [tag_id])
        tags = []
        for tag in taxonomy.tags:
            copy = Tag(tag.id, tag.label, tag.description, tag.color, tag.parent, tag.key)
            if copy.id == tag_id:
                for name, value in changes.items():
                    # parent and key are absent (None) when cleared; the text fields are empty.
                    setattr(copy, name, (value or None) if name in ("parent", "key") else (value or ""))
            tags.append(copy)
        return Taxonomy(tags)

    return _workspace(workspace).change_taxonomy(edit).taxonomy


def rename_tag(workspace: Any, old_id: str, new_id: str, label: str | None = None) -> int:
    """Rename tag ``old_id`` to ``new_id`` everywhere (children and annotations too); returns annotations changed."""

    def edit(taxonomy: Taxonomy) -> Taxonomy:
        _require_existing(taxonomy, [old_id])
        if new_id != old_id and new_id in taxonomy:
            raise AnnotateError(f"tag {new_id!r} already exists (use `taxonomy merge` to fold one into the other)")
        tags = []
        for tag in taxonomy.tags:
            copy = Tag(tag.id, tag.label, tag.description, tag.color, tag.parent, tag.key)
            if copy.id == old_id:
                copy.id = new_id
                if label is not None:
                    copy.label = label
            if copy.parent == old_id:
                copy.parent = new_id
            tags.append(copy)
        return Taxonomy(tags)

    return _workspace(workspace).change_taxonomy(edit, lambda tags: _replace_tags(tags, {old_id}, new_id)).annotations_changed


def merge_tags(workspace: Any, source_ids: list[str], target_id: str) -> int:
    """Fold the ``source_ids`` tags into ``target_id`` (annotations and child tags move); returns annotations changed."""
    sources = [tag_id for tag_id in dict.fromkeys(source_ids) if tag_id != target_id]
    if not sources:
        # Merging (or removing with --move-to) a tag into itself would report success and change nothing.
        raise AnnotateError(f"cannot merge {target_id!r} into itself; name a different tag")

    def edit(taxonomy: Taxonomy) -> Taxonomy:
        _require_existing(taxonomy, [*sources, target_id])
        for source in sources:
            if target_id in taxonomy.descendants(source):
                raise AnnotateError(f"cannot merge {source!r} into its own descendant {target_id!r}")
        return _without(taxonomy, set(sources), target_id)

    return _workspace(workspace).change_taxonomy(edit, lambda tags: _replace_tags(tags, set(sources), target_id)).annotations_changed


def remove_tag(workspace: Any, tag_id: str, move_to: str | None = None) -> int:
    """Remove a tag. Refused while annotations carry it, unless ``move_to`` says which tag they get instead.

    Its child tags move up to its parent. Returns the number of annotations changed.
    """
    if move_to is not None:
        return merge_tags(workspace, [tag_id], move_to)
    space = _workspace(workspace)

    def edit(taxonomy: Taxonomy) -> Taxonomy:
        _require_existing(taxonomy, [tag_id])
        in_use = space.tag_counts().get(tag_id, 0)
        if in_use:
            raise AnnotateError(
                f"tag {tag_id!r} is used by {in_use} annotation(s); say where they go with --move-to TAG "
                "(or rename or merge it instead)"
            )
        return _without(taxonomy, {tag_id}, None)

    return space.change_taxonomy(edit).annotations_changed


def _require_existing(taxonomy: Taxonomy, tag_ids: list[str]) -> None:
    for tag_id in tag_ids:
        if tag_id not in taxonomy:
            require_tags(taxonomy, [tag_id])


def _without(taxonomy: Taxonomy, removed: set[str], heir: str | None) -> Taxonomy:
    # Drop ``removed``; their children move to ``heir`` (or to the removed tag's own parent).
    parents = {tag.id: tag.parent for tag in taxonomy.tags}
    tags = []
    for tag in taxonomy.tags:
        if tag.id in removed:
            continue
        parent = tag.parent
        while parent in removed:
            parent = heir if heir is not None else parents.get(parent)
        tags.append(Tag(tag.id, tag.label, tag.description, tag.color, parent, tag.key))
    return Taxonomy(tags)


def _replace_tags(tags: list[str], old: set[str], new: str) -> list[str]:
    replaced = [new if tag in old else tag for tag in tags]
    return list(dict.fromkeys(replaced))
