"""Changing several files all-or-nothing, also across a crash: a journal beside the files.

A change is written in four steps:

1. the journal ``annotations/.journal`` is created, saying ``prepared``;
2. each file's new text is written and fsynced beside it as ``.<name>.journal.tmp``;
3. the journal is replaced (atomically) by one saying ``committed`` and listing the files;
4. each staged file is renamed over its target, then the journal is removed.

:func:`recover` (run when a workspace is opened) finds a journal left by a killed process: a
committed one is finished (step 4 again), anything else is rolled back (the staged files go). So
after it, either every file has its new text or none has, and no temporary file is left. The
caller holds the locks of every file changed; recovery takes the same locks.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

from annotate.core.atomic import mode_for, naming_the_file
from annotate.core.errors import AnnotateError
from annotate.core.limits import MAX_YAML_BYTES, read_file_text

JOURNAL_NAME = ".journal"
STAGED_SUFFIX = ".journal.tmp"
PREPARED = "prepared"
COMMITTED = "committed"


def staged_path(target: Path) -> Path:
    """Where ``target``'s new text waits until the change is committed."""
    return target.with_name(f".{target.name}{STAGED_SUFFIX}")


def write_together(journal: Path, files: dict[Path, str], folders: tuple[Path, ...] = ()) -> None:
    """Give every file in ``files`` its new text, all or nothing (see the module docstring).

    ``journal`` is the journal's path; targets outside its folder must be in ``folders`` (where
    recovery looks for staged files left behind).
    """
    folder = journal.parent
    recover_held(journal, folders)  # never start over a change a crash left behind
    target = next(iter(files), journal)
    try:
        _write_durably(journal, json.dumps({"state": PREPARED}))
    except OSError as error:
        # A read-only folder or a full disk: name the first file to change, not the hidden journal.
        raise naming_the_file(error, target) from None
    try:
        for target, text in files.items():
            staged = staged_path(target)
            _write_durably(staged, text, mode_for(target))
        for directory in {target.parent for target in files}:
            _fsync_directory(directory)
        listing = [[_relative(target, folder), _relative(staged_path(target), folder)] for target in files]
        commit = journal.with_name(journal.name + ".commit.tmp")
        _write_durably(commit, json.dumps({"state": COMMITTED, "files": listing}))
        os.replace(commit, journal)
        _fsync_directory(folder)
    except BaseException as error:
        _roll_back(journal, folders)
        if isinstance(error, OSError):
            raise naming_the_file(error, target) from None  # a full disk names the file, not the staged one
        raise
    _finish(journal, listing, folders)


def _relative(path: Path, folder: Path) -> str:
    return Path(os.path.relpath(path, folder)).as_posix()


def pending(journal: Path) -> bool:
    """True when a change was interrupted (one ``stat``: cheap enough for every open)."""
    return os.path.lexists(journal)


def recover(journal: Path, lock: Callable[[list[str]], AbstractContextManager[None]], folders: tuple[Path, ...] = ()) -> str | None:
    """Finish or roll back an interrupted change; returns what was done (None when nothing was pending).

    ``lock`` takes the journal's listed files (paths relative to its folder; empty when the journal
    lists none) and holds the locks a change of them needs.
    """
    if not pending(journal):
        return None
    _state, listing = _read(journal)
    with lock([target for target, _staged in listing]):
        return recover_held(journal, folders)


def recover_held(journal: Path, folders: tuple[Path, ...] = ()) -> str | None:
    """As :func:`recover`, for a caller that already holds every lock a change may need."""
    if not pending(journal):
        return None  # another process finished it while this one waited for the lock
    state, listing = _read(journal)
    if state == COMMITTED:
        _finish(journal, listing, folders)
        return f"finished an interrupted change of {len(listing)} file(s)"
    _roll_back(journal, folders)
    return "rolled back an interrupted change; no file was changed"


def _read(journal: Path) -> tuple[str | None, list[list[str]]]:
    try:
        # Read like any workspace file: a FIFO or device in its place is refused, never waited on.
        document = json.loads(read_file_text(journal, MAX_YAML_BYTES, "a journal") or "")
        return document.get("state"), [list(entry) for entry in document.get("files", [])]
    except (AnnotateError, ValueError, AttributeError, TypeError):
        return None, []  # cut short while being written (or not ours): never committed


def _finish(journal: Path, listing: list[list[str]], folders: tuple[Path, ...]) -> None:
    folder = journal.parent
    for target, staged in listing:
        with contextlib.suppress(FileNotFoundError):  # renamed before the crash
            os.replace(folder / staged, folder / target)
    for directory in {(folder / target).parent for target, _staged in listing} | {folder}:
        _fsync_directory(directory)
    _remove_leftovers(journal, folders)
    journal.unlink(missing_ok=True)
    _fsync_directory(folder)


def _roll_back(journal: Path, folders: tuple[Path, ...]) -> None:
    _remove_leftovers(journal, folders)
    journal.unlink(missing_ok=True)
    _fsync_directory(journal.parent)


def _remove_leftovers(journal: Path, folders: tuple[Path, ...]) -> None:
    for leftover in _leftovers(journal, folders):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()


def _leftovers(journal: Path, folders: tuple[Path, ...]) -> Iterator[Path]:
    for folder in dict.fromkeys((journal.parent, *folders)):
        if folder.is_dir():
            yield from folder.glob(f".*{STAGED_SUFFIX}")
    yield from journal.parent.glob(f"{journal.name}*.tmp")


def _write_durably(path: Path, text: str, mode: int = 0o644) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        os.fchmod(descriptor, mode)
        with os.fdopen(descriptor, "wb", closefd=False) as stream:
            stream.write(text.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
    finally:
        os.close(descriptor)


def _fsync_directory(directory: Path) -> None:
    with contextlib.suppress(OSError):
        descriptor = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
