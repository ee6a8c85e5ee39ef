"""Who is annotating: the name written in each annotation's ``annotator``."""

from __future__ import annotations

import functools
import getpass
import os
import subprocess

def default_annotator() -> str:
    """Who is annotating: the user settings (``$ANNOTATE_ANNOTATOR``, else the settings file), else git's ``user.name``, else ``$USER``."""
    from annotate.core.settings import load_settings

    chosen = load_settings().annotator
    if chosen:
        return chosen
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
