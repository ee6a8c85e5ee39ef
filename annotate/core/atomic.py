"""Atomic file writes: a temporary file in the same folder, fsync, then rename over the target."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from annotate.core.limits import refuse_special_target


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a part.

    An OSError (a full disk, a read-only folder) names ``path``, not the hidden temporary file.
    A device, FIFO, socket or folder at ``path`` is refused (AnnotateError), never replaced.
    """
    target = Path(path)
    refuse_special_target(target)
    try:
        _write_then_rename(target, data)
    except OSError as error:
        raise naming_the_file(error, target) from None


def naming_the_file(error: OSError, target: str | Path) -> OSError:
    """``error`` (from writing ``target`` through a temporary file) as an OSError naming ``target``."""
    if error.errno is None or error.filename == str(target):
        return error
    return OSError(error.errno, error.strerror, str(target))


def _write_then_rename(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(fd, mode_for(target))
        with os.fdopen(fd, "wb") as temporary_file:
            temporary_file.write(data)
            temporary_file.flush()
            os.fsync(temporary_file.fileno())
        os.replace(temporary_name, target)
    except BaseException:
        try:
            os.unlink(temporary_name)
        except FileNotFoundError:
            pass
        raise
    _fsync_directory(target.parent)


def mode_for(target: Path) -> int:
    """The permission bits a new version of ``target`` gets: the file's own, or the umask's for a new file."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    # Read, not set: learning it with os.umask would race with other threads creating files.
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    current = os.umask(0o022)
    os.umask(current)
    return current


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write ``text`` as UTF-8 with LF line endings, atomically."""
    atomic_write_bytes(path, text.encode("utf-8"))


def _fsync_directory(directory: Path) -> None:
    # The rename is durable only once the directory entry itself is flushed.
    try:
        directory_fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(directory_fd)
    except OSError:
        pass
    finally:
        os.close(directory_fd)
