"""Search across episodes: the query language, filters, ranking, snippets and a fresh index."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from annotate.cli import main
from annotate.core.errors import AnnotateError
from annotate.core.model import Cue, Transcript, TranscriptMetadata
from annotate.core.search import HIGHLIGHT_END, HIGHLIGHT_START, search
from annotate.core.search_index import index_path
from annotate.core.workspace import Workspace


def add_episode(workspace: Workspace, episode: str, lines: list[tuple[str, str]], date: str = "") -> None:
    """Save a transcript whose cues are (speaker, text) pairs, four seconds each."""
    cues = [Cue(index * 4000, index * 4000 + 4000, text, speaker) for index, (speaker, text) in enumerate(lines)]
    workspace.save_transcript(Transcript(episode, cues, TranscriptMetadata(title=episode, date=date)))


@pytest.fixture
def workspace(workspace_dir: Path) -> Workspace:
    workspace = Workspace(workspace_dir)
    add_episode(
        workspace,
        "live-2018",
        [
            ("Kaiser Kuo", "Welcome to the live taping of Sinica in Zürich."),
            ("Rogier Creemers", "Companies were punished for fraud under the social credit system."),
            ("Manya Koetse", "Credit scores and social media are different things."),
            ("Kaiser Kuo", "Sesame Credit is a loyalty programme, not the state system."),
        ],
        date="2018-10-31",
    )
    add_episode(
        workspace,
        "update-2019",
        [
            ("Manya Koetse", "Public reception of the social credit system on Weibo was mostly positive."),
            ("Manya Koetse", "People punish dishonest behaviour with blacklists."),
        ],
        date="2019-05-14",
    )
    add_episode(
        workspace,
        "webcast-2020",
        [("Mirjam Meissner", "The corporate social credit system reached its 2020 deadline.")],
        date="2020-03-01",
    )
    return workspace


def texts(hits) -> list[str]:
    return [hit.text for hit in hits]


def test_words_must_all_appear_in_any_order(workspace):
    hits = search(workspace, "system credit")
    assert sorted(texts(hits)) == sorted(
        [
            "Companies were punished for fraud under the social credit system.",
            "Sesame Credit is a loyalty programme, not the state system.",
            "Public reception of the social credit system on Weibo was mostly positive.",
            "The corporate social credit system reached its 2020 deadline.",
        ]
    )


def test_a_quoted_phrase_needs_its_words_in_order(workspace):
    hits = search(workspace, '"social credit"')
    assert "Credit scores and social media are different things." not in texts(hits)
    assert len(hits) == 3
    # Without quotes the same words match in any order.
    assert "Credit scores and social media are different things." in texts(search(workspace, "social credit"))


def test_a_minus_excludes_words_and_phrases(workspace):
    assert sorted(texts(search(workspace, "credit -sesame -corporate -weibo"))) == [
        "Companies were punished for fraud under the social credit system.",
        "Credit scores and social media are different things.",
    ]
    assert "Credit scores and social media are different things." not in texts(search(workspace, 'credit -"social media"'))


def test_only_exclusions_list_every_other_cue(workspace):
    hits = search(workspace, "-credit episode:live-2018")
    assert texts(hits) == ["Welcome to the live taping of Sinica in Zürich."]


def test_stemming_finds_other_forms_of_a_word(workspace):
    assert sorted(texts(search(workspace, "punish"))) == [
        "Companies were punished for fraud under the social credit system.",
        "People punish dishonest behaviour with blacklists.",
    ]
    assert texts(search(workspace, "blacklist")) == ["People punish dishonest behaviour with blacklists."]


def test_case_and_accents_are_folded(workspace):
    assert texts(search(workspace, "ZURICH")) == ["Welcome to the live taping of Sinica in Zürich."]
    add_episode(workspace, "accents", [(None, "A talk in Zurich about trust.")])
    assert len(search(workspace, "zürich")) == 2


def test_a_prefix_with_a_star(workspace):
    assert texts(search(workspace, "reach*")) == ["The corporate social credit system reached its 2020 deadline."]


def test_speaker_filter_is_a_case_insensitive_substring(workspace):
    hits = search(workspace, "credit speaker:koetse")
    assert {hit.speaker for hit in hits} == {"Manya Koetse"}
    assert len(hits) == 2
    assert len(search(workspace, 'credit speaker:"manya koetse"')) == 2
    assert search(workspace, "credit speaker:nobody") == []
    assert {hit.speaker for hit in search(workspace, "credit -speaker:koetse")} == {
        "Rogier Creemers", "Kaiser Kuo", "Mirjam Meissner"
    }


def test_a_filter_alone_lists_cues_in_order(workspace):
    hits = search(workspace, 'speaker:"Kaiser Kuo"')
    assert [(hit.episode, hit.cue_index) for hit in hits] == [("live-2018", 0), ("live-2018", 3)]
    assert all(hit.score == 0 for hit in hits)


def test_episode_filter_exact_or_substring(workspace):
    assert {hit.episode for hit in search(workspace, "credit episode:update-2019")} == {"update-2019"}
    assert {hit.episode for hit in search(workspace, "credit episode:20")} == {"live-2018", "update-2019", "webcast-2020"}
    assert {hit.episode for hit in search(workspace, "credit -episode:live-2018")} == {"update-2019", "webcast-2020"}
    with pytest.raises(AnnotateError, match="no episode id is or contains 'nothing-like-it'"):
        search(workspace, "credit episode:nothing-like-it")  # a typo is said, as for tag:


def test_date_filters_take_partial_dates(workspace):
    assert {hit.episode for hit in search(workspace, "credit after:2019")} == {"update-2019", "webcast-2020"}
    assert {hit.episode for hit in search(workspace, "credit before:2019")} == {"live-2018"}
    assert {hit.episode for hit in search(workspace, "credit after:2018-11 before:2020")} == {"update-2019"}
    assert {hit.episode for hit in search(workspace, "credit after:2019-05-14 before:2019-05-15")} == {"update-2019"}
    add_episode(workspace, "undated", [(None, "Social credit again.")])
    assert "undated" not in {hit.episode for hit in search(workspace, "credit after:2000")}


@pytest.mark.parametrize("query", ["after:19", "before:2019-13", "after:2019/01/01", "speaker:", 'tag:""'])
def test_a_malformed_filter_is_a_clear_error(workspace, query):
    with pytest.raises(AnnotateError):
        search(workspace, query)


def test_no_hit_is_an_empty_list(workspace):
    assert search(workspace, "xylophone") == []
    assert search(workspace, '"credit social system"') == []


@pytest.mark.parametrize(
    "query",
    [
        '"', '""', '"unbalanced', "credit*", "*", "NEAR(", "NEAR(credit system, 2)", "credit AND", "AND OR NOT",
        "credit:", ":credit", "^credit", "(credit", "credit)", "{credit}", "credit -", "- -", "'", "col:umn",
        'speaker:"unterminated', "--credit", "credit NOT system", "\x00", "text:credit", "rowid:1",
    ],
)
def test_fts_syntax_in_a_query_is_searched_as_text_never_an_error(workspace, query):
    # A query with no word left in it is refused plainly; anything else runs. SQLite never complains.
    try:
        hits = search(workspace, query)
    except AnnotateError as error:
        assert str(error).startswith("nothing to search for")
    else:
        assert isinstance(hits, list)


def test_fts_operator_words_are_searched_as_words(workspace):
    add_episode(workspace, "operators", [(None, "Trust AND verify, NOT blindly.")])
    assert texts(search(workspace, "AND NOT")) == ["Trust AND verify, NOT blindly."]
    assert texts(search(workspace, "NEAR(trust verify)")) == []


def test_the_snippet_marks_the_matching_words(workspace):
    (hit,) = search(workspace, "punished fraud")
    assert hit.snippet == (
        f"Companies were {HIGHLIGHT_START}punished{HIGHLIGHT_END} for {HIGHLIGHT_START}fraud{HIGHLIGHT_END} "
        "under the social credit system."
    )
    assert (hit.episode, hit.cue_index, hit.start_ms, hit.end_ms, hit.speaker) == ("live-2018", 1, 4000, 8000, "Rogier Creemers")


def test_better_matches_rank_first(workspace):
    add_episode(
        workspace,
        "ranking",
        [(None, "Trust is about trust, and more trust."), (None, "A long sentence that mentions trust once among many other words.")],
    )
    hits = search(workspace, "trust")
    assert hits[0].text == "Trust is about trust, and more trust."
    assert hits[0].score > hits[1].score


def test_limit(workspace):
    assert len(search(workspace, "credit", limit=2)) == 2
    assert search(workspace, "credit", limit=0) == []


def test_a_changed_transcript_is_reindexed_not_served_stale(workspace):
    assert search(workspace, "gerbil") == []
    add_episode(workspace, "webcast-2020", [("Mirjam Meissner", "A gerbil ate the deadline.")], date="2020-03-01")
    assert texts(search(workspace, "gerbil")) == ["A gerbil ate the deadline."]
    assert search(workspace, "corporate") == []


def test_a_changed_date_is_seen_by_date_filters(workspace):
    assert search(workspace, "corporate after:2021") == []
    metadata = workspace.metadata_path("webcast-2020")
    metadata.write_text(metadata.read_text(encoding="utf-8").replace("2020-03-01", "2021-01-01"), encoding="utf-8")
    assert len(search(workspace, "corporate after:2021")) == 1


def test_a_removed_transcript_leaves_the_index(workspace):
    assert search(workspace, "corporate")
    workspace.transcript_path("webcast-2020").unlink()
    assert search(workspace, "corporate") == []


def test_a_deleted_index_is_rebuilt(workspace):
    assert len(search(workspace, "credit")) == 5
    path = index_path(workspace)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    assert len(search(workspace, "credit")) == 5
    assert path.exists()


def test_a_damaged_index_is_rebuilt(workspace):
    search(workspace, "credit")
    path = index_path(workspace)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(b"this is not a database" * 100)
    assert len(search(workspace, "credit")) == 5


def test_an_unreadable_transcript_is_reported_and_the_rest_still_found(workspace):
    workspace.transcript_path("broken").write_text("not a vtt file\n", encoding="utf-8")
    warnings: list[str] = []
    assert len(search(workspace, "credit", warnings=warnings)) == 5
    assert len(warnings) == 1 and "broken.vtt:1:" in warnings[0]


def test_an_empty_query_is_an_error(workspace):
    with pytest.raises(AnnotateError):
        search(workspace, "   ")


def run_cli(capsys, workspace: Workspace, *arguments: str) -> tuple[int, str, str]:
    code = main(["--workspace", str(workspace.root), "search", *arguments])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_json_shape(workspace, capsys):
    code, out, _ = run_cli(capsys, workspace, "punished", "fraud", "--json")
    assert code == 0
    (hit,) = json.loads(out)
    assert hit["episode"] == "live-2018"
    assert (hit["start"], hit["end"]) == (4.0, 8.0)
    assert hit["speaker"] == "Rogier Creemers"
    assert hit["text"] == "Companies were punished for fraud under the social credit system."
    assert hit["score"] > 0
    assert hit["annotation"] is None and hit["tags"] == []
    assert HIGHLIGHT_START + "punished" + HIGHLIGHT_END in hit["snippet"]
    assert set(hit) >= {"episode", "start", "end", "speaker", "text", "score", "annotation"}


def test_cli_options_add_filters(workspace, capsys):
    code, out, _ = run_cli(capsys, workspace, "credit", "--speaker", "koetse", "--episode", "update-2019", "--json")
    assert code == 0
    assert [hit["text"] for hit in json.loads(out)] == [
        "Public reception of the social credit system on Weibo was mostly positive."
    ]


def test_cli_nothing_found_is_exit_zero_and_an_empty_list(workspace, capsys):
    assert run_cli(capsys, workspace, "xylophone", "--json")[:2] == (0, "[]\n")
    code, out, _ = run_cli(capsys, workspace, "xylophone")
    assert code == 0 and "No matches" in out


def test_cli_table_groups_by_episode_without_markers(workspace, capsys):
    code, out, _ = run_cli(capsys, workspace, "social", "credit", "system")
    assert code == 0
    lines = out.splitlines()
    assert "live-2018" in lines and "update-2019" in lines and "webcast-2020" in lines
    assert "Companies were punished for fraud under the social credit system." in out
    assert HIGHLIGHT_START not in out and "\033[" not in out


def test_cli_bad_query_is_exit_two_with_one_line(workspace, capsys):
    code, out, err = run_cli(capsys, workspace, "after:someday")
    assert code == 2 and out == ""
    assert err.startswith("annotate: error:") and len(err.strip().splitlines()) == 1


def test_search_command_imports_nothing_heavy(workspace):
    """A warm search must not load YAML, Textual, rapidfuzz, numpy, dataclasses or shutil (start-up time)."""
    import subprocess
    import sys

    search(workspace, "credit")  # build the index first: the warm case is what is measured
    script = (
        "import sys\nfrom annotate.cli import main\n"
        f"main(['--workspace', {str(workspace.root)!r}, 'search', 'credit', '--json'])\n"
        "heavy = [name for name in ('yaml', 'textual', 'rapidfuzz', 'numpy', 'dataclasses', 'typing', 'shutil', 'annotate.core.model') "
        "if name in sys.modules]\n"
        "print(heavy, file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env={**os.environ})
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "[]"


def test_fuzzy_places_a_quote_with_slips_and_across_cues(workspace):
    hits = search(workspace, "companies were punish for fraud under the social credit system credit scores", fuzzy=True)
    assert hits, "the quote matcher should place a quote with a slip in it"
    best = hits[0]
    assert (best.episode, best.cue_index, best.speaker) == ("live-2018", 1, "Rogier Creemers")
    assert best.snippet.startswith(HIGHLIGHT_START) and best.snippet.endswith(HIGHLIGHT_END)
    assert 0 < best.score <= 1


def test_fuzzy_keeps_to_the_filters(workspace):
    quote = "companies were punished for fraud under the social credit system"
    assert search(workspace, quote + " speaker:koetse", fuzzy=True) == []
    assert search(workspace, quote + " episode:update-2019", fuzzy=True) == []
    assert search(workspace, quote + " speaker:creemers after:2018", fuzzy=True)[0].episode == "live-2018"


def test_fuzzy_sees_a_changed_transcript(workspace):
    quote = "a gerbil ate the corporate deadline last year"
    assert search(workspace, quote, fuzzy=True) == []
    add_episode(workspace, "webcast-2020", [(None, "A gerbil ate the corporate deadline last year.")], date="2020-03-01")
    assert [hit.episode for hit in search(workspace, quote, fuzzy=True)] == ["webcast-2020"]


def test_cli_fuzzy_json(workspace, capsys):
    code, out, _ = run_cli(capsys, workspace, "--fuzzy", "--json", "people punish dishonest behaviour with blacklists")
    assert code == 0
    (hit,) = json.loads(out)
    assert (hit["episode"], hit["start"], hit["speaker"]) == ("update-2019", 4.0, "Manya Koetse")


# ------------------------------------------------------------------------------------------
# Annotations: tags, notes, annotators


@pytest.fixture
def annotated(workspace):
    """The workspace with a taxonomy and three annotations (two in live-2018, one in update-2019)."""
    from annotate.core.anchoring import new_annotation
    from tests.annotation_helpers import store_of
    from annotate.core.model import Tag, Taxonomy
    from annotate.core.taxonomy import save_taxonomy

    save_taxonomy(
        workspace,
        Taxonomy(
            [
                Tag("takeaways", "Takeaways"),
                Tag("fraud-and-credit", "Fraud and credit", parent="takeaways"),
                Tag("public-reception", "Public reception", parent="takeaways"),
                Tag("themes", "Themes"),
                Tag("corporate-scs", "Corporate SCS", parent="themes"),
            ]
        ),
    )
    store = store_of(workspace)
    live = workspace.load_transcript("live-2018")
    update = workspace.load_transcript("update-2019")

    def annotate(transcript, cue_index, tags, note, annotator):
        start = transcript.cue_offsets[cue_index]
        end = start + len(transcript.cues[cue_index].text)
        return store.add_annotation(new_annotation(transcript, start, end, tags, note=note, annotator=annotator))

    return {
        "fraud": annotate(live, 1, ["fraud-and-credit"], "Companies first: the contract-fraud origin story.", "lena"),
        "sesame": annotate(live, 3, ["corporate-scs"], "Sesame is commercial, not the state's.", "omar"),
        "reception": annotate(update, 0, ["public-reception", "corporate-scs"], "", "lena"),
    }


def test_a_hit_inside_an_annotated_passage_carries_its_id_and_tags(workspace, annotated):
    (hit,) = search(workspace, "punished fraud")
    assert hit.annotation_id == annotated["fraud"].id
    assert hit.tags == ("fraud-and-credit",)
    (plain,) = search(workspace, "welcome taping")
    assert plain.annotation_id is None and plain.tags == ()


def test_tag_filter_keeps_hits_in_passages_with_that_tag(workspace, annotated):
    assert texts(search(workspace, "credit tag:fraud-and-credit")) == [
        "Companies were punished for fraud under the social credit system."
    ]
    assert {hit.annotation_id for hit in search(workspace, "credit tag:corporate-scs")} == {
        annotated["sesame"].id, annotated["reception"].id
    }


def test_a_parent_tag_takes_in_its_children(workspace, annotated):
    hits = search(workspace, "credit tag:takeaways")
    assert {hit.annotation_id for hit in hits} == {annotated["fraud"].id, annotated["reception"].id}
    # The reception passage is tagged under both parents; the filter's own tag is the one shown.
    assert search(workspace, "reception tag:takeaways")[0].tags == ("public-reception", "corporate-scs")


def test_excluding_a_tag(workspace, annotated):
    hits = search(workspace, "credit -tag:themes")
    assert annotated["sesame"].id not in {hit.annotation_id for hit in hits}
    assert annotated["reception"].id not in {hit.annotation_id for hit in hits}
    assert "Credit scores and social media are different things." in texts(hits)


def test_a_tag_alone_lists_the_tagged_annotations(workspace, annotated):
    hits = search(workspace, "tag:takeaways")
    assert [(hit.kind, hit.annotation_id) for hit in hits] == [
        ("annotation", annotated["fraud"].id), ("annotation", annotated["reception"].id)
    ]
    assert hits[0].text == "Companies were punished for fraud under the social credit system."
    assert hits[0].note == "Companies first: the contract-fraud origin story."
    assert (hits[0].cue_index, hits[0].start_ms) == (1, 4000)
    assert [hit.episode for hit in search(workspace, "tag:takeaways after:2019")] == ["update-2019"]


def test_an_unknown_tag_is_an_error_naming_the_tags(workspace, annotated):
    with pytest.raises(AnnotateError, match="unknown tag 'fraud'.*fraud-and-credit"):
        search(workspace, "credit tag:fraud")


def test_annotator_filter(workspace, annotated):
    assert {hit.annotation_id for hit in search(workspace, "credit annotator:LENA")} == {
        annotated["fraud"].id, annotated["reception"].id
    }
    assert [hit.annotation_id for hit in search(workspace, "annotator:omar")] == [annotated["sesame"].id]
    assert search(workspace, "credit annotator:nobody") == []


def test_words_in_an_annotation_note_are_found(workspace, annotated):
    hits = search(workspace, "origin story")
    assert [(hit.kind, hit.annotation_id, hit.episode) for hit in hits] == [("annotation", annotated["fraud"].id, "live-2018")]
    assert HIGHLIGHT_START + "origin" + HIGHLIGHT_END in hits[0].snippet
    assert hits[0].text == "Companies were punished for fraud under the social credit system."


def test_a_changed_annotation_file_is_reindexed(workspace, annotated):
    from tests.annotation_helpers import store_of

    assert search(workspace, "credit tag:fraud-and-credit")
    store_of(workspace).remove_annotation(annotated["fraud"])
    assert search(workspace, "credit tag:fraud-and-credit") == []
    assert search(workspace, "origin story") == []
    (hit,) = search(workspace, "punished fraud")
    assert hit.annotation_id is None


def test_a_renamed_tag_is_searched_by_its_new_name(workspace, annotated):
    from annotate.core.taxonomy import rename_tag

    rename_tag(workspace, "fraud-and-credit", "fraud")
    assert [hit.annotation_id for hit in search(workspace, "credit tag:fraud")] == [annotated["fraud"].id]
    with pytest.raises(AnnotateError):
        search(workspace, "credit tag:fraud-and-credit")


def test_an_unreadable_annotation_file_is_reported(workspace, annotated):
    workspace.annotations_path("live-2018").write_text("schema: annotate/annotations@1\nannotations: [\n", encoding="utf-8")
    warnings: list[str] = []
    hits = search(workspace, "credit tag:corporate-scs", warnings=warnings)
    assert [hit.annotation_id for hit in hits] == [annotated["reception"].id]
    assert len(warnings) == 1 and "live-2018.yaml" in warnings[0]


def test_cli_json_carries_the_annotation(workspace, annotated, capsys):
    code, out, _ = run_cli(capsys, workspace, "punished", "--tag", "takeaways", "--json")
    assert code == 0
    (hit,) = json.loads(out)
    assert hit["annotation"] == annotated["fraud"].id and hit["tags"] == ["fraud-and-credit"]


def test_episode_filters_stay_right_after_an_episode_is_indexed_again(workspace):
    # Re-indexing gives live-2018's cues new ids after the others: the episode's stretch moves.
    add_episode(workspace, "live-2018", [("Kaiser Kuo", "Credit where credit is due.")], date="2018-10-31")
    assert texts(search(workspace, "credit episode:live-2018")) == ["Credit where credit is due."]
    assert {hit.episode for hit in search(workspace, "credit episode:20")} == {"live-2018", "update-2019", "webcast-2020"}
    assert {hit.episode for hit in search(workspace, "credit -episode:update-2019")} == {"live-2018", "webcast-2020"}
    assert [hit.episode for hit in search(workspace, "speaker:kuo episode:live-2018")] == ["live-2018"]


def test_a_tag_with_an_excluded_word_leaves_out_passages_that_say_it(workspace, annotated):
    assert [hit.annotation_id for hit in search(workspace, "tag:corporate-scs -weibo")] == [annotated["sesame"].id]
    assert [hit.annotation_id for hit in search(workspace, "tag:corporate-scs -commercial")] == [annotated["reception"].id]


def test_words_of_a_quote_alone_do_not_make_an_annotation_hit(workspace, annotated):
    # The quote's words are the cue's: one hit, the cue, carrying the annotation.
    assert [(hit.kind, hit.annotation_id) for hit in search(workspace, "companies punished")] == [("cue", annotated["fraud"].id)]


def test_tag_filters_follow_a_transcript_indexed_again(workspace, annotated):
    # New cue ids for live-2018 (a cue added in front): the tagged passage is found at its new place.
    transcript = workspace.load_transcript("live-2018")
    cues = [Cue(0, 1000, "A new opening line.", "Kaiser Kuo")] + [
        Cue(cue.start_ms + 1000, cue.end_ms + 1000, cue.text, cue.speaker) for cue in transcript.cues
    ]
    workspace.save_transcript(Transcript("live-2018", cues, transcript.metadata))
    (hit,) = search(workspace, "credit tag:fraud-and-credit")
    assert (hit.text, hit.cue_index, hit.annotation_id) == (
        "Companies were punished for fraud under the social credit system.", 2, annotated["fraud"].id
    )
