"""Property tests: random bytes and mutated corpus files never crash a reader.

Every reader either gives sound cues (text, times from 0 to MAX_TIME_MS, start before end) or
refuses with an AnnotateError; the same for the workspace's own readers (annotation files, the
taxonomy, metadata sidecars, the query language, time codes) fed mutations of the sample's files.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotate.core.errors import AnnotateError
from annotate.core.formats import READERS, read_transcript
from annotate.core.limits import MAX_TIME_MS
from tests.conftest import CORPUS, REPOSITORY

_TRANSCRIPT_SUFFIXES = {".vtt", ".srt", ".sbv", ".json", ".html", ".htm", ".txt", ".ass", ".ssa", ".ttml", ".xml"}


def _is_transcript(path: Path) -> bool:
    # The corpus also holds JSON test expectations (vtt.js, wpt): only transcript JSON is fed.
    if not path.is_file() or path.suffix.lower() not in _TRANSCRIPT_SUFFIXES or path.stat().st_size > 2_000_000:
        return False
    return path.suffix.lower() != ".json" or any(key in path.read_bytes() for key in (b'"segments"', b'"startTime"', b'"caption"'))


_CORPUS_FILES = sorted(path for path in CORPUS.rglob("*") if _is_transcript(path)) if CORPUS.is_dir() else []
_WORKSPACE_FILES = sorted((REPOSITORY / "annotations").glob("*.yaml")) + sorted((REPOSITORY / "transcripts").glob("*.yaml"))
_PROPERTY_SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Text that stresses number and structure handling when spliced into a file.
_SPLICES = st.sampled_from([
    b"1e308", b"-1e308", b"1e999", b"NaN", b"Infinity", b".inf", b".nan", b"-.inf", b"99999999999999999999",
    b"99999:59:59.999", b"-00:00:01.000", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\r", b"\n\n", b"-->", b"<v ",
    b"&", b"*a", b"&a [*a, *a]", b"{", b"[", b"]", b"}", b'"', b"'", b":", b"- ", b"? ", b"!!python/object:os.system",
    b"\t", b"\\u0000", b"<00:00:01.000><c>", b"WEBVTT", b"NOTE", b"tags: [", b"start: ", b"status: orphaned",
])

# A number in the file (a time, an offset), replaced whole by one of these.
_NUMBER = re.compile(rb"-?\d+(?:[.:,]\d+)*(?:e[+-]?\d+)?")
_NUMBERS = st.sampled_from([b"1e308", b"-1e308", b"1e999", b".inf", b".nan", b"NaN", b"-Infinity", b"-1", b"0",
                            b"99999999999999999999", b"9" * 400, b"1.5e-320", b"0x10", b"true", b"null", b"[]", b"{}"])
# A YAML or JSON value after a key, replaced whole.
_TIME_VALUE = re.compile(rb"(?m)(?:start|end)(?:_offset|Time|_ms)?\"?\s*:\s*([^\s,}\]]+)")
_VALUE = re.compile(rb"(?m)(?::|\bstart|\bend)\s*[:=]?\s*([^\s,}\]]+)")


@st.composite
def _mutated(draw, sources: list[Path]) -> tuple[str, bytes]:
    """One source file's bytes, changed a few times: spliced, cut, doubled, flipped or truncated."""
    # A kind of file first (so the few JSON and HTML files are drawn as often as the many VTT), then one.
    by_suffix: dict[str, list[Path]] = {}
    for path in sources:
        by_suffix.setdefault(path.suffix.lower(), []).append(path)
    source = draw(st.sampled_from(by_suffix[draw(st.sampled_from(sorted(by_suffix)))]))
    data = bytearray(source.read_bytes())
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["number", "number", "value", "value", "splice", "random", "cut", "double", "flip", "truncate"]))
        numbers = [found.span() for found in _NUMBER.finditer(data)] if action == "number" else []
        values = [found.span(1) for found in (_TIME_VALUE if draw(st.booleans()) else _VALUE).finditer(data)] if action == "value" else []
        if numbers and draw(st.booleans()):
            start, end = draw(st.sampled_from(numbers))
            data[start:end] = draw(_NUMBERS)
        elif numbers:
            # Every number at once: a time out of range then reaches whichever field the reader uses.
            replacement = draw(_NUMBERS)
            for start, end in reversed(numbers):
                data[start:end] = replacement
        elif values:
            start, end = draw(st.sampled_from(values))
            data[start:end] = draw(_NUMBERS | _SPLICES)
        elif action == "splice":
            data[position:position] = draw(_SPLICES)
        elif action == "random":
            data[position:position] = draw(st.binary(min_size=1, max_size=20))
        elif action == "cut":
            del data[position:position + draw(st.integers(1, 200))]
        elif action == "double":
            data[position:position] = data[position:position + draw(st.integers(1, 400))] * draw(st.integers(2, 5))
        elif action == "flip" and position < len(data):
            data[position] ^= 1 << draw(st.integers(0, 7))
        elif action == "truncate":
            del data[position:]
    return source.name, bytes(data)


