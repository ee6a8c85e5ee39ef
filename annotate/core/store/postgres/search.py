"""Search on PostgreSQL full-text search: the same query language, filters and hits as the folder's index.

Cue texts and annotation notes carry a ``tsvector`` (``annotate_search``: English Snowball stems,
case and accents folded, no stop words dropped; see ``migrations/002_search.sql``). Words must
all appear, a ``"phrase"`` in order within one cue, ``word*`` is a prefix, ``-word`` excludes;
hits are ranked by ``ts_rank`` (length-normalised) and the best few get snippets from
``ts_headline``. Filters are resolved in Python exactly as :mod:`annotate.core.search_scope`
resolves them, then become conditions on the tables.
"""

from __future__ import annotations

import re

from annotate.core.errors import AnnotateError
from annotate.core.search import ELLIPSIS, HIGHLIGHT_END, HIGHLIGHT_START, SNIPPET_WORDS, SearchHit
from annotate.core.search import _Annotations as _PassageAnnotations
from annotate.core.search_query import Query, fold
from annotate.core.search_scope import expand_tags

CONFIGURATION = "annotate_search"
_TOKEN = re.compile(r"[^\W_]+")
_HEADLINE = (
    f'StartSel="{HIGHLIGHT_START}", StopSel="{HIGHLIGHT_END}", FragmentDelimiter="{ELLIPSIS}", '
    f"MaxWords={SNIPPET_WORDS}, MinWords={SNIPPET_WORDS // 2}, ShortWord=0"
)
_WHOLE_TEXT = f'StartSel="{HIGHLIGHT_START}", StopSel="{HIGHLIGHT_END}", HighlightAll=true'


def search_database(workspace, query: Query, limit: int, fuzzy: bool = False) -> list[SearchHit]:
    """The best ``limit`` hits for a parsed query (words, phrases, filters), best first.

    With ``fuzzy`` the query's words are placed as a quote by the quote matcher (the same one as on
    a folder), then held to the filters.
    """
    if limit <= 0:
        return []
    scope = _Scope(workspace, query)
    if scope.is_empty:
        return []
    if fuzzy:
        return _fuzzy_hits(workspace, query, scope, limit)
    if query.has_text:
        hits = _cue_hits(workspace, query, scope, limit) + _note_hits(workspace, query, scope, limit)
        hits.sort(key=lambda hit: -hit.score)
        return hits[:limit]
    if query.needs_annotations:
        return _annotation_listing(workspace, query, scope, limit)
    return _cue_listing(workspace, query, scope, limit)


# -- the query's text as a tsquery --------------------------------------------------------------


def _piece(text: str, *, phrase: bool) -> tuple[str, list[str]]:
    # One word or phrase as an SQL tsquery expression and its parameter; user text is only ever a parameter.
    if phrase or " " in text:
        return f"phraseto_tsquery('{CONFIGURATION}', %s)", [text]
    if text.endswith("*"):
        tokens = _TOKEN.findall(text.rstrip("*"))
        if tokens:
            quoted = " <-> ".join("'" + token.replace("'", "''") + "'" for token in tokens)
            return f"to_tsquery('{CONFIGURATION}', %s)", [quoted + ":*"]
    return f"plainto_tsquery('{CONFIGURATION}', %s)", [text]


def _tsquery(query: Query) -> tuple[str, list[str]]:
    """The required words and phrases, and none of the excluded ones, as one tsquery expression."""
    parts, parameters = [], []
    for text, phrase in [*((word, False) for word in query.words), *((phrase, True) for phrase in query.phrases)]:
        expression, values = _piece(text, phrase=phrase)
        parts.append(expression)
        parameters += values
    for text in query.excluded:
        expression, values = _piece(text, phrase=False)
        parts.append(f"!!({expression})")
        parameters += values
    return "(" + " && ".join(parts) + ")", parameters


def _exclusion(query: Query) -> tuple[str, list[str]] | None:
    """Any excluded word or phrase, as one tsquery (for listings, which have nothing required)."""
    if not query.excluded:
        return None
    parts, parameters = [], []
    for text in query.excluded:
        expression, values = _piece(text, phrase=False)
        parts.append(expression)
        parameters += values
    return "(" + " || ".join(parts) + ")", parameters


# -- filters ----------------------------------------------------------------------------------------


