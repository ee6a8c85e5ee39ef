"""``annotate match``: find where quotes were really said (episode, speaker, time), or say they were not."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("quote", nargs="?", help="the quote as printed ('-' reads it from standard input)")
    parser.add_argument("--file", metavar="F", help="quotes to match: a YAML list (strings or mappings with `quote`) or one quote a line")
    parser.add_argument("--episode", metavar="ID", action="append", help="search only this episode (repeatable)")
    parser.add_argument("--top", metavar="N", type=int, default=5, help="at most N passages per quote (default 5)")
    parser.add_argument("--tag", dest="tags", metavar="TAG", nargs="+", action="extend",
                        help="annotate each quote's best passage with these tags (a quote's `note` in --file is carried along)")
    parser.add_argument("--reworded", action="store_true",
                        help="the quote is a paraphrase or summary: list the closest passages, ranked (never a claim it was said)")
    parser.add_argument("--all-places", action="store_true",
                        help="with --tag, annotate every place a quote fits equally well (by default such a quote is not tagged)")
    parser.add_argument("--annotator", help="who annotates, with --tag (default: $ANNOTATE_ANNOTATOR, git user.name, $USER)")
    parser.add_argument("--json", action="store_true", help="print JSON")


@dataclass(frozen=True, slots=True)
class QuoteInput:
    """One quote to match and where it came from (for error messages)."""

    text: str
    path: str | None = None
    line: int | None = None
    note: str = ""


def run(options: argparse.Namespace) -> int:
    from annotate.cli.output import open_workspace, print_json, progress, progress_done
    from annotate.core.errors import AnnotateError
    from annotate.core.match import QuoteMatcher

    if options.top < 1:
        raise AnnotateError("--top must be at least 1")
    if options.reworded and options.tags:
        raise AnnotateError("--reworded finds the closest passages, not where a quote was said: it cannot --tag")
    if options.all_places and not options.tags:
        raise AnnotateError("--all-places says where --tag annotates; without --tag nothing is annotated")
    if options.annotator is not None and not options.tags:
        raise AnnotateError("--annotator says who annotates with --tag; without --tag nothing is annotated")
    quotes = _quotes_from_options(options)
    workspace = open_workspace(options)
    if options.tags:
        from annotate.core.taxonomy import require_tags

        require_tags(workspace.load_taxonomy(), options.tags)
    matcher = QuoteMatcher.for_workspace(
        workspace,
        episodes=options.episode,
        progress=lambda step: progress(f"indexing transcripts {step.done}/{step.total}: {step.episode}"),
    )
    progress_done()
    for error in matcher.errors:
        print(f"annotate: warning: {error} (not searched)", file=sys.stderr)
    results = []
    failed = False
    for quote in quotes:
        try:
            if options.reworded:
                closest = matcher.reworded(quote.text, top=options.top)
                results.append({"quote": quote.text, "closest": [_near_json(passage) for passage in closest]})
                continue
            matches = matcher.match(quote.text, top=options.top)
            result = {"quote": quote.text, "occurrences": matches[0].occurrences if matches else 0,
                      "matches": [_match_json(match) for match in matches]}
            if options.tags and matches:
                annotation_ids = _tag_places(workspace, quote, matches, options)
                if annotation_ids:
                    result["annotation"] = annotation_ids[0]
                if len(annotation_ids) > 1:
                    result["annotations"] = annotation_ids
            results.append(result)
        except AnnotateError as error:
            if len(quotes) == 1:
                raise
            failed = True
            located = AnnotateError(error.message, quote.path, quote.line)
            print(f"annotate: error: {located}", file=sys.stderr)
            results.append({"quote": quote.text, "closest" if options.reworded else "matches": [], "error": error.message})
    if options.json:
        print_json(results)
    else:
        _print_table(results)
    return 2 if failed else 0


def _tag_places(workspace, quote: QuoteInput, matches, options) -> list[str]:
    """Annotate the quote's best passage; a quote that fits several places equally well only with --all-places."""
    from annotate.core.errors import AnnotateError
    from annotate.core.services.tagging import equally_good_places, tag_passage
    from annotate.core.timecode import format_time

    best = matches[0]
    places = equally_good_places(matches)
    if len(places) > 1 and not options.all_places:
        where = AnnotateError(
            f"not tagged: the quote fits {len(places)} places about equally well (first at {best.episode} "
            f"{format_time(best.start_ms)}); quote more words, or give --all-places", quote.path, quote.line
        )
        print(f"annotate: warning: {where}", file=sys.stderr)
        return []
    return [
        tag_passage(
            workspace, match.episode, match.start_offset, match.end_offset, options.tags, note=quote.note, annotator=options.annotator
        ).annotation.id
        for match in places
    ]


def _match_json(match) -> dict:
    from annotate.cli.output import seconds

    return {
        "episode": match.episode,
        "start": seconds(match.start_ms),
        "end": seconds(match.end_ms),
        "score": match.score,
        "speaker": match.speaker,
        "text": " ".join(match.text.split()),
    }


