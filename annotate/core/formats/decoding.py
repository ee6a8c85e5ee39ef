"""Bytes to text: UTF-8 (BOM or not), UTF-16/32 with a BOM, other encodings detected or refused."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from annotate.core.errors import AnnotateError

# Byte-order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0 controls other than tab, LF, FF and CR, and DEL: text has few, binary data many.
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Share of control characters above which a file is taken for binary data, not a transcript.
_BINARY_SHARE = 0.10
# How much of a file the binary and encoding checks look at.
_SAMPLE_BYTES = 1 << 16


@dataclass
class DecodedText:
    """A file's text, the encoding it was read with, and warnings about the reading."""

    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def decode_bytes(data: bytes, path: str = "<input>") -> DecodedText:
    """Decode a transcript file's bytes; raise AnnotateError for empty, binary or undecodable input.

    A few NUL characters (a damaged file; many mean binary data, refused) are kept, to become
    U+FFFD when the lines are split, and reported in one warning with the line of the first.
    """
    decoded = _decode(data, path)
    nul_count = decoded.text.count("\0")
    if nul_count:
        line = decoded.text.count("\n", 0, decoded.text.index("\0")) + 1
        decoded.warnings.append(f"{path}:{line}: {nul_count} NUL character{'s' if nul_count > 1 else ''} read as U+FFFD (the first on this line)")
    return decoded


def _decode(data: bytes, path: str) -> DecodedText:
    if not data.strip():
        raise AnnotateError("empty file", path)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _decode_strict(data[len(bom):], encoding, path)
            if not text.strip():
                raise AnnotateError("empty file (only a byte order mark and blank space)", path)
            return DecodedText(text, encoding)
    guessed_utf16 = _utf16_without_bom(data)
    if guessed_utf16:
        return DecodedText(_decode_strict(data, guessed_utf16, path), guessed_utf16)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        _refuse_binary(data, path)
        return _detect(data, path, error)
    _refuse_binary_text(text, path)
    return DecodedText(text, "utf-8")


def _decode_strict(data: bytes, encoding: str, path: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count("\n".encode(encoding)) + 1
        raise AnnotateError(f"not valid {encoding.upper()} text (byte {error.start})", path, line) from None
    _refuse_binary_text(text, path)
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    # ASCII-heavy UTF-16 has a NUL in every other byte; the side they fall on gives the byte order.
    sample = data[:_SAMPLE_BYTES]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.4 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.4 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def _refuse_binary(data: bytes, path: str) -> None:
    sample = data[:_SAMPLE_BYTES]
    controls = len(_CONTROL_BYTES.findall(sample))
    if controls > _BINARY_SHARE * len(sample) or sample.count(0) > 0.01 * len(sample):
        raise AnnotateError("binary data, not a transcript", path)


def _refuse_binary_text(text: str, path: str) -> None:
    sample = text[:_SAMPLE_BYTES]
    if len(_CONTROL_CHARACTERS.findall(sample)) > _BINARY_SHARE * len(sample):
        raise AnnotateError("binary data, not a transcript", path)


def _detect(data: bytes, path: str, error: UnicodeDecodeError) -> DecodedText:
    # Not UTF-8: ask charset-normalizer (only loaded here), and say which encoding it chose.
    line = data[: error.start].count(b"\n") + 1
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - it is a declared dependency
        best = None
    else:
        best = from_bytes(data).best()
    if best is None:
        raise AnnotateError(
            f"not UTF-8 (byte {error.start}) and no other encoding fits; save it as UTF-8", path, line
        )
    text = str(best)
    _refuse_binary_text(text, path)
    warning = f"{path}:{line}: not UTF-8; read as {best.encoding} (detected), check the text"
    return DecodedText(text, best.encoding, [warning])
