"""Quote matching: accuracy and speed, against whole-text baselines. One run prints one table.

    python benchmarks/match.py                      # full size: 30k-word episode, 10M-word archive, NASA
    python benchmarks/match.py --archive-words 1e6  # smaller archive while developing

Quotes are made from the transcripts with a newsroom's edits (fillers dropped, punctuation and case
changed, contractions, numbers as words or digits, one to three words changed or misheard, ellipsis
cuts, quotes of 5 to 40 words starting anywhere, so ends are trimmed and cues crossed). Never-said
quotes sound said: two real halves from different places joined, a real passage with half its
content words swapped for other words of the transcripts, and a random walk in the transcripts'
own word pairs. A said quote is right when the best match starts inside the cue where the quote
starts (or the match is a verbatim repeat of the same words elsewhere); a never-said quote is
rejected when nothing is returned.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))
sys.path.insert(0, str(REPOSITORY / "benchmarks"))

from annotate.core.errors import AnnotateError  # noqa: E402
from annotate.core.match import QuoteMatcher  # noqa: E402
from annotate.core.model import Cue, Transcript  # noqa: E402
from annotate.core.normalize import STOPWORDS, tokenize  # noqa: E402
from annotate.core.workspace import Workspace, init_workspace  # noqa: E402

CORPUS = Path(os.environ.get("ANNOTATE_CORPUS", REPOSITORY.parent / "shared" / "corpus"))
NASA = CORPUS / "real-transcripts" / "spacelog-nasa"
SPEAKERS = ["Kaiser Kuo", "Rogier Creemers", "Manya Koetse", "Mirjam Meissner", "Jeremy Goldkorn"]
HESITATIONS = {"um", "uh", "er", "erm", "ah", "hmm", "mm", "uhm"}
FILLER_PHRASES = ["um,", "uh,", "you know,", "I mean,", "like,", "uh", "um"]
NUMBERS = ["43", "2020", "10%", "1,500", "3.5", "12", "2018", "99", "250", "7", "60%", "1984", "30", "100"]
NUMBER_WORDS = {
    "43": "forty-three", "2020": "twenty twenty", "10%": "ten percent", "1,500": "fifteen hundred",
    "3.5": "three point five", "12": "twelve", "2018": "twenty eighteen", "99": "ninety-nine",
    "250": "two hundred and fifty", "7": "seven", "60%": "sixty per cent", "1984": "nineteen eighty-four",
    "30": "thirty", "100": "a hundred",
}
CONTRACTIONS = {
    "we've": "we have", "don't": "do not", "it's": "it is", "i'm": "I am", "can't": "cannot",
    "didn't": "did not", "that's": "that is", "they're": "they are", "you're": "you are",
    "isn't": "is not", "doesn't": "does not", "won't": "will not", "i've": "I have", "we're": "we are",
    "there's": "there is", "i'd": "I would", "they've": "they have", "wasn't": "was not",
}
EXPANSIONS = {value.lower(): key for key, value in CONTRACTIONS.items()}
HOMOPHONES = {
    "their": "there", "there": "their", "to": "too", "for": "four", "right": "write", "know": "no",
    "here": "hear", "its": "it's", "then": "than", "which": "witch", "whole": "hole", "new": "knew",
}


# ----------------------------------------------------------------------------------------------
# Transcripts


class TextModel:
    """A word-pair (Markov) model of the sample transcripts, with per-episode topic words mixed in."""

    def __init__(self, texts: list[str], rng: random.Random):
        self.rng = rng
        self.next_words: dict[str, list[str]] = defaultdict(list)
        words = [word for text in texts for word in text.split()]
        for word, following in zip(words, words[1:]):
            self.next_words[word].append(following)
        self.words = words
        syllables = ["ka", "lo", "mi", "ren", "sha", "vo", "tek", "dar", "pu", "zin", "bel", "qua", "fro", "nim", "sor"]
        self.lexicon = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(40000)})

    def episode_words(self, count: int) -> list[str]:
        """``count`` words of speech: the Markov walk, topic words, fillers, stutters and numbers."""
        rng = self.rng
        topics = rng.sample(self.lexicon, 300)
        out: list[str] = []
        word = rng.choice(self.words)
        while len(out) < count:
            following = self.next_words.get(word)
            word = rng.choice(following) if following else rng.choice(self.words)
            roll = rng.random()
            if roll < 0.03:
                out.append(rng.choice(FILLER_PHRASES))
            elif roll < 0.04 and out:
                out.append(word.strip(",.?!").lower())  # a stutter: the word said twice
            elif roll < 0.046:
                out.append(rng.choice(NUMBERS))
            bare = word.strip(",.?!;:").lower()
            if rng.random() < 0.12 and bare not in STOPWORDS and bare.isalpha():
                topic = rng.choice(topics)
                out.append(topic + word[len(word.rstrip(",.?!;:")):])
            else:
                out.append(word)
        return out[:count]

    def transcript(self, episode_id: str, count: int) -> Transcript:
        words = self.episode_words(count)
        rng = self.rng
        cues, position, time_ms, speaker = [], 0, 0, rng.choice(SPEAKERS)
        while position < len(words):
            size = rng.randint(6, 22)
            text = " ".join(words[position:position + size])
            text = text[0].upper() + text[1:]
            duration = 380 * len(text.split())
            cues.append(Cue(time_ms, time_ms + duration, text, speaker))
            time_ms += duration + rng.randint(50, 400)
            position += size
            if rng.random() < 0.4:
                speaker = rng.choice(SPEAKERS)
        return Transcript(episode_id, cues)


# ----------------------------------------------------------------------------------------------
# Quotes


@dataclass
class Quote:
    text: str
    said: bool
    kind: str
    episode: str = ""
    cue: int = -1
    passage: list[str] = field(default_factory=list)  # the normalised words really said, for repeats


def _raw_words(transcript: Transcript, cue_index: int, limit: int) -> list[tuple[str, int, int]]:
    """Words as written from cue ``cue_index`` on: (word, cue index, offset in the transcript text)."""
    words = []
    for index in range(cue_index, len(transcript.cues)):
        base = transcript.cue_offsets[index]
        for found in re.finditer(r"\S+", transcript.cues[index].text):
            words.append((found.group(), index, base + found.start()))
        if len(words) >= limit:
            break
    return words


def _is_filler(words: list[str], position: int) -> int:
    """How many words from ``position`` are a filler a newsroom drops (0 when none)."""
    word = words[position].lower()
    bare = word.strip(",.?!;:")
    if bare in HESITATIONS:
        return 1
    if word == "like,":
        return 1
    if position + 1 < len(words) and (bare, words[position + 1].lower()) in (("you", "know,"), ("i", "mean,")):
        return 2
    previous = words[position - 1] if position > 0 else ""
    if bare == previous.lower() and bare.isalpha():
        return 1  # a stutter: the same word again with nothing between (not across a sentence)
    return 0


def _clean(words: list[str], cues: list[int] | None = None) -> list[str]:
    """The words without the fillers a newsroom drops (a stutter counts only inside one cue)."""
    out, position = [], 0
    while position < len(words):
        skip = _is_filler(words, position)
        if skip == 1 and cues is not None and position > 0 and cues[position] != cues[position - 1]:
            if words[position].lower().strip(",.?!;:") not in HESITATIONS and words[position].lower() != "like,":
                skip = 0
        if skip:
            position += skip
            continue
        out.append(words[position])
        position += 1
    return out


def _mishear(word: str, rng: random.Random) -> str:
    bare = word.strip(",.?!;:").lower()
    if bare in HOMOPHONES:
        return HOMOPHONES[bare]
    if len(bare) < 4:
        return bare + rng.choice("sdy")
    position = rng.randrange(1, len(bare) - 1)
    change = rng.choice(("swap", "replace", "drop"))
    if change == "swap":
        return bare[:position] + bare[position + 1] + bare[position] + bare[position + 2:]
    if change == "replace":
        return bare[:position] + rng.choice("aeioulnrst") + bare[position + 1:]
    return bare[:position] + bare[position + 1:]


def _style(words: list[str], rng: random.Random) -> str:
    """Punctuation and case as a newspaper might print them."""
    cuts = ("...", "\u2026", "[...]", ". . .")
    if rng.random() < 0.35:
        words = [word if word in cuts else word.strip(",.?!;:") for word in words]
    text = " ".join(word for word in words if word)
    if rng.random() < 0.25:
        text = text.lower()
    elif text:
        text = text[0].upper() + text[1:]
    if rng.random() < 0.3:
        text = text.replace("'", "\u2019")
    if rng.random() < 0.3:
        text = "\u201c" + text + "\u201d"
    return text


def said_quote(transcript: Transcript, rng: random.Random, vocabulary: list[str]) -> Quote | None:
    cue_index = rng.randrange(len(transcript.cues))
    raw = _raw_words(transcript, cue_index, 120)
    if not raw:
        return None
    first_cue_words = [entry for entry in raw if entry[1] == cue_index]
    start = rng.randrange(len(first_cue_words))
    words = [word for word, _, _ in raw[start:]]
    length = rng.randint(5, 40)
    raw_words = [word for word, _, _ in raw]
    while start < len(raw) and (_is_filler(raw_words, start) or not re.search(r"\w", raw_words[start])):
        start += 1
    if start >= len(raw):
        return None
    true_cue = raw[start][1]
    words = _clean([word for word, _, _ in raw[start:]], [cue for _, cue, _ in raw[start:]])[:length]
    if len(words) < 5:
        return None
    passage = [term.text for term in tokenize(" ".join(words))]
    kinds = []
    edited = []
    position = 0
    while position < len(words):  # contractions and numbers, either way
        word = words[position]
        lower = word.lower().replace("\u2019", "'").strip(",.?!;:")
        pair = " ".join(w.lower().strip(",.?!;:") for w in words[position:position + 2])
        if lower in CONTRACTIONS and rng.random() < 0.5:
            edited.extend(CONTRACTIONS[lower].split())
            kinds.append("contraction")
        elif pair in EXPANSIONS and rng.random() < 0.5:
            edited.append(EXPANSIONS[pair])
            kinds.append("contraction")
            position += 1
        elif word.strip(",.?!;:") in NUMBER_WORDS and rng.random() < 0.7:
            edited.extend(NUMBER_WORDS[word.strip(",.?!;:")].split())
            kinds.append("number")
        else:
            edited.append(word)
        position += 1
    words = edited
    changes = rng.randint(1, 3) if rng.random() < 0.8 else 0
    changes = min(changes, max(1, len(words) // 7))
    for _ in range(changes):
        position = rng.randrange(len(words))
        change = rng.choice(("changed", "misheard", "misheard", "dropped", "inserted"))
        if change == "changed":
            words[position] = rng.choice(vocabulary)
        elif change == "misheard":
            words[position] = _mishear(words[position], rng)
        elif change == "dropped" and len(words) > 6:
            del words[position]
        else:
            words.insert(position, rng.choice(vocabulary))
        kinds.append(change)
    if len(words) >= 14 and rng.random() < 0.25:
        cut_from = rng.randint(4, len(words) - 8)
        cut_to = cut_from + rng.randint(2, min(12, len(words) - cut_from - 4))
        words = words[:cut_from] + [rng.choice(("...", "\u2026", "[...]", ". . ."))] + words[cut_to:]
        kinds.append("ellipsis")
    if raw[start][1] != raw[min(len(raw) - 1, start + length)][1]:
        kinds.append("crosses-cues")
    return Quote(_style(words, rng), True, "+".join(kinds) or "verbatim", transcript.id, true_cue, passage)


def _without_cuts(words: list[str]) -> list[str]:
    """Words with the transcript's own ellipses taken out, so they do not read as cuts."""
    kept = [re.sub(r"\.\.\.|\u2026", " ", word).strip() for word in words]
    return [word for word in kept if re.search(r"\w", word)]


