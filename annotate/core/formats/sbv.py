"""SubViewer (SBV, YouTube's old caption format): ``0:00:01.000,0:00:02.500`` then text lines."""

from __future__ import annotations

import re

from annotate.core.formats.base import ParsedCues
from annotate.core.formats.blocks import read_timed_blocks
from annotate.core.formats.warnings import WarningList

_TIME = r"([0-9]{1,3}):([0-9]{1,2}):([0-9]{1,2})[.,]([0-9]{1,3})"
_TIMING = re.compile(rf"[ \t]*{_TIME}[ \t]*,[ \t]*{_TIME}[ \t]*$")


def _milliseconds(hours: str, minutes: str, seconds: str, fraction: str) -> int:
    return ((int(hours) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(fraction.ljust(3, "0"))


def parse_sbv_timing(line: str) -> tuple[int, int] | None:
    """Start and end (ms) of an SBV timing line, or None."""
    if len(line) > 64:
        return None
    found = _TIMING.match(line)
    if not found:
        return None
    groups = found.groups()
    return _milliseconds(*groups[0:4]), _milliseconds(*groups[4:8])


def read_sbv(text: str, warnings: WarningList) -> ParsedCues:
    """Read SBV text into cues; ``[br]`` is a line break, ``>> NAME:`` a speaker."""
    return read_timed_blocks(text, parse_sbv_timing, warnings)
