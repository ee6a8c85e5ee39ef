"""Search across episodes: cues and annotation notes, ranked, filtered, with the matching words marked.

``search(workspace, 'punish "social credit" speaker:creemers tag:takeaways')`` returns
:class:`SearchHit` s, best first. The query language is in :mod:`annotate.core.search_query`, the
index (SQLite FTS5, refreshed from file stamps before each search) in
:mod:`annotate.core.search_index`. Matched words in ``SearchHit.snippet`` are wrapped in
:data:`HIGHLIGHT_START` and :data:`HIGHLIGHT_END` (the control characters STX and ETX, which never
occur in transcript text), for the CLI and TUI to render as they like.
"""

from __future__ import annotations

import sqlite3
from collections import namedtuple

from annotate.core.errors import AnnotateError
from annotate.core.search_index import TOKENIZER, Progress, open_index, problems
from annotate.core.limits import MAX_RESULTS
from annotate.core.search_query import Query, fold, parse_query
from annotate.core.search_scope import SearchScope, sql_integers, sql_marks

HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"
ELLIPSIS = "…"
# Snippets show at most this many words around the matches (most cues are shorter).
SNIPPET_WORDS = 32


# A named tuple rather than a dataclass: importing dataclasses alone costs `annotate search` a
# third of its start-up time. Fields after ``score`` have defaults.
_SearchHitFields = namedtuple(
    "_SearchHitFields",
    "episode start_ms end_ms speaker text snippet score annotation_id tags cue_index kind note",
    defaults=(None, (), None, "cue", ""),
)


class SearchHit(_SearchHitFields):
    """One search result: a cue (``kind == "cue"``) or an annotation (``kind == "annotation"``).

    ``snippet`` is the matched text with matches between HIGHLIGHT_START and HIGHLIGHT_END;
    ``score`` is higher for better hits (0 when the query had no words to rank by);
    ``annotation_id`` and ``tags`` name the annotated passage the hit falls in, if any;
    ``cue_index`` is the cue (of the episode's transcript) where the hit starts; ``note`` is the
    annotation's note for annotation hits.
    """

    __slots__ = ()


def search(
    workspace,
    query: str | Query,
    limit: int = 50,
    fuzzy: bool = False,
    *,
    progress: Progress | None = None,
    warnings: list[str] | None = None,
) -> list[SearchHit]:
    """Search the workspace's transcripts and annotations; the best ``limit`` hits, best first.

    ``query`` is query-language text or a parsed :class:`Query`. With ``fuzzy`` the query's words
    are placed as a quote by the quote matcher instead (forgiving slips, spanning cues). The index
    is brought up to date first (``progress`` hears about long indexing); lines about workspace files
    that could not be read are appended to ``warnings``.
    """
    parsed = query if isinstance(query, Query) else parse_query(query)
    if parsed.is_empty:
        raise AnnotateError('nothing to search for: give words, "a phrase", or a filter such as tag:ID')
    parsed.check_filter_values()
    if limit <= 0:
        return []
    limit = min(limit, MAX_RESULTS)  # more means "every hit"; SQLite takes no larger number
    searches_itself = getattr(workspace, "search_hits", None)
    if searches_itself is not None:
        return searches_itself(parsed, limit, fuzzy)  # a database backend's own full-text index
    connection = open_index(workspace, progress)
    try:
        if warnings is not None:
            warnings.extend(problems(connection))
        scope = SearchScope(connection, parsed)
        if scope.is_empty:
            return []
        if fuzzy:
            return _fuzzy_hits(workspace, connection, parsed, scope, limit)
        if parsed.has_text:
            hits = _cue_hits(connection, parsed, scope, limit) + _note_hits(connection, parsed, scope, limit)
            hits.sort(key=lambda hit: -hit.score)
            return hits[:limit]
        if parsed.needs_annotations:
            return _annotation_listing(connection, parsed, scope, limit)
        return _cue_listing(connection, parsed, scope, limit)
    finally:
        connection.close()


