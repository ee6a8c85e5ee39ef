"""Quote matching: each kind of newsroom edit is found at the right place; misses return nothing."""

from __future__ import annotations

import os

import pytest

from annotate.core.errors import AnnotateError
from annotate.core.match import QuoteMatcher, match_in_transcript
from annotate.core.model import Cue, Transcript, Word
from annotate.core.normalize import split_ellipsis, tokenize
from annotate.core.workspace import Workspace

CUES = [
    ("Kaiser Kuo", "Welcome back to Sinica. Today we are talking about the social credit system."),
    ("Rogier Creemers", "Well, um, we've always said that it is not one system at all."),
    ("Rogier Creemers", "It's a patchwork of, you know, 43 pilot cities and, uh, hundreds of databases."),
    ("Rogier Creemers", "And by 2020 the government wanted all of those databases to be linked up."),
    ("Manya Koetse", "I don't think people in China are as worried about it as the foreign press is."),
    ("Manya Koetse", "Most people I talked to had never even heard of their own score."),
    ("Kaiser Kuo", "The blacklists are about court judgements, people who refuse to pay their debts."),
    ("Rogier Creemers", "Roughly ten percent of the cases concern, like, companies rather than individuals."),
    ("Manya Koetse", "Sesame Credit is a loyalty scheme, and it was never part of the government system."),
    ("Kaiser Kuo", "So the story in the western media was, I mean, largely a myth from the start."),
    ("Rogier Creemers", "The blacklists are about court judgements, and they are published online."),
    ("Manya Koetse", "Honestly the reception on Weibo was mostly indifferent, sometimes even positive."),
]


def make_transcript(episode_id: str = "sinica", cues=CUES) -> Transcript:
    return Transcript(
        episode_id,
        [Cue(index * 5000, index * 5000 + 4800, text, speaker) for index, (speaker, text) in enumerate(cues)],
    )


@pytest.fixture(scope="module")
def transcript() -> Transcript:
    return make_transcript()


def cue_of(transcript: Transcript, match) -> int:
    return transcript.cue_index_at(match.start_offset)


def best(transcript: Transcript, quote: str):
    found = match_in_transcript(transcript, quote)
    assert found, f"no match for {quote!r}"
    return found[0]


# -- normalisation ---------------------------------------------------------------------------


def test_normalisation_maps_each_term_back_to_its_original_characters():
    text = "We\u2019ve got 10% of the 2020 budget, um, it's the 3rd time."
    terms = tokenize(text)
    assert [term.text for term in terms] == [
        "we", "have", "got", "ten", "percent", "of", "the", "twenty", "twenty", "budget", "it", "is", "the", "third", "time",
    ]
    assert text[terms[0].start:terms[0].end] == "We\u2019ve"
    assert text[terms[3].start:terms[3].end] == "10%"


def test_fillers_and_stutters_are_soft():
    terms = tokenize("it was, you know, like the the best")
    soft = {term.text for term in terms if term.soft}
    assert {"you", "know", "like"} <= soft
    assert [term.soft for term in terms if term.text == "the"] == [True, False]
    # A word repeated across a sentence or a cue boundary is no stutter.
    assert not any(term.soft for term in tokenize("Main on green.\nMain chute is reefed. Reefed."))


def test_ellipsis_in_any_spelling_splits_a_quote():
    assert split_ellipsis("one two ... three four") == ["one two", "three four"]
    assert len(split_ellipsis("one two \u2026 three four [...] five")) == 3


# -- each kind of edit -----------------------------------------------------------------------


def test_exact_quote_found_with_speaker_time_and_original_text(transcript):
    match = best(transcript, "the government wanted all of those databases to be linked up")
    assert cue_of(transcript, match) == 3
    assert match.speaker == "Rogier Creemers"
    assert match.text == "the government wanted all of those databases to be linked up"
    assert match.text == transcript.text[match.start_offset:match.end_offset]
    assert match.first_word == "the" and match.last_word == "up"
    assert 15000 < match.start_ms < match.end_ms <= 19800
    assert match.score == 1.0


def test_dropped_fillers_punctuation_and_case(transcript):
    match = best(transcript, "IT'S A PATCHWORK OF 43 PILOT CITIES AND HUNDREDS OF DATABASES")
    assert cue_of(transcript, match) == 2
    assert match.first_word == "It's"
    assert match.score > 0.9


def test_contractions_either_way(transcript):
    expanded = best(transcript, "We have always said that it is not one system at all")
    assert cue_of(transcript, expanded) == 1 and expanded.first_word == "we've"
    contracted = best(transcript, "I dont think people in China are as worried about it as the foreign press")
    assert cue_of(transcript, contracted) == 4


