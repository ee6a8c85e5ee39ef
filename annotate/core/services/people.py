"""Speakers and annotators named in a filter: a name that occurs nowhere is a typo, not a request for nothing.

Names match without regard to case, as the filters do. The known names are looked up only for a
name the caller has not already seen, so a filter that matches costs nothing more.
"""

from __future__ import annotations

from collections.abc import Iterable

from annotate.core.errors import AnnotateError
from annotate.core.limits import excerpt
from annotate.core.store.protocol import Workspace

# How many known names an error lists before it says how many more there are.
NAMES_SHOWN = 20


def require_known_speakers(workspace: Workspace, speakers: Iterable[str], seen: set[str]) -> None:
    """Raise AnnotateError, naming the speakers there are, if a speaker is in no annotation and no transcript.

    ``seen`` holds names already met (any case), e.g. the speakers of the annotations just read.
    """
    unseen = _unseen(speakers, seen)
    if not unseen:
        return
    known = _annotation_names(workspace, lambda annotation: annotation.speaker)
    unseen = _unseen(unseen, known)
    if unseen:
        transcripts, _unreadable = workspace.load_transcripts()
        known |= {speaker for transcript in transcripts for speaker in transcript.speakers}
    _refuse_unknown(_unseen(unseen, known), known, "no speaker {name} in this workspace's transcripts or annotations", "speakers")


def require_known_annotators(workspace: Workspace, annotators: Iterable[str], seen: set[str]) -> None:
    """Raise AnnotateError, naming the annotators there are, if an annotator made no annotation.

    ``seen`` holds names already met (any case), e.g. the annotators of the annotations just read.
    """
    unseen = _unseen(annotators, seen)
    if unseen:
        known = _annotation_names(workspace, lambda annotation: annotation.annotator)
        _refuse_unknown(_unseen(unseen, known), known, "no annotations by {name}", "annotators")


def _unseen(names: Iterable[str], seen: set[str]) -> list[str]:
    folded = {name.casefold() for name in seen}
    return [name for name in names if name.casefold() not in folded]


def _annotation_names(workspace: Workspace, name_of) -> set[str]:
    names: set[str] = set()
    for episode_id in workspace.annotated_episodes():
        try:
            names |= {name_of(annotation) for annotation in workspace.annotations(episode_id)}
        except AnnotateError:  # an unreadable file: the caller reports it
            continue
    return {name for name in names if name}


def _refuse_unknown(unknown: list[str], known: set[str], message: str, kind: str) -> None:
    if not unknown:
        return
    names = sorted(known, key=str.casefold)
    listed = ", ".join(names[:NAMES_SHOWN]) + (f" and {len(names) - NAMES_SHOWN} more" if len(names) > NAMES_SHOWN else "")
    raise AnnotateError(f"{message.format(name=excerpt(unknown[0]))} ({kind}: {listed or 'none'})")
