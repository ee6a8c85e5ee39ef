"""Tagging and taxonomy changes through the command line: how long a save takes as the workspace grows.

    python benchmarks/tagging.py                 # 1,000 annotations in the episode, a rename over 300 files
    python benchmarks/tagging.py --quick         # fewer of each while developing

Drives ``annotate.cli.main`` in process (as a script would, minus interpreter start-up), so the
same script measures any version of the store: ``tag --from/--to`` into a four-hour episode that
already holds N annotations (each tag is a read-merge-write of the episode's file under its lock
and the taxonomy lock), ``tag --quote`` (the quote matcher first), one process saving a note again
and again (as the TUI does), and ``taxonomy rename`` over many annotation files (all files changed
together). Prints one table.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))

from annotate.cli import main  # noqa: E402
from annotate.core.model import Cue, Tag, Taxonomy, Transcript, TranscriptMetadata  # noqa: E402
from annotate.core.taxonomy import save_taxonomy  # noqa: E402
from annotate.core.workspace import Workspace, init_workspace  # noqa: E402

WORDS = ("credit", "system", "pilot", "court", "blacklist", "company", "city", "score", "trust", "fraud", "media", "law")


def _transcript(episode_id: str, cues: int) -> Transcript:
    # Four-second cues of ten words each; every cue unique (a counter in it) so quotes place once.
    lines = []
    for index in range(cues):
        words = [WORDS[(index * 7 + offset * 3) % len(WORDS)] for offset in range(9)]
        lines.append(Cue(index * 4000, index * 4000 + 3900, f"cue {index} " + " ".join(words), "Speaker"))
    return Transcript(episode_id, lines, TranscriptMetadata(title=episode_id))


def _cli(root: Path, *arguments: str) -> float:
    # As a fresh process would: nothing rendered by an earlier command is reused.
    import annotate.core.annotations as annotation_format

    getattr(annotation_format, "_BLOCKS", {}).clear()
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(["--workspace", str(root), *arguments])
    elapsed = time.perf_counter() - started
    if code != 0:
        raise SystemExit(f"annotate {' '.join(arguments)} exited {code}")
    return elapsed


def _clock(milliseconds: int) -> str:
    seconds, millis = divmod(milliseconds, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def _notes_in_one_process(root: Path, times: int) -> list[float]:
    # The workspace's own API where it has one (the store), else the older AnnotationStore's.
    workspace = Workspace(root)
    if hasattr(workspace, "update_annotation"):
        read, write = workspace.annotations, workspace.update_annotation
    else:
        from annotate.core.annotations import AnnotationStore

        store = AnnotationStore(workspace)
        read, write = store.annotations, store.update
    annotation = read("long")[0]
    elapsed = []
    for number in range(times):
        annotation.note = f"note {number}"
        started = time.perf_counter()
        annotation = write(annotation)
        elapsed.append(time.perf_counter() - started)
    return elapsed


def measure(annotations: int, quotes: int, rename_files: int) -> list[tuple[str, str]]:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        root = init_workspace(Path(folder) / "ws")
        workspace = Workspace(root)
        cues = 3600
        workspace.save_transcript(_transcript("long", cues))
        save_taxonomy(workspace, Taxonomy([Tag("fraud", "Fraud"), Tag("media", "Media"), Tag("spare", "Spare")]))
        times = []
        for index in range(annotations):
            cue = (index * 37) % cues
            times.append(_cli(root, "tag", "long", "--from", _clock(cue * 4000), "--to", _clock(cue * 4000 + 3000), "--tag", "fraud"))
        rows.append((f"tag --from/--to, into an episode growing to {annotations} annotations (median)", f"{statistics.median(times) * 1000:.1f} ms"))
        rows.append((f"tag --from/--to, the last 100 of them (median)", f"{statistics.median(times[-100:]) * 1000:.1f} ms"))
        quote_times = []
        for index in range(quotes):
            cue = (index * 53 + 11) % cues
            quote = " ".join(workspace.load_transcript("long").cues[cue].text.split()[:6])
            quote_times.append(_cli(root, "tag", "long", "--quote", quote, "--tag", "media"))
        rows.append((f"tag --quote ({quotes} quotes, median; the matcher's index cached)", f"{statistics.median(quote_times[1:] or quote_times) * 1000:.1f} ms"))
        rows.append((f"one process changing notes 100 times among {annotations} annotations (as the TUI saves; median)",
                     f"{statistics.median(_notes_in_one_process(root, 100)) * 1000:.1f} ms"))
        # A rename over many small annotation files.
        small = _transcript("short", 20)
        for number in range(rename_files):
            small.id = f"e{number:03d}"
            workspace.save_transcript(small)
            _cli(root, "tag", small.id, "--from", "00:00:04.000", "--to", "00:00:07.000", "--tag", "spare")
        elapsed = _cli(root, "taxonomy", "rename", "spare", "renamed")
        rows.append((f"taxonomy rename over {rename_files + 1} annotation files", f"{elapsed:.2f} s"))
    return rows


def main_benchmark() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 annotations, 20 quotes, 50 files")
    options = parser.parse_args()
    sizes = (200, 20, 50) if options.quick else (1000, 50, 300)
    rows = measure(*sizes)
    print("| measure | time |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main_benchmark()
