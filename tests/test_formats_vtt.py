"""WebVTT reading: the web-platform-tests file-parsing expectations, and the details users meet."""

from __future__ import annotations

import json

import pytest

from annotate.core.errors import AnnotateError
from annotate.core.formats import read_text, read_transcript
from annotate.core.formats.cuetext import collapse_whitespace, plain_cue_text
from annotate.core.formats.decoding import decode_bytes
from annotate.core.formats.vtt import has_signature, parse_vtt, vtt_cues


def _wpt_expectations(corpus):
    return json.loads((corpus / "wpt-webvtt" / "expected" / "file-parsing-expected.json").read_text(encoding="utf-8"))


def _wpt_case_names():
    from tests.conftest import CORPUS

    path = CORPUS / "wpt-webvtt" / "expected" / "file-parsing-expected.json"
    if not path.is_file():
        return ["(corpus absent)"]
    return sorted(json.loads(path.read_text(encoding="utf-8"))["file_parsing"])


def _wpt_invalid_names():
    from tests.conftest import CORPUS

    path = CORPUS / "wpt-webvtt" / "expected" / "file-parsing-expected.json"
    if not path.is_file():
        return ["(corpus absent)"]
    return sorted(json.loads(path.read_text(encoding="utf-8"))["invalid_signature"])


@pytest.mark.parametrize("name", _wpt_case_names())
def test_wpt_file_parsing_case_gives_the_expected_cues(corpus, name):
    expected = _wpt_expectations(corpus)["file_parsing"][name]
    text = decode_bytes((corpus / "wpt-webvtt" / expected["input"]).read_bytes()).text
    assert has_signature(text)
    cues = vtt_cues(text)
    if expected["cue_count"] is not None:
        assert len(cues) == expected["cue_count"]
    for index, attributes in enumerate(expected["cues"]):
        cue = cues[index]
        if "id" in attributes:
            assert cue.identifier == attributes["id"]
        if "text" in attributes:
            # Our model keeps cue text as plain text on one line.
            assert plain_cue_text(cue.text).text == collapse_whitespace(attributes["text"])
        if "startTime" in attributes:
            assert cue.start_ms == round(attributes["startTime"] * 1000)
        if "endTime" in attributes:
            assert cue.end_ms == round(attributes["endTime"] * 1000)


@pytest.mark.parametrize("name", _wpt_case_names())
def test_wpt_file_imports_or_fails_cleanly(corpus, name):
    expected = _wpt_expectations(corpus)["file_parsing"][name]
    try:
        result = read_transcript(corpus / "wpt-webvtt" / expected["input"])
    except AnnotateError as error:
        assert expected["cue_count"] in (0, None)
        assert "no cues" in str(error)
        return
    assert all(cue.end_ms >= cue.start_ms for cue in result.transcript.cues)
    assert all("\n" not in cue.text and cue.text for cue in result.transcript.cues)


@pytest.mark.parametrize("name", _wpt_invalid_names())
def test_wpt_invalid_signature_is_refused_or_imported_with_a_warning(corpus, name):
    case = _wpt_expectations(corpus)["invalid_signature"][name]
    path = corpus / "wpt-webvtt" / case["input"]
    text = path.read_bytes().decode("utf-8", "replace").removeprefix("\ufeff")
    assert not has_signature(text)
    with pytest.raises(AnnotateError):
        parse_vtt(text, str(path))
    try:
        result = read_transcript(path, format="vtt")
    except AnnotateError as error:
        assert str(error).startswith(str(path))
        return
    assert any(warning.startswith(f"{path}:1:") for warning in result.warnings)


def test_the_timings_negative_case_warns_and_ends_at_the_start(corpus):
    result = read_transcript(corpus / "wpt-webvtt" / "file-parsing" / "timings-negative.vtt")
    cue = result.transcript.cues[1]
    assert (cue.start_ms, cue.end_ms) == (1000, 1000)
    assert any("ends" in warning and "before it starts" in warning for warning in result.warnings)


VOICES = """WEBVTT

NOTE a comment that is ignored
with two lines

STYLE
::cue { color: red }

REGION
id:fred width:40%

intro
00:00.000 --> 00:02.500 align:start position:10%
<v.loud.first Esme Smith>Hello &amp; welcome, <i>friends</i>.</v>

00:02.500 --> 00:04.000
<v Bob>It&#39;s &lt;great&gt;
to be here.

123:00:00.000 --> 123:00:01.000
<c.yellow>Hours above 99</c> are fine
"""


