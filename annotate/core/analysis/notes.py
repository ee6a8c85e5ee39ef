"""The notes (memos) written on annotations, gathered for reading in one place."""

from __future__ import annotations

from annotate.core.analysis.passages import CodedPassage, Coding


def annotation_notes(coding: Coding, episode: str | None = None) -> list[CodedPassage]:
    """Every passage with a note, in ``episode`` or in all of ``coding``'s episodes.

    In time order within an episode, episodes in ``coding``'s order (sorted ids).
    """
    order = {episode_id: index for index, episode_id in enumerate(coding.episodes)}
    noted = [
        passage for passage in coding.passages
        if passage.note.strip() and (episode is None or passage.episode == episode)
    ]
    return sorted(noted, key=lambda passage: (order.get(passage.episode, len(order)), passage.start_ms, passage.id))
