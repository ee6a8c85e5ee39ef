"""Findings from coded passages: frequencies rolled up to parents, co-occurrence and agreement."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import numpy as np
import pytest

from annotate.core.analysis import cooccurrence, frequencies, load_coding, measure_agreement
from annotate.core.analysis.agreement import agreement_of, word_spans
from annotate.core.analysis.passages import CodedPassage
from annotate.core.analysis.statistics import cohen_kappa, fleiss_kappa, krippendorff_alpha, percent_agreement
from annotate.core.anchoring import new_annotation
from tests.annotation_helpers import store_of
from annotate.core.errors import AnnotateError
from annotate.core.export import select_quotes
from annotate.core.model import Cue, Transcript, TranscriptMetadata
from annotate.core.taxonomy import tag_counts
from annotate.core.workspace import Workspace, init_workspace
from tests.annotation_helpers import make_workspace, span_of

REPOSITORY = Path(__file__).resolve().parents[1]
DOUBLE_CODED = ["interview-kaiser-kuo-2018", "interview-manya-koetse-2018"]
TEN_WORDS = "one two three four five six seven eight nine ten"


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.delenv("ANNOTATE_WORKSPACE", raising=False)
    return make_workspace(tmp_path / "ws")


@pytest.fixture(scope="module")
def sample_copy(tmp_path_factory) -> Workspace:
    """A copy of the sample workspace (tests may add annotations to it)."""
    return Workspace(init_workspace(tmp_path_factory.mktemp("sample") / "ws", sample=True))


def code(workspace, episode, quote, tags, annotator, note=""):
    transcript = workspace.load_transcript(episode)
    start, end = span_of(transcript, quote)
    return store_of(workspace).add_annotation(new_annotation(transcript, start, end, tags, note=note, annotator=annotator))


# -- the statistics, against numbers worked out by hand --------------------------------------


def test_kappa_alpha_and_percent_match_a_small_example_worked_by_hand():
    # Ten units; 0 is "no code". Coder A: x x x x 0 0 0 0 0 0, coder B: x x x 0 0 0 0 0 0 y.
    # Agreement on 8 of 10 units. Kappa: p_e = .4*.3 + .6*.6 = .48, (.8 - .48) / .52 = 0.6154.
    # Alpha: coincidences o_xx=6, o_00=10, o_x0=o_0x=o_0y=o_y0=1; n_x=7, n_0=12, n_y=1, n=20;
    # 1 - (n-1) * 4 / (n^2 - 49 - 144 - 1) = 1 - 76/206 = 0.6311.
    first = np.array([1, 1, 1, 1, 0, 0, 0, 0, 0, 0])
    second = np.array([1, 1, 1, 0, 0, 0, 0, 0, 0, 2])
    assert cohen_kappa(first, second) == pytest.approx(0.32 / 0.52)
    assert krippendorff_alpha(np.vstack([first, second])) == pytest.approx(1 - 76 / 206)
    assert percent_agreement(np.vstack([first, second])) == pytest.approx(0.8)


@pytest.mark.parametrize("coders", [2, 3])
@pytest.mark.parametrize("package_cells", [10**9, 0])
def test_alpha_equals_the_packages_own_on_the_raw_table(coders, package_cells):
    # Merging agreed units, or counting coincidences for a big table, must not change alpha:
    # compare with krippendorff on every unit as given.
    import krippendorff

    generator = np.random.default_rng(coders)
    truth = generator.integers(0, 6, 500)
    values = np.vstack([np.where(generator.random(500) < 0.7, truth, generator.integers(0, 6, 500)) for _ in range(coders)])
    expected = krippendorff.alpha(reliability_data=values.astype(float), level_of_measurement="nominal")
    assert krippendorff_alpha(values, package_cells=package_cells) == pytest.approx(expected)


def test_the_same_example_through_a_workspace_with_words_as_units(workspace):
    transcript = Transcript("ten", [Cue(0, 10_000, TEN_WORDS, "Counter")], TranscriptMetadata(title="Ten"))
    workspace.save_transcript(transcript)
    code(workspace, "ten", "one two three four", ["fraud-and-credit"], "ann")
    code(workspace, "ten", "one two three", ["fraud-and-credit"], "ben")
    code(workspace, "ten", "ten", ["media-myths"], "ben")
    report = measure_agreement(workspace, ["ann", "ben"])
    assert report.episodes == ["ten"] and report.units == 10
    assert report.overall.kappa == pytest.approx(0.32 / 0.52)
    assert report.overall.alpha == pytest.approx(1 - 76 / 206)
    assert report.overall.percent == pytest.approx(0.8)
    by_tag = {tag.tag: tag for tag in report.tags}
    # fraud-and-credit given or not: A 1111000000, B 1110000000: p_o .9, p_e .4*.3 + .6*.7 = .54.
    assert by_tag["fraud-and-credit"].scores.kappa == pytest.approx(0.36 / 0.46)
    assert by_tag["fraud-and-credit"].words == {"ann": 4, "ben": 3}
    assert set(by_tag) == {"takeaways", "fraud-and-credit", "themes", "media-myths"}
    assert [(passage.text, passage.codes) for passage in report.disagreements] == [
        ("four", {"ann": ["fraud-and-credit"], "ben": []}),
        ("ten", {"ann": [], "ben": ["media-myths"]}),
    ]


def test_identical_codings_agree_perfectly(sample_copy):
    # A third annotator who copies lena's coding of an episode exactly, passage for passage.
    episode = "interview-kaiser-kuo-2018"
    store = store_of(sample_copy)
    for annotation in store.annotations(episode):
        if annotation.annotator == "lena":
            transcript = sample_copy.load_transcript(episode)
            copy = new_annotation(transcript, annotation.anchor.start_offset, annotation.anchor.end_offset, annotation.tags, annotator="copy")
            store.add_annotation(copy)
    report = measure_agreement(sample_copy, ["lena", "copy"], episodes=[episode])
    assert (report.overall.kappa, report.overall.alpha, report.overall.percent) == (1.0, 1.0, 1.0)
    assert all(tag.scores.alpha == 1.0 and tag.scores.kappa == 1.0 for tag in report.tags)
    assert report.disagreements == []


def test_a_coder_whose_codes_are_shuffled_across_the_words_agrees_only_by_chance():
    # lena's real coding of two episodes, against the same codes dealt out to random words.
    workspace = Workspace(REPOSITORY)
    coding = load_coding(workspace, DOUBLE_CODED)
    transcripts = {episode: workspace.load_transcript(episode) for episode in DOUBLE_CODED}
    shuffled = []
    generator = random.Random(13)
    for episode, transcript in transcripts.items():
        spans = word_spans(transcript.text)
        per_word: list[tuple[str, ...]] = [()] * len(spans)
        for passage in coding.passages:
            if passage.episode == episode and passage.annotator == "lena":
                for index, (start, end) in enumerate(spans):
                    if start < passage.end_offset and passage.start_offset < end:
                        per_word[index] = tuple(sorted(set(per_word[index]) | set(passage.tags)))
        generator.shuffle(per_word)
        for index, ((start, end), tags) in enumerate(zip(spans, per_word)):
            if tags:
                shuffled.append(CodedPassage(f"s{episode}{index}", episode, "shuffler", None, 0, 0, start, end, tags, "", ""))
    coding.passages += shuffled
    report = agreement_of(coding, ["lena", "shuffler"], transcripts)
    assert abs(report.overall.alpha) < 0.05
    assert abs(report.overall.kappa) < 0.05
    assert report.overall.percent > 0.5  # mostly uncoded words agree, which alpha discounts


def test_the_sample_agreement_is_partial_on_the_double_coded_episodes():
    report = measure_agreement(Workspace(REPOSITORY), ["lena", "tomas"], episodes=DOUBLE_CODED)
    assert 0.2 < report.overall.alpha < 0.8
    assert 0.2 < report.overall.kappa < 0.8
    assert any(tag.scores.alpha is not None and tag.scores.alpha > 0.5 for tag in report.tags)
    assert any(tag.scores.alpha is not None and tag.scores.alpha < 0.3 for tag in report.tags)
    worst = report.disagreements[0]
    assert worst.words > 50 and worst.codes["lena"] != worst.codes["tomas"]


def test_agreement_refuses_unknown_or_single_annotators(workspace):
    code(workspace, "episode-one", "not one system at all", ["media-myths"], "ann")
    with pytest.raises(AnnotateError, match="no annotations by 'zoe' \\(annotators: ann\\)"):
        measure_agreement(workspace, ["ann", "zoe"])
    with pytest.raises(AnnotateError, match="two annotators or more"):
        measure_agreement(workspace, ["ann", "ANN"])
    code(workspace, "episode-two", "not one system at all", ["media-myths"], "ben")
    with pytest.raises(AnnotateError, match="no episode they all coded"):
        measure_agreement(workspace, ["ann", "ben"])


def test_fleiss_kappa_matches_the_textbook_example():
    # Fleiss (1971) as worked on Wikipedia: 10 subjects, 14 raters, 5 categories; kappa 0.210.
    table = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
             [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]
    # Which rater gave which value does not matter to Fleiss' kappa: deal each subject's values out in order.
    values = np.array([[category for category, count in enumerate(row) for _ in range(count)] for row in table]).T
    assert fleiss_kappa(values) == pytest.approx(0.2099, abs=5e-4)
    assert fleiss_kappa(np.zeros((3, 8), dtype=np.int64)) is None  # every value the same: undefined
    assert fleiss_kappa(np.array([[0, 1, 2, 1], [0, 1, 2, 1], [0, 1, 2, 1]])) == pytest.approx(1.0)


def test_three_coders_get_fleiss_kappa_and_alpha(sample_copy):
    episode = "interview-manya-koetse-2018"
    code(sample_copy, episode, "Rongcheng is a local experiment.", ["local-ecosystem"], "mira")
    report = measure_agreement(sample_copy, ["lena", "tomas", "mira"], episodes=[episode])
    pair = measure_agreement(sample_copy, ["lena", "tomas"], episodes=[episode])
    # A third coder who coded one sentence only pulls the chance-corrected agreement down.
    assert report.overall.kappa is not None and report.overall.alpha is not None
    assert report.overall.kappa < pair.overall.kappa
    assert set(report.disagreements[0].codes) == {"lena", "tomas", "mira"}


# -- frequencies and co-occurrence ----------------------------------------------------------


def test_counts_equal_what_export_exports_for_each_tag_and_group():
    workspace = Workspace(REPOSITORY)
    coding = load_coding(workspace)
    for by, field in (("episode", "episode"), ("speaker", "speaker"), ("annotator", "annotator")):
        table = frequencies(coding, by=by)
        for row in table.rows:
            exported = select_quotes(workspace, tags=[row.tag])
            assert row.total == len(exported), row.tag
            for group in table.groups:
                in_group = [quote for quote in exported if (getattr(quote, field) or "(no speaker)") == group]
                assert row.count(group) == len(in_group), (row.tag, group)


def test_a_parent_counts_each_passage_below_it_once(workspace):
    code(workspace, "episode-one", "not one system at all", ["fraud-and-credit", "public-reception"], "ann")
    code(workspace, "episode-one", "patchwork of local pilots", ["corporate-scs"], "ann")
    code(workspace, "episode-two", "patchwork of local pilots", ["takeaways"], "ann")
    rows = {row.tag: row.total for row in frequencies(load_coding(workspace)).rows}
    assert rows == {
        "takeaways": 2, "fraud-and-credit": 1, "public-reception": 1, "themes": 1, "corporate-scs": 1, "media-myths": 0,
    }
    assert tag_counts(workspace, load_coding(workspace).taxonomy)["takeaways"] == 2
    assert tag_counts(workspace)["takeaways"] == 1  # its own, which rename and remove act on
    only = frequencies(load_coding(workspace), tags=["themes"])
    assert [row.tag for row in only.rows] == ["themes", "corporate-scs", "media-myths"]
    with pytest.raises(AnnotateError, match="unknown tag 'theme'"):
        frequencies(load_coding(workspace), tags=["theme"])


def test_cooccurrence_counts_shared_and_overlapping_passages_of_one_annotator(workspace):
    code(workspace, "episode-one", "not one system at all", ["fraud-and-credit", "media-myths"], "ann")
    code(workspace, "episode-one", "it is not one system", ["public-reception"], "ann")  # overlaps the first
    code(workspace, "episode-one", "a patchwork of local pilots", ["media-myths"], "ann")  # overlaps neither
    code(workspace, "episode-one", "not one system", ["corporate-scs"], "ben")  # another annotator: not counted
    matrix = cooccurrence(load_coding(workspace))
    assert matrix.tags == ["fraud-and-credit", "public-reception", "corporate-scs", "media-myths"]
    assert matrix.count("fraud-and-credit", "media-myths") == 1
    assert matrix.count("media-myths", "fraud-and-credit") == 1
    assert matrix.count("public-reception", "fraud-and-credit") == 1
    assert matrix.count("public-reception", "media-myths") == 1
    assert matrix.count("media-myths", "media-myths") == 2
    assert matrix.count("corporate-scs", "fraud-and-credit") == 0
    assert matrix.record()["counts"][0] == [1, 1, 0, 1]


def test_orphaned_annotations_are_left_out_and_named(workspace):
    added = code(workspace, "episode-one", "not one system at all", ["media-myths"], "ann")
    transcript = workspace.load_transcript("episode-one")
    transcript.cues[2].text = "Something else entirely was said here by nobody."
    transcript.invalidate()
    workspace.save_transcript(transcript)
    from annotate.core.anchoring import reanchor_episode

    reanchor_episode(workspace, "episode-one")
    coding = load_coding(workspace)
    assert coding.passages == [] and added.id in coding.skipped[0]
