"""The sample interviews, talk and webcast, and the taxonomy: they load cleanly and keep their promises."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from annotate.core.formats.vtt import parse_vtt
from annotate.core.workspace import Workspace

REPOSITORY = Path(__file__).resolve().parents[1]

# Each sample episode written for issue 3 (besides the Sinica live taping) and its minimum length.
MINIMUM_MINUTES = {
    "interview-kaiser-kuo-2018": 10,
    "interview-manya-koetse-2018": 10,
    "interview-rogier-creemers-2018": 10,
    "interview-mirjam-meissner-2018": 10,
    "update-manya-koetse-2019": 8,
    "update-rogier-creemers-2019": 8,
    "library-talk-corporate-scs-2019": 12,
    "webcast-scs-2020": 12,
}

TAKEAWAY_IDS = [
    "fraud-and-credit",
    "sesame-credit-confusion",
    "culture-of-trust",
    "public-reception",
    "state-society-frames",
    "local-ecosystem",
]
THEME_KEYS = {"corporate-scs": "7", "invisible-hand": "8", "morality-and-governance": "9"}
THEME_IDS = [*THEME_KEYS, "tech-anxiety", "blacklists-redlists", "media-myths", "deadline-2020"]


@pytest.fixture(scope="module")
def sample() -> Workspace:
    return Workspace(REPOSITORY)


@pytest.mark.parametrize("episode_id", sorted(MINIMUM_MINUTES))
def test_episode_parses_without_warnings(episode_id):
    path = REPOSITORY / "transcripts" / f"{episode_id}.vtt"
    cues, warnings = parse_vtt(path.read_text(encoding="utf-8"), str(path))
    assert warnings == []
    assert len(cues) >= 40


def test_the_sample_workspace_lists_every_episode_without_errors(sample):
    transcripts, errors = sample.load_transcripts()
    assert errors == []
    assert set(MINIMUM_MINUTES) <= {transcript.id for transcript in transcripts}


@pytest.mark.parametrize("episode_id", sorted(MINIMUM_MINUTES))
def test_episode_is_long_enough_and_spoken_at_a_natural_pace(sample, episode_id):
    transcript = sample.load_transcript(episode_id)
    minutes = transcript.duration_ms / 60_000
    assert minutes >= MINIMUM_MINUTES[episode_id]
    words = len(transcript.text.split())
    assert 130 <= words / minutes <= 170, f"{words} words in {minutes:.1f} minutes"
    starts = [cue.start_ms for cue in transcript.cues]
    assert starts == sorted(starts)
    assert all(cue.end_ms > cue.start_ms and "\n" not in cue.text for cue in transcript.cues)


@pytest.mark.parametrize("episode_id", sorted(MINIMUM_MINUTES))
def test_every_participant_speaks_and_every_speaker_is_a_participant(sample, episode_id):
    transcript = sample.load_transcript(episode_id)
    participants = [participant.name for participant in transcript.metadata.participants]
    assert all(participant.role for participant in transcript.metadata.participants)
    assert sorted(participants) == sorted(transcript.speakers)
    assert all(cue.speaker for cue in transcript.cues)


@pytest.mark.parametrize("episode_id", sorted(MINIMUM_MINUTES))
def test_metadata_says_it_is_a_reconstruction(sample, episode_id):
    metadata = sample.load_transcript(episode_id).metadata
    assert metadata.title and metadata.series and metadata.date
    assert metadata.language == "en"
    assert metadata.media_url == ""
    assert "illustrative reconstruction" in metadata.source.lower()
    assert "not a verbatim transcript" in metadata.source.lower()


def test_taxonomy_has_the_fixed_ids_unique_keys_and_known_parents():
    document = yaml.safe_load((REPOSITORY / "annotations" / "taxonomy.yaml").read_text(encoding="utf-8"))
    assert document["schema"] == "annotate/taxonomy@1"
    tags = document["tags"]
    ids = [tag["id"] for tag in tags]
    assert len(ids) == len(set(ids))
    assert set(ids) == {"takeaways", "themes", *TAKEAWAY_IDS, *THEME_IDS}
    by_id = {tag["id"]: tag for tag in tags}
    for tag in tags:
        assert list(tag)[:4] == ["id", "label", "description", "color"]
        assert tag["label"] and tag["description"]
        assert tag["color"].startswith("#") and len(tag["color"]) == 7
        if "parent" in tag:
            assert tag["parent"] in by_id
    assert [by_id[tag_id].get("parent") for tag_id in TAKEAWAY_IDS] == ["takeaways"] * 6
    assert [by_id[tag_id].get("parent") for tag_id in THEME_IDS] == ["themes"] * len(THEME_IDS)
    assert [by_id[tag_id]["key"] for tag_id in TAKEAWAY_IDS] == ["1", "2", "3", "4", "5", "6"]
    assert {tag_id: by_id[tag_id]["key"] for tag_id in THEME_KEYS} == THEME_KEYS
    keys = [tag["key"] for tag in tags if "key" in tag]
    assert len(keys) == len(set(keys))
    colors = [tag["color"].lower() for tag in tags]
    assert len(colors) == len(set(colors))
