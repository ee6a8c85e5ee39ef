"""Which reader a file needs: by its content first, then by its extension."""

from __future__ import annotations

import re
from pathlib import PurePath

_EXTENSIONS = {
    ".vtt": "vtt",
    ".webvtt": "vtt",
    ".srt": "srt",
    ".sbv": "sbv",
    ".html": "podcast-html",
    ".htm": "podcast-html",
    ".txt": "text",
}
# How much of the start of a file the sniffing looks at.
_SNIFF_CHARACTERS = 8192
_YOUTUBE_WORD_TIME = re.compile(r"<\d{2}:\d{2}:\d{2}\.\d{3}><c>")
_SRT_TIMING = re.compile(r"^[ \t]*\d{1,3}:\d{1,2}:\d{1,2},\d{1,3}[ \t]*-->", re.MULTILINE)
_VTT_TIMING = re.compile(r"^[ \t]*(?:\d+:)?\d{2}:\d{2}\.\d{3}[ \t]*-->", re.MULTILINE)
_SBV_TIMING = re.compile(r"^\d{1,3}:\d{2}:\d{2}\.\d{3},\d{1,3}:\d{2}:\d{2}\.\d{3}[ \t]*$", re.MULTILINE)
_HTML = re.compile(r"<(?:html|body|cite|time|p)\b", re.IGNORECASE)


def detect_format(text: str, path: str = "") -> str:
    """The reader name for ``text`` (read from ``path``): content decides, the extension breaks ties."""
    head = text[:_SNIFF_CHARACTERS]
    stripped = head.lstrip()
    extension = PurePath(path).suffix.lower()
    if stripped.upper().startswith("WEBVTT"):
        return "youtube" if _YOUTUBE_WORD_TIME.search(text, 0, 1 << 20) else "vtt"
    if stripped[:1] in "{[" and stripped and (extension == ".json" or _looks_like_json(stripped)):
        return detect_json_format(text)
    if extension == ".json":
        return detect_json_format(text)
    if _SRT_TIMING.search(head):
        return "srt"
    if _VTT_TIMING.search(head):
        return "vtt"
    if _SBV_TIMING.search(head):
        return "sbv"
    if _HTML.search(head):
        return "podcast-html"
    return _EXTENSIONS.get(extension, "text")


def _looks_like_json(stripped: str) -> bool:
    # "[00:12:34] Name: text" also starts with a bracket; JSON follows it with a quote, brace or bracket.
    return stripped[:1] == "{" or stripped[1:].lstrip()[:1] in ('{', '"', "]", "[")


def detect_json_format(text: str) -> str:
    """``podcast-json`` (segments with startTime/body) or ``whisper`` (segments with start/text)."""
    head = text[: 1 << 16]
    if '"startTime"' in head or '"body"' in head:
        return "podcast-json"
    return "whisper"
