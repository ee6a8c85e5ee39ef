"""Every third-party fixture and real transcript imports, or fails with one clear AnnotateError."""

from __future__ import annotations

import json
import re

import pytest

from annotate.core.errors import AnnotateError
from annotate.core.formats import read_transcript

NASA = ["apollo11_CM_onboard", "apollo11_TEC", "apollo13_TEC", "mercury3_ATG", "mercury6_TEC"]


def _transcript_files(corpus):
    files = []
    for folder in ("subtitle-fixtures", "real-transcripts"):
        for path in sorted((corpus / folder).rglob("*")):
            if path.is_file() and not path.name.startswith(("LICENSE", "COPYING")) and path.suffix != ".md":
                files.append(path)
    return files


def test_every_fixture_and_real_transcript_imports_or_fails_cleanly(corpus):
    imported = refused = 0
    for path in _transcript_files(corpus):
        try:
            result = read_transcript(path)
        except AnnotateError as error:
            assert str(error).startswith(str(path)), error
            assert "\n" not in str(error)
            refused += 1
            continue
        imported += 1
        cues = result.transcript.cues
        assert cues, path
        assert all(cue.text and "\n" not in cue.text and 0 <= cue.start_ms <= cue.end_ms for cue in cues), path
        assert all(warning.startswith(str(path)) for warning in result.warnings), path
    assert imported > 100 and refused > 0


def test_the_real_podcast_srt_gives_one_cue_per_block(corpus):
    path = corpus / "real-transcripts" / "podcast-namespace" / "example.srt"
    text = path.read_text(encoding="utf-8-sig")
    blocks = len(re.findall(r"^\d+\n\d\d:\d\d:\d\d,\d{3} --> ", text.replace("\r\n", "\n"), re.MULTILINE))
    transcript = read_transcript(path).transcript
    assert len(transcript.cues) == blocks > 200
    assert transcript.speakers == ["Travis", "Sarah", "Gilon"]
    assert transcript.cues[0].text.startswith("When you first get started in podcasting")


@pytest.mark.parametrize("name", NASA)
def test_nasa_transcripts_give_one_cue_per_utterance(corpus, name):
    path = corpus / "real-transcripts" / "spacelog-nasa" / f"{name}.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    # A turn is an unindented "NAME: text" line; meta lines start with '_', comments with '#'.
    turns = [line for line in lines if re.match(r"[^\s_#\[][^:]{0,30}:\s", line)]
    result = read_transcript(path)
    cues = result.transcript.cues
    assert len(cues) == len(turns)
    assert [cue.speaker for cue in cues] == [turn.split(":", 1)[0].strip() for turn in turns]
    starts = [cue.start_ms for cue in cues]
    assert starts == sorted(starts)


def test_nasa_continuation_lines_and_links_join_the_utterance(corpus):
    path = corpus / "real-transcripts" / "spacelog-nasa" / "apollo13_TEC.txt"
    cues = read_transcript(path).transcript.cues
    relieving = next(cue for cue in cues if cue.text.startswith("13, Houston. GO at 1."))
    assert relieving.text == "13, Houston. GO at 1. We show the cabin relieving."
    assert relieving.start_ms == 63_000
    assert not any("[glossary:" in cue.text for cue in cues)


def test_podcast_namespace_html_and_json(corpus):
    folder = corpus / "real-transcripts" / "podcast-namespace"
    html = read_transcript(folder / "example.html").transcript
    assert html.speakers == ["Travis", "Sarah", "Gilon"]
    assert html.cues[1].start_ms == 53_000 and html.cues[0].end_ms == 53_000
    assert "it's almost guaranteed" in html.cues[0].text
    spoken = read_transcript(folder / "example.json").transcript
    assert [(cue.speaker, cue.text) for cue in spoken.cues] == [("Darth Vader", "I am your father."), ("Luke", "Nooooo")]
    assert [word.start_ms for word in spoken.cues[0].words] == [500, 1000, 1500, 2250]


def test_whisper_json_segments(corpus):
    path = corpus / "subtitle-fixtures" / "pysubs2" / "derived" / "whisper_transcribe_result_jfk.json"
    cues = read_transcript(path).transcript.cues
    assert [(cue.start_ms, cue.end_ms) for cue in cues] == [(0, 7600), (7600, 36600)]
    assert cues[1].text == "ask what you can do for your country."


def test_sbv_speakers_and_line_breaks(corpus):
    cues = read_transcript(corpus / "subtitle-fixtures" / "subsrt" / "sample.sbv").transcript.cues
    assert (cues[0].speaker, cues[0].text) == ("ALICE", "Hi, my name is Alice Miller and this is John Brown")
    assert cues[1].speaker == "JOHN"
    assert cues[3].speaker is None  # a sound description belongs to no speaker


def test_gb2312_srt_is_detected_and_says_so(corpus):
    path = corpus / "subtitle-fixtures" / "srt" / "gb2312.srt"
    result = read_transcript(path)
    assert result.transcript.cues[0].text == "宇宙守护神 保护我们远离邪恶"
    assert any("not UTF-8; read as gb" in warning for warning in result.warnings)


def test_utf16_file_is_read(corpus):
    result = read_transcript(corpus / "subtitle-fixtures" / "go-astisub" / "example-in-non-utf8.srt")
    assert len(result.transcript.cues) == 6


@pytest.mark.parametrize("name", ["sample.srt", "sample.sbv", "sample.json"])
def test_subsrt_samples_match_subsrts_own_parse(corpus, name):
    folder = corpus / "subtitle-fixtures" / "subsrt"
    expected = json.loads((folder / "sample.json").read_text(encoding="utf-8"))
    cues = read_transcript(folder / name).transcript.cues
    assert [(cue.start_ms, cue.end_ms, cue.text) for cue in cues] == [
        (caption["start"], caption["end"], " ".join(caption["text"].split())) for caption in expected
    ]
    if name != "sample.json":  # its "text" has the speaker labels taken out already
        assert [cue.speaker for cue in cues] == ["ALICE", "JOHN", "ALICE", None, "ALICE"]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("example-in.srt", "example-out.srt"),
        ("example-in.vtt", "example-out.vtt"),
        ("example-in.srt", "example-in.vtt"),
        ("example-in-styled.srt", "example-out-styled.srt"),
        ("example-in-html-entities.srt", "example-out-html-entities.srt"),
        ("example-in-html-entities.vtt", "example-out-html-entities.vtt"),
        ("missing-sequence-in.srt", "example-out.srt"),
        ("example-in-non-utf8.srt", "example-out.srt"),
    ],
)
def test_go_astisub_inputs_and_outputs_read_the_same(corpus, first, second):
    # go-astisub's outputs are its writer's rendering of the inputs: same cues, other markup.
    folder = corpus / "subtitle-fixtures" / "go-astisub"

    def cues(name):
        return [(cue.start_ms, cue.end_ms, cue.speaker, cue.text) for cue in read_transcript(folder / name).transcript.cues]

    assert cues(first) == cues(second)
    assert len(cues(first)) >= 3
