"""The file workspace: YAML and WebVTT in a folder (see :mod:`annotate.core.store.files.workspace`)."""

from annotate.core.store.files.workspace import FileWorkspace

__all__ = ["FileWorkspace"]
