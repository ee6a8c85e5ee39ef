"""``annotate import FILE... [--id ID] [--title T] [--format F] [--replace]``: transcripts in."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from annotate.core.formats import FORMAT_NAMES

    parser.add_argument("files", nargs="+", metavar="FILE", help="transcript files (WebVTT, SRT, SBV, JSON, HTML, text), or REFI-QDA .qdc codebooks and .qdpx projects")
    parser.add_argument("--id", dest="episode_id", metavar="ID", help="the episode id (one FILE only; default: from the file name)")
    parser.add_argument("--title", help="the episode title (default: from the file)")
    parser.add_argument("--format", metavar="F", help=f"read as this format instead of detecting it: {', '.join(FORMAT_NAMES)}")
    parser.add_argument("--media", metavar="URL", help="the episode's audio or video address (export links point into it with #t=)")
    parser.add_argument("--replace", action="store_true", help="swap in a corrected transcript for an existing id and re-anchor its annotations")
    parser.add_argument("--json", action="store_true", help="print JSON")


def run(options: argparse.Namespace) -> int:
    from annotate.cli.output import open_workspace, print_json, progress, progress_done, seconds
    from annotate.core.errors import AnnotateError
    from annotate.core.formats import resolve_format
    from annotate.core.importing import check_episode_id, import_file
    from annotate.core.media import check_media_url
    from annotate.core.refiqda.importing import is_refi_path

    if options.episode_id is not None and len(options.files) > 1:
        raise AnnotateError("--id names one episode: give one FILE with it")
    if options.episode_id is not None:
        check_episode_id(options.episode_id)
    if options.format:
        resolve_format(options.format)
    if options.media:
        check_media_url(options.media)
    workspace = open_workspace(options)
    records: list[dict] = []
    episodes_from: dict[str, str] = {}
    for number, file in enumerate(options.files, 1):
        progress(f"importing {number}/{len(options.files)}: {file}")
        if is_refi_path(file):
            record = _import_refi(workspace, file, options)
            records.append(record)
            if not options.json:
                progress_done()
                _print_refi_record(record)
            continue
        try:
            _refuse_same_episode_twice(file, episodes_from)
            result = import_file(
                workspace,
                file,
                episode_id=options.episode_id,
                title=options.title,
                format=options.format,
                replace=options.replace,
                media_url=options.media,
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


def _import_refi(workspace, file: str, options: argparse.Namespace) -> dict:
    # A REFI-QDA codebook or project: its codes, sources and codings, all saved or none.
    from annotate.core.errors import AnnotateError
    from annotate.core.refiqda.importing import import_refi

    given = [flag for flag, value in (("--id", options.episode_id), ("--title", options.title), ("--media", options.media),
                                      ("--format", options.format), ("--replace", options.replace)) if value]
    if given:
        return {"file": file, "error": f"{file}: {', '.join(given)}: for transcripts only, not for a REFI-QDA file"}
    try:
        result = import_refi(workspace, file)
    except AnnotateError as error:
        return {"file": file, "error": str(error)}
    return {
        "file": file,
        "episodes": result.episodes,
        "tags": result.tags_added,
        "tags_existing": result.tags_existing,
        "annotations": result.annotations,
        "annotators": result.annotators,
        "warnings": result.warnings,
    }


def _print_refi_record(record: dict) -> None:
    import sys

    if "error" in record:
        print(f"annotate: error: {record['error']}", file=sys.stderr)
        return
    for warning in record["warnings"]:
        print(f"annotate: warning: {warning}", file=sys.stderr)
    existing = f" ({len(record['tags_existing'])} already there)" if record["tags_existing"] else ""
    annotators = f" by {', '.join(record['annotators'])}" if record["annotators"] else ""
    print(
        f"{record['file']} -> {len(record['tags'])} new tag(s){existing}, {len(record['episodes'])} episode(s), "
        f"{record['annotations']} annotation(s){annotators}"
    )
