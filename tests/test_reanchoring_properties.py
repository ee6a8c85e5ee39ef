"""Property tests: after random corrections of a transcript, every annotation whose quote survives
is re-anchored exactly where its passage went, the rest are flagged orphaned, and none is misplaced."""

from __future__ import annotations

import copy
import random
import string
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotate.core.anchoring import new_annotation, verify_anchors
from annotate.core.model import Cue, Transcript

SPEAKERS = ["Kaiser Kuo", "Rogier Creemers", "Manya Koetse"]
EDIT_KINDS = ["typo", "dropped-letter", "split", "merge", "shift", "insert", "insert-copy"]
# Inserted sentences land at least this far from any annotated passage ("elsewhere").
INSERT_DISTANCE = 40
CONTEXT = 32


def random_transcript(seed: int) -> Transcript:
    generator = random.Random(seed)
    vocabulary = ["".join(generator.choices(string.ascii_lowercase, k=generator.randint(3, 9))) for _ in range(400)]
    cues, time = [], 0
    for index in range(generator.randint(25, 50)):
        words = generator.choices(vocabulary, k=generator.randint(6, 16))
        text = " ".join(words).capitalize() + "."
        duration = generator.randint(2000, 9000)
        cues.append(Cue(time, time + duration, text, SPEAKERS[index % 3]))
        time += duration + generator.randint(0, 500)
    return Transcript("random", cues)


@dataclass
class Tracked:
    """Where an annotation's passage should be now, and whether its words were changed."""

    start: int
    end: int
    words_changed: bool = False
    copied: bool = False  # its words (with their context) were also inserted elsewhere


def word_spans(transcript: Transcript, generator: random.Random, count: int) -> list[tuple[int, int]]:
    # Passages of 4 to 12 words, possibly across a cue break, starting and ending on word edges.
    text = transcript.text
    edges = [0] + [index + 1 for index, char in enumerate(text) if char in " \n"]
    spans = []
    for _ in range(count):
        first = generator.randrange(0, len(edges) - 13)
        last = first + generator.randint(4, 12)
        spans.append((edges[first], edges[last] - 1))
    return spans


def shift_after(tracked: list[Tracked], position: int, delta: int) -> None:
    for item in tracked:
        if item.start >= position:
            item.start += delta
        if item.end > position or (item.end == position and item.start > position):
            item.end += delta


