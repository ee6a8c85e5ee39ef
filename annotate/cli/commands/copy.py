"""``annotate copy SRC DEST``: a whole workspace from a folder to a database, or back."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", help="the workspace to copy: a folder or a postgresql:// URL")
    parser.add_argument(
        "destination", help="where to: a new (or empty) folder, or a postgresql:// URL of a database without a workspace"
    )


def run(options: argparse.Namespace) -> int:
    from annotate.cli.output import progress, progress_done
    from annotate.core.store.copying import copy_location

    def report_progress(done: int, total: int) -> None:
        progress(f"Copying: {done}/{total}")

    report = copy_location(options.source, options.destination, report_progress)
    progress_done()
    print(
        f"Copied {report.episodes} episode(s), {report.annotations} annotation(s) and {report.tags} tag(s) "
        f"to {report.destination}"
    )
    return 0
