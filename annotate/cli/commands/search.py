"""``annotate search QUERY``: search transcripts and annotations across episodes.

Kept light on purpose: a warm search imports the index module and SQLite, nothing else heavy.
"""

from __future__ import annotations

import argparse

QUERY_HELP = """\
query language:
  words            every word must appear, in any order (stemmed: punish finds punished)
  "a phrase"       the words in this order
  -word, -"a b"    must not appear
  word*            words starting with word
  speaker:NAME     the speaker's name contains NAME (speaker:"Manya Koetse")
  tag:ID           in a passage tagged ID or a tag below it
  episode:ID       that episode (or episodes whose id contains ID)
  annotator:NAME   in a passage annotated by NAME
  after:DATE       episodes dated DATE or later (2019, 2019-07, 2019-07-01)
  before:DATE      episodes dated before DATE
  -speaker:, -tag:, -episode:, -annotator: exclude
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from annotate.cli import RawDescriptionHelpFormatter

    parser.formatter_class = RawDescriptionHelpFormatter
    parser.epilog = QUERY_HELP
    parser.add_argument("query", nargs="+", help="what to find (several words are one query; see below)")
    parser.add_argument("--episode", action="append", default=[], metavar="E", help="only this episode (repeatable)")
    parser.add_argument("--speaker", action="append", default=[], metavar="S", help="only speakers whose name contains S (repeatable)")
    parser.add_argument("--tag", action="append", default=[], metavar="T", help="only passages tagged T or a tag below it (repeatable)")
    parser.add_argument("--fuzzy", action="store_true", help="place the query as a quote (forgives slips, spans cues)")
    parser.add_argument("--limit", type=int, default=50, metavar="N", help="at most N hits (default 50)")
    parser.add_argument("--json", action="store_true", help="print JSON")


def run(options: argparse.Namespace) -> int:
    import sys

    from annotate.cli.output import open_workspace, progress, progress_done
    from annotate.core.search import search
    from annotate.core.search_query import parse_query

    if options.limit < 1:
        from annotate.core.errors import AnnotateError

        raise AnnotateError("--limit must be at least 1")  # 0 would print "No matches." for anything
    query = parse_query(" ".join(options.query))
    query.episodes += options.episode
    query.speakers += options.speaker
    query.tags += options.tag
    workspace = open_workspace(options)
    warnings: list[str] = []
    try:
        hits = search(workspace, query, limit=options.limit, fuzzy=options.fuzzy, progress=progress, warnings=warnings)
    finally:
        progress_done()
        # Said even when the search is refused: an unreadable taxonomy explains an "unknown tag".
        for warning in warnings:
            print(f"annotate: warning: {warning}", file=sys.stderr)
    if options.json:
        from annotate.cli.output import print_json

        print_json([_hit_json(hit) for hit in hits])
    else:
        _print_table(hits, sys.stdout)
    return 0


def _hit_json(hit) -> dict:
    from annotate.cli.output import seconds

    return {
        "episode": hit.episode,
        "start": seconds(hit.start_ms),
        "end": seconds(hit.end_ms),
        "speaker": hit.speaker,
        "text": hit.text,
        "score": hit.score,
        "annotation": hit.annotation_id,
        "tags": list(hit.tags),
        "snippet": hit.snippet,
        "cue": hit.cue_index,
        "kind": hit.kind,
        "note": hit.note,
    }


# An annotated passage can run over many cues: the table shows its start.
TABLE_QUOTE_LENGTH = 160


def _one_line(text: str, length: int | None = None) -> str:
    """``text`` on one line (cue breaks in a quote become spaces), cut to ``length`` characters."""
    text = " ".join(text.split())
    if length is not None and len(text) > length:
        text = text[: length - 1].rstrip() + "…"
    return text


def _print_table(hits, stream) -> None:
    """Hits grouped by episode (best episode first), in time order within each, matches highlighted."""
    from annotate.core.search import HIGHLIGHT_END, HIGHLIGHT_START
    from annotate.core.timecode import format_clock

    if not hits:
        print("No matches.", file=stream)
        return
    if stream.isatty():
        marks = {ord(HIGHLIGHT_START): "\033[1;33m", ord(HIGHLIGHT_END): "\033[0m"}
    else:
        marks = {ord(HIGHLIGHT_START): None, ord(HIGHLIGHT_END): None}
    by_episode: dict[str, list] = {}
    for hit in hits:
        by_episode.setdefault(hit.episode, []).append(hit)
    speaker_width = min(18, max(len(hit.speaker or "") for hit in hits))
    for number, (episode, episode_hits) in enumerate(by_episode.items()):
        if number:
            print(file=stream)
        print(episode, file=stream)
        for hit in sorted(episode_hits, key=lambda hit: (hit.start_ms, hit.kind)):
            text = _one_line(hit.snippet).translate(marks)
            if hit.kind == "annotation":
                quote = _one_line(hit.text, TABLE_QUOTE_LENGTH)
                text = f"{quote}  (note: {text})" if hit.note and hit.snippet != hit.text else quote
            label = f"  [{hit.annotation_id}: {', '.join(hit.tags)}]" if hit.annotation_id else ""
            speaker = (hit.speaker or "")[:speaker_width]
            print(f"  {format_clock(hit.start_ms):>8}  {speaker:<{speaker_width}}  {text}{label}", file=stream)
