"""Who is annotating: the name written in each annotation's ``annotator``."""

from __future__ import annotations

import functools
import getpass
import os
import subprocess

ANNOTATOR_VARIABLE = "ANNOTATE_ANNOTATOR"


def default_annotator() -> str:
    """Who is annotating: ``$ANNOTATE_ANNOTATOR``, else git's ``user.name``, else ``$USER``."""
    from_environment = os.environ.get(ANNOTATOR_VARIABLE, "").strip()
    if from_environment:
        return from_environment
    return _git_user_name() or os.environ.get("USER") or _login_name() or "anonymous"


@functools.cache
def _git_user_name() -> str:
    try:
        result = subprocess.run(
            ["git", "config", "user.name"], capture_output=True, text=True, timeout=5, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def _login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # getuser raises several things when no name is known
        return ""
