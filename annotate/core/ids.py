"""Identifier rules: what an episode id, an annotation id and a tag id may be, and fresh ones."""

from __future__ import annotations

import re

from annotate.core.errors import AnnotateError
from annotate.core.limits import excerpt

# An episode id names files (transcripts/<id>.vtt): never a path out of the folder.
EPISODE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\Z")
ANNOTATION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}\Z")
TAG_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\Z")


def new_annotation_id() -> str:
    """A fresh random annotation id: ten hex digits, stable once written."""
    import secrets

    return secrets.token_hex(5)


def is_episode_id(value: str) -> bool:
    """True when ``value`` is a well-formed episode id."""
    return bool(value) and EPISODE_ID.match(value) is not None


def require_episode_id(value: str) -> str:
    """``value`` when it is a well-formed episode id, else AnnotateError saying what one may be."""
    if not is_episode_id(value or ""):
        raise AnnotateError(f"episode id {value!r} must be letters, digits, '.', '_' or '-' (128 at most)")
    return value


def is_annotation_id(value: str) -> bool:
    """True when ``value`` is a well-formed annotation id."""
    return bool(value) and ANNOTATION_ID.fullmatch(value) is not None


def require_annotation_id(value: str) -> str:
    """``value`` when it is a well-formed annotation id, else AnnotateError saying what one may be."""
    if not is_annotation_id(value or ""):
        raise AnnotateError(f"annotation id {excerpt(value or '')} must be letters, digits, '-' or '_' (64 at most)")
    return value
