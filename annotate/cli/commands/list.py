"""``annotate list``: the episodes of the workspace."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON")


def run(options: argparse.Namespace) -> int:
    from annotate.cli.output import open_workspace, print_json, seconds
    from annotate.core.annotations import count_annotations_with_errors
    from annotate.core.timecode import format_clock
    import sys

    workspace = open_workspace(options)
    transcripts, errors = workspace.load_transcripts()
    counts, unreadable = count_annotations_with_errors(workspace)
    rows = [
        {
            "id": transcript.id,
            "title": transcript.title,
            "date": transcript.metadata.date,
            "speakers": transcript.speakers,
            "cues": len(transcript.cues),
            "duration": seconds(transcript.duration_ms),
            # None (null) when the episode's annotation file cannot be read: not "no annotations".
            "annotations": None if transcript.id in unreadable else counts.get(transcript.id, 0),
        }
        for transcript in transcripts
    ]
    for error in [*errors, *unreadable.values()]:
        print(f"annotate: warning: {error}", file=sys.stderr)
    if options.json:
        print_json(rows)
        return 0
    if not rows:
        print("No episodes yet: `annotate import FILE` adds one.")
        return 0
    width = max(len(row["id"]) for row in rows)
    for row in rows:
        duration = format_clock(int(row["duration"] * 1000))
        annotations = "?" if row["annotations"] is None else row["annotations"]
        print(f"{row['id']:<{width}}  {row['date']:<10}  {duration:>8}  {row['cues']:>5} cues  {annotations:>4} ann.  {row['title']}")
    return 0

