"""``annotate export``: tagged quotes out, in any format of the core's writer registry."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from annotate.core.writers import writers

    formats = writers()
    described = "; ".join(f"{name}: {writer.description}" for name, writer in formats.items())
    parser.add_argument("--format", choices=list(formats), metavar="F", help=f"output format (default yaml). {described}")
    parser.add_argument("--episode", metavar="E", action="append", help="only this episode (repeatable)")
    parser.add_argument("--tag", metavar="T", action="append", help="only quotes with this tag or one below it (repeatable)")
    parser.add_argument("--speaker", metavar="S", action="append", help="only quotes by this speaker (repeatable)")
    parser.add_argument("--annotator", metavar="A", action="append", help="only quotes tagged by this annotator (repeatable)")
    parser.add_argument(
        "--group-by", choices=("tag", "episode"), help="how the Markdown brief (--format md) groups its quotes (default tag); other formats refuse it"
    )
    parser.add_argument("--json", action="store_true", help="the same as --format json")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of standard output")


def run(options: argparse.Namespace) -> int:
    import sys

    from annotate.cli.output import open_workspace
    from annotate.core.atomic import atomic_write_bytes
    from annotate.core.errors import AnnotateError
    from annotate.core.export import render_export_with_report, select_quotes_with_report
    from annotate.core.output_path import check_output_path
    from annotate.core.writers import get_writer, grouping_for

    if options.json and options.format not in (None, "json"):
        raise AnnotateError(f"--json and --format {options.format} ask for two formats; give one")
    options.format = "json" if options.json else options.format or "yaml"
    workspace = open_workspace(options)
    writer = get_writer(options.format)
    grouping_for(writer, options.group_by)  # refused before any work, not ignored
    if options.output:
        check_output_path(options.output, workspace)
    elif writer.binary and sys.stdout.isatty():
        raise AnnotateError(f"{writer.name} is a binary archive: give -o FILE (or redirect standard output)")
    selection = select_quotes_with_report(
        workspace, episodes=options.episode, tags=options.tag, speakers=options.speaker, annotators=options.annotator
    )
    for reason in selection.skipped:
        print(f"annotate: warning: {reason}", file=sys.stderr)
    rendered = render_export_with_report(workspace, selection, options.format, episodes=options.episode, group_by=options.group_by)
    for warning in rendered.warnings:
        print(f"annotate: warning: {warning}", file=sys.stderr)
    document = rendered.document
    if options.output:
        try:
            atomic_write_bytes(options.output, document)
        except OSError as error:
            raise AnnotateError(f"cannot write it: {error.strerror}", options.output) from error
        what = f"{len(selection.quotes)} quote(s)" if writer.writes_quotes else "the taxonomy"
        print(f"Exported {what} to {options.output}", file=sys.stderr)
    elif writer.binary:
        sys.stdout.flush()
        sys.stdout.buffer.write(document)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(document.decode("utf-8"))
    return 0
