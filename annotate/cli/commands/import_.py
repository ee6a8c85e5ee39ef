"""``annotate import FILE... [--id ID] [--title T] [--format F] [--replace]``: transcripts in."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from annotate.core.formats import FORMAT_NAMES

    parser.add_argument("files", nargs="+", metavar="FILE", help="transcript files (WebVTT, SRT, SBV, JSON, HTML, text)")
    parser.add_argument("--id", dest="episode_id", metavar="ID", help="the episode id (one FILE only; default: from the file name)")
    parser.add_argument("--title", help="the episode title (default: from the file)")
    parser.add_argument("--format", metavar="F", help=f"read as this format instead of detecting it: {', '.join(FORMAT_NAMES)}")
    parser.add_argument("--replace", action="store_true", help="swap in a corrected transcript for an existing id and re-anchor its annotations")
    parser.add_argument("--json", action="store_true", help="print JSON")


def run(options: argparse.Namespace) -> int:
    from annotate.cli.output import open_workspace, print_json, progress, progress_done, seconds
    from annotate.core.errors import AnnotateError
    from annotate.core.formats import resolve_format
    from annotate.core.importing import check_episode_id, import_file

    if options.episode_id is not None and len(options.files) > 1:
        raise AnnotateError("--id names one episode: give one FILE with it")
    if options.episode_id is not None:
        check_episode_id(options.episode_id)
    if options.format:
        resolve_format(options.format)
    workspace = open_workspace(options)
    records: list[dict] = []
    episodes_from: dict[str, str] = {}
    for number, file in enumerate(options.files, 1):
        progress(f"importing {number}/{len(options.files)}: {file}")
        try:
            _refuse_same_episode_twice(file, episodes_from)
            result = import_file(
                workspace,
                file,
                episode_id=options.episode_id,
                title=options.title,
                format=options.format,
                replace=options.replace,
            )
        except AnnotateError as error:
            record = {"file": file, "error": str(error)}
        else:
            episodes_from[result.episode] = file
            record = {
                "file": file,
                "episode": result.episode,
                "cues": result.cues,
                "duration": seconds(result.duration_ms),
                "speakers": result.speakers,
                "warnings": result.warnings,
            }
        records.append(record)
        if not options.json:
            progress_done()
            _print_record(record)
    progress_done()
    if options.json:
        print_json(records)
    return 2 if any("error" in record for record in records) else 0


def _print_record(record: dict) -> None:
    # One line per file on stdout; its warnings, or its error, on stderr.
    import sys

    from annotate.core.timecode import format_clock

    if "error" in record:
        print(f"annotate: error: {record['error']}", file=sys.stderr)
        return
    for warning in record["warnings"]:
        print(f"annotate: warning: {warning}", file=sys.stderr)
    speakers = ", ".join(record["speakers"]) or "no speakers"
    duration = format_clock(int(record["duration"] * 1000))
    cues = f"{record['cues']} cue" + ("" if record["cues"] == 1 else "s")
    print(f"{record['file']} -> {record['episode']}: {cues}, {duration}, {speakers}")


def _refuse_same_episode_twice(file: str, episodes_from: dict[str, str]) -> None:
    # Two files of one command that map to one id: the second must not overwrite the first.
    from annotate.core.errors import AnnotateError
    from annotate.core.importing import episode_id_from_path

    episode = episode_id_from_path(file)
    if episode in episodes_from:
        raise AnnotateError(
            f"would also become episode {episode!r}, just imported from {episodes_from[episode]}; "
            "import it on its own with --id",
            file,
        )
