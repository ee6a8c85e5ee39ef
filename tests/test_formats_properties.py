"""Property tests: writing then reading a transcript is the identity; no input crashes a reader."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotate.core.errors import AnnotateError
from annotate.core.formats import READERS, read_text
from annotate.core.formats.cuetext import collapse_whitespace
from annotate.core.formats.decoding import decode_bytes
from annotate.core.formats.metadata import metadata_from_yaml, metadata_to_yaml
from annotate.core.formats.vtt import parse_vtt, transcript_to_vtt
from annotate.core.model import Cue, Participant, Transcript, TranscriptMetadata, Word
from annotate.core.workspace import Workspace

_CHARACTERS = st.characters(blacklist_categories=("Cs", "Cc"))
# Text as readers produce it: one line, single spaces, nothing at either end, never empty.
_LINE = st.text(_CHARACTERS, min_size=1, max_size=40).map(collapse_whitespace).filter(bool)
_MARKUP_HEAVY = st.text(st.sampled_from("<>&;v.c -:0123456789abAB\u00e9\u4e2d"), min_size=1, max_size=30).map(collapse_whitespace).filter(bool)
# Any one-line identifier reads back, even " " (the spec keeps it); only "-->" cannot be one.
_IDENTIFIER = st.text(_CHARACTERS, min_size=1, max_size=20).filter(lambda value: "-->" not in value)


@st.composite
def _cues(draw) -> Cue:
    start = draw(st.integers(0, 400 * 3600 * 1000))
    end = start + draw(st.integers(0, 600_000))
    speaker = draw(st.none() | _LINE)
    identifier = draw(st.none() | _IDENTIFIER)
    if draw(st.booleans()):
        texts = draw(st.lists(_LINE | _MARKUP_HEAVY, min_size=1, max_size=6))
        points = sorted(draw(st.lists(st.integers(start, end), min_size=len(texts), max_size=len(texts))))
        words = []
        for word_text, word_start in zip(texts, points):
            word_end = draw(st.integers(word_start, end))
            words.append(Word(word_start, word_end, word_text))
        return Cue(start, end, " ".join(texts), speaker, words, identifier)
    return Cue(start, end, draw(_LINE | _MARKUP_HEAVY), speaker, None, identifier)


_METADATA = st.builds(
    TranscriptMetadata,
    title=st.text(_CHARACTERS, max_size=30),
    series=st.text(_CHARACTERS, max_size=30),
    date=st.sampled_from(["", "2018-10-31", "31 October 2018", "2019"]),
    participants=st.lists(st.builds(Participant, name=st.text(_CHARACTERS, min_size=1, max_size=20), role=st.sampled_from(["", "host", "guest"])), max_size=3),
    media_url=st.sampled_from(["", "https://example.org/a.mp3"]),
    source=st.text(_CHARACTERS, max_size=20),
    language=st.sampled_from(["en", "de", "zh"]),
)


@given(st.lists(_cues(), min_size=1, max_size=8))
def test_writing_then_reading_vtt_gives_the_same_cues(cues):
    written = transcript_to_vtt(Transcript("episode", cues))
    read_back, warnings = parse_vtt(written, "episode.vtt")
    assert read_back == cues
    assert all("ends" not in warning for warning in warnings)


@given(_METADATA)
def test_metadata_sidecar_round_trips(metadata):
    assert metadata_from_yaml(metadata_to_yaml(metadata)) == metadata


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_cues(), min_size=1, max_size=5), _METADATA)
def test_saving_then_loading_an_episode_gives_the_same_transcript(cues, metadata):
    transcript = Transcript("episode-1", cues, metadata)
    with tempfile.TemporaryDirectory() as folder:
        workspace = Workspace(Path(folder))
        workspace.save_transcript(transcript)
        assert Workspace(workspace.root).load_transcript("episode-1") == transcript


_FRAGMENTS = st.sampled_from(
    [
        "WEBVTT", "", " ", "\t", "NOTE", "STYLE", "REGION", "1", "00:00:01.000 --> 00:00:02.000",
        "00:01.000 --> 00:00.500 align:start", "0:0:0.0 --> 0:0:1", "00:00:01,000 --> 00:00:02,000",
        "0:00:01.000,0:00:02.000", "[00:12:34]", "[01:02:03:04]", "[-00:00:00:10]", "CDR: Roger.",
        "     continued", "_page : 3", "_labels: {", "# comment", "<v Bob>hi</v>", "<00:00:01.500><c> word</c>",
        "&amp;&lt;&#39;&bogus;", "<", ">>", ">> ALICE: hi", "[01:14.500 -> 01:15.500]  Okay.", "Name  0:12",
        '{"segments": [', '{"start": 1, "end": "x", "text": 5, "words": [{"word": null}]}', "]}", "{", "[",
        '{"startTime": 1e308, "endTime": -1, "body": "a", "speaker": 3}', "<cite>A:</cite>", "<time>0:05</time>",
        "<p>text</p>", "<time>nope</time>", "\x00", "\ufeff", "99999999999:00:00.000 --> 0:00.000",
    ]
)


@settings(max_examples=300)
@given(st.lists(_FRAGMENTS | st.text(max_size=30), max_size=25), st.sampled_from(sorted(READERS) + [None]))
def test_no_generated_input_crashes_a_reader(lines, format):
    text = "\n".join(lines)
    try:
        result = read_text(text, "generated", format=format)
    except AnnotateError:
        return
    for cue in result.transcript.cues:
        assert cue.text and "\n" not in cue.text
        assert 0 <= cue.start_ms <= cue.end_ms


@given(st.binary(max_size=300))
def test_no_bytes_crash_the_decoder(data):
    try:
        decoded = decode_bytes(data, "generated")
    except AnnotateError:
        return
    assert isinstance(decoded.text, str)
