"""Anchors and re-anchoring: passages found again after edits, or flagged, never misplaced."""

from __future__ import annotations

import copy

import pytest

from annotate.core.anchoring import find_quote_candidates, locate, make_anchor, new_annotation, reanchor_episode, verify_anchors
from tests.annotation_helpers import store_of
from annotate.core.errors import AnnotateError
from annotate.core.model import Cue, Transcript
from tests.annotation_helpers import make_workspace, sample_transcript, span_of


def edited(transcript: Transcript, edit) -> Transcript:
    cues = copy.deepcopy(transcript.cues)
    edit(cues)
    return Transcript(transcript.id, cues, transcript.metadata)


def test_make_anchor_keeps_quote_context_offsets_and_interpolated_times():
    transcript = sample_transcript()
    start, end = span_of(transcript, "patchwork of local pilots")
    anchor = make_anchor(transcript, start, end)
    assert anchor.quote == "patchwork of local pilots"
    assert anchor.prefix == transcript.text[start - 32:start] and len(anchor.suffix) == 32
    assert (anchor.start_offset, anchor.end_offset) == (start, end)
    cue_start = transcript.cue_offsets[3]
    assert anchor.start_ms == 15_000 + round(5000 * (start - cue_start) / len(transcript.cues[3].text))
    assert 15_000 < anchor.start_ms < anchor.end_ms < 20_000


def test_new_annotation_trims_spaces_and_takes_the_speaker(monkeypatch):
    monkeypatch.setenv("ANNOTATE_ANNOTATOR", "lena")
    transcript = sample_transcript()
    start, end = span_of(transcript, " patchwork of local pilots ")
    annotation = new_annotation(transcript, start, end, ["a", "a", "b"])
    assert annotation.anchor.quote == "patchwork of local pilots"
    assert annotation.tags == ["a", "b"] and annotation.speaker == "Rogier Creemers"
    assert annotation.annotator == "lena" and len(annotation.id) == 10
    with pytest.raises(AnnotateError):
        new_annotation(transcript, 5, 5, ["a"])


def test_split_merged_and_shifted_cues_keep_the_passage():
    transcript = sample_transcript()
    annotation = new_annotation(transcript, *span_of(transcript, "local pilots and sectoral"), ["a"], annotator="x")

    def split_and_shift(cues):
        text = cues[3].text
        cut = text.index("and sectoral")
        cues[3:4] = [Cue(15_000, 17_000, text[:cut].rstrip(), cues[3].speaker), Cue(17_000, 20_000, text[cut:], cues[3].speaker)]
        for cue in cues:
            cue.start_ms += 2500
            cue.end_ms += 2500

    changed = edited(transcript, split_and_shift)
    assert verify_anchors(changed, [annotation]) == []
    assert annotation.anchor.quote == "local pilots\nand sectoral"
    assert annotation.anchor.start_ms > 17_500 - 2000 and annotation.status == "ok"


def test_a_typo_fixed_inside_the_quote_re_anchors_with_the_corrected_text():
    transcript = sample_transcript()
    typo = edited(transcript, lambda cues: setattr(cues[3], "text", cues[3].text.replace("patchwork", "patchwrok")))
    annotation = new_annotation(typo, *span_of(typo, "a patchwrok of local pilots"), ["a"], annotator="x")
    assert verify_anchors(transcript, [annotation]) == []
    assert annotation.anchor.quote == "a patchwork of local pilots"


def test_a_deleted_passage_is_orphaned_and_keeps_its_old_anchor():
    transcript = sample_transcript()
    annotation = new_annotation(transcript, *span_of(transcript, "patchwork of local pilots"), ["a"], annotator="x")
    old_anchor = copy.deepcopy(annotation.anchor)
    gone = edited(transcript, lambda cues: cues.pop(3))
    assert verify_anchors(gone, [annotation]) == [annotation]
    assert annotation.status == "orphaned" and annotation.anchor == old_anchor


