"""Import speed: annotate's readers against webvtt-py's bare parse of the same files, same run.

Measures (1) the largest corpus transcript, NASA's Apollo 13 air-to-ground log (plain text;
webvtt-py cannot read it, so its column parses the canonical WebVTT of the same transcript), and
(2) a generated archive of about 10 million words: 300 four-hour episodes written as WebVTT with
voice spans. Also counts, for the web-platform-tests file-parsing cases, how many each parser
gets right (cue count, text and times), since speed without correctness is no bargain; with the
``srt`` package installed, also compares it with the SRT reader.

    python benchmarks/import.py                 # full size (300 episodes)
    python benchmarks/import.py --episodes 10   # quick, while developing
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import webvtt

from annotate.core.formats import read_transcript
from annotate.core.formats.cuetext import collapse_whitespace, plain_cue_text
from annotate.core.formats.decoding import decode_bytes
from annotate.core.formats.vtt import parse_vtt, transcript_to_vtt, vtt_cues
from annotate.core.importing import import_file
from annotate.core.timecode import format_time
from annotate.core.workspace import Workspace, init_workspace

REPOSITORY = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("ANNOTATE_CORPUS", REPOSITORY.parent / "shared" / "corpus"))
EPISODE_HOURS = 4
WORDS_PER_CUE = 12
WORDS_PER_MINUTE = 140
VOCABULARY = (
    "the of and to a in that is it was credit social system china people they this think "
    "government data score companies there about which really one would so very what blacklist "
    "trust market local we but you not have be more are government's well uh like know "
    "Sesame Alibaba Beijing court regulations, enforcement. fraud? yes. right,"
).split()
SPEAKERS = ["Kaiser Kuo", "Rogier Creemers", "Mirjam Meissner", "Manya Koetse", "Jeremy Goldkorn"]


def generate_episode(seed: int) -> str:
    """A four-hour WebVTT episode: cues of twelve words, voice spans, an entity now and then."""
    chooser = random.Random(seed)
    cue_ms = WORDS_PER_CUE * 60_000 // WORDS_PER_MINUTE
    cue_count = EPISODE_HOURS * 3_600_000 // cue_ms
    blocks = ["WEBVTT\n"]
    speaker = chooser.choice(SPEAKERS)
    for index in range(cue_count):
        if chooser.random() < 0.1:
            speaker = chooser.choice(SPEAKERS)
        words = chooser.choices(VOCABULARY, k=WORDS_PER_CUE)
        if chooser.random() < 0.02:
            words[3] = "Q&amp;A"
        start = index * cue_ms
        blocks.append(f"{format_time(start)} --> {format_time(start + cue_ms - 80)}\n<v {speaker}>{' '.join(words)}\n")
    return "\n".join(blocks)


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def webvtt_py_parse(paths: list[Path]) -> int:
    return sum(len(webvtt.read(str(path)).captions) for path in paths)


def annotate_read(paths: list[Path]) -> int:
    return sum(len(read_transcript(path).transcript.cues) for path in paths)


def annotate_load(paths: list[Path]) -> int:
    # What opening a workspace does per episode: decode and parse the canonical WebVTT.
    return sum(len(parse_vtt(path.read_text(encoding="utf-8-sig"), str(path))[0]) for path in paths)


def annotate_import(paths: list[Path], folder: Path) -> int:
    workspace = Workspace(init_workspace(folder / "workspace"))
    return sum(import_file(workspace, path).cues for path in paths)


def wpt_correctness() -> tuple[int, int, int]:
    """Cases of wpt file-parsing (cue count, ids, texts, times) each parser gets right."""
    expected_path = CORPUS / "wpt-webvtt" / "expected" / "file-parsing-expected.json"
    if not expected_path.is_file():
        return 0, 0, 0
    cases = json.loads(expected_path.read_text(encoding="utf-8"))["file_parsing"]
    ours = theirs = 0
    for case in cases.values():
        text = decode_bytes((CORPUS / "wpt-webvtt" / case["input"]).read_bytes()).text
        ours += _matches(case, [(cue.identifier, plain_cue_text(cue.text).text, cue.start_ms, cue.end_ms) for cue in vtt_cues(text)])
        try:
            captions = webvtt.from_string(text).captions
            found = [
                (caption.identifier or "", collapse_whitespace(caption.text), _caption_ms(caption.start), _caption_ms(caption.end))
                for caption in captions
            ]
        except Exception:  # webvtt-py raises on malformed files; that case counts as wrong
            continue
        theirs += _matches(case, found)
    return ours, theirs, len(cases)


def _caption_ms(stamp: str) -> int:
    clock, _, fraction = stamp.partition(".")
    hours, minutes, seconds = (int(part) for part in clock.split(":"))
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + int(fraction or 0)


def _matches(case: dict, cues: list[tuple]) -> int:
    if case["cue_count"] is not None and len(cues) != case["cue_count"]:
        return 0
    for index, attributes in enumerate(case["cues"]):
        if index >= len(cues):
            return 0
        identifier, text, start, end = cues[index]
        if "id" in attributes and (identifier or "") != attributes["id"]:
            return 0
        if "text" in attributes and text != collapse_whitespace(attributes["text"]):
            return 0
        if "startTime" in attributes and start != round(attributes["startTime"] * 1000):
            return 0
        if "endTime" in attributes and end != round(attributes["endTime"] * 1000):
            return 0
    return 1


def _srt_time(ms: int) -> str:
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


def srt_package_comparison() -> str | None:
    """With the ``srt`` package installed (not a dependency), compare it on the corpus SRT files and
    a generated 30,000-cue file: how many it refuses, and how fast each parser is."""
    try:
        import srt
    except ImportError:
        return None
    from annotate.core.errors import AnnotateError
    from annotate.core.formats import read_text

    files = sorted(CORPUS.rglob("*.srt"))
    refused_by_srt = refused_by_us = 0
    for path in files:
        text = decode_bytes(path.read_bytes()).text if path.stat().st_size else ""
        try:
            list(srt.parse(text))
        except Exception:  # srt raises its own errors on malformed input; that counts as refused
            refused_by_srt += 1
        try:
            read_text(text, str(path), format="srt")
        except AnnotateError:
            refused_by_us += 1
    big = "\n".join(f"{i + 1}\n{_srt_time(i * 5000)} --> {_srt_time(i * 5000 + 4800)}\nAda: some words here\nand a second line\n" for i in range(30_000))
    theirs = timed(lambda: list(srt.parse(big)))
    ours = timed(lambda: read_text(big, "big.srt"))
    return (
        f"srt package: refuses {refused_by_srt} of {len(files)} corpus SRT files (annotate: {refused_by_us}); "
        f"30,000 cues: srt.parse {theirs:.2f} s, annotate read_text {ours:.2f} s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=300, help="episodes in the generated archive (default 300)")
    options = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        apollo = CORPUS / "real-transcripts" / "spacelog-nasa" / "apollo13_TEC.txt"
        if apollo.is_file():
            canonical = folder / "apollo13.vtt"
            canonical.write_text(transcript_to_vtt(read_transcript(apollo).transcript), encoding="utf-8")
            words = len(canonical.read_text(encoding="utf-8").split())
            apollo_bare = timed(lambda: webvtt_py_parse([canonical]))
            rows.append(("apollo13, canonical VTT: webvtt-py read (bare parse)", apollo_bare, apollo_bare))
            rows.append(("apollo13_TEC.txt: read_transcript (text reader)", timed(lambda: annotate_read([apollo])), apollo_bare))
            rows.append(("apollo13, canonical VTT: read_transcript", timed(lambda: annotate_read([canonical])), apollo_bare))
            print(f"apollo13_TEC.txt: {apollo.stat().st_size / 1e6:.1f} MB, about {words:,} words in its canonical VTT", file=sys.stderr)
        archive = folder / "archive"
        archive.mkdir()
        started = time.perf_counter()
        paths = []
        for number in range(options.episodes):
            path = archive / f"episode-{number:03d}.vtt"
            path.write_text(generate_episode(number), encoding="utf-8")
            paths.append(path)
        total_words = sum(len(plain_cue_text(line).text.split()) for line in paths[0].read_text(encoding="utf-8").splitlines() if line.startswith("<v ")) * len(paths)
        size_mb = sum(path.stat().st_size for path in paths) / 1e6
        print(f"archive: {len(paths)} episodes, {total_words / 1e6:.1f}M words, {size_mb:.0f} MB, written in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        bare = timed(lambda: webvtt_py_parse(paths))
        rows.append(("archive: webvtt-py read (bare parse)", bare, bare))
        rows.append(("archive: read_transcript (decode, detect, parse, clean)", timed(lambda: annotate_read(paths)), bare))
        rows.append(("archive: parse_vtt (what opening a workspace does)", timed(lambda: annotate_load(paths)), bare))
        rows.append(("archive: import_file (read, write VTT + YAML atomically)", timed(lambda: annotate_import(paths, folder)), bare))
    # Each row: what was timed, its seconds, and the webvtt-py time it is compared with.
    print(f"| {'what':<58} | {'seconds':>8} | {'x webvtt-py':>11} |")
    print(f"|{'-' * 60}|{'-' * 9}:|{'-' * 12}:|")
    for label, seconds, reference in rows:
        print(f"| {label:<58} | {seconds:>8.2f} | {seconds / reference:>11.2f} |")
    ours, theirs, cases = wpt_correctness()
    if cases:
        print(f"\nwpt file-parsing cases right (count, ids, text, times): annotate {ours}/{cases}, webvtt-py {theirs}/{cases}")
    comparison = srt_package_comparison()
    if comparison:
        print(comparison)
    return 0


if __name__ == "__main__":
    sys.exit(main())
