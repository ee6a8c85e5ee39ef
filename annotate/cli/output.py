"""Shared output helpers for commands: JSON on stdout, progress on stderr, the open workspace."""

from __future__ import annotations

import json
import sys
from typing import Any


def print_json(value: Any) -> None:
    """Print ``value`` as JSON on stdout (and nothing else goes there with --json)."""
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def open_workspace(options: Any):
    """The workspace named by ``--workspace``, the environment, or the current folder."""
    from annotate.core.workspace import Workspace

    return Workspace.open(options.workspace)


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
