"""The sample workspace as a whole: transcripts, taxonomy and annotations load cleanly and agree.

The repository is the sample a newcomer opens first, so these tests hold its promises: every tag
of the codebook is used, two annotators coded it (some passages both), every annotation points at
exactly the text and time it quotes, `annotate check` is clean, and the sample ships in the wheel.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path

import pytest
import yaml

from annotate.core.annotations import parse_annotations, serialize_annotations
from tests.annotation_helpers import store_of
from annotate.core.formats.vtt import parse_vtt
from annotate.core.model import Annotation
from annotate.core.taxonomy import load_taxonomy
from annotate.core.timecode import parse_time
from annotate.core.workspace import Workspace, init_workspace

REPOSITORY = Path(__file__).resolve().parents[1]

EPISODES = [
    "interview-kaiser-kuo-2018",
    "interview-manya-koetse-2018",
    "interview-mirjam-meissner-2018",
    "interview-rogier-creemers-2018",
    "library-talk-corporate-scs-2019",
    "sinica-social-credit-live-2018",
    "update-manya-koetse-2019",
    "update-rogier-creemers-2019",
    "webcast-scs-2020",
]
TAKEAWAYS = [
    "fraud-and-credit",
    "sesame-credit-confusion",
    "culture-of-trust",
    "public-reception",
    "state-society-frames",
    "local-ecosystem",
]

# A wheel build that takes longer than this is skipped rather than slowing the suite.
WHEEL_BUILD_SECONDS = 60


@pytest.fixture(scope="module")
def sample() -> Workspace:
    return Workspace(REPOSITORY)


@pytest.fixture(scope="module")
def annotations(sample) -> list[Annotation]:
    """Every annotation of the sample, in episode order."""
    store = store_of(sample)
    return [annotation for episode_id in EPISODES for annotation in store.annotations(episode_id)]


def _overlap(first: Annotation, second: Annotation) -> bool:
    return (
        first.episode == second.episode
        and first.anchor.start_offset < second.anchor.end_offset
        and second.anchor.start_offset < first.anchor.end_offset
    )


def _double_coded(annotations: list[Annotation]) -> list[tuple[Annotation, Annotation]]:
    """Pairs of overlapping annotations by two different annotators."""
    return [
        (first, second)
        for index, first in enumerate(annotations)
        for second in annotations[index + 1 :]
        if first.annotator != second.annotator and _overlap(first, second)
    ]


def test_the_sample_has_the_nine_episodes(sample):
    assert sample.episode_ids() == EPISODES


@pytest.mark.parametrize("episode_id", EPISODES)
def test_transcript_and_annotations_load_without_a_warning(sample, episode_id):
    path = sample.transcript_path(episode_id)
    _cues, warnings = parse_vtt(path.read_text(encoding="utf-8"), str(path))
    assert warnings == []
    store = store_of(sample)
    assert store.annotation_problems(episode_id) == []
    loaded = store.annotations(episode_id)
    assert loaded, f"{episode_id} has no annotations"
    assert {annotation.status for annotation in loaded} == {"ok"}


def test_every_leaf_tag_is_used_and_every_used_tag_is_known(sample, annotations):
    taxonomy = load_taxonomy(sample)
    leaves = {tag.id for tag in taxonomy.tags if tag.parent}
    parents = {tag.id for tag in taxonomy.tags if not tag.parent}
    used = Counter(tag for annotation in annotations for tag in annotation.tags)
    assert set(used) == leaves, f"unused: {leaves - set(used)}, unknown: {set(used) - leaves}"
    assert not parents & set(used), "a grouping tag was used directly"
    assert any(len(annotation.tags) > 1 for annotation in annotations)


def test_each_takeaway_is_used_three_times_across_episodes(annotations):
    for takeaway in TAKEAWAYS:
        tagged = [annotation for annotation in annotations if takeaway in annotation.tags]
        assert len(tagged) >= 3, takeaway
        assert len({annotation.episode for annotation in tagged}) >= 3, takeaway


def test_enough_annotations_by_two_annotators_with_notes(sample, annotations):
    assert len(annotations) >= 40
    assert sum(sample.annotation_counts()[0].values()) == len(annotations)
    by_annotator = Counter(annotation.annotator for annotation in annotations)
    assert len(by_annotator) == 2 and min(by_annotator.values()) >= 15, by_annotator
    assert sum(1 for annotation in annotations if annotation.note.strip()) >= 15


def test_some_passages_are_coded_by_both_with_agreements_and_disagreements(annotations):
    pairs = _double_coded(annotations)
    passages = {frozenset((first.id, second.id)) for first, second in pairs}
    assert len(passages) >= 8
    agreeing = [pair for pair in pairs if set(pair[0].tags) == set(pair[1].tags)]
    disagreeing = [pair for pair in pairs if not set(pair[0].tags) & set(pair[1].tags)]
    assert agreeing and disagreeing
    assert len({first.episode for first, _ in pairs}) >= 5


# Episodes both annotators coded from start to end, so that `annotate agreement` has something real to measure.
DOUBLE_CODED = ["interview-kaiser-kuo-2018", "interview-manya-koetse-2018"]


@pytest.mark.parametrize("episode_id", DOUBLE_CODED)
def test_two_episodes_are_coded_whole_by_both_annotators(annotations, episode_id):
    # Each coder coded the whole episode: most of either's passages overlap one of the other's,
    # with the same tags on some and different tags or boundaries on others.
    in_episode = [annotation for annotation in annotations if annotation.episode == episode_id]
    for annotator in ("lena", "tomas"):
        own = [annotation for annotation in in_episode if annotation.annotator == annotator]
        others = [annotation for annotation in in_episode if annotation.annotator != annotator]
        matched = [annotation for annotation in own if any(_overlap(annotation, other) for other in others)]
        assert len(own) >= 10 and len(matched) >= 0.75 * len(own), (annotator, len(own), len(matched))
    pairs = _double_coded(in_episode)
    assert any(set(first.tags) == set(second.tags) for first, second in pairs)
    assert any(set(first.tags) != set(second.tags) for first, second in pairs)


def _stored_records(episode_id: str) -> list[dict]:
    # The annotation file as written, not as the store hands it out: loading re-anchors in memory.
    document = yaml.safe_load((REPOSITORY / "annotations" / f"{episode_id}.yaml").read_text(encoding="utf-8"))
    assert document["episode"] == episode_id
    return document["annotations"]


@pytest.mark.parametrize("episode_id", EPISODES)
def test_every_quote_is_the_text_at_its_stored_offsets_and_its_times_are_inside_those_cues(sample, episode_id):
    transcript = sample.load_transcript(episode_id)
    records = _stored_records(episode_id)
    assert [record["id"] for record in records] == [annotation.id for annotation in store_of(sample).annotations(episode_id)]
    for record in records:
        start, end = record["start_offset"], record["end_offset"]
        where = f"{episode_id} {record['id']}"
        assert 0 <= start < end <= len(transcript.text), where
        assert transcript.text[start:end] == record["quote"], where
        assert transcript.text[:start].endswith(record["prefix"]), where
        assert transcript.text[end:].startswith(record["suffix"]), where
        start_ms, end_ms = parse_time(record["start"]), parse_time(record["end"])
        first_cue = transcript.cues[transcript.cue_index_at(start)]
        last_cue = transcript.cues[transcript.cue_index_at(end - 1)]
        assert first_cue.start_ms <= start_ms <= first_cue.end_ms, where
        assert last_cue.start_ms <= end_ms <= last_cue.end_ms, where
        assert start_ms < end_ms, where
        assert record["speaker"] == first_cue.speaker, where


@pytest.mark.parametrize("episode_id", EPISODES)
def test_annotation_files_are_in_the_stores_current_format(sample, episode_id):
    # When the store's format changes, the sample must be re-written through `annotate tag`.
    path = sample.annotations_path(episode_id)
    text = path.read_text(encoding="utf-8")
    loaded = parse_annotations(text, path, episode_id)
    assert serialize_annotations(episode_id, loaded.sorted_annotations(), loaded.extras) == text


def test_annotate_check_on_the_sample_prints_an_empty_list(capsys, monkeypatch):
    from annotate.cli import main

    monkeypatch.delenv("ANNOTATE_WORKSPACE", raising=False)
    exit_code = main(["--workspace", str(REPOSITORY), "check", "--json"])
    output = capsys.readouterr().out
    assert json.loads(output) == []
    assert exit_code == 0


def _episode_files(root: Path) -> dict[str, bytes]:
    return {
        f"{part}/{path.name}": path.read_bytes()
        for part in ("transcripts", "annotations")
        for path in sorted((root / part).glob("*.*"))
    }


def test_init_sample_copies_the_episodes_and_annotations(tmp_path):
    root = init_workspace(tmp_path / "copy", sample=True)
    assert _episode_files(root) == _episode_files(REPOSITORY)
    copy = Workspace(root)
    assert copy.episode_ids() == EPISODES
    assert copy.annotation_counts()[0] == Workspace(REPOSITORY).annotation_counts()[0]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The package built as a wheel from this repository (skipped when it cannot be built quickly)."""
    folder = tmp_path_factory.mktemp("wheel")
    started = time.monotonic()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(folder), str(REPOSITORY)],
            capture_output=True,
            text=True,
            timeout=WHEEL_BUILD_SECONDS,
        )
    except subprocess.TimeoutExpired:
        pytest.skip(f"building the wheel took over {WHEEL_BUILD_SECONDS} s")
    if result.returncode != 0:
        pytest.skip(f"could not build the wheel (no network for the build backend?): {result.stderr.strip()[-300:]}")
    built = list(folder.glob("annotate-*.whl"))
    assert len(built) == 1, f"built {built} in {time.monotonic() - started:.1f} s"
    return built[0]


def test_the_wheel_carries_every_episode_and_its_annotations(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for episode_id in EPISODES:
        assert f"annotate/_sample/transcripts/{episode_id}.vtt" in names
        assert f"annotate/_sample/transcripts/{episode_id}.yaml" in names
        assert f"annotate/_sample/annotations/{episode_id}.yaml" in names
    assert "annotate/_sample/annotations/taxonomy.yaml" in names


def test_init_sample_from_the_installed_wheel_gives_the_repository_sample(wheel, tmp_path):
    # Unpacking a wheel is what installing it does; run the unpacked package from elsewhere.
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    target = tmp_path / "new-workspace"
    environment = {**os.environ, "PYTHONPATH": str(site)}
    environment.pop("ANNOTATE_WORKSPACE", None)
    script = (
        "import annotate, sys; print(annotate.__file__); "
        "from annotate.cli import main; sys.exit(main(['init', sys.argv[1], '--sample']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(target)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith(str(site)), "the unpacked wheel was not the package used"
    assert _episode_files(target) == _episode_files(REPOSITORY)
    shutil.rmtree(site)