def test_numbers_as_words_or_digits(transcript):
    assert cue_of(transcript, best(transcript, "by twenty twenty the government wanted all of those databases linked")) == 3
    assert cue_of(transcript, best(transcript, "forty-three pilot cities and hundreds of databases")) == 2
    assert cue_of(transcript, best(transcript, "roughly 10 per cent of the cases concern companies rather than individuals")) == 7


def test_a_changed_word(transcript):
    match = best(transcript, "Most people I spoke to had never even heard of their own score")
    assert cue_of(transcript, match) == 5
    assert match.score < 1.0


def test_a_misheard_word(transcript):
    match = best(transcript, "the reception on Weibo was mostly indifferent, sometimes even positive")
    assert cue_of(transcript, match) == 11
    misheard = best(transcript, "the reception on Weebo was mostly indifferent, sometimes even positive")
    assert cue_of(transcript, misheard) == 11
    assert misheard.score < match.score


def test_an_ellipsis_cut_matches_both_sides_in_order(transcript):
    match = best(transcript, "We've always said that it is not one system ... hundreds of databases")
    assert cue_of(transcript, match) == 1
    assert transcript.cue_index_at(match.end_offset - 1) == 2
    assert match.last_word == "databases"


def test_a_quote_whose_first_word_ends_the_cue_before_starts_there():
    # The quote drops "firms" and its first word closes the previous cue: that is where it starts.
    transcript = make_transcript("relay", [
        ("A", "The weather was calm all morning over the range."),
        ("B", "It is probably closer to night now, everybody. On the foreign"),
        ("B", "Firms have their, their own channels, I know some way around that."),
    ])
    found = best(transcript, "Foreign have their own channels, I know some way")
    assert cue_of(transcript, found) == 1 and found.first_word == "foreign"
    assert 5000 <= found.start_ms < 9800  # in the second cue, not the third (10 s on)


def test_trimmed_ends(transcript):
    match = best(transcript, "people in China are as worried about it as the foreign")
    assert match.first_word == "people"
    assert match.last_word == "foreign"


def test_a_quote_over_three_cues(transcript):
    quote = ("it is not one system at all. It's a patchwork of 43 pilot cities and hundreds of databases. "
             "And by 2020 the government wanted all of those databases")
    match = best(transcript, quote)
    assert cue_of(transcript, match) == 1
    assert transcript.cue_index_at(match.end_offset - 1) == 3
    assert match.start_ms < 10000 < match.end_ms


def test_word_times_are_used_when_the_cue_has_them():
    cue = Cue(0, 4000, "alpha bravo charlie delta echo foxtrot", "Ops",
              words=[Word(i * 500, i * 500 + 400, word) for i, word in enumerate("alpha bravo charlie delta echo foxtrot".split())])
    match = best(Transcript("ops", [cue]), "charlie delta echo")
    assert (match.start_ms, match.end_ms) == (1000, 2400)


def test_a_quote_said_twice_returns_both_ranked(transcript):
    found = match_in_transcript(transcript, "The blacklists are about court judgements, people who")
    assert [cue_of(transcript, match) for match in found[:2]] == [6, 10]
    assert found[0].score > found[1].score
    assert found[0].runner_up_score == found[1].score


def test_never_said_quotes_return_nothing(transcript):
    assert match_in_transcript(transcript, "the government has admitted that the social credit scores are fake") == []
    # Two real halves joined together were still never said.
    assert match_in_transcript(transcript, "Sesame Credit is a loyalty scheme published by court judgements online") == []
    assert match_in_transcript(transcript, "the western media wanted all of those pilot cities to be indifferent") == []


@pytest.mark.parametrize("quote", ["system", "the", "it is not one", "Sinica!", "Sesame Credit", "in the D"])
def test_a_quote_too_short_is_refused_with_a_clear_message(transcript, quote):
    with pytest.raises(AnnotateError, match="too short to place"):
        match_in_transcript(transcript, quote)


@pytest.mark.parametrize(("quote", "cue"), [("reception on Weibo", 11), ("was never part of", 8), ("Honestly the recepton", 11)])
def test_a_short_but_distinctive_quote_is_placed(transcript, quote, cue):
    # Two content words or fewer, but only one passage fits: no reason to refuse it.
    match = best(transcript, quote)
    assert cue_of(transcript, match) == cue


def test_a_short_quote_said_in_two_places_returns_both_saying_it_occurs_twice(transcript):
    # "The blacklists are about court" opens cues 6 and 10 alike: both are true answers, earliest first.
    found = match_in_transcript(transcript, "The blacklists are about court")
    assert [cue_of(transcript, match) for match in found[:2]] == [6, 10]
    assert found[0].occurrences == found[1].occurrences == 2
    # A few more words make it distinctive again.
    only = match_in_transcript(transcript, "The blacklists are about court judgements, and they are published")
    assert cue_of(transcript, only[0]) == 10 and only[0].occurrences == 1


