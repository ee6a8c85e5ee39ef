"""Famous lines as people misquote them, on real NASA transcripts: each kind of distortion is placed,
a line said in two places is found in both, never-said lines stay unplaced, and a paraphrase is
taken to the passage it summarises (as the closest passages, never as "said here")."""

from __future__ import annotations

import json

import pytest

from annotate.cli import main
from annotate.core.errors import AnnotateError
from annotate.core.match import QuoteMatcher
from annotate.core.workspace import Workspace
from tests.test_match import make_transcript

EPISODES = ("apollo11_TEC", "apollo11_CM_onboard", "apollo13_TEC", "mercury3_ATG", "mercury6_TEC")


@pytest.fixture(scope="module")
def nasa(corpus_path):
    from annotate.core.formats import read_transcript

    folder = corpus_path / "real-transcripts" / "spacelog-nasa"
    transcripts = {name: read_transcript(folder / f"{name}.txt").transcript for name in EPISODES}
    return transcripts, QuoteMatcher.for_transcripts(transcripts.values())


@pytest.fixture(scope="module")
def corpus_path():
    from tests.conftest import CORPUS

    if not CORPUS.is_dir():
        pytest.skip(f"third-party corpus not found at {CORPUS} (set ANNOTATE_CORPUS)")
    return CORPUS


def places(nasa, found) -> list[tuple[str, str]]:
    """Each place as (episode, the text of the cue it starts in)."""
    transcripts, _ = nasa
    return [(place.episode, transcripts[place.episode].cues[transcripts[place.episode].cue_index_at(place.start_offset)].text)
            for place in found]


def only_place(nasa, quote: str) -> tuple[str, str]:
    _, matcher = nasa
    found = matcher.match(quote)
    assert found, f"not placed: {quote}"
    assert found[0].occurrences == 1
    return places(nasa, found)[0]


def test_a_line_heard_on_two_recorders_is_found_in_both_saying_it_occurs_twice(nasa):
    _, matcher = nasa
    found = matcher.match("Houston, Tranquility Base here. The Eagle has landed.")
    assert found[0].occurrences == 2
    assert {episode for episode, _ in places(nasa, found[:2])} == {"apollo11_TEC", "apollo11_CM_onboard"}


def test_a_cut_made_without_an_ellipsis_inside_one_turn_is_placed(nasa):
    # Said: "I see a lot of particles out there, but a lot of that stuff is still drifting away from us".
    episode, cue = only_place(nasa, "I see a lot of particles out there, still drifting away from us.")
    assert episode == "apollo13_TEC" and "I'm looking out of Fred's window" in cue


def test_several_changed_words_and_an_addition_in_a_short_quote_are_placed(nasa):
    # Said: "And there's one whole side of that spacecraft missing." (the next cue opens "Is that right?")
    episode, cue = only_place(nasa, "One whole side of the spacecraft is missing")
    assert episode == "apollo13_TEC" and cue.startswith("And there's one whole side")


def test_changed_words_and_a_dropped_clause_with_trimmed_ends_are_placed(nasa):
    # Said: "It's even perhaps easier than the simulations at one sixth g that we performed in the various
    # simulations on the ground."
    episode, cue = only_place(nasa, "It's even easier than the simulations at one-sixth g that we did on the ground.")
    assert episode == "apollo11_TEC" and cue.startswith("There seems to be no difficulty in moving around")


def test_an_inserted_aside_the_speaker_never_said_is_forgiven(nasa):
    _, matcher = nasa
    found = matcher.match("Houston, Tranquility Base here, and I can tell you, the Eagle has landed!")
    assert {episode for episode, _ in places(nasa, found[:found[0].occurrences])} == {"apollo11_TEC", "apollo11_CM_onboard"}


def test_a_quote_after_a_repeated_start_and_with_a_cleaned_up_word_is_placed(nasa):
    # Said: "I'd rather sleep, I'd rather sleep with the probe and drogue than have to dick with it in the morning."
    episode, cue = only_place(nasa, "I'd rather sleep with the probe and drogue than have to deal with it in the morning.")
    assert episode == "apollo11_CM_onboard" and cue.startswith("I'll be glad to sleep over there")


def test_words_left_out_inside_a_line_do_not_sink_a_famous_misquote(nasa):
    # Said at 02:09:24:12 by the CapCom: "It's slowly going to zero, and we're starting to think about the LM lifeboat."
    _, matcher = nasa
    found = matcher.match("It's slowly going to zero and we're thinking about the lifeboat")
    assert found and found[0].occurrences == 1
    assert (found[0].episode, found[0].start_ms, found[0].speaker) == ("apollo13_TEC", 206_652_000, "CC")
    assert found[0].text.endswith("the LM lifeboat")


