"""``annotate agreement``: how far coders agree, word by word, per tag and overall, and where they differ most."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--annotators", metavar="A", nargs="+", required=True, help="two or more annotators to compare")
    parser.add_argument("--episode", metavar="E", action="append", help="only this episode (repeatable; default: those every one of them coded)")
    parser.add_argument("--tag", metavar="T", action="append", help="only this tag and the tags below it (repeatable)")
    parser.add_argument("--top", metavar="N", type=int, default=5, help="how many of the longest disagreements to show (default 5)")
    parser.add_argument("--json", action="store_true", help="print JSON")


def run(options: argparse.Namespace) -> int:
    import sys

    from annotate.cli.output import open_workspace, print_json
    from annotate.core.analysis import measure_agreement
    from annotate.core.errors import AnnotateError

    if options.top < 0:
        raise AnnotateError("--top must be 0 or more")
    workspace = open_workspace(options)
    report = measure_agreement(workspace, options.annotators, options.episode, options.tag, options.top)
    for reason in report.skipped:
        print(f"annotate: warning: {reason}", file=sys.stderr)
    if options.json:
        print_json(report.record())
        return 0
    _print_report(report)
    return 0


def _number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.1f}%"


def _print_report(report) -> None:
    from annotate.cli.table import format_table
    from annotate.core.timecode import format_time

    names = report.annotators
    print(f"{', '.join(names)} on {len(report.episodes)} episode(s), {report.units:,} words (each word is a unit)")
    print()
    rows = [["overall", _number(report.overall.kappa), _number(report.overall.alpha), _percent(report.overall.percent), *([""] * len(names))]]
    for tag in report.tags:
        rows.append([tag.tag, _number(tag.scores.kappa), _number(tag.scores.alpha), _percent(tag.scores.percent), *(str(tag.words[name]) for name in names)])
    print("\n".join(format_table(["", "kappa", "alpha", "agree", *(f"words {name}" for name in names)], rows)))
    if len(names) > 2:
        print("(kappa: Fleiss' for three or more coders; Cohen's compares two.)")
    if len(report.by_episode) > 1:
        print()
        episode_rows = [
            [episode, _number(scores.kappa), _number(scores.alpha), _percent(scores.percent)]
            for episode, scores in report.by_episode.items()
        ]
        print("\n".join(format_table(["episode", "kappa", "alpha", "agree"], episode_rows)))
    if not report.disagreements:
        return
    print()
    print("Where they disagree most:")
    for passage in report.disagreements:
        print(f"  {passage.episode} {format_time(passage.start_ms)}-{format_time(passage.end_ms)} {passage.speaker or ''} ({passage.words} words)")
        print("    " + "; ".join(f"{name}: {', '.join(tags) or '(nothing)'}" for name, tags in passage.codes.items()))
        text = passage.text if len(passage.text) <= 110 else passage.text[:107] + "..."
        print(f"    \"{text}\"")
