"""How fast the TUI feels: first paint, key to repaint, End and find; and memory. Prints a table.

Runs the real app in-process with Textual's Pilot (headless, 120x40) on two episodes: a normal
one (the sample's Sinica taping, else a generated ten-minute one) and the 11,000-cue Apollo 13
air-to-ground transcript from the corpus (read with ``annotate.core.formats.read_transcript``;
when that cannot read Spacelog files, a generated transcript of 11,000 cues stands in, and the
table says so).

    python benchmarks/tui.py            # both episodes
    python benchmarks/tui.py --quick    # fewer key presses

Goals: first paint <= 1 s, key to repaint <= 30 ms, End <= 100 ms, memory <= 300 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))

from annotate.core.model import Cue, Transcript, TranscriptMetadata  # noqa: E402
from annotate.core.workspace import Workspace, init_workspace  # noqa: E402



def corpus_folder() -> Path | None:
    """``$ANNOTATE_CORPUS``, else ``shared/corpus`` beside the repository or any folder above it."""
    import os

    if os.environ.get("ANNOTATE_CORPUS"):
        return Path(os.environ["ANNOTATE_CORPUS"])
    for folder in REPOSITORY.parents:
        if (folder / "shared" / "corpus").is_dir():
            return folder / "shared" / "corpus"
    return None


CORPUS = corpus_folder()
APOLLO = (CORPUS or Path("/nonexistent")) / "real-transcripts" / "spacelog-nasa" / "apollo13_TEC.txt"
SAMPLE_EPISODE = "sinica-social-credit-live-2018"
WORDS = "the quick brown fox houston roger we copy that thrust is good credit system trust fraud".split()


def generated(episode_id: str, cue_count: int, seed: int = 13) -> Transcript:
    """A transcript of ``cue_count`` cues of 2-60 words, four seconds apart, three speakers."""
    chooser = random.Random(seed)
    cues = []
    for index in range(cue_count):
        text = " ".join(chooser.choice(WORDS) for _ in range(chooser.randint(2, 60)))
        cues.append(Cue(index * 4000, index * 4000 + 3500, text, speaker=("CDR", "CC", "LMP")[index % 3]))
    return Transcript(episode_id, cues, TranscriptMetadata(title=f"Generated, {cue_count} cues"))


def large_transcript() -> tuple[Transcript, str]:
    """The Apollo 13 transcript if the readers handle it, else a generated one; and where it came from."""
    if APOLLO.is_file():
        try:
            from annotate.core.formats import read_transcript

            result = read_transcript(APOLLO, episode_id="apollo13")
            if len(result.transcript.cues) >= 5000:
                result.transcript.metadata.title = result.transcript.metadata.title or "Apollo 13 air-to-ground"
                return result.transcript, f"Apollo 13 TEC ({len(result.transcript.cues)} cues)"
        except Exception as error:  # noqa: BLE001 - any failure means: fall back, and say why
            reason = str(error).splitlines()[0][:60]
            return generated("apollo13", 11000), f"generated 11,000 cues (Apollo 13 not read: {reason})"
    return generated("apollo13", 11000), "generated 11,000 cues (Apollo 13 not found)"


def normal_transcript() -> tuple[Transcript, str]:
    sample = Workspace(REPOSITORY)
    if sample.has_episode(SAMPLE_EPISODE):
        transcript = sample.load_transcript(SAMPLE_EPISODE)
        return transcript, f"Sinica sample ({len(transcript.cues)} cues)"
    return generated("normal", 150), "generated 150 cues"


def rss_megabytes() -> float:
    """Resident memory of this process now (Linux), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def measure(root: Path, episode: str, presses: int) -> dict[str, float]:
    from annotate.tui.app import create_app
    from annotate.tui.widgets.transcript_view import TranscriptView

    # Key to repaint: from the key press to the last transcript row drawn for it.
    painted_at: list[float] = []
    original_render_line = TranscriptView.render_line

    def recording_render_line(self, y):
        strip = original_render_line(self, y)
        if self.layout_rows is not None:  # a row of transcript, not the blank view before it loaded
            painted_at.append(time.perf_counter())
        return strip

    TranscriptView.render_line = recording_render_line
    # The find itself (count, jump, mark for repaint), apart from Textual's input and frame latency.
    find_seconds: list[float] = []
    original_find = TranscriptView.find

    def timed_find(self, query, **keywords):
        begin = time.perf_counter()
        count = original_find(self, query, **keywords)
        find_seconds.append(time.perf_counter() - begin)
        return count

    TranscriptView.find = timed_find
    started = time.perf_counter()
    app = create_app(Workspace(root), episode=episode)
    results: dict[str, float] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        view = None
        # First paint: the view holds the transcript and has drawn its rows.
        while True:
            await pilot.pause()
            views = app.screen.query(TranscriptView) if app.screen is not None else []
            view = views.first() if views else None
            if view is not None and view.transcript is not None and painted_at and painted_at[-1] > started:
                break
        results["first paint"] = painted_at[-1] - started

        async def timed(*keys: str) -> float:
            painted_at.clear()
            begin = time.perf_counter()
            await pilot.press(*keys)
            await pilot.pause()
            if not painted_at:
                return float("nan")  # nothing was redrawn (should not happen for these keys)
            return painted_at[-1] - begin

        results["cursor move"] = statistics.median([await timed("j") for _ in range(presses)])
        results["page down"] = statistics.median([await timed("pagedown") for _ in range(max(3, presses // 4))])
        results["page up"] = statistics.median([await timed("pageup") for _ in range(max(3, presses // 4))])
        results["End"] = statistics.median([await timed("end"), await timed("home"), await timed("end")])
        # Find: open the box, then time each typed letter (incremental find over the whole episode).
        await pilot.press("slash")
        letter_times = [await timed(letter) for letter in "the "]
        results["find (per letter)"] = statistics.median(letter_times)
        results["  of which find work"] = statistics.median(find_seconds) if find_seconds else float("nan")
        await pilot.press("enter")
        results["find next (F3)"] = statistics.median([await timed("f3") for _ in range(max(3, presses // 4))])
        results["memory (RSS MB)"] = rss_megabytes()
    TranscriptView.render_line = original_render_line
    TranscriptView.find = original_find
    return results


GOALS = {
    "first paint": (1.0, "s"),
    "cursor move": (0.030, "ms"),
    "page down": (0.030, "ms"),
    "page up": (0.030, "ms"),
    "End": (0.100, "ms"),
    "find (per letter)": (0.030, "ms"),
    "  of which find work": (0.030, "ms"),
    "find next (F3)": (0.030, "ms"),
    "memory (RSS MB)": (300, "MB"),
}


def shown(name: str, value: float) -> str:
    unit = GOALS[name][1]
    if unit == "ms":
        return f"{value * 1000:.1f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    return f"{value:.0f} MB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer key presses per measurement")
    parser.add_argument("--only", choices=("normal", "large"), help="measure one episode")
    options = parser.parse_args()
    presses = 10 if options.quick else 40
    episodes = []
    if options.only in (None, "normal"):
        episodes.append(("normal", *normal_transcript()))
    if options.only in (None, "large"):
        episodes.append(("large", *large_transcript()))
    columns = []
    with tempfile.TemporaryDirectory() as folder:
        for label, transcript, source in episodes:
            root = init_workspace(Path(folder) / label)
            if (REPOSITORY / "annotations" / "taxonomy.yaml").exists():
                (root / "annotations" / "taxonomy.yaml").write_text(
                    (REPOSITORY / "annotations" / "taxonomy.yaml").read_text(encoding="utf-8"), encoding="utf-8"
                )
            transcript.id = label
            Workspace(root).save_transcript(transcript)
            results = asyncio.run(measure(root, label, presses))
            columns.append((source, results))
    names = list(GOALS)
    width = max(len(name) for name in names) + 2
    header = "measure".ljust(width) + "".join(source[:34].ljust(36) for source, _ in columns) + "goal"
    print(header)
    print("-" * len(header))
    for name in names:
        goal, unit = GOALS[name]
        goal_text = f"<= {goal * 1000:.0f} ms" if unit == "ms" else (f"<= {goal} s" if unit == "s" else f"<= {goal} MB")
        cells = []
        for _, results in columns:
            value = results[name]
            mark = "ok" if value <= goal else "SLOW"
            cells.append(f"{shown(name, value)} {mark}".ljust(36))
        print(name.ljust(width) + "".join(cells) + goal_text)
    print("\nSources: " + "; ".join(source for source, _ in columns))
    print(
        "Key times run from the key press to the last transcript row drawn for it (Pilot, headless). "
        "A letter typed at the find prompt counts the matches and redraws the visible rows; "
        "'of which find work' is the find itself. Memory is the process's RSS after each episode."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