_CUE_COLUMNS = "c.id, e.id, e.name, c.cue_index, c.start_ms, c.end_ms, s.name, c.text"
_CUE_JOINS = "JOIN episodes e ON e.id = c.episode_id LEFT JOIN speakers s ON s.id = c.speaker_id"


def _cue_hits(connection: sqlite3.Connection, query: Query, scope: SearchScope, limit: int) -> list[SearchHit]:
    """Cues that hold every word and phrase (and none excluded), ranked by BM25."""
    expression = query.fts_expression()
    conditions, parameters = scope.cue_conditions()
    # Rank first, touching only what the filters need: snippets and joins for every match of a
    # common word would cost more than the ranking itself, so they are made for the best few only.
    # CROSS JOIN keeps the full-text index in the lead: looking each cue of a filter up in it costs more.
    joins = f"CROSS JOIN cues c ON c.id = cue_text.rowid {_CUE_JOINS}" if conditions else ""
    if scope.cue_range is not None and None not in scope.cue_range:
        # Said of the full-text table itself, so that it reads only the chosen episodes' stretch.
        conditions += f" AND cue_text.rowid BETWEEN {int(scope.cue_range[0])} AND {int(scope.cue_range[1])}"
    ranked = connection.execute(
        f"SELECT cue_text.rowid, bm25(cue_text) AS rank FROM cue_text {joins} "
        f"WHERE cue_text MATCH ?{conditions} ORDER BY rank, cue_text.rowid LIMIT ?",
        [expression, *parameters, limit],
    ).fetchall()
    if not ranked:
        return []
    details = {
        row[0]: row
        for row in connection.execute(
            f"SELECT {_CUE_COLUMNS} FROM cues c {_CUE_JOINS} WHERE c.id IN ({sql_integers([rowid for rowid, _ in ranked])})"
        )
    }
    rows = [details[rowid] for rowid, _ in ranked]
    snippets = _snippets(connection, expression, [(row[0], row[7]) for row in rows])
    annotations = _Annotations(connection, scope, {row[2] for row in rows})
    return [
        _cue_hit(row, snippets.get(row[0], row[7]), -rank, annotations.at(row[2], row[4], row[5]))
        for row, (_, rank) in zip(rows, ranked)
    ]


def _snippets(connection: sqlite3.Connection, expression: str, texts: list[tuple[int, str]]) -> dict[int, str]:
    """Snippets of a few texts, made in a small temporary full-text table with the same tokenizer.

    Asking the archive's index for them would walk the words' whole lists again (slow for common
    words); a table of just these texts marks exactly the same words, in a fraction of a millisecond.
    """
    connection.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.hit_text USING fts5(text, tokenize='{TOKENIZER}')")
    connection.execute("DELETE FROM temp.hit_text")
    connection.executemany("INSERT INTO temp.hit_text(rowid, text) VALUES (?, ?)", texts)
    return dict(
        connection.execute(
            "SELECT rowid, snippet(hit_text, 0, ?, ?, ?, ?) FROM temp.hit_text WHERE hit_text MATCH ?",
            (HIGHLIGHT_START, HIGHLIGHT_END, ELLIPSIS, SNIPPET_WORDS, expression),
        )
    )


def _cue_listing(connection: sqlite3.Connection, query: Query, scope: SearchScope, limit: int) -> list[SearchHit]:
    """Cues that pass the filters (and hold no excluded word), in episode and time order."""
    conditions, parameters = scope.cue_conditions()
    exclusion = query.fts_exclusion()
    if exclusion:
        conditions += " AND c.id NOT IN (SELECT rowid FROM cue_text WHERE cue_text MATCH ?)"
        parameters.append(exclusion)
    rows = connection.execute(
        f"SELECT {_CUE_COLUMNS} FROM cues c {_CUE_JOINS} WHERE 1{conditions} ORDER BY e.name, c.cue_index LIMIT ?",
        [*parameters, limit],
    ).fetchall()
    annotations = _Annotations(connection, scope, {row[2] for row in rows})
    return [_cue_hit(row, row[7], 0.0, annotations.at(row[2], row[4], row[5])) for row in rows]


