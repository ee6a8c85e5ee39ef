"""Property: any transcript and annotations, through a .qdpx and back, come back the same."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotate.core.anchoring import new_annotation
from tests.annotation_helpers import store_of
from annotate.core.export import render_export, select_quotes_with_report
from annotate.core.model import Cue, Participant, Tag, Taxonomy, Transcript, TranscriptMetadata
from annotate.core.refiqda.importing import import_refi
from annotate.core.taxonomy import load_taxonomy, save_taxonomy
from annotate.core.workspace import Workspace, init_workspace

# Words with the characters that XML, YAML, WebVTT and the source-line format treat specially.
WORDS = st.sampled_from(["plain", "a&b", "<i>", "x > y", "Ça", "naïve", "日本", "🙂", "quote's", '"q"', "#1", "key:", "--", "[00:00:01.000", "Ada:", "Bo Li:"])
SPEAKERS = st.sampled_from([None, "Ada", "Bo Li", "Dr. O'Neil"])


@st.composite
def episodes(draw):
    cue_count = draw(st.integers(1, 8))
    cues, clock = [], 0
    for _ in range(cue_count):
        words = draw(st.lists(WORDS, min_size=1, max_size=8))
        length = draw(st.integers(500, 5000))
        cues.append(Cue(clock, clock + length, " ".join(words), draw(SPEAKERS)))
        clock += length + draw(st.integers(0, 1000))
    spans = draw(st.lists(st.tuples(st.integers(0, 10_000), st.integers(1, 60), st.sampled_from(["t1", "t2", "t3"]),
                                    st.sampled_from(["ada", "bo"]), st.sampled_from(["", "a note & <more>", "line\nbreak"])),
                          min_size=1, max_size=6))
    return cues, spans


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(episodes())
def test_a_qdpx_round_trip_gives_back_the_same_annotations(episode):
    cues, spans = episode
    with tempfile.TemporaryDirectory() as folder:
        source = Workspace(init_workspace(Path(folder) / "a"))
        save_taxonomy(source, Taxonomy([Tag("t1", "One"), Tag("t2", "Two", color="#00ff00", parent="t1"), Tag("t3", "Three", key="3")]))
        speakers = [Participant(name) for name in dict.fromkeys(cue.speaker for cue in cues if cue.speaker)]
        source.save_transcript(Transcript("ep", cues, TranscriptMetadata(title="T & <t>", participants=speakers)))
        transcript = source.load_transcript("ep")
        store = store_of(source)
        text = transcript.text
        for start, length, tag, annotator, note in spans:
            start %= len(text)
            try:
                store.add_annotation(new_annotation(transcript, start, min(len(text), start + length), [tag], note, annotator))
            except Exception:  # a span of only spaces and breaks: nothing to annotate
                continue
        archive = Path(folder) / "p.qdpx"
        archive.write_bytes(render_export(source, select_quotes_with_report(source), "qdpx"))
        copy = Workspace(init_workspace(Path(folder) / "b"))
        result = import_refi(copy, archive)
        assert result.annotations == len(store.annotations("ep"))
        assert copy.load_transcript("ep").cues == transcript.cues
        assert load_taxonomy(copy).tags == load_taxonomy(source).tags
        for name in ("transcripts/ep.vtt", "annotations/ep.yaml"):
            if (source.root / name).exists():
                assert (copy.root / name).read_text() == (source.root / name).read_text()
