"""Search across episodes: index build, in-process queries, and `annotate search` against ripgrep.

    python benchmarks/search.py                     # full size: 10 million words (about 300 four-hour episodes)
    python benchmarks/search.py --words 3e5         # small, while developing
    python benchmarks/search.py --words 1e7 --words 3e7   # also 30 million words

The archive is generated once per size (kept in --folder, default the system temp folder) as
canonical WebVTT with metadata sidecars and, when the annotation store is installed, annotation
files: speech from a word-pair model of the sample transcripts with topic words mixed in (so there
is a long tail of rare words, as in real archives), 2-4 speakers an episode, dates 2015-2024.
Whole-process times run `annotate search` as a user would (byte-compiled modules, a warm index, a
warm page cache) against `rg -i` over the same transcript files; ripgrep's row is skipped, saying
so, when `rg` is not installed (`apt-get install -y ripgrep`).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))

from annotate.core.model import Cue, Participant, Transcript, TranscriptMetadata  # noqa: E402
from annotate.core.search import search  # noqa: E402
from annotate.core.search_index import index_path, open_index  # noqa: E402
from annotate.core.workspace import Workspace, init_workspace  # noqa: E402

WORDS_PER_EPISODE = 33_000  # four hours at about 140 words a minute
FIRST_NAMES = ["Kaiser", "Manya", "Rogier", "Mirjam", "Jeremy", "Lucas", "Jessica", "Samm", "Yuen", "Graham",
               "Zeyi", "Louisa", "Ma", "Julian", "Lingling", "Andrew", "Shazeda", "Jude", "Sophie", "Tariq"]
LAST_NAMES = ["Kuo", "Koetse", "Creemers", "Meissner", "Goldkorn", "Niewenhuis", "Batke", "Sacks", "Ang",
              "Webster", "Yang", "Lim", "Tian", "Gewirtz", "Wei", "Polk", "Ahmed", "Blanchette", "Müller", "Zürcher"]
SYLLABLES = ["ka", "lo", "mi", "ren", "sha", "vo", "tek", "dar", "pu", "zin", "bel", "qua", "fro", "nim", "sor", "lu"]
TAG_IDS = ["fraud-and-credit", "sesame-credit-confusion", "culture-of-trust", "public-reception",
           "state-society-frames", "local-ecosystem", "corporate-scs", "invisible-hand", "tech-anxiety"]


# ----------------------------------------------------------------------------------------------
# The archive


class SpeechModel:
    """A word-pair (Markov) model of the sample transcripts, with each episode's topic words mixed in."""

    def __init__(self, texts: list[str], rng: random.Random):
        self.rng = rng
        self.words = [word for text in texts for word in text.split()]
        self.next_words: dict[str, list[str]] = defaultdict(list)
        for word, following in zip(self.words, self.words[1:]):
            self.next_words[word].append(following)
        self.lexicon = sorted({"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(30000)})

    def words_of_episode(self, count: int) -> list[str]:
        rng = self.rng
        topics = rng.sample(self.lexicon, 300)
        out: list[str] = []
        word = rng.choice(self.words)
        while len(out) < count:
            following = self.next_words.get(word)
            word = rng.choice(following) if following else rng.choice(self.words)
            if rng.random() < 0.08 and word.isalpha() and len(word) > 3:
                out.append(rng.choice(topics))
            else:
                out.append(word)
        return out

    def transcript(self, episode_id: str, count: int, speakers: list[str], date: str) -> Transcript:
        rng = self.rng
        words = self.words_of_episode(count)
        cues, position, time_ms, speaker = [], 0, 0, speakers[0]
        while position < len(words):
            size = rng.randint(6, 20)
            text = " ".join(words[position:position + size])
            duration = 430 * size
            cues.append(Cue(time_ms, time_ms + duration, text[0].upper() + text[1:], speaker))
            time_ms += duration + rng.randint(50, 400)
            position += size
            if rng.random() < 0.3:
                speaker = rng.choice(speakers)
        metadata = TranscriptMetadata(
            title=f"Episode {episode_id}", series="Generated", date=date,
            participants=[Participant(name) for name in speakers],
        )
        return Transcript(episode_id, cues, metadata)


def make_archive(folder: Path, words: int, seed: int = 7) -> Workspace:
    """A workspace of generated four-hour episodes totalling ``words`` words (reused when present)."""
    done_marker = folder / ".generated"
    if done_marker.exists():
        return Workspace(folder)
    if folder.exists():
        shutil.rmtree(folder)
    rng = random.Random(seed)
    init_workspace(folder)
    sample = Workspace(REPOSITORY)
    texts = [" ".join(cue.text for cue in transcript.cues) for transcript in sample.load_transcripts()[0]]
    model = SpeechModel(texts, rng)
    shutil.copyfile(sample.taxonomy_path, folder / "annotations" / "taxonomy.yaml")
    workspace = Workspace(folder)
    names = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
    episodes = max(1, round(words / WORDS_PER_EPISODE))
    for number in range(episodes):
        episode_id = f"episode-{number:04d}"
        speakers = rng.sample(names, rng.randint(2, 4))
        date = f"{rng.randint(2015, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        count = words // episodes + (1 if number < words % episodes else 0)
        transcript = model.transcript(episode_id, count, speakers, date)
        workspace.save_transcript(transcript)
        _annotate(workspace, transcript, rng)
        print(f"\rgenerating {number + 1}/{episodes} episodes", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    done_marker.write_text("ok\n")
    return workspace


def _annotate(workspace: Workspace, transcript: Transcript, rng: random.Random) -> None:
    """About one annotation per 400 cues, through the store (skipped when the store is not installed)."""
    try:
        from annotate.core.anchoring import new_annotation
    except ImportError:
        return
    store = workspace
    for _ in range(max(1, len(transcript.cues) // 400)):
        first = rng.randrange(len(transcript.cues) - 3)
        start = transcript.cue_offsets[first]
        end = transcript.cue_offsets[first + rng.randint(0, 2)] + len(transcript.cues[first].text)
        tags = rng.sample(TAG_IDS, rng.randint(1, 2))
        store.add_annotation(new_annotation(transcript, start, end, tags, note=" ".join(rng.sample(transcript.cues[first].text.split(), 3)),
                                           annotator=rng.choice(["lena", "omar", "kim"])))


# ----------------------------------------------------------------------------------------------
# Queries


def make_queries(workspace: Workspace, rng: random.Random, count: int) -> dict[str, list[str]]:
    """Queries of each kind, drawn from the archive itself so that most of them find something."""
    episode_ids = workspace.episode_ids()
    transcripts = [workspace.load_transcript(episode_id) for episode_id in rng.sample(episode_ids, min(10, len(episode_ids)))]
    frequency: dict[str, int] = defaultdict(int)
    for transcript in transcripts:
        for cue in transcript.cues:
            for word in cue.text.lower().split():
                if word.isalpha():
                    frequency[word] += 1
    ranked = sorted(frequency, key=lambda word: -frequency[word])
    # Words people search for: neither the commonest (the, and) nor unseen; ranks 50-3000.
    searchable = [word for word in ranked[50:3000] if len(word) > 3]
    cues = [(transcript, cue) for transcript in transcripts for cue in transcript.cues if len(cue.text.split()) >= 8]
    queries: dict[str, list[str]] = defaultdict(list)
    for _ in range(count):
        queries["one word"].append(rng.choice(searchable))
        transcript, cue = rng.choice(cues)
        words = cue.text.split()
        # Two words someone remembers from one passage, in any order.
        remembered = [word for word in (word.strip(",.?!").lower() for word in words) if word in searchable] or words[:1]
        queries["two words"].append(" ".join(rng.sample(remembered, min(2, len(remembered)))))
        first = rng.randrange(len(words) - 3)
        queries["phrase (3 words)"].append('"' + " ".join(word.strip(",.?!") for word in words[first:first + 3]) + '"')
        speaker = cue.speaker.split()[-1]
        queries["word + speaker:"].append(f"{rng.choice(searchable)} speaker:{speaker}")
        year = rng.randint(2016, 2023)
        queries["word + after: before:"].append(f"{rng.choice(searchable)} after:{year} before:{year + 1}-07")
        queries["word + episode:"].append(f"{rng.choice(searchable)} episode:{transcript.id}")
        queries["word + -word"].append(f"{rng.choice(searchable)} -{rng.choice(searchable)}")
        quote = words[max(0, first - 2):first + 10]
        if len(quote) > 6:
            del quote[rng.randrange(1, len(quote) - 1)]  # a word dropped, as quotes in articles do
        queries["fuzzy (a quote)"].append(" ".join(quote))
    if _store_installed():
        queries["word + tag:"] = [f"{rng.choice(searchable)} tag:{rng.choice(['takeaways', 'themes', *TAG_IDS])}" for _ in range(count)]
        queries["tag: alone"] = [f"tag:{rng.choice(TAG_IDS)}" for _ in range(count)]
    return queries


def _store_installed() -> bool:
    try:
        import annotate.core.annotations  # noqa: F401
    except ImportError:
        return False
    return True


# ----------------------------------------------------------------------------------------------
# Measuring


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def folder_bytes(folder: Path, pattern: str) -> int:
    return sum(path.stat().st_size for path in folder.glob(pattern))


def measure_build(workspace: Workspace) -> tuple[float, int]:
    """Seconds to build the index from nothing, and its size in bytes."""
    path = index_path(workspace)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    open_index(workspace).close()
    seconds = time.perf_counter() - started
    return seconds, sum(Path(f"{path}{suffix}").stat().st_size for suffix in ("", "-wal") if Path(f"{path}{suffix}").exists())


def measure_queries(workspace: Workspace, queries: dict[str, list[str]]) -> list[tuple[str, float, float, float, str]]:
    """Per kind of query: median and p95 milliseconds in process, mean hits, median cues holding the words.

    Ranking is exact BM25 over every cue that holds the words, so the time follows that count.
    """
    from annotate.core.search_query import parse_query

    connection = open_index(workspace)
    rows = []
    for kind, texts in queries.items():
        fuzzy = kind.startswith("fuzzy")
        search(workspace, texts[0], fuzzy=fuzzy)  # warm: the fuzzy matcher loads its index once
        times, hit_counts, matching = [], [], []
        for text in texts:
            started = time.perf_counter()
            try:
                hits = search(workspace, text, fuzzy=fuzzy)
            except Exception as error:  # a quote the matcher refuses counts as no hits
                hits = []
                if "too short" not in str(error):
                    raise
            times.append((time.perf_counter() - started) * 1000)
            hit_counts.append(len(hits))
            expression = parse_query(text).fts_expression()
            if expression and not fuzzy:
                matching.append(connection.execute("SELECT count(*) FROM cue_text WHERE cue_text MATCH ?", (expression,)).fetchone()[0])
        cues = f"{statistics.median(matching):,.0f}" if matching else "-"
        rows.append((kind, statistics.median(times), percentile(times, 0.95), statistics.mean(hit_counts), cues))
    connection.close()
    return rows


def run_process(command: list[str], environment: dict[str, str], repeat: int) -> float:
    """The fastest of ``repeat`` runs of ``command``, in milliseconds (output thrown away)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment, check=False)
        best = min(best, time.perf_counter() - started)
    return best * 1000


def measure_processes(workspace: Workspace, queries: list[str], repeat: int) -> list[tuple[str, float, float]]:
    """Median over the queries of the best-of-``repeat`` whole-process time: annotate search, rg -i.

    The two commands take turns query by query, so that a change in the machine's load between
    them does not favour either.
    """
    annotate = shutil.which("annotate", path=str(Path(sys.executable).parent)) or shutil.which("annotate")
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    # As installed: byte-compiled, so start-up does not compile the package's modules each time.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPOSITORY / "annotate")], env=environment,
                   stdout=subprocess.DEVNULL, check=False)
    search_command = [annotate, "--workspace", str(workspace.root), "search"] if annotate else [
        sys.executable, "-m", "annotate", "--workspace", str(workspace.root), "search"]
    subprocess.run([*search_command, queries[0]], stdout=subprocess.DEVNULL, env=environment, check=False)
    ripgrep = shutil.which("rg")
    annotate_times, ripgrep_times = [], []
    for query in queries:
        annotate_times.append(run_process([*search_command, query], environment, repeat))
        if ripgrep:
            ripgrep_times.append(run_process([ripgrep, "-i", query.strip('"'), str(workspace.transcripts_dir)], environment, repeat))
    rows = [("annotate search", statistics.median(annotate_times), max(annotate_times))]
    if ripgrep:
        rows.append(("rg -i", statistics.median(ripgrep_times), max(ripgrep_times)))
        ratios = [mine / theirs for mine, theirs in zip(annotate_times, ripgrep_times)]
        rows.append(("annotate search / rg -i (median of the per-query ratios)", statistics.median(ratios), max(ratios)))
    else:
        rows.append(("rg -i: skipped, ripgrep not installed (apt-get install -y ripgrep)", float("nan"), float("nan")))
    rows.append(("python -c pass (the floor of any Python command)", run_process([sys.executable, "-c", "pass"], environment, repeat * 3), 0.0))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=float, action="append", help="archive size in words (repeatable; default 1e7)")
    parser.add_argument("--queries", type=int, default=40, help="queries of each kind (default 40)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each whole-process command (best counts)")
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()) / "annotate-search-benchmark")
    parser.add_argument("--no-build", action="store_true", help="reuse the index if present instead of timing a build")
    parser.add_argument("--processes-only", action="store_true", help="only the whole-process comparison with ripgrep")
    options = parser.parse_args()
    for words in [int(value) for value in (options.words or [1e7])]:
        workspace = make_archive(options.folder / f"words-{words}", words)
        transcripts = folder_bytes(workspace.transcripts_dir, "*.vtt")
        episodes = len(workspace.episode_ids())
        print(f"\n## {words:,} words: {episodes} episodes, {transcripts / 1e6:.0f} MB of WebVTT\n")
        if (options.no_build or options.processes_only) and index_path(workspace).exists():
            open_index(workspace).close()
            print("(index reused, build not timed)\n")
        else:
            seconds, size = measure_build(workspace)
            print("| index build | seconds | size |\n|---|---|---|")
            print(f"| from nothing | {seconds:.1f} s | {size / 1e6:.0f} MB ({size / transcripts:.2f}x the WebVTT) |\n")
        queries = make_queries(workspace, random.Random(11), options.queries)
        if not options.processes_only:
            print_in_process(workspace, queries)
        process_queries = queries["one word"][:10] + queries["phrase (3 words)"][:10]
        print(f"\n| whole process ({len(process_queries)} queries: words and phrases; best of {options.repeat}) "
              "| median | slowest |\n|---|---|---|")
        for name, median, slowest in measure_processes(workspace, process_queries, options.repeat):
            if "ratio" in name:
                print(f"| {name} | {median:.2f}x | {slowest:.2f}x |")
            else:
                print(f"| {name} | {median:.1f} ms | {slowest:.1f} ms |")


def print_in_process(workspace: Workspace, queries: dict[str, list[str]]) -> None:
    """The in-process tables: a search that finds nothing, then each kind of query."""
    search(workspace, "zzzz")
    empty_search = []
    for _ in range(5):
        started = time.perf_counter()
        search(workspace, "zzzz")
        empty_search.append((time.perf_counter() - started) * 1000)
    print(f"a search that finds nothing (mostly the freshness check: a stat of each file), best of 5: "
          f"{min(empty_search):.1f} ms\n")
    print("| query (in process, 50 hits at most) | median | p95 | hits (mean) | cues with the words (median) |")
    print("|---|---|---|---|---|")
    for kind, median, p95, hits, cues in measure_queries(workspace, queries):
        print(f"| {kind} | {median:.1f} ms | {p95:.1f} ms | {hits:.1f} | {cues} |")


if __name__ == "__main__":
    main()
