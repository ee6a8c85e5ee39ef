"""What every reader returns: cues in file order, with the line each began on (for warnings)."""

from __future__ import annotations

from dataclasses import dataclass, field

from annotate.core.errors import AnnotateError
from annotate.core.limits import MAX_CUES
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
        """Append ``cue`` (begun on ``line``); past MAX_CUES, AnnotateError (the caller adds the path)."""
        if len(self.cues) >= MAX_CUES:
            raise AnnotateError(f"more than {MAX_CUES} cues; too many for one transcript", line=line)
        self.cues.append(cue)
        self.lines.append(line)