def _cue_hit(row: tuple, snippet: str, score: float, annotation: tuple[str | None, tuple[str, ...]]) -> SearchHit:
    _cue_id, _episode_id, episode, cue_index, start_ms, end_ms, speaker, text = row
    return SearchHit(episode, start_ms, end_ms, speaker, text, snippet, round(score, 4), *annotation, cue_index)


class _Annotations:
    """The annotated passages of some episodes, read in one go, to tell which passage a hit falls in."""

    def __init__(self, connection: sqlite3.Connection, scope: SearchScope, episodes: set[str]):
        self.scope = scope
        self.by_episode: dict[str, list[tuple[int, int, str, tuple[str, ...]]]] = {}
        if not scope.has_annotations or not episodes:
            return
        episode_list = sorted(episodes)
        rows = connection.execute(
            "SELECT a.id, a.episode, a.start_ms, a.end_ms, a.annotation_id FROM annotations a "
            f"WHERE a.status = 'ok' AND a.episode IN ({sql_marks(episode_list)}) ORDER BY a.start_ms, a.annotation_id",
            episode_list,
        ).fetchall()
        tags: dict[int, list[str]] = {}
        if rows:
            for rowid, tag in connection.execute(
                f"SELECT annotation, tag FROM annotation_tags WHERE annotation IN ({sql_integers([row[0] for row in rows])}) "
                "ORDER BY annotation, position"
            ):
                tags.setdefault(rowid, []).append(tag)
        for rowid, episode, start_ms, end_ms, annotation_id in rows:
            self.by_episode.setdefault(episode, []).append((start_ms, end_ms, annotation_id, tuple(tags.get(rowid, ()))))

    def at(self, episode: str, start_ms: int, end_ms: int) -> tuple[str | None, tuple[str, ...]]:
        """The id and tags of the annotation the time range falls in (one with a filtered tag first)."""
        overlapping = [
            (annotation_id, tags)
            for start, end, annotation_id, tags in self.by_episode.get(episode, ())
            if start < end_ms and end > start_ms
        ]
        if not overlapping:
            return None, ()
        if self.scope.tags:
            wanted = set(self.scope.tags)
            overlapping.sort(key=lambda item: not wanted.intersection(item[1]))
        return overlapping[0]


def _tags_of(connection: sqlite3.Connection, rowid: int) -> tuple[str, ...]:
    return tuple(
        tag for tag, in connection.execute("SELECT tag FROM annotation_tags WHERE annotation = ? ORDER BY position", (rowid,))
    )


_ANNOTATION_COLUMNS = "a.id, a.annotation_id, a.episode, a.start_ms, a.end_ms, a.speaker, a.quote, a.note"


def _note_hits(connection: sqlite3.Connection, query: Query, scope: SearchScope, limit: int) -> list[SearchHit]:
    """Annotations whose note holds every word and phrase, ranked by BM25."""
    conditions, parameters = scope.annotation_conditions()
    rows = connection.execute(
        f"SELECT {_ANNOTATION_COLUMNS}, snippet(annotation_text, 0, ?, ?, ?, ?), bm25(annotation_text) "
        f"FROM annotation_text JOIN annotations a ON a.id = annotation_text.rowid "
        f"WHERE annotation_text MATCH ?{conditions} ORDER BY bm25(annotation_text), a.id LIMIT ?",
        # Notes only: a quote's words are the transcript's, which the cue hits already cover.
        [HIGHLIGHT_START, HIGHLIGHT_END, ELLIPSIS, SNIPPET_WORDS, f"note : ({query.fts_expression()})", *parameters, limit],
    ).fetchall()
    return [_annotation_hit(connection, row[:8], row[8], -row[9]) for row in rows]


