"""Where a command may write a file the user named: a regular file or a new name, nothing else.

Checked before any work is done, so a refused target is left exactly as it was: a FIFO, a device,
a socket or a folder given as the output is never opened, replaced or renamed over.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

from annotate.core.errors import AnnotateError
from annotate.core.limits import non_regular_kind


def check_output_path(path: str | Path, workspace: Any = None, create_folders: bool = False) -> Path:
    """Return ``path`` if a file may be written there, else raise AnnotateError saying why.

    Allowed: an existing regular file (it is replaced) or a name that does not exist yet, in a
    folder that does. With ``workspace``, its own ``annotations/`` and ``transcripts/`` files are
    refused too (an export must never overwrite the data it came from). With ``create_folders``
    (a path typed into a form that says where it writes) missing folders are made on writing.
    """
    target = Path(path)
    try:
        status = target.stat()
    except FileNotFoundError:
        status = None
    except OSError as error:
        raise AnnotateError(f"cannot write there: {error.strerror or error}", path) from None
    if status is not None:
        if stat.S_ISDIR(status.st_mode):
            raise AnnotateError("is a folder; give a file name to export to", path)
        if not stat.S_ISREG(status.st_mode):
            raise AnnotateError(f"is {non_regular_kind(status.st_mode)}, not a regular file; refusing to write to it", path)
    elif target.is_symlink():
        raise AnnotateError("is a broken symbolic link; refusing to write through it", path)
    if not target.parent.is_dir() and not (create_folders and not target.parent.exists()):
        raise AnnotateError(f"no folder {str(target.parent)!r} to write it in; create it first", path)
    if workspace is not None and getattr(workspace, "root", None) is not None:  # a database's items are no files
        from annotate.core.store.items import ANNOTATIONS, TRANSCRIPT

        # Where the store keeps an episode's files (for a folder workspace: annotations/, transcripts/).
        own_folders = {Path(workspace.item_location((kind, "episode"))).parent.resolve() for kind in (ANNOTATIONS, TRANSCRIPT)}
        if target.resolve().parent in own_folders:
            raise AnnotateError("is in the workspace's annotations/ or transcripts/ folder; export somewhere else", path)
    return target

