"""Small workspaces for the annotation store's tests: a few transcripts and a taxonomy."""

from __future__ import annotations

from pathlib import Path

from annotate.core.model import Cue, Tag, Taxonomy, Transcript, TranscriptMetadata
from annotate.core.taxonomy import save_taxonomy
from annotate.core.workspace import Workspace, init_workspace

SENTENCES = [
    ("Kaiser Kuo", "Welcome to Sinica, a weekly discussion of current affairs in China."),
    ("Kaiser Kuo", "Tonight we are talking about the social credit system, live in Zurich."),
    ("Rogier Creemers", "The first thing to understand is that it is not one system at all."),
    ("Rogier Creemers", "It is a patchwork of local pilots and sectoral blacklists."),
    ("Manya Koetse", "On Weibo people mostly asked whether Sesame Credit was part of it."),
    ("Manya Koetse", "Many were quite positive about punishing fraud and broken promises."),
    ("Mirjam Meissner", "For companies the corporate system matters far more than the personal one."),
    ("Kaiser Kuo", "So the dystopian picture in the Western press is, let us say, overdone."),
]

TAGS = [
    Tag("takeaways", "Takeaways", "What to remember", "#7f8c8d"),
    Tag("fraud-and-credit", "Fraud, corruption and credit", "", "#e67e22", "takeaways", "1"),
    Tag("public-reception", "Public reception", "", "#3498db", "takeaways", "2"),
    Tag("themes", "Themes", "", "#95a5a6"),
    Tag("corporate-scs", "Corporate social credit", "", "#9b59b6", "themes", "7"),
    Tag("media-myths", "Media myths", "", "#c0392b", "themes"),
]


def sample_transcript(episode_id: str = "episode-one", sentences=SENTENCES, seconds_per_cue: int = 5) -> Transcript:
    cues = [
        Cue(index * seconds_per_cue * 1000, (index + 1) * seconds_per_cue * 1000, text, speaker)
        for index, (speaker, text) in enumerate(sentences)
    ]
    metadata = TranscriptMetadata(title=f"Title of {episode_id}", media_url=f"https://example.org/{episode_id}.mp3")
    return Transcript(episode_id, cues, metadata)


def make_workspace(root: Path, episodes=("episode-one", "episode-two")) -> Workspace:
    """A workspace with the sample sentences as each episode, and the test taxonomy."""
    init_workspace(root)
    workspace = Workspace(root)
    for episode_id in episodes:
        workspace.save_transcript(sample_transcript(episode_id))
    save_taxonomy(workspace, Taxonomy(list(TAGS)))
    return workspace


def span_of(transcript: Transcript, quote: str) -> tuple[int, int]:
    start = transcript.text.index(quote)
    return start, start + len(quote)


def store_of(workspace) -> Workspace:
    """A fresh file workspace over the same folder: as another process would see it (its own caches)."""
    return Workspace(Path(getattr(workspace, "root", workspace)))