def _annotation_listing(connection: sqlite3.Connection, query: Query, scope: SearchScope, limit: int) -> list[SearchHit]:
    """Annotations that pass the filters, in episode and time order (for a query with no words).

    An excluded word keeps out the annotations whose quote or note holds it.
    """
    conditions, parameters = scope.annotation_conditions()
    exclusion = query.fts_exclusion()
    if exclusion:
        conditions += " AND a.id NOT IN (SELECT rowid FROM annotation_text WHERE annotation_text MATCH ?)"
        parameters.append(exclusion)
    rows = connection.execute(
        f"SELECT {_ANNOTATION_COLUMNS} FROM annotations a WHERE 1{conditions} "
        "ORDER BY a.episode, a.start_ms, a.annotation_id LIMIT ?",
        [*parameters, limit],
    ).fetchall()
    return [_annotation_hit(connection, row, row[6], 0.0) for row in rows]


def _annotation_hit(connection: sqlite3.Connection, row: tuple, snippet: str, score: float) -> SearchHit:
    rowid, annotation_id, episode, start_ms, end_ms, speaker, quote, note = row
    return SearchHit(
        episode, start_ms, end_ms, speaker, quote, snippet, round(score, 4), annotation_id,
        _tags_of(connection, rowid), _cue_index_at(connection, episode, start_ms), "annotation", note,
    )


def _fuzzy_hits(workspace, connection: sqlite3.Connection, query: Query, scope: SearchScope, limit: int) -> list[SearchHit]:
    """Passages placed by the quote matcher (best first), then held to the query's filters."""
    quote = query.text()
    if not quote:
        raise AnnotateError("--fuzzy needs words to place as a quote")
    episodes = None
    if scope.episode_names is not None:
        episodes = [name for name in scope.episode_names if workspace.has_episode(name)]
        if not episodes:
            return []
    filtered = scope.restricts_passages or bool(query.excluded)
    # With filters to apply afterwards, ask the matcher for more passages than will be kept.
    matches = _matcher(workspace, episodes).match(quote, top=limit * 5 if filtered else limit)
    excluded = [fold(item) for item in query.excluded]
    annotations = _Annotations(connection, scope, {match.episode for match in matches})
    hits = []
    for match in matches:
        if not scope.admits_passage(connection, match.episode, match.speaker, match.start_ms, match.end_ms):
            continue
        if any(item in fold(match.text) for item in excluded):
            continue
        annotation_id, tags = annotations.at(match.episode, match.start_ms, match.end_ms)
        snippet = f"{HIGHLIGHT_START}{match.text}{HIGHLIGHT_END}"
        hits.append(
            SearchHit(
                match.episode, match.start_ms, match.end_ms, match.speaker, match.text, snippet, match.score,
                annotation_id, tags, _cue_index_at(connection, match.episode, match.start_ms),
            )
        )
        if len(hits) == limit:
            break
    return hits


# The last quote matcher built, kept while its transcripts are unchanged: loading the matcher's
# index of a large archive takes far longer than a search (the TUI searches again and again).
_matcher_cache: dict[tuple[str, tuple[str, ...] | None], tuple[list, object]] = {}


def _matcher(workspace, episodes: list[str] | None):
    from annotate.core.match import QuoteMatcher
    from annotate.core.store.items import TRANSCRIPT

    key = (workspace.location, tuple(episodes) if episodes is not None else None)
    stamps = sorted(item for item in workspace.change_stamps().items() if item[0][0] == TRANSCRIPT)
    cached = _matcher_cache.get(key)
    if cached is not None and cached[0] == stamps:
        return cached[1]
    matcher = QuoteMatcher.for_workspace(workspace, episodes=episodes)
    _matcher_cache.clear()
    _matcher_cache[key] = (stamps, matcher)
    return matcher


def _cue_index_at(connection: sqlite3.Connection, episode: str, milliseconds: int) -> int | None:
    """The index of the episode's last cue that starts at or before ``milliseconds``."""
    row = connection.execute(
        "SELECT c.cue_index FROM cues c JOIN episodes e ON e.id = c.episode_id "
        "WHERE e.name = ? AND c.start_ms <= ? ORDER BY c.start_ms DESC, c.cue_index DESC LIMIT 1",
        (episode, milliseconds),
    ).fetchone()
    return row[0] if row else None