def test_the_same_words_elsewhere_with_other_context_are_not_taken_for_the_passage():
    transcript = sample_transcript()
    annotation = new_annotation(transcript, *span_of(transcript, "it is not one system at all"), ["a"], annotator="x")

    def move_words(cues):
        cues.pop(2)
        cues[5].text = "Someone said it is not one system at all, which nobody here disputes."

    assert verify_anchors(edited(transcript, move_words), [annotation]) == [annotation]


def test_two_equally_good_places_orphan_rather_than_guess():
    repeated = [("A", "We keep saying the same thing."), ("B", "Filler between."), ("A", "We keep saying the same thing.")]
    transcript = sample_transcript(sentences=repeated)
    annotation = new_annotation(transcript, 0, len("We keep saying the same thing."), ["a"], annotator="x")
    annotation.anchor.prefix, annotation.anchor.suffix = "", ""  # no context left to tell them apart
    annotation.anchor.start_offset += 3  # and the offsets no longer fit
    assert locate(transcript, annotation.anchor) is None


def test_candidates_ignore_case_and_whitespace_and_fall_back_to_fuzzy():
    transcript = sample_transcript()
    start, end = span_of(transcript, "pilots and sectoral")
    assert find_quote_candidates(transcript, "PILOTS  and\nsectoral") == [(start, end, 1.0)]
    fuzzy = find_quote_candidates(transcript, "pilots and sektoral blacklists")
    assert fuzzy[0][0] == start and fuzzy[0][2] > 0.9
    assert find_quote_candidates(transcript, "   ") == []


def test_reanchor_episode_saves_and_warns_about_orphans(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATE_ANNOTATOR", "lena")
    workspace = make_workspace(tmp_path / "ws")
    transcript = workspace.load_transcript("episode-one")
    store = store_of(workspace)
    kept = store.add_annotation(new_annotation(transcript, *span_of(transcript, "Sesame Credit was part of it"), ["a"]))
    lost = store.add_annotation(new_annotation(transcript, *span_of(transcript, "patchwork of local pilots"), ["a"]))
    corrected = edited(transcript, lambda cues: (cues.pop(3), cues.insert(0, Cue(0, 100, "Intro music.", None))))
    workspace.save_transcript(corrected)
    warnings = reanchor_episode(workspace, "episode-one")
    assert len(warnings) == 1 and lost.id in warnings[0] and "orphaned" in warnings[0]
    assert warnings[0].startswith(str(workspace.annotations_path("episode-one")) + ":")
    saved = workspace.annotations_path("episode-one").read_text()
    assert "status: orphaned" in saved
    fresh = store_of(workspace)
    assert fresh.get_annotation(kept.id).anchor.start_offset == corrected.text.index("Sesame Credit was part of it")
    assert fresh.get_annotation(lost.id).status == "orphaned"


def test_a_time_range_ending_on_a_cue_end_leaves_out_crosstalk_that_starts_just_before():
    from annotate.core.anchoring import span_for_times

    transcript = Transcript(
        "talk",
        [
            Cue(0, 4000, "The corporate system is the part that is furthest along.", "Markus Herrmann"),
            Cue(3400, 7000, "So they're separate systems, then?", "Audience member"),
        ],
    )
    start, end = span_for_times(transcript, 0, 4000)
    assert transcript.text[start:end] == "The corporate system is the part that is furthest along."


def test_a_time_range_covering_most_of_the_next_cue_takes_it_in():
    from annotate.core.anchoring import span_for_times

    transcript = Transcript(
        "talk",
        [
            Cue(0, 4000, "The corporate system is furthest along.", "Markus Herrmann"),
            Cue(4000, 8000, "So they're separate systems, then?", "Audience member"),
        ],
    )
    start, end = span_for_times(transcript, 1000, 7000)
    assert transcript.text[start:end].endswith("separate systems, then?") or transcript.text[start:end].endswith("systems,")
    assert transcript.cue_index_at(end - 1) == 1
