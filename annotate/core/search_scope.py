"""A search query's filters resolved against the index, and the SQL conditions they make.

``speaker:``, ``episode:``, dates, ``tag:`` (with the tags below it in the taxonomy) and
``annotator:`` become lists of ids and names, then conditions on cues (``c``), episodes (``e``)
and annotations (``a``) for the queries in :mod:`annotate.core.search`.
"""

from __future__ import annotations

import sqlite3

from annotate.core.errors import AnnotateError
from annotate.core.search_query import Query, fold


class SearchScope:
    """The filters of a query resolved against the index: which episodes, speakers, tags, annotators.

    ``None`` for a filter means no restriction; an empty list means nothing can pass.
    """

    def __init__(self, connection: sqlite3.Connection, query: Query):
        self.episode_ids, self.episode_names = _episodes_in_scope(connection, query)
        # The stretch of cue ids the chosen episodes' cues lie in (each episode's cues are consecutive).
        self.cue_range: tuple[int, int] | None = None
        if self.episode_ids:
            self.cue_range = connection.execute(
                f"SELECT min(first_cue), max(last_cue) FROM episodes WHERE id IN ({sql_integers(self.episode_ids)})"
            ).fetchone()
        self.speaker_ids, self.speaker_names = _speakers_in_scope(connection, query.speakers)
        self.excluded_speaker_ids, self.excluded_speaker_names = _speakers_in_scope(connection, query.excluded_speakers)
        self.tags = _tags_with_descendants(connection, query.tags)
        self.excluded_tags = _tags_with_descendants(connection, query.excluded_tags)
        self.annotators = _annotators_in_scope(connection, query.annotators)
        self.excluded_annotators = _annotators_in_scope(connection, query.excluded_annotators)
        self.has_annotations = bool(connection.execute("SELECT EXISTS (SELECT 1 FROM annotations)").fetchone()[0])
        self.is_empty = (
            self.episode_names == []
            or self.speaker_ids == []
            or self.tags == []
            or self.annotators == []
        )

    def cue_conditions(self) -> tuple[str, list]:
        """SQL conditions on ``c`` (cues) and ``e`` (episodes), and their parameters."""
        conditions, parameters = [], []
        if self.episode_ids is not None:
            conditions.append(f"c.episode_id IN ({sql_integers(self.episode_ids)})")
        if self.cue_range is not None and None not in self.cue_range:
            conditions.append(f"c.id BETWEEN {int(self.cue_range[0])} AND {int(self.cue_range[1])}")
        if self.speaker_ids is not None:
            conditions.append(f"c.speaker_id IN ({sql_integers(self.speaker_ids)})")
        if self.excluded_speaker_ids:
            conditions.append(f"(c.speaker_id IS NULL OR c.speaker_id NOT IN ({sql_integers(self.excluded_speaker_ids)}))")
        required, required_parameters = self._annotation_condition(self.tags, self.annotators)
        if required:
            conditions.append(f"+c.id IN ({_ANNOTATED_CUES} AND {required})")
            parameters += required_parameters
        for tags, annotators in ((self.excluded_tags, None), (None, self.excluded_annotators)):
            excluded, excluded_parameters = self._annotation_condition(tags or None, annotators or None)
            if excluded:
                conditions.append(f"+c.id NOT IN ({_ANNOTATED_CUES} AND {excluded})")
                parameters += excluded_parameters
        return "".join(f" AND {condition}" for condition in conditions), parameters

    def annotation_conditions(self) -> tuple[str, list]:
        """SQL conditions on ``a`` (annotations), and their parameters."""
        conditions, parameters = [], []
        if self.episode_names is not None:
            conditions.append(f"a.episode IN ({sql_marks(self.episode_names)})")
            parameters += self.episode_names
        if self.speaker_names is not None:
            conditions.append(f"a.speaker IN ({sql_marks(self.speaker_names)})")
            parameters += self.speaker_names
        if self.excluded_speaker_names:
            conditions.append(f"(a.speaker IS NULL OR a.speaker NOT IN ({sql_marks(self.excluded_speaker_names)}))")
            parameters += self.excluded_speaker_names
        required, required_parameters = self._annotation_condition(self.tags, self.annotators)
        if required:
            conditions.append(required)
            parameters += required_parameters
        if self.excluded_tags:
            conditions.append(f"NOT {_TAGGED}({sql_marks(self.excluded_tags)}))")
            parameters += self.excluded_tags
        if self.excluded_annotators:
            conditions.append(f"a.annotator NOT IN ({sql_marks(self.excluded_annotators)})")
            parameters += self.excluded_annotators
        return "".join(f" AND {condition}" for condition in conditions), parameters

    @property
    def restricts_passages(self) -> bool:
        """True when speakers or annotations narrow which passages of an episode may be hits."""
        return any(
            value is not None and value != []
            for value in (self.speaker_ids, self.excluded_speaker_ids, self.tags, self.excluded_tags,
                          self.annotators, self.excluded_annotators)
        )

    def admits_passage(self, connection: sqlite3.Connection, episode: str, speaker: str | None,
                       start_ms: int, end_ms: int) -> bool:
        """Whether a passage found some other way (the quote matcher) passes the speaker and annotation filters."""
        if self.speaker_names is not None and speaker not in self.speaker_names:
            return False
        if self.excluded_speaker_names and speaker in self.excluded_speaker_names:
            return False
        overlapping = (
            "SELECT 1 FROM annotations a WHERE a.episode = ? AND a.status = 'ok' AND a.start_ms < ? AND a.end_ms > ?"
        )
        required, parameters = self._annotation_condition(self.tags, self.annotators)
        if required and not connection.execute(
            f"{overlapping} AND {required}", [episode, end_ms, start_ms, *parameters]
        ).fetchone():
            return False
        for tags, annotators in ((self.excluded_tags, None), (None, self.excluded_annotators)):
            excluded, parameters = self._annotation_condition(tags or None, annotators or None)
            if excluded and connection.execute(
                f"{overlapping} AND {excluded}", [episode, end_ms, start_ms, *parameters]
            ).fetchone():
                return False
        return True

    @staticmethod
    def _annotation_condition(tags: list[str] | None, annotators: list[str] | None) -> tuple[str, list]:
        conditions, parameters = [], []
        if tags is not None:
            conditions.append(f"{_TAGGED}({sql_marks(tags)}))")
            parameters += tags
        if annotators is not None:
            conditions.append(f"a.annotator IN ({sql_marks(annotators)})")
            parameters += annotators
        return " AND ".join(conditions), parameters


