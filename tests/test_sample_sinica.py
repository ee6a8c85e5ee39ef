"""The sample workspace's Sinica live taping: it loads cleanly and is long and varied enough to annotate."""

from __future__ import annotations

from collections import Counter

import pytest

from annotate.core.formats import read_transcript
from annotate.core.workspace import Workspace
from tests.conftest import REPOSITORY

EPISODE = "sinica-social-credit-live-2018"
SPEAKERS = ("Kaiser Kuo", "Rogier Creemers", "Manya Koetse")


@pytest.fixture(scope="module")
def transcript():
    """The episode as the sample workspace (the repository) loads it."""
    return Workspace(REPOSITORY).load_transcript(EPISODE)


def test_episode_reads_without_warnings():
    result = read_transcript(REPOSITORY / "transcripts" / f"{EPISODE}.vtt", episode_id=EPISODE)
    assert result.warnings == []
    assert len(result.transcript.cues) >= 250


def test_metadata_names_the_episode_and_says_it_is_a_reconstruction(transcript):
    metadata = transcript.metadata
    assert metadata.title == "Myth-busting China's Social Credit System"
    assert metadata.series == "Sinica Podcast"
    assert metadata.date == "2018-10-31"
    assert [participant.name for participant in metadata.participants] == list(SPEAKERS)
    assert metadata.participants[0].role == "host"
    assert "not a verbatim transcript" in metadata.source
    assert metadata.media_url == ""


def test_episode_is_long_enough(transcript):
    assert len(transcript.cues) >= 250
    assert transcript.duration_ms >= 40 * 60 * 1000


def test_each_speaker_has_real_turns(transcript):
    counts = Counter(cue.speaker for cue in transcript.cues)
    for speaker in SPEAKERS:
        assert counts[speaker] >= 20, f"{speaker} has only {counts[speaker]} cues"
    assert all(cue.speaker for cue in transcript.cues), "every cue names its speaker"


def test_cue_times_never_run_backwards(transcript):
    starts = [cue.start_ms for cue in transcript.cues]
    assert starts == sorted(starts)
    assert all(cue.end_ms > cue.start_ms for cue in transcript.cues)


def test_speech_rate_is_realistic(transcript):
    # About 150 words a minute overall; far off that, the timings would mislead anyone matching quotes.
    words = sum(len(cue.text.split()) for cue in transcript.cues)
    minutes = transcript.duration_ms / 60000
    assert 120 <= words / minutes <= 170
