"""``annotate taxonomy``: list and edit the codebook; renames and merges carry every annotation along."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON")
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    listing = actions.add_parser("list", help="the tags, as a tree, with how often each is used")
    add = actions.add_parser("add", help="add a tag")
    add.add_argument("id", help="the new tag's id (letters, digits, '-', '_', '.')")
    add.add_argument("--label", help="its label (default: the id)")
    add.add_argument("--parent", help="the tag it goes under")
    add.add_argument("--description", default="", help="what it is for")
    add.add_argument("--color", default="", help="its colour: '#rrggbb', '#rgb' or a CSS colour name such as teal (saved as '#rrggbb')")
    add.add_argument("--key", help="the number key that toggles it in the TUI")
    rename = actions.add_parser("rename", help="rename a tag in the taxonomy and every annotation")
    rename.add_argument("old", help="the tag's id now")
    rename.add_argument("new", help="its new id")
    rename.add_argument("--label", help="a new label as well")
    merge = actions.add_parser("merge", help="fold tags into another; their annotations get it instead")
    merge.add_argument("sources", nargs="+", metavar="TAG", help="the tags to fold in")
    merge.add_argument("--into", required=True, metavar="TARGET", help="the tag they become")
    remove = actions.add_parser("remove", help="remove a tag (refused while in use, unless --move-to)")
    remove.add_argument("id", help="the tag to remove")
    remove.add_argument("--move-to", metavar="TAG", help="give its annotations this tag instead")
    for subparser in (listing, add, rename, merge, remove):
        subparser.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print JSON")


def run(options: argparse.Namespace) -> int:
    from annotate.cli.output import open_workspace, print_json
    from annotate.core import taxonomy as codebook
    from annotate.core.model import Tag

    workspace = open_workspace(options)
    action = getattr(options, "action", None) or "list"
    if action == "list":
        return _list(workspace, options.json)
    if action == "add":
        tag = Tag(options.id, options.label or options.id, options.description, options.color, options.parent, options.key)
        codebook.add_tag(workspace, tag)
        result = {"action": "add", "tag": tag.id, "annotations": 0}
        message = f"Added tag {tag.id}" + (f" under {tag.parent}" if tag.parent else "")
    elif action == "rename":
        changed = codebook.rename_tag(workspace, options.old, options.new, label=options.label)
        result = {"action": "rename", "tag": options.new, "from": [options.old], "annotations": changed}
        message = f"Renamed {options.old} to {options.new}; {changed} annotation(s) carried along"
    elif action == "merge":
        changed = codebook.merge_tags(workspace, options.sources, options.into)
        result = {"action": "merge", "tag": options.into, "from": options.sources, "annotations": changed}
        message = f"Merged {', '.join(options.sources)} into {options.into}; {changed} annotation(s) carried along"
    else:
        changed = codebook.remove_tag(workspace, options.id, move_to=options.move_to)
        result = {"action": "remove", "tag": options.id, "moved_to": options.move_to, "annotations": changed}
        message = f"Removed {options.id}" + (f"; {changed} annotation(s) now tagged {options.move_to}" if options.move_to else "")
    if options.json:
        print_json(result)
    else:
        print(message)
    return 0


def _list(workspace, as_json: bool) -> int:
    import sys

    from annotate.cli.output import print_json
    from annotate.core.services.episodes import annotation_read_problems
    from annotate.core.taxonomy import load_taxonomy, tag_counts

    taxonomy = load_taxonomy(workspace)
    counts = tag_counts(workspace, taxonomy)  # a parent counts its children's annotations too
    own_counts = tag_counts(workspace)
    for problem in annotation_read_problems(workspace, consequence="not counted"):
        print(f"annotate: warning: {problem}", file=sys.stderr)
    rows = [
        {
            "id": tag.id, "label": tag.label, "parent": tag.parent, "description": tag.description,
            "color": tag.color, "key": tag.key, "count": counts.get(tag.id, 0), "own": own_counts.get(tag.id, 0),
        }
        for tag in taxonomy.tags
    ]
    if as_json:
        print_json(rows)
        return 0
    if not rows:
        print("No tags yet: `annotate taxonomy add ID --label LABEL` adds one.")
        return 0

    children: dict[str | None, list] = {}
    for tag in taxonomy.tags:
        children.setdefault(tag.parent, []).append(tag)
    # A row per tag in tree order: its key, its id indented by its depth, its count and label.
    tree: list[tuple[str, str, str, str]] = []

    def walk(parent: str | None, depth: int) -> None:
        for tag in children.get(parent, []):
            tree.append((f"[{tag.key}]" if tag.key else "", "  " * depth + tag.id, str(counts.get(tag.id, 0)), tag.label))
            walk(tag.id, depth + 1)

    walk(None, 0)
    # Columns as wide as their widest cell, so deep or long ids never push the counts out of line.
    key_width, id_width, count_width = (max(len(row[column]) for row in tree) for column in range(3))
    for key, indented_id, count, label in tree:
        print(f"{key:<{key_width}} {indented_id:<{id_width}} {count:>{max(count_width, 4)}}  {label}".rstrip())
    return 0