class _Scope:
    """The query's filters resolved against the database, as in :class:`annotate.core.search_scope.SearchScope`.

    ``None`` means no restriction; an empty list means nothing can pass.
    """

    def __init__(self, workspace, query: Query):
        self.episodes = _episodes_in_scope(workspace, query)
        self.speakers = _speakers_in_scope(workspace, query.speakers)
        self.excluded_speakers = _speakers_in_scope(workspace, query.excluded_speakers)
        self.tags = _tags_with_descendants(workspace, query.tags)
        self.excluded_tags = _tags_with_descendants(workspace, query.excluded_tags)
        self.annotators = _annotators_in_scope(workspace, query.annotators)
        self.excluded_annotators = _annotators_in_scope(workspace, query.excluded_annotators)
        self.is_empty = [] in (self.episodes, self.speakers, self.tags, self.annotators)

    def cue_conditions(self) -> tuple[str, list]:
        """Conditions on cues ``c``, and their parameters."""
        conditions, parameters = [], []
        if self.episodes is not None:
            conditions.append("c.episode = ANY(%s)")
            parameters.append(self.episodes)
        if self.speakers is not None:
            conditions.append("c.speaker = ANY(%s)")
            parameters.append(self.speakers)
        if self.excluded_speakers:
            conditions.append("(c.speaker IS NULL OR NOT c.speaker = ANY(%s))")
            parameters.append(self.excluded_speakers)
        overlapping = (
            "EXISTS (SELECT 1 FROM annotations a WHERE a.episode = c.episode AND a.status = 'ok'"
            " AND a.start_ms < c.end_ms AND a.end_ms > c.start_ms AND {})"
        )
        required, required_parameters = _annotation_condition(self.tags, self.annotators)
        if required:
            conditions.append(overlapping.format(required))
            parameters += required_parameters
        for tags, annotators in ((self.excluded_tags, None), (None, self.excluded_annotators)):
            excluded, excluded_parameters = _annotation_condition(tags or None, annotators or None)
            if excluded:
                conditions.append("NOT " + overlapping.format(excluded))
                parameters += excluded_parameters
        return "".join(f" AND {condition}" for condition in conditions), parameters

    def annotation_conditions(self) -> tuple[str, list]:
        """Conditions on annotations ``a``, and their parameters."""
        conditions, parameters = [], []
        if self.episodes is not None:
            conditions.append("a.episode = ANY(%s)")
            parameters.append(self.episodes)
        if self.speakers is not None:
            conditions.append("a.speaker = ANY(%s)")
            parameters.append(self.speakers)
        if self.excluded_speakers:
            conditions.append("(a.speaker IS NULL OR NOT a.speaker = ANY(%s))")
            parameters.append(self.excluded_speakers)
        required, required_parameters = _annotation_condition(self.tags, self.annotators)
        if required:
            conditions.append(required)
            parameters += required_parameters
        if self.excluded_tags:
            conditions.append("NOT a.tags && %s")
            parameters.append(self.excluded_tags)
        if self.excluded_annotators:
            conditions.append("NOT a.annotator = ANY(%s)")
            parameters.append(self.excluded_annotators)
        return "".join(f" AND {condition}" for condition in conditions), parameters


def _annotation_condition(tags: list[str] | None, annotators: list[str] | None) -> tuple[str, list]:
    conditions, parameters = [], []
    if tags is not None:
        conditions.append("a.tags && %s")
        parameters.append(tags)
    if annotators is not None:
        conditions.append("a.annotator = ANY(%s)")
        parameters.append(annotators)
    return " AND ".join(conditions), parameters


def _episodes_in_scope(workspace, query: Query) -> list[str] | None:
    # As search_scope: an exact id, else every id containing the value (folded); dates as ISO text.
    if not (query.episodes or query.excluded_episodes or query.after or query.before):
        return None
    dated = dict(workspace._query("SELECT id, date FROM episodes"))
    for (episode,) in workspace._query("SELECT DISTINCT episode FROM annotations"):
        dated.setdefault(episode, "")
    names = set(dated)

    def test(value: str):
        if value in names:
            return value.__eq__
        folded = fold(value)
        return lambda name: folded in fold(name)

    wanted = [test(value) for value in query.episodes]
    for value, accepts in zip(query.episodes, wanted):
        if not any(accepts(name) for name in names):
            known = ", ".join(sorted(names)) or "none"
            raise AnnotateError(f"no episode id is or contains {value!r} (episodes: {known})")
    unwanted = [test(value) for value in query.excluded_episodes]
    return sorted(
        name
        for name, date in dated.items()
        if (not wanted or any(accepts(name) for accepts in wanted))
        and not any(accepts(name) for accepts in unwanted)
        and (not query.after or (date and date >= query.after))
        and (not query.before or (date and date < query.before))
    )


def _speakers_in_scope(workspace, values: list[str]) -> list[str] | None:
    if not values:
        return None
    folded_values = [fold(value) for value in values]
    names = {name for (name,) in workspace._query("SELECT DISTINCT unnest(speakers) FROM episodes")}
    return sorted(name for name in names if any(value in fold(name) for value in folded_values))


