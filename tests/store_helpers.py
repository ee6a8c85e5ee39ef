"""Small transcripts and annotations for the store tests, the same for every backend."""

from __future__ import annotations

from annotate.core.anchoring import new_annotation
from annotate.core.model import Cue, Participant, Tag, Taxonomy, Transcript, TranscriptMetadata, Word

SENTENCES = [
    "The social credit system is not one system but a patchwork of lists.",
    "Most people in China had never heard of it before the foreign press wrote about it.",
    "Sesame Credit is a loyalty scheme run by Ant Financial, not the government.",
    "Local pilots in Rongcheng gave every resident a score that started at one thousand.",
    "Blacklists for court debtors are the part that really bites in Zürich or in Beijing.",
    "Companies worry far more about the corporate system than individuals do.",
]


def transcript(episode_id: str = "episode-one", cues: int = 12, title: str = "Episode one") -> Transcript:
    """A transcript of ``cues`` cues, two speakers taking turns, the first cue with a time for each word."""
    made = []
    for index in range(cues):
        start = index * 5000
        text = SENTENCES[index % len(SENTENCES)]
        words = None
        if index == 0:
            words = [Word(start + 300 * number, start + 300 * number + 250, word) for number, word in enumerate(text.split())]
        made.append(Cue(start, start + 4500, text, "Ada Lovelace" if index % 2 == 0 else "Kaiser Kuo", words, None))
    metadata = TranscriptMetadata(
        title=title,
        series="Test series",
        date="2019-05-01",
        participants=[Participant("Ada Lovelace", "host"), Participant("Kaiser Kuo", "guest")],
        media_url="https://example.org/episode.mp3",
        source="test",
        language="en",
        extra={"recorded": "2019-04-30", "tags": ["a", "b"]},
    )
    return Transcript(episode_id, made, metadata)


def taxonomy() -> Taxonomy:
    """A two-level codebook."""
    return Taxonomy(
        [
            Tag("takeaways", "Takeaways", color="#7f8c8d"),
            Tag("fraud", "Fraud", parent="takeaways", key="1"),
            Tag("media-myths", "Media myths", parent="takeaways", key="2"),
            Tag("other", "Other"),
        ]
    )


def passage(source: Transcript, cue: int, tags: list[str], annotator: str = "lena", note: str = ""):
    """A new annotation of cue ``cue``'s whole text."""
    start = source.cue_offsets[cue]
    end = start + len(source.cues[cue].text)
    return new_annotation(source, start, end, tags, note=note, annotator=annotator)
