"""Choosing a backend from the ``--workspace`` value: a folder path, or a URL whose scheme names one.

Like Harlequin's adapter selection: backends register under a URL scheme, by the dotted path of
an opener function, so a backend's own dependencies (psycopg) are imported only when it is used.
"""

from __future__ import annotations

import importlib
import os
import re
from pathlib import Path

from annotate.core.errors import AnnotateError

TYPE_CHECKING = False
if TYPE_CHECKING:  # the interface is only named here; importing it would load typing on every command
    from collections.abc import Callable

    from annotate.core.store.protocol import Workspace

ENVIRONMENT_VARIABLE = "ANNOTATE_WORKSPACE"
_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")

# URL scheme -> "module:function" of an opener taking the whole location string.
BACKENDS: dict[str, str] = {
    "postgresql": "annotate.core.store.postgres:open_postgres",
    "postgres": "annotate.core.store.postgres:open_postgres",
}


def register_backend(scheme: str, opener: str) -> None:
    """Make ``scheme://...`` locations open with ``opener`` ("package.module:function")."""
    BACKENDS[scheme.lower()] = opener


def scheme_of(location: str | Path) -> str | None:
    """The URL scheme of ``location`` ("postgresql"), or None for a folder path."""
    found = _URL.match(str(location))
    return found.group(1).lower() if found else None


def is_workspace(folder: str | Path) -> bool:
    """A folder is a workspace when it holds ``transcripts/`` or ``annotations/taxonomy.yaml``."""
    root = Path(folder)
    return (root / "transcripts").is_dir() or (root / "annotations" / "taxonomy.yaml").is_file()


def require_location(location: str | Path) -> str | Path:
    """``location`` unless it is empty: an empty one is a mistake, never "the current folder"."""
    if not str(location).strip():
        raise AnnotateError("the workspace location is empty: give a folder (`.` for this one) or a URL")
    return location


def open_workspace(location: str | Path | None = None, start: str | Path | None = None) -> Workspace:
    """Open the workspace at ``location`` (else ``$ANNOTATE_WORKSPACE``, else the nearest folder upward).

    A URL opens the backend registered for its scheme; anything else is a folder. Before the
    workspace is handed out, a multi-item change a crash interrupted is finished or rolled back
    (:meth:`Workspace.recover`). AnnotateError when there is no workspace there.
    """
    if location is None:
        location = os.environ.get(ENVIRONMENT_VARIABLE) or None
    else:
        require_location(location)
    scheme = scheme_of(location) if location is not None else None
    if scheme is None:
        from annotate.core.store.files.workspace import FileWorkspace

        workspace: Workspace = FileWorkspace.open(location, start)
    else:
        workspace = _opener(scheme)(str(location))
    workspace.recover()
    return workspace


def open_existing_workspace(location: str | Path) -> Workspace:
    """Open the workspace that is at ``location`` and nothing else: what a whole-workspace copy reads.

    Unlike :func:`open_workspace`, which takes any folder named outright as a workspace (an empty
    one until something is imported), a folder that is not a workspace is refused here, and so is
    an empty location. A URL's backend says for itself whether a workspace is there.
    """
    require_location(location)
    if scheme_of(location) is None:
        folder = Path(location).expanduser()
        if folder.is_dir() and not is_workspace(folder):
            raise AnnotateError(
                "is not a workspace: it holds neither transcripts/ nor annotations/taxonomy.yaml (`annotate init` makes one)",
                folder,
            )
    return open_workspace(location)


def as_workspace(value) -> Workspace:
    """``value`` if it is a workspace already, else the workspace at that location (scripts and tests pass paths)."""
    if isinstance(value, (str, Path)):
        return open_workspace(value)
    return value


def _opener(scheme: str) -> Callable[[str], Workspace]:
    target = BACKENDS.get(scheme)
    if target is None:
        known = ", ".join(f"{name}://" for name in sorted(BACKENDS)) or "none"
        raise AnnotateError(f"no workspace backend for {scheme}:// locations (known: {known}, or a folder path)")
    module_name, _, function_name = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise AnnotateError(
            f"the {scheme}:// backend is not installed ({error.name or error}); install annotate with its extra, e.g. `pip install annotate[postgres]`"
        ) from None
    return getattr(module, function_name)
