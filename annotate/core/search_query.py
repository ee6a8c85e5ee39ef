"""The search query language: words, "phrases", -exclusions and field filters, parsed and made safe.

``punish "social credit" -sesame speaker:"Manya Koetse" tag:takeaways after:2019 before:2020-07``

Every piece of user text reaches SQLite FTS5 as a quoted string, so operators and quotes typed by
the user (``NEAR(``, ``AND``, ``*``, ``^``, ``:``) are searched as text and never break the query.
"""

from __future__ import annotations

import re
import unicodedata

from annotate.core.errors import AnnotateError
from annotate.core.limits import MAX_QUERY_TERMS, cap_query

# The filters a query may carry, as ``name:value`` or ``name:"quoted value"``.
FILTER_FIELDS = ("speaker", "tag", "episode", "annotator", "after", "before")

# One piece of a query: an optional minus, then a filter name with a colon, then a quoted or bare value.
_PIECE = re.compile(
    r"""(?P<minus>-?)(?:(?P<field>[A-Za-z]+):)?(?:"(?P<quoted>[^"]*)(?:"|$)|(?P<bare>[^\s"]+))"""
)
_DATE = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$")
# Letters and digits: what SQLite's unicode61 tokenizer keeps as parts of words.
_WORD_CHARACTER = re.compile(r"[^\W_]")


class Query:
    """A parsed query: the text to find, the text to exclude, and the filters to apply.

    ``words`` and ``phrases`` must all appear; a word may end in ``*`` for a prefix. ``excluded``
    holds words or phrases that must not appear. Filters with several values match any of them.
    """

    __slots__ = ("words", "phrases", "excluded", "speakers", "tags", "episodes", "annotators",
                 "excluded_speakers", "excluded_tags", "excluded_episodes", "excluded_annotators",
                 "after", "before", "spoken")

    def __init__(self) -> None:
        self.words: list[str] = []
        self.phrases: list[str] = []
        self.excluded: list[str] = []
        self.speakers: list[str] = []
        self.tags: list[str] = []
        self.episodes: list[str] = []
        self.annotators: list[str] = []
        self.excluded_speakers: list[str] = []
        self.excluded_tags: list[str] = []
        self.excluded_episodes: list[str] = []
        self.excluded_annotators: list[str] = []
        self.after: str | None = None
        self.before: str | None = None
        # The words and phrases to find, in the order typed and with repeats (what --fuzzy places).
        self.spoken: list[str] = []

    def __repr__(self) -> str:
        shown = {name: getattr(self, name) for name in self.__slots__ if getattr(self, name)}
        return f"Query({shown})"

    @property
    def has_text(self) -> bool:
        """True when the query has words or phrases that must appear."""
        return bool(self.words or self.phrases)

    @property
    def is_empty(self) -> bool:
        """True when the query asks for nothing at all."""
        return not any(getattr(self, name) for name in self.__slots__)

    @property
    def needs_annotations(self) -> bool:
        """True when a hit must lie in an annotated passage (a tag or annotator filter)."""
        return bool(self.tags or self.annotators)

    def text(self) -> str:
        """The words and phrases to find as plain text (what ``--fuzzy`` matches)."""
        return " ".join(word.rstrip("*") for word in self.spoken)

    def check_filter_values(self) -> None:
        """AnnotateError when a filter given outside the query text (``--episode ""``) is empty."""
        for name in ("speakers", "tags", "episodes", "annotators"):
            for negative in (False, True):
                if any(not value.strip() for value in getattr(self, f"excluded_{name}" if negative else name)):
                    field = name[:-1]
                    raise AnnotateError(f"the filter {field}: needs a value (e.g. {field}:{_EXAMPLES[field]})")

    def _check_terms(self) -> None:
        # FTS5 and the ranking cost grow faster than the number of terms: bound it.
        terms = len(self.words) + len(self.phrases) + len(self.excluded)
        if terms > MAX_QUERY_TERMS:
            raise AnnotateError(f"the search query has {terms} different words and phrases; the limit is {MAX_QUERY_TERMS}")

    def fts_expression(self) -> str | None:
        """The FTS5 MATCH expression for the words and phrases, or None when there are none."""
        self._check_terms()
        required = [_fts_word(word) for word in self.words] + [_fts_string(phrase) for phrase in self.phrases]
        if not required:
            return None
        expression = " AND ".join(required)
        if self.excluded:
            expression = f"({expression}) NOT ({' OR '.join(_fts_word(item) for item in self.excluded)})"
        return expression

    def fts_exclusion(self) -> str | None:
        """The FTS5 expression for the excluded words alone (used when nothing is required)."""
        self._check_terms()
        if not self.excluded:
            return None
        return " OR ".join(_fts_word(item) for item in self.excluded)


