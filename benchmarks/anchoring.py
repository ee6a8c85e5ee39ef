"""Re-anchoring after a correction pass: how many annotations land right, are flagged, are misplaced.

    python benchmarks/anchoring.py                       # full size: four hours, 1,000 annotations
    python benchmarks/anchoring.py --hours 1 --annotations 200   # quicker while developing

A four-hour transcript is generated from the sample workspace's own sentences (a word-pair walk,
so phrases recur as they do in speech), with ASR slips (misheard words, dropped letters). 1,000
annotations of 4 to 40 words are made on it and saved. The correction pass then fixes the slips,
splits long cues, merges short ones, shifts every time (re-sync), inserts missed sentences (some
repeating earlier ones word for word) and deletes some cross-talk cues. Every character is traced
through the edits, so each annotation's true new place is known. ``reanchor_episode`` (read,
re-anchor, save) is timed, and each annotation is counted:

- right: placed exactly on its passage (for a passage whose words were corrected, within two
  characters of it);
- flagged: kept and marked orphaned (right for a deleted passage, safe for one whose words were
  edited, a miss for one left as it was);
- misplaced: placed anywhere else, or placed although its passage was deleted (goal: none).
"""

from __future__ import annotations

import argparse
import random
import string
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))

from annotate.core.anchoring import _fold, new_annotation, reanchor_episode  # noqa: E402
from annotate.core.annotations import serialize_annotations  # noqa: E402
from annotate.core.model import Cue, Transcript  # noqa: E402
from annotate.core.workspace import Workspace, init_workspace  # noqa: E402


@dataclass
class TracedCue:
    """A cue whose every character remembers where it was in the transcript before the pass."""

    start_ms: int
    end_ms: int
    speaker: str
    chars: list[str]
    origins: list[int | None] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.chars)


def sample_sentences() -> list[str]:
    workspace = Workspace(REPOSITORY)
    sentences = []
    for transcript in workspace.load_transcripts()[0]:
        sentences += [cue.text for cue in transcript.cues if len(cue.text.split()) >= 4]
    if not sentences:
        raise SystemExit("no sample transcripts found in the repository to draw words from")
    return sentences


def word_walk(sentences: list[str], generator: random.Random):
    # A first-order word chain over the sample's sentences: English-like, with recurring phrases.
    following: dict[str, list[str]] = {}
    starts = []
    for sentence in sentences:
        words = sentence.split()
        starts.append(words[0])
        for word, after in zip(words, words[1:]):
            following.setdefault(word, []).append(after)

    def sentence(length: int) -> str:
        words = [generator.choice(starts)]
        while len(words) < length:
            choices = following.get(words[-1])
            words.append(generator.choice(choices) if choices else generator.choice(starts))
        text = " ".join(words)
        return text if text.endswith((".", "?", "!")) else text.rstrip(",;:") + "."

    return sentence


def misheard(word: str, generator: random.Random) -> str:
    letters = [index for index, char in enumerate(word) if char.isalpha()]
    if len(letters) < 3:
        return word
    at = generator.choice(letters)
    if generator.random() < 0.5:
        return word[:at] + word[at + 1:]
    return word[:at] + generator.choice(string.ascii_lowercase) + word[at + 1:]


def make_episode(hours: float, generator: random.Random) -> tuple[list[Cue], list[Cue]]:
    """The ASR transcript (with slips) and the same cues with the slips fixed (same cue layout)."""
    sentence = word_walk(sample_sentences(), generator)
    speakers = ["Kaiser Kuo", "Jeremy Goldkorn", "Rogier Creemers", "Manya Koetse", "Mirjam Meissner"]
    asr, clean, time_ms, speaker = [], [], 0, speakers[0]
    while time_ms < hours * 3_600_000:
        words = sentence(generator.randint(5, 22)).split()
        slipped = [misheard(word, generator) if generator.random() < 0.03 else word for word in words]
        duration = int(len(words) * generator.uniform(330, 450))
        if generator.random() < 0.15:
            speaker = generator.choice(speakers)
        clean.append(Cue(time_ms, time_ms + duration, " ".join(words), speaker))
        asr.append(Cue(time_ms, time_ms + duration, " ".join(slipped), speaker))
        time_ms += duration + generator.randint(50, 600)
    return asr, clean


