"""Normalisation for quote matching, the same for quotes and transcripts.

Text becomes a list of terms, each pointing back at the characters it came from: lower case,
curly quotes straightened, punctuation dropped, contractions expanded (``we've`` -> ``we have``),
numbers spelled out (``2020`` -> ``twenty twenty``, ``10%`` -> ``ten percent``), hesitations
(``um``, ``uh``) dropped, and discourse fillers (``you know``, ``I mean``, ``like``, a stuttered
repeat) kept but marked *soft*, so an alignment may skip them cheaply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Bump when the rules below change: cached indexes made with another version are rebuilt.
NORMALIZER_VERSION = 4

# Single characters swapped for single characters, so offsets into the text stay valid.
_CHARACTER_MAP = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "`": "'", "\u00b4": "'"})

_TOKEN = re.compile(
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<suffix>%|(?:st|nd|rd|th|s)\b)?"
    r"|(?P<word>[^\W_]+(?:'[^\W_]+)*)"
)

# Hesitations carry nothing: they are dropped from both sides.
HESITATIONS = frozenset("um umm uh uhh uhm er erm ah ahh hmm hm mm mmm mhm eh".split())
# Words that are often said but rarely printed: kept, but cheap to skip.
SOFT_WORDS = frozenset({"like"})
SOFT_PAIRS = frozenset({("you", "know"), ("i", "mean"), ("sort", "of"), ("kind", "of"), ("you", "see")})

# Function words: a quote needs some words beyond these to be placed at all.
STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself just
    me more most my myself no nor not now of off on once only or other our ours ourselves out over
    own same she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours yourself yourselves yes yeah ok okay oh well really
    one got get go going know think mean""".split()
)

_PRONOUN_IS = frozenset(
    "it he she that what there here who where how when why this everything something nothing everyone "
    "someone nobody somebody everybody".split()
)
_IRREGULAR = {
    "won't": ("will", "not"), "can't": ("can", "not"), "cannot": ("can", "not"), "shan't": ("shall", "not"),
    "ain't": ("is", "not"), "let's": ("let", "us"), "y'all": ("you", "all"), "gonna": ("going", "to"),
    "wanna": ("want", "to"), "gotta": ("got", "to"), "kinda": ("kind", "of"), "sorta": ("sort", "of"),
    "okay": ("ok",), "o'clock": ("oclock",), "percent": ("percent",), "per": ("per",),
}
_SUFFIXES = (("n't", ("not",)), ("'re", ("are",)), ("'ve", ("have",)), ("'ll", ("will",)), ("'d", ("would",)), ("'m", ("am",)))

_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORDINAL_WORDS = {
    "one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth", "nine": "ninth",
    "twelve": "twelfth",
}
_SCALES = ((1_000_000_000_000, "trillion"), (1_000_000_000, "billion"), (1_000_000, "million"), (1000, "thousand"))


@dataclass(frozen=True, slots=True)
class Term:
    """One normalised word and the characters ``[start, end)`` of the original text it came from."""

    text: str
    start: int
    end: int
    soft: bool = False
    line_start: bool = False  # the first term after a line break (a new cue in a transcript)


