"""Reading a ``.qdpx`` zip as hostile input: bounded in entries, sizes and compression ratio.

Nothing is ever extracted to disk; entries are read by name into memory, each read stopping at
its limit whatever the zip's header claims, so a zip bomb or an entry named ``../../x`` cannot
write anywhere or fill the memory.
"""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

from annotate.core.errors import AnnotateError

MAX_ARCHIVE_BYTES = 1024 * 1024 * 1024
MAX_ENTRIES = 20_000
MAX_ENTRY_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
# Text compresses about 3-10 times; far more than this is a bomb, not a transcript.
MAX_RATIO = 200
RATIO_FLOOR_BYTES = 1024 * 1024


class ProjectArchive:
    """An open ``.qdpx``: its entry names checked, entries read on demand within the limits."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        self._read_total = 0
        source = Path(path)
        if source.stat().st_size > MAX_ARCHIVE_BYTES:
            raise AnnotateError(f"larger than {MAX_ARCHIVE_BYTES // 2**20} MB; refused", path)
        try:
            self._zip = zipfile.ZipFile(source)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
            raise AnnotateError(f"not a .qdpx (zip) archive: {error}", path) from None
        if len(infos) > MAX_ENTRIES:
            raise AnnotateError(f"holds {len(infos)} entries, more than {MAX_ENTRIES}; refused", path)
        self._entries: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            _check_name(info.filename, self.path)
            if info.flag_bits & 0x1:
                raise AnnotateError(f"entry {info.filename!r} is encrypted; refused", path)
            if not info.is_dir():
                self._entries[info.filename] = info

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> "ProjectArchive":
        return self

    def __exit__(self, *_exception) -> None:
        self.close()

    def names(self) -> list[str]:
        return list(self._entries)

    def find(self, name: str) -> str | None:
        """The entry called ``name``, compared without regard to case (tools differ: ``Project.qde``)."""
        if name in self._entries:
            return name
        folded = name.casefold()
        return next((entry for entry in self._entries if entry.casefold() == folded), None)

    def read(self, name: str, limit: int = MAX_ENTRY_BYTES) -> bytes:
        """The bytes of entry ``name``, refusing one that inflates past ``limit`` or the archive's total."""
        info = self._entries[name]
        where = f"{self.path}:{name}"
        if info.file_size > limit:
            raise AnnotateError(f"entry is {info.file_size} bytes uncompressed, more than {limit}; refused", where)
        chunks, size = [], 0
        try:
            with self._zip.open(info) as stream:
                while True:
                    chunk = stream.read(1024 * 1024)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > limit or self._read_total + size > MAX_TOTAL_BYTES:
                        raise AnnotateError(f"entry inflates past {min(limit, MAX_TOTAL_BYTES) // 2**20} MB; refused (a zip bomb?)", where)
                    if size > RATIO_FLOOR_BYTES and size > MAX_RATIO * max(1, info.compress_size):
                        raise AnnotateError(f"entry inflates more than {MAX_RATIO} times; refused (a zip bomb?)", where)
                    chunks.append(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as error:
            raise AnnotateError(f"cannot be read: {error}", where) from None
        self._read_total += size
        return b"".join(chunks)


def _check_name(name: str, path: str) -> None:
    # Entries are only ever read by name, never extracted; a name that would climb out of a folder
    # or start at the root still marks an archive that was made to do harm, so it is refused.
    posix = PurePosixPath(name.replace("\\", "/"))
    if name.startswith(("/", "\\")) or ".." in posix.parts or (posix.parts and ":" in posix.parts[0]) or "\x00" in name:
        raise AnnotateError(f"entry {name!r} has a path that leads out of the archive; refused", path)