def never_said_quote(transcripts: list[Transcript], rng: random.Random, vocabulary: list[str], model: TextModel | None) -> Quote:
    kind = rng.choice(("halves", "topic-swap", "walk" if model else "halves"))
    if kind == "halves":
        halves = []
        size = rng.randint(5, 14)
        for length in (size, size + rng.randint(-2, 2)):
            transcript = rng.choice(transcripts)
            cue_index = rng.randrange(len(transcript.cues))
            halves.append(_without_cuts(_clean([word for word, _, _ in _raw_words(transcript, cue_index, 60)]))[:length])
        return Quote(_style(halves[0] + halves[1], rng), False, kind)
    if kind == "topic-swap":
        transcript = rng.choice(transcripts)
        cue_index = rng.randrange(len(transcript.cues))
        words = _without_cuts(_clean([word for word, _, _ in _raw_words(transcript, cue_index, 60)]))[: rng.randint(8, 30)]
        # Half the content words, and at least a third of all words, swapped for other words.
        content = [i for i, word in enumerate(words) if word.lower().strip(",.?!;:") not in STOPWORDS]
        chosen = rng.sample(content, (len(content) + 1) // 2)
        others = [i for i in range(len(words)) if i not in chosen]
        needed = max(3, (len(words) + 2) // 3) - len(chosen)
        chosen += rng.sample(others, max(0, min(needed, len(others))))
        for position in chosen:
            words[position] = rng.choice(vocabulary)
        return Quote(_style(words, rng), False, kind)
    words = _without_cuts(_clean([word for word in model.episode_words(rng.randint(8, 30))]))
    return Quote(_style(words, rng), False, kind)


# ----------------------------------------------------------------------------------------------
# Methods


@dataclass
class Outcome:
    episode: str | None
    start_offset: int | None
    text: str = ""


class IndexMethod:
    name = "word-pair index + word alignment (annotate)"

    def __init__(self, matcher: QuoteMatcher, transcripts: dict[str, Transcript] | None = None):
        self.matcher = matcher

    def find(self, quote: str) -> list[Outcome]:
        found = self.matcher.match(quote, top=5)
        # Places that fit equally well are all shown to the user as the answer ("occurs N times").
        return [Outcome(match.episode, match.start_offset, match.text) for match in found[:found[0].occurrences]] if found else []


class _WholeTextMethod:
    """A baseline over one transcript's whole text, lower-cased with punctuation as spaces."""

    def __init__(self, transcript: Transcript):
        self.episode = transcript.id
        self.transcript = transcript
        characters, offsets = [], []
        previous_space = True
        for offset, character in enumerate(transcript.text):
            if character.isalnum():
                characters.append(character.lower())
                offsets.append(offset)
                previous_space = False
            elif not previous_space:
                characters.append(" ")
                offsets.append(offset)
                previous_space = True
        self.text = "".join(characters)
        self.offsets = offsets

    @staticmethod
    def simplify(quote: str) -> str:
        return " ".join(re.sub(r"[^\w]+", " ", quote.lower()).split())

    def outcome(self, start: int, end: int) -> Outcome:
        start = min(start, len(self.offsets) - 1)
        while start < len(self.text) - 1 and self.text[start] == " ":
            start += 1
        original = self.offsets[start]
        return Outcome(self.episode, original, self.transcript.text[original:self.offsets[min(end, len(self.offsets) - 1)]])


class RapidfuzzMethod(_WholeTextMethod):
    name = "rapidfuzz partial_ratio_alignment, whole text (score >= 80)"

    def find(self, quote: str) -> Outcome:
        from rapidfuzz import fuzz

        alignment = fuzz.partial_ratio_alignment(self.simplify(quote), self.text)
        if alignment is None or alignment.score < 80:
            return Outcome(None, None)
        return self.outcome(alignment.dest_start, alignment.dest_end)


class EdlibMethod(_WholeTextMethod):
    name = "edlib Myers scan, whole text (<= 25% edits)"

    def find(self, quote: str) -> Outcome:
        import edlib

        query = self.simplify(quote)
        result = edlib.align(query, self.text, mode="HW", task="locations")
        if result["editDistance"] < 0 or result["editDistance"] > 0.25 * len(query):
            return Outcome(None, None)
        start, end = result["locations"][0]
        return self.outcome(start, end + 1)


# ----------------------------------------------------------------------------------------------
# Running


@dataclass
class Row:
    dataset: str
    method: str
    words: int
    right: float
    wrong: float
    refused: float
    rejected: float
    median_ms: float
    p95_ms: float
    build: str = ""
    size: str = ""
    misses: dict = field(default_factory=dict)


def evaluate(dataset: str, method, quotes: list[Quote], transcripts: dict[str, Transcript], words: int,
             build: str = "", size: str = "") -> Row:
    right = wrong = rejected = said = never = refused = 0
    timings = []
    misses: dict[str, int] = defaultdict(int)
    for quote in quotes:
        began = time.perf_counter()
        try:
            outcomes = method.find(quote.text)
        except AnnotateError:
            outcomes = []
            refused += quote.said
        outcomes = [outcomes] if isinstance(outcomes, Outcome) else outcomes
        outcomes = [outcome for outcome in outcomes if outcome.episode is not None]
        outcome = outcomes[0] if outcomes else Outcome(None, None)
        timings.append((time.perf_counter() - began) * 1000)
        if quote.said:
            said += 1
            if outcome.episode is None:
                misses["none:" + quote.kind] += 1
                continue
            if any(found.episode == quote.episode and transcripts[found.episode].cue_index_at(found.start_offset) == quote.cue
                   for found in outcomes):
                right += 1
            elif [term.text for term in tokenize(outcome.text)][: len(quote.passage)] == quote.passage:
                right += 1  # the same words were said verbatim elsewhere too
            else:
                wrong += 1
                misses["wrong:" + quote.kind] += 1
        else:
            never += 1
            if outcome.episode is None:
                rejected += 1
            else:
                misses["accepted:" + quote.kind] += 1
    timings.sort()
    return Row(
        dataset, method.name, words,
        100 * right / max(1, said), 100 * wrong / max(1, said), 100 * refused / max(1, said), 100 * rejected / max(1, never),
        statistics.median(timings), timings[min(len(timings) - 1, int(len(timings) * 0.95))],
        build, size, dict(misses),
    )


def make_quotes(transcripts: list[Transcript], count_said: int, count_never: int, rng: random.Random,
                model: TextModel | None) -> list[Quote]:
    vocabulary = sorted({term.text for transcript in transcripts[:20] for term in tokenize(transcript.text[:200_000])})
    quotes: list[Quote] = []
    while len(quotes) < count_said:
        quote = said_quote(rng.choice(transcripts), rng, vocabulary)
        if quote is not None:
            quotes.append(quote)
    # Never-said quotes are checked against every transcript (where that is affordable): one that
    # happens to be there nearly word for word (formulaic radio talk) was said after all.
    checked = [" ".join(term.text for term in tokenize(t.text)) for t in transcripts] if sum(len(t.text) for t in transcripts) < 20_000_000 else None
    never = 0
    while never < count_never:
        quote = never_said_quote(transcripts, rng, vocabulary, model)
        if checked is not None and _nearly_present(quote.text, checked):
            continue
        quotes.append(quote)
        never += 1
    rng.shuffle(quotes)
    return quotes


def _nearly_present(quote: str, normalised_texts: list[str]) -> bool:
    query = " ".join(term.text for term in tokenize(quote))
    if _has_edlib():
        import edlib

        return any(0 <= edlib.align(query, text, mode="HW", task="distance")["editDistance"] <= 0.2 * len(query) for text in normalised_texts)
    from rapidfuzz import fuzz

    return any(fuzz.partial_ratio(query, text) >= 85 for text in normalised_texts)


def cached_load_in_fresh_process(folder: Path) -> tuple[float, float]:
    """Seconds to load the cached index in a new process, and the memory (MB) it holds there.

    The whole index is mapped from disk, so pages count as held only once queries touch them.
    """
    script = (
        "import sys, time; sys.path.insert(0, %r)\n"
        "from annotate.core.match import QuoteMatcher\nfrom annotate.core.workspace import Workspace\n"
        "def rss():\n    return int(open('/proc/self/statm').read().split()[1]) * 4096 / 2**20\n"
        "before = rss(); began = time.perf_counter()\n"
        "matcher = QuoteMatcher.for_workspace(Workspace(__import__('pathlib').Path(%r)))\n"
        "print(time.perf_counter() - began, rss() - before)\n"
    ) % (str(REPOSITORY), str(folder))
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    seconds, megabytes = result.stdout.split()
    return float(seconds), float(megabytes)


def index_workspace(folder: Path, transcripts: list[Transcript]) -> Workspace:
    init_workspace(folder)
    workspace = Workspace(folder)
    for transcript in transcripts:
        workspace.save_transcript(transcript)
    return workspace


def run_dataset(name: str, transcripts: list[Transcript], args, rng: random.Random, model: TextModel | None,
                baselines: bool, rows: list[Row]) -> None:
    words = sum(len(transcript.text.split()) for transcript in transcripts)
    by_id = {transcript.id: transcript for transcript in transcripts}
    with tempfile.TemporaryDirectory(prefix="annotate-bench-") as folder:
        workspace = index_workspace(Path(folder), transcripts)
        began = time.perf_counter()
        QuoteMatcher.for_workspace(workspace)
        cold = time.perf_counter() - began
        warm, held = cached_load_in_fresh_process(Path(folder))
        workspace = Workspace(Path(folder))
        matcher = QuoteMatcher.for_workspace(workspace)
        for transcript in transcripts:  # the benchmark's own copies answer times and cues
            workspace._transcripts[transcript.id] = (None, transcript)
        matcher._load_transcript = by_id.__getitem__
        quotes = make_quotes(transcripts, args.said, args.never, rng, model)
        build = f"{cold:.1f} s cold, {warm:.1f} s cached"
        size = f"{matcher.index_bytes / 2**20:.0f} MB arrays (mapped), {held:.0f} MB held"
        rows.append(evaluate(name, IndexMethod(matcher), quotes, by_id, words, build, size))
    if baselines and len(transcripts) == 1:
        for method in (RapidfuzzMethod(transcripts[0]), EdlibMethod(transcripts[0]) if _has_edlib() else None):
            if method is not None:
                rows.append(evaluate(name, method, quotes, by_id, words))


def _has_edlib() -> bool:
    try:
        import edlib  # noqa: F401
    except ImportError:
        return False
    return True


# ----------------------------------------------------------------------------------------------
# Famous-style misquotes and paraphrases over the NASA transcripts (benchmarks/famous_quotes.py)


def run_famous(nasa: list[Transcript], detail: bool) -> None:
    """Misquotes: right when every place listed as the answer is a true place; never-said: rejected when
    nothing is returned; paraphrases (--reworded): the top passage (top three) starts in a true cue."""
    import famous_quotes

    by_id = {transcript.id: transcript for transcript in nasa}
    matcher = QuoteMatcher.for_transcripts(nasa)

    def places(spec: list[tuple[str, str]]) -> set[tuple[str, int]]:
        found = {(episode, number) for episode, words in spec for number, cue in enumerate(by_id[episode].cues) if words in cue.text}
        assert found, spec
        return found

    def cue_of(place) -> tuple[str, int]:
        return place.episode, by_id[place.episode].cue_index_at(place.start_offset)

    right, timings, misses = 0, [], []
    for quote, kind, spec in famous_quotes.MISQUOTES:
        began = time.perf_counter()
        try:
            found = matcher.match(quote)
        except AnnotateError:
            found = []
        timings.append((time.perf_counter() - began) * 1000)
        answer = {cue_of(place) for place in found[:found[0].occurrences]} if found else set()
        if answer and answer <= places(spec):
            right += 1
        else:
            misses.append(f"  {'none' if not answer else 'wrong'}: {kind}: {quote}")
    rejected = 0
    for quote in famous_quotes.NEVER_SAID:
        try:
            rejected += not matcher.match(quote)
        except AnnotateError:
            rejected += 1
    top1 = top3 = 0
    reworded_timings = []
    matcher.reworded("warm the stem table", top=3)
    for paraphrase, spec in famous_quotes.PARAPHRASES:
        began = time.perf_counter()
        closest = [cue_of(passage) for passage in matcher.reworded(paraphrase, top=3)]
        reworded_timings.append((time.perf_counter() - began) * 1000)
        truth = places(spec)
        top1 += bool(closest) and closest[0] in truth
        top3 += any(place in truth for place in closest)
        if not closest or closest[0] not in truth:
            misses.append(f"  reworded top-1 missed: {paraphrase}")
    said, never, paraphrases = len(famous_quotes.MISQUOTES), len(famous_quotes.NEVER_SAID), len(famous_quotes.PARAPHRASES)
    print("\n| NASA famous-style set (hand-written) | count | result | median ms |\n|---|---|---|---|")
    print(f"| misquotes placed right | {said} | {100 * right / said:.1f}% | {statistics.median(timings):.2f} |")
    print(f"| never-said lines rejected | {never} | {100 * rejected / never:.1f}% | |")
    print(f"| paraphrases, `--reworded` top-1 in the right cue | {paraphrases} | {100 * top1 / paraphrases:.1f}% "
          f"| {statistics.median(reworded_timings):.2f} |")
    print(f"| paraphrases, `--reworded` right cue in the top 3 | {paraphrases} | {100 * top3 / paraphrases:.1f}% | |")
    if detail and misses:
        print("\n".join(misses))


# ----------------------------------------------------------------------------------------------
# Whole processes on the generated archive: a batch of citations, and search against ripgrep


def run_processes(words: int, folder: Path, quotes: int, repeat: int) -> None:
    """`annotate match --file --json` with ``quotes`` citations, per quote with process start; and
    `annotate search` against `rg -i` over the same files (benchmarks/search.py's archive and queries)."""
    import search as search_benchmark

    workspace = search_benchmark.make_archive(folder / f"words-{words}", words)
    rng = random.Random(5)
    episode_ids = workspace.episode_ids()
    lines = []
    for _ in range(quotes):
        transcript = workspace.load_transcript(rng.choice(episode_ids))
        first = rng.randrange(len(transcript.cues) - 2)
        spoken = (transcript.cues[first].text + " " + transcript.cues[first + 1].text).split()
        start = rng.randrange(0, max(1, len(spoken) - 14))
        quote = spoken[start:start + rng.randint(8, 14)]
        if len(quote) > 8:
            del quote[rng.randrange(1, len(quote) - 1)]  # a word dropped, as citations do
        lines.append(" ".join(quote))
    quote_file = Path(workspace.root) / "citations.txt"
    quote_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    annotate = shutil.which("annotate", path=str(Path(sys.executable).parent)) or shutil.which("annotate")
    command = [annotate, "--workspace", str(workspace.root), "match", "--file", str(quote_file), "--json"]
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPOSITORY / "annotate")], env=environment,
                   stdout=subprocess.DEVNULL, check=False)
    began = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, env=environment, check=True)  # builds the index once
    build = time.perf_counter() - began
    batch = search_benchmark.run_process(command, environment, repeat)
    episodes = len(episode_ids)
    print(f"\n| whole process, {words:,} words ({episodes} episodes) | median | slowest |\n|---|---|---|")
    print(f"| `annotate match --file --json`, {quotes} citations (index built once: {build:.1f} s), per quote | "
          f"{batch / quotes:.2f} ms | (batch {batch:.0f} ms, best of {repeat}) |")
    reworded = search_benchmark.run_process([*command[:4], "--reworded", *command[4:]], environment, repeat)
    print(f"| `annotate match --reworded --file --json`, the same {quotes} lines as paraphrases, per line | "
          f"{reworded / quotes:.2f} ms | (batch {reworded:.0f} ms, best of {repeat}) |")
    queries = search_benchmark.make_queries(workspace, random.Random(11), 10)
    process_queries = queries["one word"][:10] + queries["phrase (3 words)"][:10]
    for name, median, slowest in search_benchmark.measure_processes(workspace, process_queries, repeat):
        if "ratio" in name:
            print(f"| {name} | {median:.2f}x | {slowest:.2f}x |")
        else:
            print(f"| {name} | {median:.1f} ms | {slowest:.1f} ms |")


