"""Quote matching's candidate postings in the database: written with each transcript, asked per quote.

The same keys as the match index's posting lists (each hard word, and each pair of consecutive hard
words), one row per key and episode holding the key's positions there. A key is a 64-bit hash of
its words (:func:`key_hashes`), so the table and its index stay small and look-ups compare integers;
a rare hash collision only adds a few votes, which alignment then turns down.
:class:`DatabasePostings` answers the matcher's look-ups from the table, so the voting, alignment
and scoring stay the matcher's own.
"""

from __future__ import annotations

import hashlib

import numpy as np

from annotate.core.match.index import MatchIndex
from annotate.core.model import Transcript
from annotate.core.normalize import NORMALIZER_VERSION, tokenize_columns

# Mixes a pair's first word hash before the second is folded in (the 64-bit golden ratio), so a
# pair's hash differs from its words' and from the pair the other way round.
_PAIR_MIX = np.uint64(0x9E3779B97F4A7C15)


def word_hashes(words: list[str]) -> np.ndarray:
    """Each word's 64-bit key (uint64), the same in every process."""
    return np.fromiter(
        (int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little") for word in words),
        dtype=np.uint64,
        count=len(words),
    )


def key_hashes(first: np.ndarray, following: np.ndarray | None = None) -> np.ndarray:
    """The stored keys (int64) of words with hashes ``first``, or of pairs ``first`` then ``following``."""
    if following is None:
        return first.view(np.int64)
    with np.errstate(over="ignore"):
        return ((first * _PAIR_MIX) ^ following).view(np.int64)


# Positions are stored packed, as the matcher reads them: little-endian 32-bit integers.
POSITION_TYPE = np.dtype("<i4")


def posting_rows(transcript: Transcript) -> list[tuple[int, int, bytes]]:
    """(key, occurrences, packed positions) of every hard word and hard word pair of the transcript."""
    columns = tokenize_columns(transcript.text)
    positions = np.flatnonzero(~np.asarray(columns.soft, dtype=np.bool_)).astype(np.int32)
    if not len(positions):
        return []
    vocabulary: dict[str, int] = {}
    term_ids = np.fromiter((vocabulary.setdefault(columns.words[p], len(vocabulary)) for p in positions.tolist()),
                           dtype=np.int64, count=len(positions))
    hashes = word_hashes(list(vocabulary))[term_ids]
    keys = np.concatenate((key_hashes(hashes), key_hashes(hashes[:-1], hashes[1:])))
    at = np.concatenate((positions, positions[:-1])).astype(POSITION_TYPE)
    order = np.lexsort((at, keys))
    keys, at = keys[order], at[order]
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    ends = np.concatenate((starts[1:], [len(keys)]))
    return [(int(keys[start]), int(end - start), at[start:end].tobytes()) for start, end in zip(starts.tolist(), ends.tolist())]


def write_postings(cursor, transcript: Transcript, *, replacing: bool = True) -> None:
    """Replace the episode's postings by the transcript's (inside the caller's transaction).

    ``replacing=False`` when the episode can have none yet (new, or all postings just emptied): the
    delete, which scans the whole table, is skipped.
    """
    if replacing:
        cursor.execute("DELETE FROM match_postings WHERE episode = %s", [transcript.id])
    with cursor.copy("COPY match_postings (key, episode, occurrences, positions) FROM STDIN") as copying:
        for key, occurrences, positions in posting_rows(transcript):
            copying.write_row((key, transcript.id, occurrences, positions))
    cursor.execute("UPDATE episodes SET match_terms_version = %s WHERE id = %s", [NORMALIZER_VERSION, transcript.id])


def stale_episodes(cursor) -> tuple[list[str], bool]:
    """Episodes whose postings are missing (stored before the table existed) or made by another normaliser.

    Also whether the table was emptied because every episode was stale (after an upgrade), so their
    postings are written without looking for old ones first.
    """
    query = "SELECT id FROM episodes WHERE match_terms_version IS DISTINCT FROM %s ORDER BY id"
    cursor.execute(query, [NORMALIZER_VERSION])
    if cursor.fetchone() is None:
        return [], False
    # Asked again under a lock that keeps writers of postings out, so the table is never emptied under one.
    cursor.execute("LOCK TABLE match_postings IN SHARE ROW EXCLUSIVE MODE")
    cursor.execute(query, [NORMALIZER_VERSION])
    stale = [row[0] for row in cursor.fetchall()]
    cursor.execute("SELECT count(*) FROM episodes")
    emptied = bool(stale) and len(stale) == cursor.fetchone()[0]
    if emptied:
        cursor.execute("TRUNCATE match_postings")
    return stale, emptied


class DatabasePostings:
    """The matcher's :class:`~annotate.core.match.candidates.Postings`, answered by the ``match_postings`` table."""

    def __init__(self, read, index: MatchIndex, every_episode: bool):
        self._read = read  # (SQL, parameters) -> rows, under the workspace's connection lock
        self._index = index
        self._episode_offsets = {episode_id: int(index.bounds[number]) for number, episode_id in enumerate(index.episode_ids)}
        self._word_hashes: dict[int, np.uint64] = {}
        # Matching in some episodes only: the database is asked about those only.
        self._only = None if every_episode else list(index.episode_ids)

    def _hash(self, term_id: int) -> np.uint64:
        found = self._word_hashes.get(term_id)
        if found is None:
            found = self._word_hashes[term_id] = word_hashes([self._index.words[term_id]])[0]
        return found

    def _keys(self, keys: list[tuple]) -> list[int]:
        first = np.array([self._hash(key[1]) for key in keys], dtype=np.uint64)
        following = np.array([self._hash(key[2]) if key[0] == "pair" else 0 for key in keys], dtype=np.uint64)
        pairs = np.array([key[0] == "pair" for key in keys], dtype=np.bool_)
        return np.where(pairs, key_hashes(first, following), key_hashes(first)).tolist()

    def _where(self) -> tuple[str, list]:
        return ("", []) if self._only is None else (" AND episode = ANY(%s)", [self._only])

    def frequencies(self, keys: list[tuple]) -> list[int]:
        hashed = self._keys(keys)
        extra, parameters = self._where()
        counts = dict(self._read(
            f"SELECT key, sum(occurrences) FROM match_postings WHERE key = ANY(%s){extra} GROUP BY key",
            [sorted(set(hashed)), *parameters],
        ))
        return [int(counts.get(key, 0)) for key in hashed]

    def positions(self, keys: list[tuple]) -> list[np.ndarray]:
        hashed = self._keys(keys)
        extra, parameters = self._where()
        found: dict[int, np.ndarray] = {}
        # One row per key: its episodes, their counts and all their positions packed end to end.
        for key, episodes, counts, packed in self._read(
            "SELECT key, array_agg(episode ORDER BY episode), array_agg(occurrences ORDER BY episode),"
            f" string_agg(positions, ''::bytea ORDER BY episode) FROM match_postings WHERE key = ANY(%s){extra} GROUP BY key",
            [sorted(set(hashed)), *parameters],
        ):
            offsets = np.array([self._episode_offsets.get(episode, -1) for episode in episodes], dtype=np.int64)
            at = np.frombuffer(packed, dtype=POSITION_TYPE).astype(np.int64) + np.repeat(offsets, counts)
            # An episode the index lacks (added since it was built) has no place to vote for.
            known = np.repeat(offsets >= 0, counts)
            found[key] = np.sort(at[known].astype(np.int32))
        return [found.get(key, np.zeros(0, np.int32)) for key in hashed]