# The cues inside passages of annotations (``a``) that pass a condition added after it. Read once per
# search (the + keeps SQLite from looking each of them up in the full-text index instead).
_ANNOTATED_CUES = "SELECT ac.cue FROM annotated_cues ac JOIN annotations a ON a.id = ac.annotation WHERE 1"
_TAGGED = "a.id IN (SELECT annotation FROM annotation_tags WHERE tag IN "


def sql_marks(values: list) -> str:
    """Question marks for an SQL ``IN (...)`` of ``values``."""
    return ", ".join("?" * len(values))


def sql_integers(values: list[int]) -> str:
    """Integers written into an SQL ``IN (...)`` list (safe: they are made ints here)."""
    return ", ".join(str(int(value)) for value in values)


def _episodes_in_scope(connection: sqlite3.Connection, query: Query) -> tuple[list[int] | None, list[str] | None]:
    """Ids and names of the episodes the query may find, or (None, None) for all of them.

    ``episode:`` names an episode id exactly, or else any id that contains it (case folded).
    Dates compare as ISO text, so ``after:2019`` means from 2019-01-01 on and ``before:2020``
    means up to 2019-12-31; an episode with no date is outside any date range.
    """
    if not (query.episodes or query.excluded_episodes or query.after or query.before):
        return None, None
    rows = connection.execute("SELECT id, name, date FROM episodes").fetchall()
    # Annotation files may exist for episodes without a transcript; they have no date.
    indexed = {name for _, name, _ in rows}
    candidates = rows + [
        (None, name, "")
        for name, in connection.execute("SELECT DISTINCT episode FROM annotations")
        if name not in indexed
    ]
    all_names = indexed | {name for _, name, _ in candidates}
    wanted = [_episode_test(value, all_names) for value in query.episodes]
    for value, test in zip(query.episodes, wanted):
        if not any(test(name) for name in all_names):
            # A typo in an episode filter is said, as an unknown tag is, rather than finding nothing.
            known = ", ".join(sorted(all_names)) or "none"
            raise AnnotateError(f"no episode id is or contains {value!r} (episodes: {known})")
    unwanted = [_episode_test(value, all_names) for value in query.excluded_episodes]
    chosen = [
        (episode_id, name)
        for episode_id, name, date in candidates
        if (not wanted or any(test(name) for test in wanted))
        and not any(test(name) for test in unwanted)
        and (not query.after or (date and date >= query.after))
        and (not query.before or (date and date < query.before))
    ]
    return [episode_id for episode_id, _ in chosen if episode_id is not None], [name for _, name in chosen]


def _episode_test(value: str, names: set[str]):
    """Whether an episode id is meant by ``value``: that id exactly, else any id containing it (folded)."""
    if value in names:
        return value.__eq__
    folded = fold(value)
    return lambda name: folded in fold(name)


def _speakers_in_scope(connection: sqlite3.Connection, values: list[str]) -> tuple[list[int] | None, list[str] | None]:
    """Ids and names of the speakers whose name contains one of ``values`` (folded), or None for all."""
    if not values:
        return None, None
    folded_values = [fold(value) for value in values]
    chosen = [
        (speaker_id, name)
        for speaker_id, name, folded in connection.execute("SELECT id, name, folded FROM speakers")
        if any(value in folded for value in folded_values)
    ]
    return [speaker_id for speaker_id, _ in chosen], [name for _, name in chosen]


def _tags_with_descendants(connection: sqlite3.Connection, values: list[str]) -> list[str] | None:
    """The tags named and every tag below them in the taxonomy; an unknown tag is an error."""
    if not values:
        return None
    parents = dict(connection.execute("SELECT id, parent FROM tags"))
    used = {tag for tag, in connection.execute("SELECT DISTINCT tag FROM annotation_tags")}
    return expand_tags(values, parents, used)


def expand_tags(values: list[str], parents: dict[str, str | None], used: set[str]) -> list[str]:
    """``values`` and every tag below them (``parents``: tag -> its parent); a tag neither in the
    taxonomy nor ``used`` by an annotation is an error, naming the tags there are."""
    chosen: set[str] = set()
    for value in values:
        if value not in parents and value not in used:
            known = ", ".join(sorted(parents)) or "none"
            raise AnnotateError(f"unknown tag {value!r} (tags: {known})")
        frontier = [value]
        while frontier:
            tag = frontier.pop()
            if tag not in chosen:
                chosen.add(tag)
                frontier += [child for child, parent in parents.items() if parent == tag]
    return sorted(chosen)


def _annotators_in_scope(connection: sqlite3.Connection, values: list[str]) -> list[str] | None:
    """The annotator names equal to one of ``values`` (case folded), or None for all."""
    if not values:
        return None
    folded_values = {fold(value) for value in values}
    return [
        name
        for name, in connection.execute("SELECT DISTINCT annotator FROM annotations")
        if fold(name) in folded_values
    ]
