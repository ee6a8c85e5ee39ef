"""``annotate export``: tagged quotes out, as YAML (the default) or JSON."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", default="yaml", choices=("yaml", "json"), help="output format (default yaml)")
    parser.add_argument("--episode", metavar="E", action="append", help="only this episode (repeatable)")
    parser.add_argument("--tag", metavar="T", action="append", help="only quotes with this tag or one below it (repeatable)")
    parser.add_argument("--speaker", metavar="S", action="append", help="only quotes by this speaker (repeatable)")
    parser.add_argument("--annotator", metavar="A", action="append", help="only quotes tagged by this annotator (repeatable)")
    parser.add_argument("--json", action="store_const", const="json", dest="format", help="the same as --format json")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of standard output")


def run(options: argparse.Namespace) -> int:
    import sys

    from annotate.cli.output import open_workspace
    from annotate.core.atomic import atomic_write_text
    from annotate.core.errors import AnnotateError
    from annotate.core.export import select_quotes_with_report, write_quotes

    workspace = open_workspace(options)
    if options.output:
        _check_output_path(options.output, workspace)
    selection = select_quotes_with_report(
        workspace, episodes=options.episode, tags=options.tag, speakers=options.speaker, annotators=options.annotator
    )
    for reason in selection.skipped:
        print(f"annotate: warning: {reason}", file=sys.stderr)
    document = write_quotes(selection.quotes, options.format)
    if options.output:
        try:
            atomic_write_text(options.output, document)
        except OSError as error:
            raise AnnotateError(f"cannot write it: {error.strerror}", options.output) from error
        print(f"Exported {len(selection.quotes)} quote(s) to {options.output}", file=sys.stderr)
    else:
        sys.stdout.write(document)
    return 0


def _check_output_path(output: str, workspace) -> None:
    # Refused before any work: a folder given as the file, or a folder that is not there (a typo
    # should not quietly create a tree of folders).
    from pathlib import Path

    from annotate.core.errors import AnnotateError

    target = Path(output)
    if target.is_dir():
        raise AnnotateError("is a folder; give a file name to export to", output)
    if not target.parent.is_dir():
        raise AnnotateError(f"no folder {str(target.parent)!r} to write it in; create it first", output)
    # The workspace's own files are never overwritten by an export (a slip of the tab key).
    own_folders = {workspace.annotations_dir.resolve(), workspace.transcripts_dir.resolve()}
    if target.resolve().parent in own_folders:
        raise AnnotateError("is in the workspace's annotations/ or transcripts/ folder; export somewhere else", output)
