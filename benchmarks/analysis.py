"""How long stats and agreement take as an archive grows.

    python benchmarks/analysis.py                      # 30k, 300k and 3M words
    python benchmarks/analysis.py --words 30000        # one size

Episodes of 10,000 words are generated (words from the sample's own transcripts, 12 to a cue),
with two coders: coder A tags about one passage of 20 to 120 words in every 300 words with one or
two of the sample's leaf tags; coder B codes the same passages with their boundaries moved by up
to 10 words, a different tag on one in five, leaves one in eight out and adds passages of its
own. Frequencies (by episode), co-occurrence and agreement (word units) run on the core's
in-memory coding, so the figures are the analysis alone, not reading files. Prints a table.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))

from annotate.core.analysis import cooccurrence, frequencies  # noqa: E402
from annotate.core.analysis.agreement import agreement_of, word_spans  # noqa: E402
from annotate.core.analysis.passages import CodedPassage, Coding  # noqa: E402
from annotate.core.model import Cue, Transcript  # noqa: E402
from annotate.core.taxonomy import load_taxonomy  # noqa: E402
from annotate.core.workspace import Workspace  # noqa: E402

EPISODE_WORDS = 10_000


def sample_words(workspace: Workspace) -> list[str]:
    words: list[str] = []
    for episode in workspace.episode_ids():
        words += workspace.load_transcript(episode).text.split()
    return words


def make_episode(index: int, vocabulary: list[str], generator: random.Random) -> Transcript:
    words = [generator.choice(vocabulary) for _ in range(EPISODE_WORDS)]
    cues = [
        Cue(number * 4000, number * 4000 + 4000, " ".join(words[start : start + 12]), "Speaker")
        for number, start in enumerate(range(0, len(words), 12))
    ]
    return Transcript(f"episode-{index:04d}", cues)


def code_episode(transcript: Transcript, tags: list[str], generator: random.Random) -> list[CodedPassage]:
    spans = word_spans(transcript.text)
    passages: list[CodedPassage] = []

    def add(annotator: str, first: int, last: int, chosen: tuple[str, ...]) -> None:
        first, last = max(0, first), min(len(spans) - 1, last)
        if first <= last:
            passages.append(CodedPassage(f"{transcript.id}-{len(passages)}", transcript.id, annotator, "Speaker",
                                         0, 0, spans[first][0], spans[last][1], chosen, "", ""))

    position = 0
    while position < len(spans) - 130:
        first = position + generator.randrange(0, 150)
        last = first + generator.randrange(20, 120)
        chosen = tuple(generator.sample(tags, generator.choice((1, 1, 1, 2))))
        add("a", first, last, chosen)
        if generator.random() >= 1 / 8:
            other = chosen if generator.random() >= 1 / 5 else (generator.choice(tags),)
            add("b", first + generator.randint(-10, 10), last + generator.randint(-10, 10), other)
        if generator.random() < 1 / 6:
            extra = last + generator.randrange(5, 30)
            add("b", extra, extra + generator.randrange(20, 60), (generator.choice(tags),))
        position += 300
    return passages


def run(total_words: int, vocabulary: list[str], taxonomy) -> dict:
    generator = random.Random(7)
    tags = [tag.id for tag in taxonomy.tags if tag.parent]
    transcripts = {}
    coding = Coding(taxonomy)
    for index in range(max(1, total_words // EPISODE_WORDS)):
        transcript = make_episode(index, vocabulary, generator)
        transcripts[transcript.id] = transcript
        coding.episodes.append(transcript.id)
        coding.passages += code_episode(transcript, tags, generator)
    started = time.perf_counter()
    frequencies(coding, by="episode")
    stats_seconds = time.perf_counter() - started
    started = time.perf_counter()
    cooccurrence(coding)
    cooccur_seconds = time.perf_counter() - started
    started = time.perf_counter()
    report = agreement_of(coding, ["a", "b"], transcripts)
    agreement_seconds = time.perf_counter() - started
    return {
        "words": report.units, "passages": len(coding.passages), "stats": stats_seconds, "cooccur": cooccur_seconds,
        "agreement": agreement_seconds, "alpha": report.overall.alpha,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, action="append", help="archive size in words (repeatable)")
    options = parser.parse_args()
    workspace = Workspace(REPOSITORY)
    vocabulary = sample_words(workspace)
    taxonomy = load_taxonomy(workspace)
    print("| words | passages | stats --by episode | --cooccur | agreement | alpha |")
    print("|---|---|---|---|---|---|")
    for size in options.words or [30_000, 300_000, 3_000_000]:
        row = run(size, vocabulary, taxonomy)
        print(f"| {row['words']:,} | {row['passages']:,} | {row['stats']:.2f} s | {row['cooccur']:.2f} s | "
              f"{row['agreement']:.2f} s | {row['alpha']:.3f} |", flush=True)


if __name__ == "__main__":
    main()