def test_voice_spans_entities_blocks_and_long_hours():
    result = read_text(VOICES, "voices.vtt")
    cues = result.transcript.cues
    assert [(cue.speaker, cue.text) for cue in cues] == [
        ("Esme Smith", "Hello & welcome, friends."),
        ("Bob", "It's <great> to be here."),
        (None, "Hours above 99 are fine"),
    ]
    assert cues[0].identifier == "intro"
    assert (cues[0].start_ms, cues[0].end_ms) == (0, 2500)
    assert cues[2].start_ms == 123 * 3600 * 1000
    assert result.warnings == []


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_line_endings_and_bom_do_not_change_the_cues(tmp_path, newline, bom):
    path = tmp_path / "episode.vtt"
    path.write_bytes(bom + VOICES.replace("\n", newline).encode("utf-8"))
    cues = read_transcript(path).transcript.cues
    assert [cue.text for cue in cues] == ["Hello & welcome, friends.", "It's <great> to be here.", "Hours above 99 are fine"]


def test_timing_lines_real_files_write_are_read_with_a_warning():
    text = "WEBVTT\n\n0:0:0.0 --> 0:0:0.570\n<v Yuri>There you go.</v>\n\n00:01:39 --> 00:01:41.04\nrumbling\n"
    result = read_text(text, "teams.vtt")
    assert [(cue.start_ms, cue.end_ms) for cue in result.transcript.cues] == [(0, 570), (99000, 101040)]
    assert any(warning.startswith("teams.vtt:3: timing line is not valid WebVTT") for warning in result.warnings)


def test_missing_header_is_a_warning_when_the_cues_are_there():
    result = read_text("00:00:01.000 --> 00:00:02.000\nno header here\n", "bare.vtt", format="vtt")
    assert result.transcript.cues[0].text == "no header here"
    assert result.warnings == ["bare.vtt:1: no WEBVTT header; read the cues anyway"]


def test_canonical_reader_refuses_a_file_without_signature():
    with pytest.raises(AnnotateError, match="bare.vtt:1: not a WebVTT file"):
        parse_vtt("00:00:01.000 --> 00:00:02.000\ntext\n", "bare.vtt")


def test_name_labels_become_speakers_when_there_are_no_voice_spans():
    text = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nAda Lovelace: Hello there.\n\n2\n00:00:02.000 --> 00:00:03.000\nBob: Hi.\n"
    cues = read_text(text, "zoom.vtt").transcript.cues
    assert [(cue.speaker, cue.text) for cue in cues] == [("Ada Lovelace", "Hello there."), ("Bob", "Hi.")]


# vtt.js follows the 2013-14 draft; where it disagrees with today's spec, as the web-platform-tests
# encode it, wpt wins: a three-digit first field is hours and needs a third field (wpt
# timings-too-long), a timing line right under the header starts a cue (wpt header-timings), and a
# "-->" line before a timing line does not swallow that cue (wpt arrows).
VTT_JS_DRAFT_ONLY = {
    "cue-times/min-top-digits.vtt",
    "cue-times/minimum-spots-over-sixty.vtt",
    "file-layout/header-no-new-line.vtt",
    "integration/id.vtt",
}


def test_vtt_js_fixtures_give_their_expected_ids_times_and_text(corpus):
    folder = corpus / "subtitle-fixtures" / "vtt.js"
    tests = json.loads((folder / "expected-map.json").read_text(encoding="utf-8"))["tests"]
    differing = set()
    for case in tests:
        expected = json.loads((folder / case["expected_json"]).read_text(encoding="utf-8"))["cues"]
        try:
            text = decode_bytes((folder / case["vtt"]).read_bytes()).text
        except AnnotateError:
            text = ""
        cues = vtt_cues(text) if has_signature(text) else []
        found = [(cue.identifier, cue.start_ms, cue.end_ms, cue.text) for cue in cues]
        wanted = [(cue["id"], round(cue["startTime"] * 1000), round(cue["endTime"] * 1000), cue["text"]) for cue in expected]
        if found != wanted:
            differing.add(case["vtt"])
    assert len(tests) > 130
    assert differing == VTT_JS_DRAFT_ONLY