def apply_edit(cues: list[Cue], tracked: list[Tracked], kind: str, generator: random.Random) -> None:
    offsets, position = [], 0
    for cue in cues:
        offsets.append(position)
        position += len(cue.text) + 1
    index = generator.randrange(len(cues))
    cue, base = cues[index], offsets[index]
    if kind in ("typo", "dropped-letter"):
        letters = [at for at, char in enumerate(cue.text) if char.isalpha()]
        at = generator.choice(letters)
        absolute = base + at
        for item in tracked:
            if item.start <= absolute < item.end:
                item.words_changed = True
        if kind == "typo":
            replacement = generator.choice([char for char in string.ascii_lowercase if char != cue.text[at].lower()])
            cue.text = cue.text[:at] + replacement + cue.text[at + 1:]
        elif len(cue.text) > 2:
            cue.text = cue.text[:at] + cue.text[at + 1:]
            for item in tracked:
                if item.start > absolute:
                    item.start -= 1
                if item.end > absolute:
                    item.end -= 1
    elif kind == "split":
        spaces = [at for at, char in enumerate(cue.text) if char == " "]
        if spaces:
            at = generator.choice(spaces)
            middle = cue.start_ms + (cue.end_ms - cue.start_ms) * at // len(cue.text)
            cues[index:index + 1] = [
                Cue(cue.start_ms, middle, cue.text[:at], cue.speaker),
                Cue(middle, cue.end_ms, cue.text[at + 1:], cue.speaker),
            ]
    elif kind == "merge":
        if index + 1 < len(cues):
            following = cues.pop(index + 1)
            cue.text = f"{cue.text} {following.text}"
            cue.end_ms = following.end_ms
    elif kind == "shift":
        delta = generator.randint(-1500, 4000)
        for each in cues:
            each.start_ms = max(0, each.start_ms + delta)
            each.end_ms = max(each.start_ms, each.end_ms + delta)
    elif kind in ("insert", "insert-copy"):
        allowed = [
            number for number, offset in enumerate(offsets)
            if all(offset + INSERT_DISTANCE <= item.start or offset - INSERT_DISTANCE >= item.end for item in tracked)
        ]
        if not allowed:
            return
        number = generator.choice(allowed)
        if kind == "insert-copy":
            # The same words said again elsewhere: context must tell them apart. A cue copied right
            # beside itself (a speaker repeating a whole sentence) is the same text in the same
            # place, which no anchor can tell apart, so copies go at least one cue away.
            sources = [cue for at, cue in enumerate(cues) if at not in (number - 1, number)]
            if not sources:
                return
            source = generator.choice(sources)
            text = source.text
            source_start = offsets[cues.index(source)]
            for item in tracked:
                if source_start - CONTEXT < item.end and item.start < source_start + len(text) + CONTEXT:
                    item.copied = True
        else:
            text = "An inserted sentence number " + str(generator.randint(0, 10**6)) + " goes here."
        start = cues[number].start_ms
        cues.insert(number, Cue(start, start + 1, text, "Someone"))
        shift_after(tracked, offsets[number], len(text) + 1)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    annotation_count=st.integers(1, 8),
    edits=st.lists(st.sampled_from(EDIT_KINDS), min_size=1, max_size=8),
)
def test_random_corrections_re_anchor_right_or_flag_never_misplace(seed, annotation_count, edits):
    generator = random.Random(seed)
    original = random_transcript(seed)
    spans = word_spans(original, generator, annotation_count)
    annotations = [new_annotation(original, start, end, ["t"], annotator="x") for start, end in spans]
    tracked = [Tracked(start, end) for start, end in spans]
    cues = copy.deepcopy(original.cues)
    for kind in edits:
        apply_edit(cues, tracked, kind, generator)
    corrected = Transcript("random", cues)
    verify_anchors(corrected, annotations)
    for annotation, expected in zip(annotations, tracked):
        anchor = annotation.anchor
        if not expected.words_changed and not (expected.copied and annotation.status == "orphaned"):
            # The quote is still there (perhaps with a cue break moved): it must be found exactly,
            # unless a copy of it and its context elsewhere makes two places fit alike (then flagged).
            assert annotation.status == "ok", (annotation, expected)
            assert (anchor.start_offset, anchor.end_offset) == (expected.start, expected.end)
            assert anchor.quote == corrected.text[expected.start:expected.end]
            assert anchor.start_ms == corrected.time_at(expected.start)
        elif annotation.status == "ok":
            # A typo fixed inside the quote: found again at its passage, or flagged; never elsewhere.
            assert abs(anchor.start_offset - expected.start) <= 2 and abs(anchor.end_offset - expected.end) <= 2, (
                annotation, expected)
        else:
            assert annotation.status == "orphaned"


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_a_deleted_passage_is_flagged_even_when_its_words_recur_elsewhere(seed):
    generator = random.Random(seed)
    original = random_transcript(seed)
    cue_number = generator.randrange(1, len(original.cues) - 1)
    start = original.cue_offsets[cue_number]
    annotation = new_annotation(original, start, start + len(original.cues[cue_number].text), ["t"], annotator="x")
    cues = copy.deepcopy(original.cues)
    removed = cues.pop(cue_number)
    # The same sentence is said again somewhere else, with other words around it.
    elsewhere = generator.choice([number for number in range(len(cues)) if number != cue_number])
    cues.insert(elsewhere, Cue(0, 1, removed.text, "Someone"))
    corrected = Transcript("random", cues)
    verify_anchors(corrected, [annotation])
    assert annotation.status == "orphaned"
