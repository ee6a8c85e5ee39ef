"""The match index: every episode's normalised terms and cues in flat numpy arrays, with postings.

Terms carry ids into one vocabulary, character spans and soft (filler) flags; two posting lists
(word pairs and single words, fillers left out) say where each key occurs. The cues ride along
(offsets, times, speakers, the text as UTF-8), so a match is turned into times, a speaker and
text without reading the transcript again. Saved as one folder of ``.npy`` files, mapped from
disk on load: a ten-million-word archive opens in milliseconds.

numpy holds a ten-million-word archive in a few hundred megabytes and answers posting look-ups in
microseconds; pure Python lists of ints would need several times the memory.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from annotate.core.limits import refuse_non_regular
from annotate.core.match.policy import NEGATIONS
from annotate.core.model import Transcript
from annotate.core.normalize import STOPWORDS, tokenize_columns

# Bump when the saved index's files change.
INDEX_FORMAT = 3


def is_light(word: str) -> bool:
    """A function word whose change or absence costs less than a content word's (negations excepted)."""
    return word in STOPWORDS and word not in NEGATIONS


@dataclass(slots=True)
class EpisodeCues:
    """One episode's cues as columns: where each begins in the text, its times, speaker and words' presence."""

    offsets: np.ndarray  # character offset of the cue's text in the transcript's text
    byte_offsets: np.ndarray  # the same in the text's UTF-8 bytes
    lengths: np.ndarray  # characters in the cue's text
    start_ms: np.ndarray
    end_ms: np.ndarray
    speaker_ids: np.ndarray  # into ``speakers``; -1 for none
    has_words: np.ndarray  # word times are known: the transcript itself answers times
    speakers: list[str]
    text: bytes  # the transcript's text as UTF-8

    @classmethod
    def from_transcript(cls, transcript: Transcript) -> "EpisodeCues":
        speakers: dict[str, int] = {}
        cues = transcript.cues
        count = len(cues)
        byte_lengths = np.fromiter((len(cue.text.encode("utf-8")) + 1 for cue in cues), dtype=np.int64, count=count)
        return cls(
            np.array(transcript.cue_offsets, dtype=np.int64),
            np.concatenate(([0], np.cumsum(byte_lengths)[:-1])).astype(np.int64) if count else np.zeros(0, np.int64),
            np.fromiter((len(cue.text) for cue in cues), dtype=np.int64, count=count),
            np.fromiter((cue.start_ms for cue in cues), dtype=np.int64, count=count),
            np.fromiter((cue.end_ms for cue in cues), dtype=np.int64, count=count),
            np.fromiter((speakers.setdefault(cue.speaker, len(speakers)) if cue.speaker else -1 for cue in cues),
                        dtype=np.int32, count=count),
            np.fromiter((bool(cue.words) for cue in cues), dtype=np.bool_, count=count),
            list(speakers),
            transcript.text.encode("utf-8"),
        )


@dataclass(slots=True)
class EpisodeTerms:
    """One episode's normalised terms: ids into its own ``vocabulary``, character spans, soft flags; its cues."""

    vocabulary: list[str]
    ids: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    soft: np.ndarray
    line_start: np.ndarray  # the term begins a cue
    cues: EpisodeCues

    @classmethod
    def from_transcript(cls, transcript: Transcript) -> "EpisodeTerms":
        """The terms and cues of ``transcript``."""
        columns = tokenize_columns(transcript.text)
        vocabulary: dict[str, int] = {}
        ids = [vocabulary.setdefault(word, len(vocabulary)) for word in columns.words]
        return cls(
            list(vocabulary),
            np.array(ids, dtype=np.int32),
            np.array(columns.starts, dtype=np.int32),
            np.array(columns.ends, dtype=np.int32),
            np.array(columns.soft, dtype=np.bool_),
            np.array(columns.line_start, dtype=np.bool_),
            EpisodeCues.from_transcript(transcript),
        )


def _joined(parts: list[np.ndarray], dtype) -> np.ndarray:
    return np.concatenate(parts).astype(dtype, copy=False) if parts else np.zeros(0, dtype)


