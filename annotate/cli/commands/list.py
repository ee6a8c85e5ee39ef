"""``annotate list``: the episodes of the workspace."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON")


def run(options: argparse.Namespace) -> int:
    import sys

    from annotate.cli.output import open_workspace, print_json, seconds
    from annotate.core.services.episodes import list_episodes
    from annotate.core.timecode import format_clock

    listing = list_episodes(open_workspace(options))
    rows = [
        {
            "id": episode.id,
            "title": episode.title,
            "date": episode.date,
            "speakers": episode.speakers,
            "cues": episode.cues,
            "duration": seconds(episode.duration_ms),
            # None (null) when the episode's annotations cannot be read: not "no annotations".
            "annotations": episode.annotations,
        }
        for episode in listing.episodes
    ]
    for problem in listing.problems:
        print(f"annotate: warning: {problem}", file=sys.stderr)
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