def parse_query(text: str) -> Query:
    """Parse a search query; a malformed filter (a bad date, an empty value) raises AnnotateError.

    The query is normalised so its cost grows at most linearly with its length: one longer than
    MAX_QUERY_CHARACTERS is refused, a word, phrase or filter given twice counts once (case and
    accents folded), and more than MAX_QUERY_TERMS different words and phrases are refused when
    searched in the index (``--fuzzy`` places them as a quote instead, repeats and all).
    """
    cap_query(text, "the search query")
    query = Query()
    for piece in _PIECE.finditer(text):
        negative = piece.group("minus") == "-"
        field = (piece.group("field") or "").lower()
        quoted = piece.group("quoted")
        value = quoted if quoted is not None else piece.group("bare")
        if field and field not in FILTER_FIELDS:
            # Not a filter we know (a URL, a time like 10:30): search the whole thing as text.
            value = f"{piece.group('field')}:{value}"
            field = ""
        if field:
            _add_filter(query, field, value.strip(), negative)
        elif quoted is not None:
            _add_text(query, value, negative, phrase=True)
        else:
            _add_text(query, value, negative, phrase=False)
    _collapse_repeats(query)
    return query


def _collapse_repeats(query: Query) -> None:
    # FTS5 and the ranking cost grow with the square of the terms, so `credit credit ...` a
    # thousand times is searched as `credit`.
    for name in Query.__slots__:
        values = getattr(query, name)
        if isinstance(values, list) and name != "spoken":
            first_of_each: dict[str, str] = {}
            for value in values:
                first_of_each.setdefault(fold(value), value)
            setattr(query, name, list(first_of_each.values()))


def _add_text(query: Query, value: str, negative: bool, *, phrase: bool) -> None:
    if not phrase and value.endswith(":") and value[:-1].lower() in FILTER_FIELDS:
        raise AnnotateError(f"the filter {value.lower()} needs a value (e.g. {value.lower()}{_EXAMPLES[value[:-1].lower()]})")
    # Text with no letter or digit would be an empty FTS5 phrase, which matches nothing: drop it.
    if not _WORD_CHARACTER.search(value):
        return
    value = " ".join(value.split())
    if negative:
        query.excluded.append(value)
    elif phrase or " " in value:
        query.phrases.append(value)
        query.spoken.append(value)
    else:
        query.words.append(value)
        query.spoken.append(value)


def _add_filter(query: Query, field: str, value: str, negative: bool) -> None:
    if not value:
        raise AnnotateError(f"the filter {field}: needs a value (e.g. {field}:{_EXAMPLES[field]})")
    if field in ("after", "before"):
        if negative:
            raise AnnotateError(f"-{field}: cannot be negated; use {'before' if field == 'after' else 'after'}: instead")
        if not _DATE.match(value):
            raise AnnotateError(f"{field}:{value} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
        setattr(query, field, value)
        return
    plural = field + "s"
    getattr(query, f"excluded_{plural}" if negative else plural).append(value)


_EXAMPLES = {
    "speaker": '"Manya Koetse"',
    "tag": "public-reception",
    "episode": "webcast-scs-2020",
    "annotator": "lena",
    "after": "2019",
    "before": "2020-07",
}


def _fts_string(text: str) -> str:
    """``text`` as an FTS5 string literal: the tokenizer splits it; nothing in it is an operator."""
    return '"' + text.replace('"', '""') + '"'


def _fts_word(word: str) -> str:
    # A trailing * asks for a prefix; FTS5 writes that as a string followed by a bare *.
    if word.endswith("*") and _WORD_CHARACTER.search(word.rstrip("*")):
        return _fts_string(word.rstrip("*")) + " *"
    return _fts_string(word)


def fold(text: str) -> str:
    """Text folded for comparison: case folded and accents removed (``Zürich`` -> ``zurich``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(character for character in decomposed if not unicodedata.combining(character))