class MatchIndex:
    """Every indexed episode's terms and cues in one set of arrays, with word-pair and word posting lists."""

    def __init__(self, episodes: list[tuple[str, EpisodeTerms]]):
        self.vocabulary: dict[str, int] = {}
        self.episode_ids = [episode_id for episode_id, _ in episodes]
        id_parts, start_parts, end_parts, soft_parts, line_parts, bounds = [], [], [], [], [], [0]
        speaker_index: dict[str, int] = {}
        cue_parts: dict[str, list[np.ndarray]] = {name: [] for name in ("offsets", "byte_offsets", "lengths", "start_ms", "end_ms", "speaker_ids", "has_words")}
        cue_bounds, text_bounds, texts = [0], [0], []
        for _, terms in episodes:
            mapping = np.fromiter(
                (self.vocabulary.setdefault(word, len(self.vocabulary)) for word in terms.vocabulary),
                dtype=np.int32,
                count=len(terms.vocabulary),
            )
            id_parts.append(mapping[terms.ids] if len(terms.ids) else terms.ids)
            start_parts.append(terms.starts)
            end_parts.append(terms.ends)
            soft_parts.append(terms.soft)
            line_parts.append(terms.line_start)
            bounds.append(bounds[-1] + len(terms.ids))
            cues = terms.cues
            speaker_map = np.array([speaker_index.setdefault(name, len(speaker_index)) for name in cues.speakers] + [-1], dtype=np.int32)
            for name in ("offsets", "byte_offsets", "lengths", "start_ms", "end_ms", "has_words"):
                cue_parts[name].append(getattr(cues, name))
            cue_parts["speaker_ids"].append(speaker_map[cues.speaker_ids])  # -1 picks the trailing -1
            cue_bounds.append(cue_bounds[-1] + len(cues.offsets))
            texts.append(cues.text)
            text_bounds.append(text_bounds[-1] + len(cues.text))
        self.words = list(self.vocabulary)
        self.function_word = np.fromiter((is_light(word) for word in self.words), dtype=np.bool_, count=len(self.words))
        self.ids = _joined(id_parts, np.int32)
        self.starts = _joined(start_parts, np.int32)
        self.ends = _joined(end_parts, np.int32)
        self.soft = _joined(soft_parts, np.bool_)
        self.line_start = _joined(line_parts, np.bool_)
        self.bounds = np.asarray(bounds, dtype=np.int64)
        self.speakers = list(speaker_index)
        self.cue_offsets = _joined(cue_parts["offsets"], np.int64)
        self.cue_bytes = _joined(cue_parts["byte_offsets"], np.int64)
        self.cue_lengths = _joined(cue_parts["lengths"], np.int64)
        self.cue_start_ms = _joined(cue_parts["start_ms"], np.int64)
        self.cue_end_ms = _joined(cue_parts["end_ms"], np.int64)
        self.cue_speakers = _joined(cue_parts["speaker_ids"], np.int32)
        self.cue_has_words = _joined(cue_parts["has_words"], np.bool_)
        self.cue_bounds = np.asarray(cue_bounds, dtype=np.int64)
        self.text_bounds = np.asarray(text_bounds, dtype=np.int64)
        self.text = np.frombuffer(b"".join(texts), dtype=np.uint8)
        self._build_postings()

    def _build_postings(self) -> None:
        # Only hard terms are keys, so a dropped "you know" or stutter does not break a word pair.
        key_positions = np.flatnonzero(~self.soft).astype(np.int32)
        key_ids = self.ids[key_positions]
        vocabulary_size = max(1, len(self.words))
        self.vocabulary_size = vocabulary_size
        order = np.argsort(key_ids, kind="stable")
        self.word_positions = key_positions[order]
        self.word_offsets = np.zeros(vocabulary_size + 1, dtype=np.int64)
        np.cumsum(np.bincount(key_ids, minlength=vocabulary_size), out=self.word_offsets[1:])
        pair_keys = key_ids[:-1].astype(np.int64) * vocabulary_size + key_ids[1:]
        order = np.argsort(pair_keys, kind="stable")
        self.pair_keys = pair_keys[order]
        self.pair_positions = key_positions[:-1][order]
        del order

    @property
    def size_bytes(self) -> int:
        """Bytes held by the arrays (the vocabulary's Python strings not counted)."""
        return sum(getattr(self, name).nbytes for name in self._ARRAYS)

    def episode_of(self, position: int) -> int:
        """The episode (its number in ``episode_ids``) holding term ``position``."""
        return int(np.searchsorted(self.bounds, position, side="right")) - 1

    _ARRAYS = ("ids", "starts", "ends", "soft", "line_start", "bounds", "word_positions", "word_offsets",
               "pair_keys", "pair_positions", "function_word", "cue_offsets", "cue_bytes", "cue_lengths", "cue_start_ms",
               "cue_end_ms", "cue_speakers", "cue_has_words", "cue_bounds", "text_bounds", "text")

    def save(self, folder: Path) -> None:
        """Write the whole index into ``folder`` (made whole, then renamed into place)."""
        temporary = Path(tempfile.mkdtemp(prefix=".index-", dir=folder.parent))
        try:
            for name in self._ARRAYS:
                np.save(temporary / f"{name}.npy", getattr(self, name))
            (temporary / "words.txt").write_text("\n".join(self.words), encoding="utf-8")
            (temporary / "episodes.txt").write_text("\n".join(self.episode_ids), encoding="utf-8")
            (temporary / "speakers.txt").write_text("\n".join(self.speakers), encoding="utf-8")
            os.replace(temporary, folder)
        except OSError:
            shutil.rmtree(temporary, ignore_errors=True)  # another process saved the same index first

    @classmethod
    def load(cls, folder: Path) -> "MatchIndex":
        """An index saved by :meth:`save`, its arrays mapped from disk rather than read."""
        index = cls.__new__(cls)
        for name in cls._ARRAYS:
            path = folder / f"{name}.npy"
            refuse_non_regular(path)  # a FIFO put here would block the mapping forever
            setattr(index, name, np.load(path, mmap_mode="r", allow_pickle=False))
        index.words = _lines(folder / "words.txt")
        index.episode_ids = _lines(folder / "episodes.txt")
        index.speakers = _lines(folder / "speakers.txt")
        index.vocabulary = dict(zip(index.words, range(len(index.words))))
        index.vocabulary_size = max(1, len(index.words))
        if (len(index.bounds) != len(index.episode_ids) + 1 or len(index.function_word) != len(index.words)
                or len(index.cue_bounds) != len(index.bounds)):
            raise ValueError("index files do not agree")
        return index


def _lines(path: Path) -> list[str]:
    refuse_non_regular(path)
    text = path.read_text(encoding="utf-8")
    return text.split("\n") if text else []
