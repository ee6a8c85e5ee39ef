"""``annotate init [DIR] [--sample]``: create a workspace."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("directory", nargs="?", default=".", help="the folder (default: here)")
    parser.add_argument("--sample", action="store_true", help="fill it with the sample episodes and annotations")


def run(options: argparse.Namespace) -> int:
    from annotate.core.workspace import init_workspace

    root = init_workspace(options.directory, sample=options.sample)
    what = "sample workspace" if options.sample else "empty workspace"
    print(f"Created a {what} in {root}")
    return 0
