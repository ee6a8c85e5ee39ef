"""Shared output helpers for commands: JSON on stdout, progress on stderr, the open workspace."""

from __future__ import annotations

import sys


def print_json(value: object) -> None:
    """Print ``value`` as JSON on stdout (and nothing else goes there with --json)."""
    import json  # here, not at the top: commands that print no JSON start faster without it

    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def open_workspace(options: object):
    """The workspace named by ``--workspace`` (a folder or a URL), the environment, or the current folder."""
    from annotate.core.store import open_workspace as open_store

    return open_store(options.workspace)


def seconds(milliseconds: int) -> float:
    """Milliseconds as seconds for JSON output."""
    return round(milliseconds / 1000, 3)


def progress(message: str) -> None:
    """A progress line on stderr, only when stderr is a terminal."""
    if sys.stderr.isatty():
        sys.stderr.write(f"\r{message}\033[K")
        sys.stderr.flush()


def progress_done() -> None:
    if sys.stderr.isatty():
        sys.stderr.write("\r\033[K")
        sys.stderr.flush()