def _near_json(passage) -> dict:
    from annotate.cli.output import seconds

    return {
        "episode": passage.episode,
        "start": seconds(passage.start_ms),
        "end": seconds(passage.end_ms),
        "score": passage.score,
        "speaker": passage.speaker,
        "cues": passage.cues,
        "text": " ".join(passage.text.split()),
    }


def _print_table(results: list[dict]) -> None:
    from annotate.core.timecode import format_clock

    for number, result in enumerate(results):
        if number:
            print()
        print(f"\u201c{result['quote']}\u201d" + (f"  (tagged as {result['annotation']})" if result.get("annotation") else ""))
        if result.get("error"):
            print(f"  could not match: {result['error']}")
            continue
        if "closest" in result:
            _print_closest(result["closest"])
            continue
        if not result["matches"]:
            print("  not said in these transcripts")
            continue
        if result.get("occurrences", 1) > 1:
            print(f"  said in {result['occurrences']} places, equally well:")
        for rank, match in enumerate(result["matches"], 1):
            start = format_clock(round(match["start"] * 1000))
            end = format_clock(round(match["end"] * 1000))
            speaker = match["speaker"] or ""
            text = match["text"] if len(match["text"]) <= 100 else match["text"][:99] + "\u2026"
            print(f"  {rank}. {match['score']:.2f}  {match['episode']}  {start}-{end}  {speaker}")
            print(f"     {text}")


def _print_closest(closest: list[dict]) -> None:
    from annotate.core.timecode import format_clock

    if not closest:
        print("  no passage shares its words")
        return
    print("  closest passages (nearest in wording, not a claim that it was said):")
    for rank, passage in enumerate(closest, 1):
        start = format_clock(round(passage["start"] * 1000))
        end = format_clock(round(passage["end"] * 1000))
        text = passage["text"] if len(passage["text"]) <= 100 else passage["text"][:99] + "\u2026"
        print(f"  {rank}. {passage['episode']}  {start}-{end}  {passage['speaker'] or ''}")
        print(f"     {text}")


def _quotes_from_options(options: argparse.Namespace) -> list[QuoteInput]:
    from annotate.core.errors import AnnotateError

    from annotate.core.limits import MAX_QUERY_CHARACTERS, cap_query, read_stream_text

    quotes: list[QuoteInput] = []
    if options.quote == "-":
        text = read_stream_text(sys.stdin, MAX_QUERY_CHARACTERS, "a quote").strip()
        if not text:
            raise AnnotateError("no quote on standard input (QUOTE '-' reads it from there)")
        quotes.append(QuoteInput(" ".join(text.split()), "<stdin>", 1))
    elif options.quote is not None:
        quotes.append(QuoteInput(cap_query(options.quote, "the quote")))
    if options.file:
        from_file = read_quote_file(Path(options.file))
        if not from_file:
            raise AnnotateError("no quotes in this file", options.file)
        quotes += from_file
    if not quotes:
        raise AnnotateError("give a QUOTE, '-' to read one from standard input, or --file F")
    for quote in quotes:
        try:
            cap_query(quote.text, "the quote")
        except AnnotateError as error:
            raise AnnotateError(error.message, quote.path, quote.line) from None
    return quotes


def read_quote_file(path: Path) -> list[QuoteInput]:
    """Quotes from a file: a YAML list of strings or of mappings with ``quote``, else one quote a line."""
    import yaml

    from annotate.core.errors import AnnotateError

    from annotate.core.limits import MAX_YAML_BYTES, read_file_text
    from annotate.core.yamlio import load_yaml

    text = read_file_text(path, MAX_YAML_BYTES, "a quote file") or ""
    is_yaml_name = path.suffix.lower() in (".yaml", ".yml")
    try:
        document = load_yaml(text, path).node
    except AnnotateError:
        if is_yaml_name:
            raise
        document = None
    if isinstance(document, yaml.SequenceNode):
        return [_quote_from_node(node, path) for node in document.value]
    if is_yaml_name:
        raise AnnotateError("expected a YAML list of quotes (strings, or mappings with a `quote` key)", path, 1)
    quotes = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            quotes.append(QuoteInput(stripped, str(path), number))
    return quotes


def _quote_from_node(node, path: Path) -> QuoteInput:
    from annotate.core.errors import AnnotateError

    line = node.start_mark.line + 1
    value = _node_value(node)
    note = ""
    if isinstance(value, dict):
        note = value.get("note") or ""
        if not isinstance(note, str):
            raise AnnotateError("a quote's `note` must be text", path, line)
        from annotate.core.limits import MAX_NOTE_CHARACTERS, refuse_nul

        refuse_nul(note, "the quote's `note`", path, line)
        if len(note) > MAX_NOTE_CHARACTERS:
            raise AnnotateError(f"the quote's `note` is too long (the limit is {MAX_NOTE_CHARACTERS} characters)", path, line)
        value = value.get("quote")
        if value is None:
            raise AnnotateError("this entry has no `quote` key", path, line)
    if not isinstance(value, str) or not value.strip():
        raise AnnotateError("a quote must be text (a string, or a mapping with a `quote` string)", path, line)
    return QuoteInput(" ".join(value.split()), str(path), line, note)


def _node_value(node):
    import yaml

    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()