@pytest.mark.parametrize("quote", [
    "Failure is not an option.",
    "Houston, we have a problem with the oxygen tank.",
    "There is one whole tank of oxygen missing from the service module.",
    "The Eagle has landed safely in the Sea of Tranquility, and we are all fine.",
])
def test_never_said_lines_in_the_same_style_stay_unplaced(nasa, quote):
    _, matcher = nasa
    assert matcher.match(quote) == []


def test_a_paraphrase_is_taken_to_the_cue_that_carries_its_content(nasa):
    _, matcher = nasa
    paraphrase = "Lovell said that looking out through the hatch he could see the spacecraft venting something into space."
    closest = matcher.reworded(paraphrase, top=3)
    # Not a cue before, which shares a word or two: the one that says it.
    episode, cue = places(nasa, closest[:1])[0]
    assert episode == "apollo13_TEC" and cue.startswith("That's AC, okay. Yes, that's good AC")
    # The default mode still says this was never said in these words.
    assert matcher.match(paraphrase) == []


def test_a_paraphrase_starts_at_the_cue_that_reads_out_what_an_earlier_cue_only_names(nasa):
    # The cue two before ("Neil is now unveiling the plaque ... gear") shares words, but says nothing the reading lacks.
    _, matcher = nasa
    closest = matcher.reworded("Armstrong read the plaque on the landing gear: men from Earth first set foot on the Moon "
                               "and came in peace for all mankind.", top=3)
    episode, cue = places(nasa, closest[:1])[0]
    assert episode == "apollo11_TEC" and cue.startswith("For those who haven't read the plaque")
    assert closest[0].start_ms == 395_560_000 and closest[0].cues == 1


def test_a_paraphrase_writing_a_word_closed_finds_it_transcribed_hyphenated(nasa):
    # Said: "Ahh, Roger; lift-off and the clock is started" (Shepard, two seconds in).
    _, matcher = nasa
    closest = matcher.reworded("Shepard confirmed the liftoff and that the mission clock had started.", top=3)
    assert places(nasa, closest[:1]) == [("mercury3_ATG", "Ahh, Roger; lift-off and the clock is started")]
    assert closest[0].start_ms == 2000


def test_a_paraphrase_finds_a_word_in_another_form_even_a_common_one():
    # "thinking" in the summary is "think" in the transcript: the cue that says it beats a shorter one with "pressure" alone.
    transcript = make_transcript("shift", [
        ("A", "Well, I think the cabin pressure is holding up fine for the rest of the evening shift."),
        ("B", "Pressure logged."),
    ])
    closest = QuoteMatcher.for_transcripts([transcript]).reworded("She was thinking about the pressure.", top=2)
    assert closest[0].text.startswith("Well, I think the cabin pressure")


def test_a_paraphrase_with_too_few_words_is_refused(nasa):
    _, matcher = nasa
    with pytest.raises(AnnotateError, match="too few words"):
        matcher.reworded("the spacecraft")


# -- the command line -----------------------------------------------------------------------


@pytest.fixture
def workspace(workspace_dir):
    workspace = Workspace(workspace_dir)
    workspace.save_transcript(make_transcript("sinica"))
    return workspace


def test_reworded_json_lists_closest_passages_and_never_matches(workspace, capsys):
    code = main(["--workspace", str(workspace.root), "match", "--reworded", "--json", "--top", "2",
                 "Creemers thinks the system is a patchwork of pilot cities rather than one score"])
    result = json.loads(capsys.readouterr().out)
    assert code == 0 and "matches" not in result[0]
    assert 1 <= len(result[0]["closest"]) <= 2
    assert "patchwork" in result[0]["closest"][0]["text"]


def test_reworded_table_says_closest_passages_not_said_here(workspace, capsys):
    main(["--workspace", str(workspace.root), "match", "--reworded", "a patchwork of pilot cities and their lists"])
    out = capsys.readouterr().out
    assert "closest passages" in out and "not a claim that it was said" in out


def test_match_tag_leaves_a_quote_said_in_two_places_untagged_unless_all_places(workspace, capsys):
    from tests.annotation_helpers import store_of
    from annotate.core.model import Tag
    from annotate.core.taxonomy import add_tag

    add_tag(workspace, Tag("court", "Court"))
    arguments = ["--workspace", str(workspace.root), "match", "--json", "The blacklists are about court", "--tag", "court"]
    code = main(arguments)
    captured = capsys.readouterr()
    result = json.loads(captured.out)
    assert code == 0 and result[0]["occurrences"] == 2 and "annotation" not in result[0]
    assert "fits 2 places" in captured.err and store_of(workspace).annotations("sinica") == []
    code = main([*arguments, "--all-places"])
    result = json.loads(capsys.readouterr().out)
    assert code == 0 and len(result[0]["annotations"]) == 2
    assert len(store_of(workspace).annotations("sinica")) == 2