def _below_thousand(number: int) -> list[str]:
    words: list[str] = []
    if number >= 100:
        words += [_ONES[number // 100], "hundred"]
        number %= 100
        if number == 0:
            return words
    if number < 20:
        words.append(_ONES[number])
    else:
        words.append(_TENS[number // 10])
        if number % 10:
            words.append(_ONES[number % 10])
    return words


def number_words(number: int) -> list[str]:
    """``number`` spelled out the way it is said: 1,250 -> one thousand two hundred fifty."""
    if number < 1000:
        return _below_thousand(number)
    words: list[str] = []
    for scale, name in _SCALES:
        if number >= scale:
            words += number_words(number // scale) + [name]
            number %= scale
    if number:
        words += _below_thousand(number)
    return words


def year_words(number: int) -> list[str]:
    """A four-digit year as said: 1984 -> nineteen eighty four, 2020 -> twenty twenty, 2005 -> two thousand five."""
    high, low = divmod(number, 100)
    if 2000 <= number <= 2009:
        return number_words(number)
    if low == 0:
        return _below_thousand(high) + ["hundred"]
    return _below_thousand(high) + (["oh", _ONES[low]] if low < 10 else _below_thousand(low))


def _ordinal(words: list[str]) -> list[str]:
    last = words[-1]
    if last in _ORDINAL_WORDS:
        last = _ORDINAL_WORDS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return words[:-1] + [last]


def _number_terms(digits: str, suffix: str | None) -> list[str]:
    plain = digits.replace(",", "")
    if "." in plain:
        whole, fraction = plain.split(".", 1)
        words = number_words(int(whole)) + ["point"] + [_ONES[int(digit)] for digit in fraction]
    else:
        value = int(plain)
        is_year = "," not in digits and len(plain) == 4 and 1100 <= value <= 2099 and suffix != "%"
        words = year_words(value) if is_year else number_words(value)
        if len(plain) > 1 and plain.startswith("0"):
            words = [_ONES[int(digit)] for digit in plain]  # a code or a clock reading: digit by digit
    if suffix == "%":
        words.append("percent")
    elif suffix == "s":
        last = words[-1]
        words[-1] = last[:-1] + "ies" if last.endswith("y") else last + "s"
    elif suffix:
        words = _ordinal(words)
    return words


def _word_terms(word: str) -> tuple[str, ...]:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if "'" in word:
        for suffix, expansion in _SUFFIXES:
            if word.endswith(suffix) and len(word) > len(suffix):
                return (word[: -len(suffix)].replace("'", ""), *expansion)
        if word.endswith("'s"):
            base = word[:-2].replace("'", "")
            return (base, "is") if base in _PRONOUN_IS else (base,)
        return (word.replace("'", ""),)
    return (word,)


_TERM_CACHE: dict[str, tuple[str, ...]] = {}


def _terms_of_token(raw: str) -> tuple[str, ...]:
    cached = _TERM_CACHE.get(raw)
    if cached is None:
        word = raw.lower()
        cached = () if word in HESITATIONS else tuple(part for part in _word_terms(word) if part)
        if len(_TERM_CACHE) < 500_000:
            _TERM_CACHE[raw] = cached
    return cached


@dataclass(slots=True)
class TermColumns:
    """The terms of a text as parallel lists: the fast form for whole transcripts."""

    words: list[str]
    starts: list[int]
    ends: list[int]
    soft: list[bool]
    line_start: list[bool]


def tokenize(text: str) -> list[Term]:
    """The normalised terms of ``text``, each with the original character span it came from."""
    columns = tokenize_columns(text)
    return [
        Term(word, start, end, soft, line_start)
        for word, start, end, soft, line_start in zip(
            columns.words, columns.starts, columns.ends, columns.soft, columns.line_start
        )
    ]


def tokenize_columns(text: str) -> TermColumns:
    """:func:`tokenize` as parallel lists, without a Python object per term (for transcripts)."""
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    cache = _TERM_CACHE
    for found in _TOKEN.finditer(text.translate(_CHARACTER_MAP)):
        raw = found[3]
        if raw is not None:
            terms = cache.get(raw)
            if terms is None:
                terms = _terms_of_token(raw)
        else:
            terms = _number_terms(found[1], found[2])
        start, end = found.span()
        for word in terms:
            words.append(word)
            starts.append(start)
            ends.append(end)
    if "cent" in words:
        _join_per_cent(words, starts, ends)
    return TermColumns(words, starts, ends, *_soft_and_line_starts(words, starts, ends, text))


def _join_per_cent(words: list[str], starts: list[int], ends: list[int]) -> None:
    # "per cent" is said as one word, "percent".
    for index in range(len(words) - 1, 0, -1):
        if words[index] == "cent" and words[index - 1] == "per":
            words[index - 1] = "percent"
            ends[index - 1] = ends[index]
            del words[index], starts[index], ends[index]


def _soft_and_line_starts(words: list[str], starts: list[int], ends: list[int], text: str) -> tuple[list[bool], list[bool]]:
    # Discourse fillers and the first of a word said twice in a row ("I I think") are soft:
    # present, but cheap to skip. A word repeated across a sentence or a cue is no stutter.
    count = len(words)
    soft = [word in SOFT_WORDS for word in words]
    for index in range(count - 1):
        word, following = words[index], words[index + 1]
        if word == following and starts[index] != starts[index + 1]:
            between = text[ends[index]:starts[index + 1]]
            if not any(mark in between for mark in ".?!;:\n"):
                soft[index] = True
        elif (word, following) in SOFT_PAIRS:
            soft[index] = soft[index + 1] = True
    line_start = [False] * count
    if count:
        line_start[0] = True
        position = text.find("\n")
        index = 0
        # Each line break marks the first term after it.
        while position >= 0:
            while index < count and starts[index] < position:
                index += 1
            if index >= count:
                break
            line_start[index] = True
            position = text.find("\n", max(position + 1, starts[index]))
    return soft, line_start


# An ellipsis marks a cut: "...", "…", ". . .", optionally in square brackets.
_ELLIPSIS = re.compile(r"\[\s*(?:\.\s*){3,}\]|\[\s*…\s*\]|(?:\.\s*){3,}|…")


def split_ellipsis(quote: str) -> list[str]:
    """The parts of a quote between its cuts (an ellipsis), without empty parts."""
    return [part.strip() for part in _ELLIPSIS.split(quote) if _TOKEN.search(part)]


def content_word_count(terms: list[Term]) -> int:
    """How many terms are not function words, fillers, soft or a lone letter: what makes a quote placeable."""
    return sum(1 for term in terms if not term.soft and len(term.text) > 1 and term.text not in STOPWORDS)
