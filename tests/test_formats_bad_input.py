"""Bad input is imported with warnings (``file:line: reason``) or refused with one AnnotateError."""

from __future__ import annotations

import time

import pytest

from annotate.core.errors import AnnotateError
from annotate.core.formats import READERS, read_text, read_transcript


def _write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("data", [b"", b"   \n\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\n"])
def test_empty_files_are_refused(tmp_path, data):
    path = _write(tmp_path, "empty.vtt", data)
    with pytest.raises(AnnotateError) as raised:
        read_transcript(path)
    assert str(raised.value).startswith(str(path))


def test_binary_junk_is_refused_as_binary(tmp_path):
    junk = bytes(range(256)) * 64
    path = _write(tmp_path, "junk.srt", junk)
    with pytest.raises(AnnotateError, match="binary data"):
        read_transcript(path)


def test_nul_bytes_in_text_become_replacement_characters(tmp_path):
    path = _write(tmp_path, "nul.vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\nte\x00xt\n")
    assert read_transcript(path).transcript.cues[0].text == "te\ufffdxt"


def test_utf16_with_bom_and_utf8_with_bom(tmp_path):
    text = "WEBVTT\n\n00:00.000 --> 00:01.000\n<v Zoë>Grüße\n"
    for name, data in [("le.vtt", "\ufeff" + text), ("be.vtt", "\ufeff" + text), ("u8.vtt", "\ufeff" + text)]:
        encoding = {"le.vtt": "utf-16-le", "be.vtt": "utf-16-be", "u8.vtt": "utf-8"}[name]
        cue = read_transcript(_write(tmp_path, name, data.encode(encoding))).transcript.cues[0]
        assert (cue.speaker, cue.text) == ("Zoë", "Grüße")


def test_latin1_is_detected_with_a_warning(tmp_path):
    text = "1\n00:00:01,000 --> 00:00:02,000\nÀ bientôt, ça va très bien, merci beaucoup à vous\n"
    path = _write(tmp_path, "latin.srt", text.encode("latin-1"))
    result = read_transcript(path)
    assert result.transcript.cues[0].text.startswith("À bientôt")
    assert result.warnings[0].startswith(f"{path}:3: not UTF-8; read as ")


def test_broken_utf16_is_refused_with_its_line(tmp_path):
    path = _write(tmp_path, "broken.vtt", b"\xff\xfe" + "WEBVTT\n\n".encode("utf-16-le") + b"\x00\xd8")
    with pytest.raises(AnnotateError, match="not valid UTF-16-LE"):
        read_transcript(path)


def test_truncated_file_keeps_the_complete_cues(tmp_path):
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nfirst\n\n00:00:02.000 --> 00:00:0"
    result = read_transcript(_write(tmp_path, "cut.vtt", text.encode()))
    assert [cue.text for cue in result.transcript.cues] == ["first"]


def test_truncated_srt_mid_timing_keeps_the_rest(tmp_path):
    text = "1\n00:00:01,000 --> 00:00:02,000\nfirst\n\n2\n00:00:02,000 --> 00:0"
    result = read_transcript(_write(tmp_path, "cut.srt", text.encode()))
    assert [cue.text for cue in result.transcript.cues] == ["first"]
    assert len(result.warnings) == 1 and result.warnings[0].startswith(f"{tmp_path / 'cut.srt'}:6: ")


def test_end_before_start_overlap_and_empty_cues_are_warnings():
    text = (
        "WEBVTT\n\n"
        "00:00:05.000 --> 00:00:04.000\nbackwards\n\n"
        "00:00:05.000 --> 00:00:09.000\nfirst\n\n"
        "00:00:08.000 --> 00:00:10.000\noverlapping\n\n"
        "00:00:10.000 --> 00:00:11.000\n\n"
        "00:00:11.000 --> 00:00:12.000\n<i></i>\n"
    )
    result = read_text(text, "bad.vtt")
    cues = result.transcript.cues
    assert [cue.text for cue in cues] == ["backwards", "first", "overlapping"]
    assert (cues[0].start_ms, cues[0].end_ms) == (5000, 5000)
    assert result.warnings == [
        "bad.vtt:12: empty cue dropped",
        "bad.vtt:14: empty cue dropped",
        "bad.vtt:3: cue ends (00:00:04.000) before it starts; end set to start",
        "bad.vtt:9: cue overlaps the cue above it",
    ]


def test_absurd_timestamps_are_dropped_with_a_warning():
    text = "WEBVTT\n\n99999999:00:00.000 --> 99999999:00:01.000\nfar away\n\n00:00:01.000 --> 00:00:02.000\nhere\n"
    result = read_text(text, "far.vtt")
    assert [cue.text for cue in result.transcript.cues] == ["here"]
    assert result.warnings[0].startswith("far.vtt:3: start time 99999999:00:00.000 is past")


def test_repeated_warnings_are_capped():
    text = "WEBVTT\n\n" + "00:00:05.000 --> 00:00:01.000\nx\n\n" * 39
    warnings = read_text(text, "many.vtt").warnings
    assert len(warnings) == 11
    assert warnings[-1] == "many.vtt: 29 more warnings like 'end before start'"


@pytest.mark.parametrize(
    "line",
    [
        "<" * 2_000_000,
        "0" * 2_000_000,
        "00:00:00.000 " + "-" * 2_000_000,
        "[" + "0:" * 1_000_000,
        "Abc " * 500_000 + ":",
        "<v " + "a" * 2_000_000,
        "<a" * 1_000_000,
        "<p>" + "<cite>" * 300_000,
    ],
    ids=["open-tags", "digits", "dashes", "stamp-fields", "label-words", "voice", "unclosed-tags", "nested-tags"],
)
@pytest.mark.parametrize("format", sorted(READERS))
def test_megabyte_lines_neither_hang_nor_crash(line, format):
    text = f"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n{line}\n\n{line}\n"
    started = time.perf_counter()
    try:
        read_text(text, "huge", format=format)
    except AnnotateError:
        pass
    assert time.perf_counter() - started < 5


def test_unknown_format_is_refused():
    with pytest.raises(AnnotateError, match="unknown format 'docx'"):
        read_text("anything", "x.txt", format="docx")


def test_invalid_json_names_its_line(tmp_path):
    path = _write(tmp_path, "broken.json", b'{"segments": [\n  {"start": 1,\n')
    with pytest.raises(AnnotateError) as raised:
        read_transcript(path)
    assert str(raised.value).startswith(f"{path}:3: not valid JSON")


def test_deeply_nested_json_is_refused(tmp_path):
    path = _write(tmp_path, "deep.json", b"[" * 100_000 + b"]" * 100_000)
    with pytest.raises(AnnotateError):
        read_transcript(path)


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(AnnotateError, match="No such file"):
        read_transcript(tmp_path / "missing.vtt")


def test_a_file_without_cues_is_refused_saying_why():
    with pytest.raises(AnnotateError) as raised:
        read_text("WEBSRT\n\nnothing here\n", "odd.vtt", format="vtt")
    assert str(raised.value) == (
        "odd.vtt: no cues found (read as vtt); line 1: the first line should be WEBVTT; read the cues anyway"
    )
