"""``annotate init [DIR | URL] [--sample]``: create a workspace in a folder or a PostgreSQL database."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "location", nargs="?", default=".",
        help="the folder (default: here), or a postgresql:// URL (the schema is made in that database)",
    )
    parser.add_argument("--sample", action="store_true", help="fill it with the sample episodes and annotations")


def run(options: argparse.Namespace) -> int:
    from annotate.core.store.creating import create_workspace

    workspace = create_workspace(options.location, sample=options.sample)
    what = "a sample workspace" if options.sample else "an empty workspace"
    print(f"Created {what} in {workspace.location}")
    return 0
