"""The store: the :class:`Workspace` interface and the backends behind it.

``open_workspace(location)`` chooses the backend: a folder path opens the file workspace
(:mod:`annotate.core.store.files`), a ``postgresql://`` URL the PostgreSQL one. See
:mod:`annotate.core.store.protocol` for the rules every backend keeps (versions, change stamps,
atomic taxonomy changes). Importing this package is light (a quick ``annotate search`` pays for
no dataclasses or typing): the interface's names are loaded on first use.
"""

from annotate.core.store.items import ANNOTATIONS, EPISODE_LIST, METADATA, TAXONOMY, TRANSCRIPT
from annotate.core.store.registry import as_workspace, open_workspace, register_backend, scheme_of

_FROM_PROTOCOL = (
    "AnnotationProblem", "ItemKey", "Retag", "Stamp", "TaxonomyChange", "TaxonomyEdit", "Workspace",
)
_FROM_ERRORS = ("ConflictError", "StaleAnnotationError")

__all__ = [
    "ANNOTATIONS", "EPISODE_LIST", "METADATA", "TAXONOMY", "TRANSCRIPT",
    *_FROM_PROTOCOL, *_FROM_ERRORS,
    "as_workspace", "open_workspace", "register_backend", "scheme_of",
]


def __getattr__(name: str):
    if name in _FROM_PROTOCOL:
        from annotate.core.store import protocol

        return getattr(protocol, name)
    if name in _FROM_ERRORS:
        from annotate.core import errors

        return getattr(errors, name)
    raise AttributeError(f"module 'annotate.core.store' has no attribute {name!r}")
