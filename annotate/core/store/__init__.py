"""The store: the :class:`Workspace` interface and the backends behind it.

``open_workspace(location)`` chooses the backend: a folder path opens the file workspace
(:mod:`annotate.core.store.files`), a ``postgresql://`` URL the PostgreSQL one. See
:mod:`annotate.core.store.protocol` for the rules every backend keeps (versions, change stamps,
atomic taxonomy changes).
"""

from annotate.core.errors import ConflictError, StaleAnnotationError
from annotate.core.store.protocol import (
    ANNOTATIONS,
    EPISODE_LIST,
    METADATA,
    TAXONOMY,
    TRANSCRIPT,
    AnnotationProblem,
    ItemKey,
    Retag,
    Stamp,
    TaxonomyChange,
    TaxonomyEdit,
    Workspace,
    iter_annotations,
)
from annotate.core.store.registry import open_workspace, register_backend, scheme_of

__all__ = [
    "ANNOTATIONS",
    "EPISODE_LIST",
    "METADATA",
    "TAXONOMY",
    "TRANSCRIPT",
    "AnnotationProblem",
    "ConflictError",
    "ItemKey",
    "Retag",
    "Stamp",
    "StaleAnnotationError",
    "TaxonomyChange",
    "TaxonomyEdit",
    "Workspace",
    "iter_annotations",
    "open_workspace",
    "register_backend",
    "scheme_of",
]