def print_table(rows: list[Row], detail: bool) -> None:
    print("| data | words | method | right | wrong | refused (too short) | never-said rejected | median ms | p95 ms | index build | index size |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        print(f"| {row.dataset} | {row.words:,} | {row.method} | {row.right:.1f}% | {row.wrong:.1f}% | {row.refused:.1f}% | {row.rejected:.1f}% "
              f"| {row.median_ms:.2f} | {row.p95_ms:.2f} | {row.build} | {row.size} |")
    if detail:
        for row in rows:
            if row.misses:
                print(f"\n{row.dataset} / {row.method}:")
                for kind, count in sorted(row.misses.items(), key=lambda item: -item[1]):
                    print(f"  {count:4d}  {kind}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--episode-words", type=float, default=30_000)
    parser.add_argument("--archive-words", type=float, default=10_000_000, help="0 to skip the archive")
    parser.add_argument("--said", type=int, default=500, help="said quotes per data set")
    parser.add_argument("--never", type=int, default=300, help="never-said quotes per data set")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-nasa", action="store_true")
    parser.add_argument("--detail", action="store_true", help="list misses by kind of edit")
    parser.add_argument("--process-words", type=float, default=10_000_000,
                        help="archive for the whole-process table (benchmarks/search.py's generator); 0 to skip")
    parser.add_argument("--process-folder", type=Path, default=Path(tempfile.gettempdir()) / "annotate-search-benchmark")
    parser.add_argument("--citations", type=int, default=100, help="citations in the whole-process batch")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each whole-process command (best counts)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    sample = Workspace(REPOSITORY)
    texts = [sample.load_transcript(episode).text for episode in sample.episode_ids()]
    model = TextModel(texts, rng)
    rows: list[Row] = []

    episode = model.transcript("episode", int(args.episode_words))
    run_dataset("generated episode", [episode], args, rng, model, True, rows)
    del episode
    print_table(rows, False) if args.detail else None

    if not args.no_nasa and NASA.is_dir():
        from annotate.core.formats import read_transcript

        nasa = [read_transcript(path).transcript for path in sorted(NASA.glob("*.txt")) if not path.name.startswith("FORMAT")]
        nasa = [t for t in nasa if t.cues]
        run_dataset("NASA Spacelog (real)", nasa, args, rng, None, False, rows)
        famous = lambda: run_famous(nasa, args.detail)  # noqa: E731  (printed after the main table)
    else:
        famous = None

    if args.archive_words:
        per_episode = 30_000
        count = max(1, int(args.archive_words) // per_episode)
        archive = [model.transcript(f"archive-{number:04d}", per_episode) for number in range(count)]
        run_dataset("generated archive", archive, args, rng, model, False, rows)

    print_table(rows, args.detail)
    if famous is not None:
        famous()
    if args.process_words:
        run_processes(int(args.process_words), args.process_folder, args.citations, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
