"""Start the TUI: resolve the workspace (or a copy of the sample) and run the app."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from annotate.core.store import Workspace, open_workspace, scheme_of
from annotate.core.workspace import ENVIRONMENT_VARIABLE, find_workspace, init_workspace, is_workspace, user_sample_workspace


def resolve_workspace(explicit: str | None) -> tuple[Workspace, str | None]:
    """The workspace to open (a folder or a URL), and a notice to show when it is a fresh copy of the sample."""
    if explicit is None:  # $ANNOTATE_WORKSPACE may name a database too
        explicit = os.environ.get(ENVIRONMENT_VARIABLE) or None
    if explicit is not None and scheme_of(explicit) is not None:
        return open_workspace(explicit), None
    root = find_workspace(explicit)
    if root is not None:
        return open_workspace(root), None
    sample_copy = user_sample_workspace()
    if not is_workspace(sample_copy):
        init_workspace(sample_copy, sample=True)
    notice = f"No workspace here, so this is a copy of the sample in {sample_copy}"
    return open_workspace(Path(sample_copy)), notice


def launch(workspace: str | None = None, episode: str | None = None) -> int:
    """Run the app until the user quits; returns the exit code."""
    from annotate.tui.app import create_app

    opened, notice = resolve_workspace(workspace)
    if episode is not None:
        opened.require_episode(episode)
    if notice and not sys.stdout.isatty():
        print(notice, file=sys.stderr)
    app = create_app(opened, episode=episode, notice=notice)
    app.run()
    return app.return_code or 0