def correction_pass(asr: list[Cue], clean: list[Cue], generator: random.Random, filler) -> list[TracedCue]:
    # Fixing a cue's slips keeps the origin of every character: the texts are aligned word by
    # word (a fix changes letters inside words, never the word count).
    traced, offset = [], 0
    for before, after in zip(asr, clean):
        chars, origins = [], []
        before_words, after_words = before.text.split(" "), after.text.split(" ")
        position = offset
        for index, (old, new) in enumerate(zip(before_words, after_words)):
            if index:
                chars.append(" ")
                origins.append(position)
                position += 1
            chars += list(new)
            # A corrected word's letters stand where the misheard word's letters stood.
            origins += [position + min(index, max(0, len(old) - 1)) for index in range(len(new))]
            position += len(old)
        traced.append(TracedCue(before.start_ms, before.end_ms, before.speaker, chars, origins))
        offset += len(before.text) + 1
    edited: list[TracedCue] = []
    for cue in traced:
        roll = generator.random()
        if roll < 0.10 and " " in cue.text:  # split a long cue at a space
            spaces = [index for index, char in enumerate(cue.chars) if char == " "]
            at = spaces[len(spaces) // 2]
            middle = cue.start_ms + (cue.end_ms - cue.start_ms) * at // max(1, len(cue.chars))
            edited.append(TracedCue(cue.start_ms, middle, cue.speaker, cue.chars[:at], cue.origins[:at]))
            edited.append(TracedCue(middle, cue.end_ms, cue.speaker, cue.chars[at + 1:], cue.origins[at + 1:]))
        elif roll < 0.20 and edited and edited[-1].speaker == cue.speaker:  # merge with the cue before
            previous = edited[-1]
            previous.chars += [" "] + cue.chars
            previous.origins += [None] + cue.origins
            previous.end_ms = cue.end_ms
        elif roll < 0.21:  # cross-talk removed
            continue
        else:
            edited.append(cue)
        if generator.random() < 0.01:  # a missed sentence put back; sometimes one said before
            text = generator.choice(edited).text if generator.random() < 0.3 else filler(generator.randint(5, 15))
            at = edited[-1].end_ms
            edited.append(TracedCue(at, at + 1500, "Someone", list(text), [None] * len(text)))
    shift = 1_200  # re-synced to the audio
    for cue in edited:
        cue.start_ms += shift
        cue.end_ms += shift
    return edited


def expected_span(edited_text: str, where: dict[int, int], start: int, end: int) -> tuple[int, int] | None:
    """Where the passage ``[start, end)`` went (first to last of its characters still there, spaces
    at the edges left out), or None if all its characters were deleted. ``where`` maps an original
    character's offset to its offset after the pass."""
    inside = sorted(where[origin] for origin in range(start, end) if origin in where)
    inside = [index for index in inside if not edited_text[index].isspace()]
    return (inside[0], inside[-1] + 1) if inside else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hours", type=float, default=4.0, help="length of the generated episode (default 4)")
    parser.add_argument("--annotations", type=int, default=1000, help="annotations to re-anchor (default 1000)")
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()
    generator = random.Random(options.seed)
    asr_cues, clean_cues = make_episode(options.hours, generator)
    asr = Transcript("long-episode", asr_cues)
    text = asr.text

    # Annotations of 4 to 40 words, starting and ending on word edges, some across cue breaks.
    edges = [0] + [index + 1 for index, char in enumerate(text) if char in " \n"]
    annotations = []
    for _ in range(options.annotations):
        first = generator.randrange(0, len(edges) - 41)
        last = first + generator.randint(4, 40)
        annotations.append(new_annotation(asr, edges[first], edges[last] - 1, ["media-myths"], annotator="bench"))

    filler = word_walk(sample_sentences(), generator)
    edited = correction_pass(asr_cues, clean_cues, generator, filler)
    corrected = Transcript("long-episode", [Cue(cue.start_ms, cue.end_ms, cue.text, cue.speaker) for cue in edited])
    origin_at: list[int | None] = []
    for number, cue in enumerate(edited):
        if number:
            origin_at.append(None)
        origin_at += cue.origins

    with tempfile.TemporaryDirectory() as folder:
        workspace = Workspace(init_workspace(Path(folder) / "ws"))
        workspace.save_transcript(asr)
        path = workspace.annotations_path("long-episode")
        path.write_text(serialize_annotations("long-episode", annotations))
        workspace.save_transcript(corrected)
        started = time.perf_counter()
        warnings = reanchor_episode(workspace, "long-episode")
        elapsed = time.perf_counter() - started
        placed = {annotation.id: annotation for annotation in Workspace(workspace.root).annotations("long-episode")}

    where = {origin: index for index, origin in enumerate(origin_at) if origin is not None}
    counts = {"right": 0, "right (corrected quote, within 2 chars)": 0, "flagged, passage deleted": 0,
              "flagged, passage edited (words corrected, cut or added)": 0, "flagged, passage unchanged": 0,
              "misplaced": 0}
    corrected_text = corrected.text
    for annotation in annotations:
        result = placed[annotation.id]
        anchor = annotation.anchor
        expected = expected_span(corrected_text, where, anchor.start_offset, anchor.end_offset)
        words_kept = expected is not None and _fold(anchor.quote)[0] == _fold(corrected_text[expected[0]:expected[1]])[0]
        if result.status == "orphaned":
            if expected is None:
                counts["flagged, passage deleted"] += 1
            elif words_kept:
                counts["flagged, passage unchanged"] += 1
            else:
                counts["flagged, passage edited (words corrected, cut or added)"] += 1
            continue
        if expected is None:
            counts["misplaced"] += 1
            continue
        found = (result.anchor.start_offset, result.anchor.end_offset)
        if found == expected:
            counts["right"] += 1
        elif not words_kept and abs(found[0] - expected[0]) <= 2 and abs(found[1] - expected[1]) <= 2:
            counts["right (corrected quote, within 2 chars)"] += 1
        else:
            counts["misplaced"] += 1

    total = len(annotations)
    words = len(corrected_text.split())
    print(f"Re-anchoring {total} annotations on a {options.hours:g}-hour transcript "
          f"({len(corrected.cues)} cues, {words} words) after a correction pass")
    print()
    print("| outcome | annotations | share |")
    print("|---|---:|---:|")
    for outcome, count in counts.items():
        print(f"| {outcome} | {count} | {100 * count / total:.1f}% |")
    print()
    print(f"reanchor_episode (read, re-anchor, save): {elapsed:.2f} s, {1000 * elapsed / total:.2f} ms per annotation; "
          f"{len(warnings)} orphan warning(s)")


if __name__ == "__main__":
    main()
