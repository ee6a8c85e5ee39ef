"""What every reader returns: cues in file order, with the line each began on (for warnings)."""

from __future__ import annotations

from dataclasses import dataclass, field

from annotate.core.model import Cue

# A reader's placeholder end for a cue whose file gives only a start; ``cleanup`` fills it in.
OPEN_END = -1


@dataclass
class ParsedCues:
    """A reader's output before cleanup: cues (ends may be OPEN_END), their source lines, and
    the title and language when the file names them."""

    cues: list[Cue] = field(default_factory=list)
    lines: list[int | None] = field(default_factory=list)
    title: str = ""
    language: str = ""

    def add(self, cue: Cue, line: int | None) -> None:
        self.cues.append(cue)
        self.lines.append(line)
