"""Export and REFI-QDA import speed: every format on the sample and on a workspace 20 times its size.

    python benchmarks/exports.py               # the sample (9 episodes) and 20 copies of it
    python benchmarks/exports.py --copies 5    # quicker

Each export is rendered in process (selection, then the writer) and timed best of three; the
.qdpx is then imported into an empty workspace, timed, and its annotation and transcript files
compared byte for byte with the originals.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))

from annotate.core.export import render_export, select_quotes_with_report  # noqa: E402
from annotate.core.refiqda.importing import import_refi  # noqa: E402
from annotate.core.workspace import Workspace, init_workspace  # noqa: E402
from annotate.core.writers import writer_names  # noqa: E402


def grown_workspace(folder: Path, copies: int) -> Workspace:
    """The sample, with every episode copied ``copies - 1`` more times under new ids."""
    root = init_workspace(folder, sample=True)
    episodes = [path.stem for path in (root / "transcripts").glob("*.vtt")]
    for copy in range(2, copies + 1):
        for episode in episodes:
            new = f"{episode}-{copy}"
            shutil.copy(root / "transcripts" / f"{episode}.vtt", root / "transcripts" / f"{new}.vtt")
            shutil.copy(root / "transcripts" / f"{episode}.yaml", root / "transcripts" / f"{new}.yaml")
            text = (root / "annotations" / f"{episode}.yaml").read_text(encoding="utf-8")
            (root / "annotations" / f"{new}.yaml").write_text(text.replace(f"episode: {episode}\n", f"episode: {new}\n", 1), encoding="utf-8")
    return Workspace(root)


def best_of(runs: int, action):
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - started)
    return best, result


def measure(workspace: Workspace, scratch: Path) -> tuple[dict[str, tuple[int, float]], dict]:
    timings = {}
    selection = select_quotes_with_report(workspace)
    for name in writer_names():
        episodes = [selection.quotes[0].episode] if name == "chapters" else None
        chosen = select_quotes_with_report(workspace, episodes=episodes) if episodes else selection
        seconds, document = best_of(3, lambda: render_export(workspace, chosen, name, episodes=episodes))
        timings[name] = (len(document), seconds)
        if name == "qdpx":
            archive = scratch / "project.qdpx"
            archive.write_bytes(document)
    target = init_workspace(scratch / "imported")
    started = time.perf_counter()
    result = import_refi(Workspace(target), archive)
    import_seconds = time.perf_counter() - started
    same = all(
        (target / folder / path.name).read_bytes() == path.read_bytes()
        for folder in ("annotations", "transcripts")
        for path in (workspace.root / folder).glob("*.*")
        if path.name != "taxonomy.yaml" and not path.name.startswith(".")
    )
    return timings, {"quotes": len(selection.quotes), "episodes": len(result.episodes), "import": import_seconds, "same": same}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        runs = []
        for copies in (1, options.copies):
            (scratch / str(copies)).mkdir()
            workspace = grown_workspace(scratch / str(copies) / "ws", copies)
            runs.append(measure(workspace, scratch / str(copies)))
    (small, small_facts), (large, large_facts) = runs
    print(f"| format | sample: bytes | ms | x{options.copies}: bytes | ms |")
    print("|---|---|---|---|---|")
    for name in small:
        print(f"| {name} | {small[name][0]:,} | {small[name][1] * 1000:.1f} | {large[name][0]:,} | {large[name][1] * 1000:.1f} |")
    print()
    print("| workspace | quotes | .qdpx import | episodes | files identical after the round trip |")
    print("|---|---|---|---|---|")
    for label, facts in (("sample", small_facts), (f"x{options.copies}", large_facts)):
        print(f"| {label} | {facts['quotes']:,} | {facts['import'] * 1000:.0f} ms | {facts['episodes']} | {'yes' if facts['same'] else 'NO'} |")


if __name__ == "__main__":
    main()
