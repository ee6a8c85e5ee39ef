"""Making a workspace where the user says: a folder, or a schema of a PostgreSQL database."""

from __future__ import annotations

from pathlib import Path

from annotate.core.errors import AnnotateError
from annotate.core.store.protocol import Workspace
from annotate.core.store.registry import open_workspace, require_location, scheme_of


def create_workspace(location: str | Path, *, sample: bool = False) -> Workspace:
    """Create (or bring up to date) the workspace at ``location``, with the sample content when ``sample``.

    A ``postgresql://`` URL gets the schema made in its database; ``sample`` copies the bundled
    sample in (refused when the workspace already holds anything). A folder is made as
    :func:`annotate.core.workspace.init_workspace` makes it.
    """
    scheme = scheme_of(require_location(location))
    if scheme is None:
        from annotate.core.workspace import init_workspace

        return open_workspace(str(init_workspace(location, sample=sample)))
    if scheme not in ("postgresql", "postgres"):
        raise AnnotateError(f"cannot make a workspace at {scheme}:// locations (a folder or a postgresql:// URL)")
    try:
        from annotate.core.store.postgres import init_postgres
    except ImportError as error:
        raise AnnotateError(
            f"the postgresql:// backend is not installed ({error.name or error}); `pip install annotate[postgres]`"
        ) from None
    workspace = init_postgres(str(location))
    if sample and (workspace.episode_ids() or workspace.load_taxonomy().tags):
        workspace.close()
        raise AnnotateError("already holds a workspace with content; --sample fills only an empty one", workspace.location)
    if sample:
        from annotate.core.store.copying import copy_workspace
        from annotate.core.workspace import sample_workspace_source

        copy_workspace(open_workspace(str(sample_workspace_source())), workspace)
    return workspace


def create_copy_destination(location: str | Path) -> Workspace:
    """The empty workspace a copy goes into: a new (or empty) folder, or a database workspace, made now."""
    if scheme_of(location) is None:
        folder = Path(location).expanduser()
        if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
            raise AnnotateError("exists and is not an empty folder; copy into a new folder", folder)
    return create_workspace(location)