def _tags_with_descendants(workspace, values: list[str]) -> list[str] | None:
    if not values:
        return None
    parents = dict(workspace._query("SELECT id, parent FROM tags"))
    used = {tag for (tag,) in workspace._query("SELECT DISTINCT unnest(tags) FROM annotations")}
    return expand_tags(values, parents, used)


def _annotators_in_scope(workspace, values: list[str]) -> list[str] | None:
    if not values:
        return None
    folded_values = {fold(value) for value in values}
    return [name for (name,) in workspace._query("SELECT DISTINCT annotator FROM annotations") if fold(name) in folded_values]


# -- hits -----------------------------------------------------------------------------------------

_CUE_COLUMNS = "c.episode, c.position, c.start_ms, c.end_ms, c.speaker, c.text"


def _cue_hits(workspace, query: Query, scope: _Scope, limit: int) -> list[SearchHit]:
    tsquery, tsquery_parameters = _tsquery(query)
    conditions, parameters = scope.cue_conditions()
    found = workspace._query(
        f"SELECT {_CUE_COLUMNS}, ts_rank(c.search_vector, q.query, 1) AS rank"
        f" FROM cues c, (SELECT {tsquery} AS query) q"
        f" WHERE c.search_vector @@ q.query{conditions}"
        " ORDER BY rank DESC, c.episode COLLATE \"C\", c.position LIMIT %s",
        [*tsquery_parameters, *parameters, limit],
    )
    if not found:
        return []
    snippets = _snippets(workspace, tsquery, tsquery_parameters, [row[5] for row in found])
    annotations = _Annotations(workspace, scope, {row[0] for row in found})
    return [
        SearchHit(episode, start_ms, end_ms, speaker, text, snippet, round(float(rank), 4),
                  *annotations.at(episode, start_ms, end_ms), position)
        for (episode, position, start_ms, end_ms, speaker, text, rank), snippet in zip(found, snippets)
    ]


def _snippets(workspace, tsquery: str, parameters: list, texts: list[str]) -> list[str]:
    # The whole text when it is short (as SQLite's snippet gives it), else the best fragment.
    options = [_WHOLE_TEXT if len(text.split()) <= SNIPPET_WORDS else _HEADLINE for text in texts]
    return [
        snippet
        for (snippet,) in workspace._query(
            f"SELECT ts_headline('{CONFIGURATION}', x.text, q.query, x.options)"
            f" FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS x(text, options, n), (SELECT {tsquery} AS query) q"
            " ORDER BY x.n",
            [texts, options, *parameters],
        )
    ]


def _cue_listing(workspace, query: Query, scope: _Scope, limit: int) -> list[SearchHit]:
    conditions, parameters = scope.cue_conditions()
    exclusion = _exclusion(query)
    if exclusion:
        conditions += f" AND NOT c.search_vector @@ {exclusion[0]}"
        parameters += exclusion[1]
    found = workspace._query(
        f"SELECT {_CUE_COLUMNS} FROM cues c WHERE true{conditions}"
        ' ORDER BY c.episode COLLATE "C", c.position LIMIT %s',
        [*parameters, limit],
    )
    annotations = _Annotations(workspace, scope, {row[0] for row in found})
    return [
        SearchHit(episode, start_ms, end_ms, speaker, text, text, 0.0, *annotations.at(episode, start_ms, end_ms), position)
        for episode, position, start_ms, end_ms, speaker, text in found
    ]


_ANNOTATION_COLUMNS = "a.id, a.episode, a.start_ms, a.end_ms, a.speaker, a.quote, a.note, a.tags"


def _note_hits(workspace, query: Query, scope: _Scope, limit: int) -> list[SearchHit]:
    tsquery, tsquery_parameters = _tsquery(query)
    conditions, parameters = scope.annotation_conditions()
    found = workspace._query(
        f"SELECT {_ANNOTATION_COLUMNS}, ts_rank(a.note_vector, q.query, 1) AS rank"
        f" FROM annotations a, (SELECT {tsquery} AS query) q"
        f" WHERE a.note_vector @@ q.query{conditions}"
        ' ORDER BY rank DESC, a.episode COLLATE "C", a.id COLLATE "C" LIMIT %s',
        [*tsquery_parameters, *parameters, limit],
    )
    if not found:
        return []
    snippets = _snippets(workspace, tsquery, tsquery_parameters, [row[6] for row in found])
    return [_annotation_hit(workspace, row[:8], snippet, float(row[8])) for row, snippet in zip(found, snippets)]


