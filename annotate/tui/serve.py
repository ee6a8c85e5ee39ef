"""The TUI in a web browser: textual-serve runs ``annotate open`` for each browser that connects."""

from __future__ import annotations

import os
import shlex
import sys

from annotate.core.errors import AnnotateError
from annotate.core.public_url import check_public_url
from annotate.tui.launch import resolve_workspace

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
INSTALL_HINT = "python -m pip install 'annotate[serve]' (in a clone: '.[serve]')"


def app_command(workspace_root: str | None, episode: str | None = None) -> str:
    """The shell command textual-serve starts for each browser: this Python running ``annotate open``.

    Without ``workspace_root`` the app finds its workspace in ``ANNOTATE_WORKSPACE``.
    """
    words = [sys.executable, "-m", "annotate", *(["--workspace", workspace_root] if workspace_root else []), "open"]
    return shlex.join(words + ([episode] if episode else []))


def serve(
    workspace: str | None = None,
    episode: str | None = None,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    public_url: str | None = None,
) -> int:
    """Serve the app at ``http://host:port`` until interrupted; each browser tab gets its own app.

    The workspace is found as for ``annotate open`` (else the sample copy) before anything listens,
    so a wrong workspace or episode is reported at once, as is a malformed ``public_url``.
    """
    if public_url is not None:
        public_url = check_public_url(public_url)
    try:
        from textual_serve.server import Server
    except ImportError:
        raise AnnotateError(f"serving in a browser needs textual-serve: {INSTALL_HINT}") from None
    opened, notice = resolve_workspace(workspace)
    if episode is not None:
        opened.require_episode(episode)
    if notice:
        print(notice, file=sys.stderr)
    root = getattr(opened, "root", None)
    if root is None:
        # A database URL may hold a password: each app gets it from the environment, never from the
        # command line textual-serve prints and `ps` shows.
        os.environ["ANNOTATE_WORKSPACE"] = opened.url
        command = app_command(None, episode)
    else:
        command = app_command(str(root.resolve()), episode)
    server = Server(
        command,
        host=host,
        port=port,
        title=f"annotate · {opened.name}",
        public_url=public_url,
    )
    try:
        server.serve()
    except OSError as error:
        raise AnnotateError(f"cannot serve on {host}:{port}: {error.strerror or error}") from None
    return 0
