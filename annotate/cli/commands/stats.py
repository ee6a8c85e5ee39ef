"""``annotate stats``: how often each code is used (parents counting their children), and which go together."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--by", choices=("episode", "speaker", "annotator"), help="a column per episode, speaker or annotator")
    parser.add_argument("--tag", metavar="T", action="append", help="only this tag and the tags below it (repeatable)")
    parser.add_argument("--episode", metavar="E", action="append", help="only this episode (repeatable)")
    parser.add_argument("--cooccur", action="store_true", help="also the tag by tag matrix of passages that carry both or overlap")
    parser.add_argument("--json", action="store_true", help="print JSON")


def run(options: argparse.Namespace) -> int:
    import sys

    from annotate.cli.output import open_workspace, print_json
    from annotate.core.analysis import cooccurrence, frequencies, load_coding

    workspace = open_workspace(options)
    coding = load_coding(workspace, options.episode)
    for reason in coding.skipped:
        print(f"annotate: warning: {reason}", file=sys.stderr)
    table = frequencies(coding, by=options.by, tags=options.tag)
    matrix = cooccurrence(coding, tags=options.tag) if options.cooccur else None
    if options.json:
        document = {"by": options.by, "groups": table.groups, "tags": table.records()}
        if matrix is not None:
            document["cooccurrence"] = matrix.record()
        print_json(document)
        return 0
    if not coding.passages:
        print("No coded passages yet: `annotate tag`, `annotate match --tag` or the TUI codes some.")
        return 0
    _print_frequencies(table, table.passage_count)
    if matrix is not None:
        print()
        _print_matrix(matrix)
    return 0


def _print_frequencies(table, passages: int) -> None:
    from annotate.cli import _columns
    from annotate.cli.table import format_table, numbered_columns

    labels = [("  " * row.depth) + row.tag for row in table.rows]
    first_width = max((len(label) for label in labels), default=3) + 8
    if table.by:
        headers, legend = numbered_columns(table.groups, first_width, _columns())
        rows = [[label, str(row.total), *(str(row.count(group)) for group in table.groups)] for label, row in zip(labels, table.rows)]
        lines = format_table(["tag", "total", *headers], rows)
    else:
        legend = []
        lines = format_table(["tag", "passages"], [[label, str(row.total)] for label, row in zip(labels, table.rows)])
    print("\n".join(lines))
    for line in legend:
        print(line)
    print(f"{passages} passage(s); a parent counts the passages of the tags below it.")


def _print_matrix(matrix) -> None:
    from annotate.cli.table import format_table

    if not matrix.tags:
        print("No codes to cross.")
        return
    numbers = [str(number) for number in range(1, len(matrix.tags) + 1)]
    rows = [
        [f"{number:>2} {tag}", *(str(count) if count else "." for count in counts)]
        for number, tag, counts in zip(numbers, matrix.tags, matrix.rows())
    ]
    print("Co-occurrence (one annotator's passages that carry both tags or overlap; the diagonal: passages per tag)")
    print("\n".join(format_table(["tag", *numbers], rows)))