def _assert_sound(path: Path, format: str | None) -> None:
    try:
        result = read_transcript(path, episode_id="episode", format=format)
    except AnnotateError as error:
        assert str(error)
        return
    for cue in result.transcript.cues:
        assert cue.text and "\n" not in cue.text
        assert 0 <= cue.start_ms <= cue.end_ms <= MAX_TIME_MS
        for word in cue.words or []:
            assert cue.start_ms <= word.start_ms <= word.end_ms <= cue.end_ms


def _write(folder: str, name: str, data: bytes) -> Path:
    path = Path(folder) / name
    path.write_bytes(data)
    return path


@_PROPERTY_SETTINGS
@given(st.binary(max_size=2000), st.sampled_from(sorted(_TRANSCRIPT_SUFFIXES)), st.sampled_from(sorted(READERS) + [None]))
def test_random_bytes_never_crash_a_reader(data: bytes, suffix: str, format: str | None):
    with tempfile.TemporaryDirectory() as folder:
        _assert_sound(_write(folder, "random" + suffix, data), format)


@pytest.mark.skipif(not _CORPUS_FILES, reason=f"third-party corpus not found at {CORPUS} (set ANNOTATE_CORPUS)")
@settings(_PROPERTY_SETTINGS, max_examples=250)
@given(_mutated(_CORPUS_FILES or [Path(__file__)]), st.sampled_from(sorted(READERS) + [None, None, None]))
def test_mutated_corpus_files_never_crash_a_reader(mutated: tuple[str, bytes], format: str | None):
    name, data = mutated
    with tempfile.TemporaryDirectory() as folder:
        _assert_sound(_write(folder, name, data), format)


@settings(_PROPERTY_SETTINGS, max_examples=250)
@given(_mutated(_WORKSPACE_FILES))
def test_mutated_workspace_files_never_crash_their_readers(mutated: tuple[str, bytes]):
    from annotate.core.annotations import parse_annotations
    from annotate.core.store.files.merge_driver import merge_annotation_texts
    from annotate.core.formats.metadata import metadata_from_yaml
    from annotate.core.taxonomy import parse_taxonomy

    name, data = mutated
    text = data.decode("utf-8", "replace")
    original = (REPOSITORY / "annotations" / name)
    readers = [
        lambda: parse_annotations(text, name, "episode"),
        lambda: parse_taxonomy(text, name),
        lambda: metadata_from_yaml(text, name),
    ]
    if original.is_file():
        base = original.read_text(encoding="utf-8")
        readers.append(lambda: merge_annotation_texts(base, text, base, name, "episode"))
    for reader in readers:
        try:
            reader()
        except AnnotateError as error:
            assert str(error).startswith(name)


@_PROPERTY_SETTINGS
@given(st.text(max_size=300) | st.lists(st.sampled_from(['"', "-", ":", "*", "tag:", "speaker:", "after:", "(", "NEAR(", "AND", " ", "a", "\x00", "\u0301"]), max_size=60).map("".join))
def test_any_query_parses_or_is_refused(text: str):
    from annotate.core.search_query import parse_query
    from annotate.core.timecode import parse_time

    for parse in (parse_query, parse_time):
        try:
            parse(text)
        except AnnotateError:
            pass
    try:
        query = parse_query(text)
        query.fts_expression()
        query.fts_exclusion()
    except AnnotateError:
        pass
