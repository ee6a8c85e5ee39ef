"""``annotate show EPISODE``: one transcript, cue by cue."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("episode", help="the episode id (see `annotate list`)")
    parser.add_argument("--json", action="store_true", help="print JSON")


def run(options: argparse.Namespace) -> int:
    from annotate.cli.output import open_workspace, print_json, seconds
    from annotate.core.timecode import format_clock

    import sys

    from annotate.core.services.episodes import annotation_read_problems

    workspace = open_workspace(options)
    transcript = workspace.load_transcript(options.episode)
    # The transcript is shown whole; its annotations that cannot be read are named, not passed over.
    for problem in annotation_read_problems(workspace, episode_ids=[transcript.id]):
        print(f"annotate: warning: {problem}", file=sys.stderr)
    if options.json:
        print_json(
            {
                "id": transcript.id,
                "title": transcript.title,
                "cues": [
                    {"start": seconds(cue.start_ms), "end": seconds(cue.end_ms), "speaker": cue.speaker, "text": cue.text}
                    for cue in transcript.cues
                ],
            }
        )
        return 0
    print(transcript.title)
    previous_speaker = None
    for cue in transcript.cues:
        speaker = cue.speaker if cue.speaker != previous_speaker else ""
        previous_speaker = cue.speaker
        print(f"{format_clock(cue.start_ms):>8}  {speaker or '':<18.18}  {cue.text}")
    return 0