def test_a_short_quote_never_said_returns_nothing(transcript):
    assert match_in_transcript(transcript, "reception on Twitter") == []


# -- workspaces, several episodes and the cache --------------------------------------------


def test_workspace_matcher_narrows_to_episodes_and_reuses_its_cache(workspace_dir):
    workspace = Workspace(workspace_dir)
    workspace.save_transcript(make_transcript("sinica"))
    other = [("Host", "Nothing here is about credit, only about cooking rice and beans every single day.")]
    workspace.save_transcript(make_transcript("cooking", other))
    steps = []
    matcher = QuoteMatcher.for_workspace(workspace, progress=steps.append)
    assert [step.rebuilt for step in steps] == [True, True]
    assert matcher.match("cooking rice and beans every single day")[0].episode == "cooking"
    only_sinica = QuoteMatcher.for_workspace(workspace, episodes=["sinica"])
    assert only_sinica.match("cooking rice and beans every single day") == []

    steps.clear()
    again = QuoteMatcher.for_workspace(workspace, progress=steps.append)
    assert steps and not any(step.rebuilt for step in steps)
    assert again.match("cooking rice and beans every single day")[0].episode == "cooking"
    (whole_index,) = (workspace.cache_dir / "match").glob("index-*")

    # A corrected transcript is re-indexed, and only that one.
    corrected = make_transcript("cooking", [("Host", "Today we cook noodles with garlic and a lot of chili oil.")])
    workspace.save_transcript(corrected)
    path = workspace.transcript_path("cooking")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10_000_000))
    steps.clear()
    matcher = QuoteMatcher.for_workspace(workspace, progress=steps.append)
    assert {step.episode: step.rebuilt for step in steps} == {"cooking": True, "sinica": False}
    assert not whole_index.exists() and len(list((workspace.cache_dir / "match").glob("index-*"))) == 1
    assert matcher.match("we cook noodles with garlic and a lot of chili oil")[0].episode == "cooking"
    assert matcher.match("cooking rice and beans every single day") == []


def test_unknown_episode_is_refused(workspace_dir):
    workspace = Workspace(workspace_dir)
    workspace.save_transcript(make_transcript("sinica"))
    with pytest.raises(AnnotateError, match="no episode 'nope'"):
        QuoteMatcher.for_workspace(workspace, episodes=["nope"])


def test_an_unreadable_transcript_is_reported_and_the_rest_still_searched(workspace_dir):
    workspace = Workspace(workspace_dir)
    workspace.save_transcript(make_transcript("sinica"))
    workspace.transcript_path("broken").write_text("not a vtt file\n", encoding="utf-8")
    matcher = QuoteMatcher.for_workspace(workspace)
    assert [error.line for error in matcher.errors] == [1]
    assert "broken.vtt" in str(matcher.errors[0])
    assert matcher.match("Sesame Credit is a loyalty scheme")[0].episode == "sinica"


def test_cache_of_a_removed_episode_is_dropped(workspace_dir):
    workspace = Workspace(workspace_dir)
    workspace.save_transcript(make_transcript("sinica"))
    workspace.save_transcript(make_transcript("old", [("Host", "An episode that will be deleted from the workspace soon.")]))
    QuoteMatcher.for_workspace(workspace)
    cached = workspace.cache_dir / "match" / "old.npz"
    assert cached.is_file()
    workspace.transcript_path("old").unlink()
    QuoteMatcher.for_workspace(workspace)
    assert not cached.exists()


def test_times_speakers_and_text_from_the_index_agree_with_the_transcript():
    # A match's times, speaker and text come from the index's cue columns, not from the transcript:
    # they must say exactly what the transcript says, across cues, with non-ASCII text and word times.
    import random

    from annotate.core.model import Word

    cues = [Cue(0, 4000, "Zürich’s courts — “blacklists” of 失信 debtors", "Ann"),
            Cue(4100, 9000, "are published, and published again", None),
            Cue(9000, 12000, "word times here", "Bo", [Word(9000, 9500, "word"), Word(9600, 10000, "times"), Word(10100, 12000, "here")])]
    transcript = Transcript("t", cues)
    matcher = QuoteMatcher.for_transcripts([transcript])
    rng = random.Random(3)
    for _ in range(200):
        start = rng.randrange(len(transcript.text))
        end = rng.randrange(start + 1, len(transcript.text) + 1)
        view = matcher.passages.view(0, start, end)
        assert view.text == transcript.text[start:end]
        assert view.start_ms == transcript.time_at(start) and view.end_ms == transcript.time_at(end, end=True)
        assert view.speaker == transcript.cues[transcript.cue_index_at(start)].speaker