def _annotation_listing(workspace, query: Query, scope: _Scope, limit: int) -> list[SearchHit]:
    conditions, parameters = scope.annotation_conditions()
    exclusion = _exclusion(query)
    if exclusion:
        conditions += (
            f" AND NOT (a.note_vector @@ {exclusion[0]} OR to_tsvector('{CONFIGURATION}', a.quote) @@ {exclusion[0]})"
        )
        parameters += exclusion[1] * 2
    found = workspace._query(
        f"SELECT {_ANNOTATION_COLUMNS} FROM annotations a WHERE true{conditions}"
        ' ORDER BY a.episode COLLATE "C", a.start_ms, a.id COLLATE "C" LIMIT %s',
        [*parameters, limit],
    )
    return [_annotation_hit(workspace, row, row[5], 0.0) for row in found]


def _annotation_hit(workspace, row: tuple, snippet: str, score: float) -> SearchHit:
    annotation_id, episode, start_ms, end_ms, speaker, quote, note, tags = row
    return SearchHit(
        episode, start_ms, end_ms, speaker, quote, snippet, round(score, 4), annotation_id, tuple(tags),
        _cue_index_at(workspace, episode, start_ms), "annotation", note,
    )


def _cue_index_at(workspace, episode: str, milliseconds: int) -> int | None:
    found = workspace._query(
        "SELECT position FROM cues WHERE episode = %s AND start_ms <= %s ORDER BY start_ms DESC, position DESC LIMIT 1",
        [episode, milliseconds],
    )
    return found[0][0] if found else None


class _Annotations(_PassageAnnotations):
    """The placed annotations of some episodes, to tell which passage a hit falls in (read from the database)."""

    def __init__(self, workspace, scope: _Scope, episodes: set[str]):
        self.scope = scope
        self.by_episode: dict[str, list[tuple[int, int, str, tuple[str, ...]]]] = {}
        if not episodes:
            return
        for episode, start_ms, end_ms, annotation_id, tags in workspace._query(
            "SELECT episode, start_ms, end_ms, id, tags FROM annotations WHERE status = 'ok' AND episode = ANY(%s)"
            ' ORDER BY start_ms, id COLLATE "C"',
            [sorted(episodes)],
        ):
            self.by_episode.setdefault(episode, []).append((start_ms, end_ms, annotation_id, tuple(tags)))


def _fuzzy_hits(workspace, query: Query, scope: _Scope, limit: int) -> list[SearchHit]:
    """Passages placed by the quote matcher (best first), then held to the query's filters."""
    from annotate.core.match import QuoteMatcher

    quote = query.text()
    if not quote:
        raise AnnotateError("--fuzzy needs words to place as a quote")
    episodes = scope.episodes
    if episodes is not None:
        episodes = [episode for episode in episodes if workspace.has_episode(episode)]
        if not episodes:
            return []
    filtered = scope.speakers is not None or bool(scope.excluded_speakers or scope.tags or scope.excluded_tags
                                                   or scope.annotators or scope.excluded_annotators or query.excluded)
    matches = QuoteMatcher.for_workspace(workspace, episodes=episodes).match(quote, top=limit * 5 if filtered else limit)
    excluded = [fold(item) for item in query.excluded]
    annotations = _Annotations(workspace, scope, {match.episode for match in matches})
    hits = []
    for match in matches:
        if scope.speakers is not None and match.speaker not in scope.speakers:
            continue
        if scope.excluded_speakers and match.speaker in scope.excluded_speakers:
            continue
        if not _admits_annotations(workspace, scope, match.episode, match.start_ms, match.end_ms):
            continue
        if any(item in fold(match.text) for item in excluded):
            continue
        annotation_id, tags = annotations.at(match.episode, match.start_ms, match.end_ms)
        hits.append(
            SearchHit(
                match.episode, match.start_ms, match.end_ms, match.speaker, match.text,
                f"{HIGHLIGHT_START}{match.text}{HIGHLIGHT_END}", match.score, annotation_id, tags,
                _cue_index_at(workspace, match.episode, match.start_ms),
            )
        )
        if len(hits) == limit:
            break
    return hits


def _admits_annotations(workspace, scope: _Scope, episode: str, start_ms: int, end_ms: int) -> bool:
    # The tag and annotator filters, for a passage found by the matcher rather than by the index.
    overlapping = (
        "SELECT 1 FROM annotations a WHERE a.episode = %s AND a.status = 'ok' AND a.start_ms < %s AND a.end_ms > %s AND "
    )
    required, parameters = _annotation_condition(scope.tags, scope.annotators)
    if required and not workspace._query(overlapping + required, [episode, end_ms, start_ms, *parameters]):
        return False
    for tags, annotators in ((scope.excluded_tags, None), (None, scope.excluded_annotators)):
        excluded, parameters = _annotation_condition(tags or None, annotators or None)
        if excluded and workspace._query(overlapping + excluded, [episode, end_ms, start_ms, *parameters]):
            return False
    return True
