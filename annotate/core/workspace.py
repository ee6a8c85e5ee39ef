"""Finding a workspace folder, making one, and the bundled sample.

Reading and writing a workspace goes through :mod:`annotate.core.store`; ``Workspace`` here is
its file backend, for code and tests that work on a folder directly.
"""

from __future__ import annotations

import os
from pathlib import Path

from annotate.core.errors import AnnotateError
from annotate.core.ids import EPISODE_ID  # noqa: F401 - where importing finds the id rule
from annotate.core.store.registry import ENVIRONMENT_VARIABLE, is_workspace


def find_workspace(explicit: str | Path | None = None, start: str | Path | None = None) -> Path | None:
    """The workspace folder: ``explicit``, else ``$ANNOTATE_WORKSPACE``, else the nearest one upward."""
    if explicit is not None:
        return Path(explicit).expanduser().resolve()
    from_environment = os.environ.get(ENVIRONMENT_VARIABLE)
    if from_environment:
        return Path(from_environment).expanduser().resolve()
    folder = Path(start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        if is_workspace(candidate):
            return candidate
    return None


def sample_workspace_source() -> Path:
    """Where the bundled sample workspace lives: inside the installed package, or the source tree."""
    packaged = Path(__file__).resolve().parent.parent / "_sample"
    if is_workspace(packaged):
        return packaged
    source_tree = Path(__file__).resolve().parents[2]
    if is_workspace(source_tree):
        return source_tree
    raise AnnotateError("the sample workspace is not bundled with this installation")


def user_sample_workspace() -> Path:
    """The copy of the sample opened when ``annotate`` runs outside any workspace."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("annotate")) / "sample-workspace"


def init_workspace(folder: str | Path, *, sample: bool = False) -> Path:
    """Create a workspace in ``folder`` (with the sample content when ``sample``)."""
    import shutil

    from annotate.core.atomic import atomic_write_text

    root = Path(folder).expanduser().resolve()
    if root.exists() and not root.is_dir():
        raise AnnotateError("is a file, not a folder; give a folder to make the workspace in", folder)
    if sample:
        source = sample_workspace_source()
        for part in ("transcripts", "annotations"):
            if (root / part).exists() and any((root / part).iterdir()):
                raise AnnotateError(f"{part}/ already exists and is not empty; not overwriting it", root / part)
        for part in ("transcripts", "annotations"):
            shutil.copytree(source / part, root / part, dirs_exist_ok=True)
    (root / "transcripts").mkdir(parents=True, exist_ok=True)
    (root / "annotations").mkdir(parents=True, exist_ok=True)
    taxonomy = root / "annotations" / "taxonomy.yaml"
    if not taxonomy.exists():
        atomic_write_text(taxonomy, "schema: annotate/taxonomy@1\ntags: []\n")
    _name_the_merge_driver(root)
    return root


MERGE_ATTRIBUTES = (
    "# Annotation files merge by annotation id once `annotate merge` is set up as a git merge driver\n"
    "# (see `annotate merge --help`); until then git merges them line by line.\n"
    "annotations/*.yaml merge=annotate\n"
    "annotations/taxonomy.yaml merge=text\n"
)


def _name_the_merge_driver(root: Path) -> None:
    # Appends the lines to an existing .gitattributes rather than replacing what the user has there.
    from annotate.core.atomic import atomic_write_text
    from annotate.core.limits import MAX_YAML_BYTES, read_file_text

    attributes = root / ".gitattributes"
    existing = read_file_text(attributes, MAX_YAML_BYTES, "a .gitattributes file", missing_ok=True) or ""
    if "merge=annotate" in existing:
        return
    separator = "\n" if existing and not existing.endswith("\n") else ""
    atomic_write_text(attributes, existing + separator + MERGE_ATTRIBUTES)


def __getattr__(name: str):
    # The file backend, loaded on first use so that finding a workspace stays a light import.
    if name == "Workspace":
        from annotate.core.store.files.workspace import FileWorkspace

        return FileWorkspace
    raise AttributeError(name)
