"""The one error type a user sees: a message that names the file and line where it applies."""

from __future__ import annotations

from pathlib import Path


class AnnotateError(Exception):
    """A user-facing error: bad input, a missing episode, a refused write.

    The command line prints it as one line, ``FILE:LINE: message``; no traceback.
    """

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


class ConflictError(AnnotateError):
    """A file changed on disk since it was read, and the two changes cannot be merged."""


class StaleAnnotationError(ConflictError):
    """A write made from a copy of an annotation that someone else has changed (or removed) since it was read."""

    def __init__(self, annotation_id: str, message: str, path: str | Path | None = None, line: int | None = None):
        super().__init__(message, path, line)
        self.annotation_id = annotation_id
