"""Quote matching's candidate postings in the database: written with each transcript, asked per quote.

The same keys as the match index's posting lists (each hard word, and each pair of consecutive hard
words), at the term's position in its episode; :class:`DatabasePostings` answers the matcher's
look-ups from the ``match_postings`` table, so the voting, alignment and scoring stay the matcher's own.
"""

from __future__ import annotations

import numpy as np

from annotate.core.match.index import MatchIndex
from annotate.core.model import Transcript
from annotate.core.normalize import NORMALIZER_VERSION, tokenize_columns


def posting_rows(transcript: Transcript) -> list[tuple[str, int]]:
    """(key, term position) of every hard word and hard word pair of the transcript, as the index has them."""
    columns = tokenize_columns(transcript.text)
    hard = [(position, word) for position, (word, soft) in enumerate(zip(columns.words, columns.soft)) if not soft]
    found = [(word, position) for position, word in hard]
    found.extend((f"{word} {next_word}", position) for (position, word), (_, next_word) in zip(hard, hard[1:]))
    return found


def write_postings(cursor, transcript: Transcript) -> None:
    """Replace the episode's postings by the transcript's (inside the caller's transaction)."""
    cursor.execute("DELETE FROM match_postings WHERE episode = %s", [transcript.id])
    with cursor.copy("COPY match_postings (episode, key, position) FROM STDIN") as copying:
        for key, position in posting_rows(transcript):
            copying.write_row((transcript.id, key, position))
    cursor.execute("UPDATE episodes SET match_terms_version = %s WHERE id = %s", [NORMALIZER_VERSION, transcript.id])


def stale_episodes(cursor) -> list[str]:
    """Episodes whose postings are missing (stored before the table existed) or made by another normaliser."""
    cursor.execute("SELECT id FROM episodes WHERE match_terms_version IS DISTINCT FROM %s ORDER BY id", [NORMALIZER_VERSION])
    return [row[0] for row in cursor.fetchall()]


class DatabasePostings:
    """The matcher's :class:`~annotate.core.match.candidates.Postings`, answered by the ``match_postings`` table."""

    def __init__(self, read, index: MatchIndex, every_episode: bool):
        self._read = read  # (SQL, parameters) -> rows, under the workspace's connection lock
        self._index = index
        self._episode_offsets = {episode_id: int(index.bounds[number]) for number, episode_id in enumerate(index.episode_ids)}
        # Matching in some episodes only: the database is asked about those only.
        self._only = None if every_episode else list(index.episode_ids)

    def _text(self, key: tuple) -> str:
        words = self._index.words
        return f"{words[key[1]]} {words[key[2]]}" if key[0] == "pair" else words[key[1]]

    def _where(self) -> tuple[str, list]:
        return ("", []) if self._only is None else (" AND episode = ANY(%s)", [self._only])

    def frequencies(self, keys: list[tuple]) -> list[int]:
        texts = [self._text(key) for key in keys]
        extra, parameters = self._where()
        counts = dict(self._read(
            f"SELECT key, count(*) FROM match_postings WHERE key = ANY(%s){extra} GROUP BY key", [list(set(texts)), *parameters]
        ))
        return [int(counts.get(text, 0)) for text in texts]

    def positions(self, keys: list[tuple]) -> list[np.ndarray]:
        texts = [self._text(key) for key in keys]
        extra, parameters = self._where()
        found: dict[str, list[int]] = {}
        for text, episode, position in self._read(
            f"SELECT key, episode, position FROM match_postings WHERE key = ANY(%s){extra}", [list(set(texts)), *parameters]
        ):
            offset = self._episode_offsets.get(episode)
            if offset is not None:
                found.setdefault(text, []).append(offset + position)
        return [np.sort(np.asarray(found.get(text, []), dtype=np.int32)) for text in texts]
