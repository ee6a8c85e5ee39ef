"""The folder workspace against the PostgreSQL one, side by side, on the same generated archives.

    python benchmarks/postgres.py                         # 1, 3 and 10 million words, then the growth estimate
    python benchmarks/postgres.py --words 3e5             # small, while developing
    python benchmarks/postgres.py --database postgresql://user:pw@host/db

The archives are benchmarks/search.py's (generated once per size into --folder). For each size the
folder workspace's search index (SQLite FTS5) and quote-matcher index are built from scratch, and
the archive is copied into a fresh schema of the database (``annotate copy``'s path: transcripts,
taxonomy, annotations); then the same search queries (every kind of benchmarks/search.py but
--fuzzy) and the same quotes (cue passages with a word dropped) run on both. A quote "agrees" when
both backends put its best match at the same episode and time. "On disk" is the folder's files
plus .annotate/ (search index and matcher cache), and the database schema's tables with their
indexes and TOAST (its match_postings table included: a quote's candidate places come from the
database, packed in key order at the end of the copy as ``annotate copy`` does); a database workspace keeps the matcher's terms for alignment (the "match index" column)
in the user's cache folder, built from the database's transcripts by the same code.
The growth estimate fits a power law (least squares in log-log) to the sizes measured and
extrapolates to 100M and 1B words. Each latency is the best of two runs of the same input.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))
sys.path.insert(0, str(REPOSITORY / "benchmarks"))

from search import make_archive, make_queries  # noqa: E402

from annotate.core.match import QuoteMatcher  # noqa: E402
from annotate.core.search import search  # noqa: E402
from annotate.core.store import open_workspace  # noqa: E402
from annotate.core.store.copying import copy_workspace  # noqa: E402
from annotate.core.store.postgres import init_postgres  # noqa: E402
from annotate.core.store.postgres.connection import redacted, with_schema  # noqa: E402

DEFAULT_DATABASE = os.environ.get("ANNOTATE_TEST_DATABASE", "postgresql://annotate:annotate@localhost:5432/annotate_test")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1)]


def timed(call) -> tuple[object, float]:
    started = time.perf_counter()
    result = call()
    return result, time.perf_counter() - started


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def database_bytes(workspace) -> int:
    return int(
        workspace._query(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind IN ('r', 'm')",
            [workspace.schema],
        )[0][0]
    )


def make_quotes(workspace, rng: random.Random, count: int) -> list[str]:
    """Passages of 10-14 words from random cues (running into the next), one inner word dropped."""
    episode_ids = workspace.episode_ids()
    quotes = []
    while len(quotes) < count:
        transcript = workspace.load_transcript(rng.choice(episode_ids))
        first = rng.randrange(len(transcript.cues) - 2)
        words = " ".join(cue.text for cue in transcript.cues[first:first + 2]).split()
        start = rng.randrange(max(1, len(words) - 14))
        quote = words[start:start + rng.randint(10, 14)]
        del quote[rng.randrange(1, len(quote) - 1)]
        quotes.append(" ".join(quote))
    return quotes


def latencies(call, inputs: list, repeats: int = 2) -> list[float]:
    # The best of ``repeats`` runs per input: on a machine shared with other work, the slower run
    # mostly measures someone else's load.
    found = []
    for value in inputs:
        runs = []
        for _ in range(repeats):
            started = time.perf_counter()
            call(value)
            runs.append((time.perf_counter() - started) * 1000)
        found.append(min(runs))
    return found


def measure(words: int, folder: Path, database: str, query_count: int, quote_count: int) -> list[dict]:
    archive = make_archive(folder / f"words-{words}", words)
    root = Path(archive.root)
    shutil.rmtree(root / ".annotate", ignore_errors=True)
    files = open_workspace(str(root))
    rng = random.Random(7)
    queries = [query for kind, listed in make_queries(files, rng, query_count).items() if not kind.startswith("fuzzy") for query in listed]
    quotes = make_quotes(files, rng, quote_count)

    schema = f"benchmark_{words}"
    url = with_schema(database, schema)
    import psycopg

    with psycopg.connect(database, autocommit=True) as connection:
        connection.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    database_workspace = init_postgres(url)

    rows = []
    for name, workspace in (("folder", files), ("postgresql", database_workspace)):
        if name == "folder":
            _, build = timed(lambda: search(files, "warm", limit=1))  # builds .annotate/search.sqlite
        else:
            _, build = timed(lambda: copy_workspace(files, database_workspace))
            database_workspace._connection.execute("ANALYZE")
        search(workspace, queries[0], limit=20)
        search_ms = latencies(lambda query, workspace=workspace: search(workspace, query, limit=20), queries)
        shutil.rmtree(Path(workspace.cache_dir) / "match", ignore_errors=True)
        matcher, match_build = timed(lambda workspace=workspace: QuoteMatcher.for_workspace(workspace))
        placed = {}

        def place(quote, matcher=matcher, placed=placed):
            try:
                best = matcher.match(quote, top=1)
            except Exception:  # too short or ambiguous: no place, on either backend alike
                best = []
            placed[quote] = (best[0].episode, best[0].start_ms) if best else None

        match_ms = latencies(place, quotes)
        size = folder_bytes(root) if name == "folder" else database_bytes(database_workspace)
        rows.append({
            "words": words, "backend": name, "build": build, "match_build": match_build, "size": size,
            "match_index": matcher.index_bytes,
            "search": search_ms, "match": match_ms, "placed": dict(placed),
        })
        print(f"  {words:,} words, {name}: done", file=sys.stderr, flush=True)
    agree = sum(rows[0]["placed"][quote] == rows[1]["placed"][quote] for quote in quotes)
    rows[1]["agree"] = f"{agree}/{len(quotes)}"
    database_workspace.close()
    return rows


def print_table(rows: list[dict]) -> None:
    print("| words | backend | import / index build | on disk | search median ms | search p95 ms "
          "| match index build | match index | match median ms | match p95 ms | same best match |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        build = f"{row['build']:.1f} s" + (" (copy in)" if row["backend"] == "postgresql" else " (FTS5 index)")
        print(
            f"| {row['words'] / 1e6:g}M | {row['backend']} | {build} | {row['size'] / 1e6:.0f} MB "
            f"| {statistics.median(row['search']):.1f} | {percentile(row['search'], 0.95):.1f} "
            f"| {row['match_build']:.1f} s | {row['match_index'] / 1e6:.0f} MB | {statistics.median(row['match']):.1f} | {percentile(row['match'], 0.95):.1f} "
            f"| {row.get('agree', '')} |"
        )


def print_growth(rows: list[dict]) -> None:
    """A power law (least squares in log-log) through the sizes measured, per backend and figure."""
    print()
    print("| backend | figure | growth exponent | at 100M words | at 1B words |")
    print("|---|---|---|---|---|")
    for backend in ("folder", "postgresql"):
        measured = sorted((row for row in rows if row["backend"] == backend), key=lambda row: row["words"])
        if len(measured) < 2:
            continue
        large = measured[-1]
        figures = {
            "on disk (MB)": lambda row: row["size"] / 1e6,
            "import / index build (s)": lambda row: row["build"],
            "search median (ms)": lambda row: statistics.median(row["search"]),
            "search p95 (ms)": lambda row: percentile(row["search"], 0.95),
            "match median (ms)": lambda row: statistics.median(row["match"]),
        }
        for figure, value in figures.items():
            xs = [math.log(row["words"]) for row in measured]
            ys = [math.log(max(value(row), 1e-6)) for row in measured]
            mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
            exponent = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / sum((x - mean_x) ** 2 for x in xs)
            high = math.exp(mean_y + exponent * (math.log(large["words"]) - mean_x))
            at = lambda words: high * (words / large["words"]) ** exponent  # noqa: E731
            print(f"| {backend} | {figure} | {exponent:.2f} | {at(1e8):,.0f} | {at(1e9):,.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=float, action="append", help="archive size in words (repeatable)")
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()) / "annotate-search-benchmark")
    parser.add_argument("--database", default=DEFAULT_DATABASE, help="a PostgreSQL URL (a schema per size is made in it)")
    parser.add_argument("--queries", type=int, default=20, help="search queries of each kind")
    parser.add_argument("--quotes", type=int, default=100, help="quotes to match")
    options = parser.parse_args()
    sizes = [int(words) for words in (options.words or [1e6, 3e6, 1e7])]
    print(f"database: {redacted(options.database)}", file=sys.stderr)
    rows = []
    for words in sizes:
        rows += measure(words, options.folder, options.database, options.queries, options.quotes)
    print_table(rows)
    print_growth(rows)


if __name__ == "__main__":
    main()
