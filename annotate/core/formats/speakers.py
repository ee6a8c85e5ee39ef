"""Speaker labels written into the text: ``Name: text``, ``>> NAME: text``, ``CDR (EAGLE): text``."""

from __future__ import annotations

import re

# One to four capitalised words (or a parenthesised call sign), then a colon and the words said.
# Only the first _LABEL_WINDOW characters are searched, so a megabyte line costs nothing.
_LABEL = re.compile(
    r"(?:>>\s*|-\s+)?"
    r"((?:[A-Z][\w'.()/&-]*)(?: (?:[A-Z0-9][\w'.()/&-]*|[/&]|\([\w ]+\)|de|van|von|der|da|di|del|la|le|bin|al)){0,3})"
    r"\s*:(?:[ \t]+|$)"
)
_LABEL_WINDOW = 64
# A cue that is only a sound description, "[intro music]" or "(laughs)", belongs to no speaker.
_SOUND_DESCRIPTION = re.compile(r"^(?:\[[^\]]*\]|\([^)]*\))$")
# Words that open a sentence with a colon more often than they name someone.
_NOT_NAMES = frozenset({"Note", "Notes", "Warning", "Example", "Update", "Edit", "Chapter", "Part", "PS", "P.S.", "Re", "Subject", "Source", "Transcript", "Summary"})


def split_speaker_label(text: str) -> tuple[str | None, str]:
    """``("Name", rest)`` when ``text`` opens with a speaker label, else ``(None, text)``."""
    found = _LABEL.match(text[:_LABEL_WINDOW])
    if found is None or found.group(1) in _NOT_NAMES:
        return None, text
    return found.group(1), text[found.end():].lstrip()


def strip_change_marker(text: str) -> tuple[bool, str]:
    """Closed captions mark a new speaker with ``>>``; returns whether it was there, and the rest."""
    if text.startswith(">>"):
        return True, text[2:].lstrip()
    return False, text


def label_speakers(cues: list, *, carry: bool = True) -> None:
    """Move ``Name:`` labels at the start of cue texts into ``cue.speaker``.

    With ``carry``, a cue without a label keeps the speaker of the cue before it (subtitle files
    label a turn once, then run on); a bare ``>>`` change marker ends the carried speaker.
    """
    current: str | None = None
    for cue in cues:
        if cue.speaker:
            current = cue.speaker
            continue
        changed, text = strip_change_marker(cue.text)
        speaker, text = split_speaker_label(text)
        if speaker is not None:
            current = speaker
        elif changed:
            current = None
        cue.text = text
        if cue.words and text != " ".join(word.text for word in cue.words):
            cue.words = None
        if speaker is None and _SOUND_DESCRIPTION.match(text):
            continue
        cue.speaker = speaker if speaker is not None else (current if carry else None)
