"""SubRip (SRT): numbered blocks with ``00:00:01,000 --> 00:00:02,500`` timing lines.

A lenient hand parser: the ``srt`` package raises on the real-world faults this one forgives
(missing numbers, dots for commas, one-digit fields, no blank line between blocks).
"""

from __future__ import annotations

from annotate.core.formats.base import ParsedCues
from annotate.core.formats.blocks import read_timed_blocks
from annotate.core.formats.lines import parse_loose_timing
from annotate.core.formats.warnings import WarningList


def read_srt(text: str, warnings: WarningList) -> ParsedCues:
    """Read SRT text into cues; speakers from ``Name:`` labels."""
    return read_timed_blocks(text, parse_loose_timing, warnings)
