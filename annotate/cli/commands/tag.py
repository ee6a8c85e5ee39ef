"""``annotate tag``: annotate a passage from a script, found by quote or by time range."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("episode", help="the episode id (see `annotate list`)")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--quote", metavar="TEXT", help="the passage as quoted (case, punctuation and small slips forgiven)")
    where.add_argument("--from", dest="start", metavar="T", help="start of the passage (HH:MM:SS.mmm, MM:SS or seconds); needs --to")
    parser.add_argument("--to", dest="end", metavar="T", help="end of the passage")
    parser.add_argument("--tag", dest="tags", metavar="TAG", nargs="+", action="extend", required=True, help="tag ids (repeatable)")
    parser.add_argument("--note", default="", help="a note on the passage")
    parser.add_argument("--annotator", help="who annotates (default: $ANNOTATE_ANNOTATOR, git user.name, $USER)")
    parser.add_argument("--json", action="store_true", help="print the annotation as JSON")


def run(options: argparse.Namespace) -> int:
    from annotate.cli.output import open_workspace, print_json
    from annotate.core.anchoring import span_for_times
    from annotate.core.annotations import annotation_record
    from annotate.core.errors import AnnotateError
    from annotate.core.services.tagging import find_quoted_passage, tag_passage
    from annotate.core.taxonomy import require_tags
    from annotate.core.timecode import format_time, parse_time

    workspace = open_workspace(options)
    episode_id = workspace.require_episode(options.episode)
    require_tags(workspace.load_taxonomy(), options.tags)  # before the slower search; checked again when saving
    if options.quote is not None:
        start, end = find_quoted_passage(workspace, episode_id, options.quote)
    else:
        if options.end is None:
            raise AnnotateError("--from needs --to (the end of the passage)")
        transcript = workspace.load_transcript(episode_id)
        start, end = span_for_times(transcript, parse_time(options.start), parse_time(options.end))
    tagged = tag_passage(workspace, episode_id, start, end, options.tags, note=options.note, annotator=options.annotator)
    saved, created = tagged.annotation, tagged.created
    if options.json:
        print_json({"episode": saved.episode, **annotation_record(saved)})
        return 0
    anchor = saved.anchor
    excerpt = " ".join(anchor.quote.split())
    where = f"{saved.episode} {format_time(anchor.start_ms)}-{format_time(anchor.end_ms)} ({saved.speaker or 'no speaker'})"
    if created:
        print(f"Tagged {where} with {', '.join(saved.tags)} as {saved.id}:\n  {excerpt}")
    else:
        print(f"{where} was already annotated by {saved.annotator} as {saved.id}; its tags are now {', '.join(saved.tags)}:\n  {excerpt}")
    return 0
