"""``annotate init [DIR] [--sample]``: create a workspace."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("directory", nargs="?", default=".", help="the folder (default: here)")
    parser.add_argument("--sample", action="store_true", help="fill it with the sample episodes and annotations")


def run(options: argparse.Namespace) -> int:
    from annotate.core.workspace import init_workspace

    root = init_workspace(options.directory, sample=options.sample)
    what = "a sample workspace" if options.sample else "an empty workspace"
    print(f"Created {what} in {root}")
    return 0
