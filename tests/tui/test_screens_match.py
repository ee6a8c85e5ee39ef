"""The match screen: a pasted quote is placed by the core matcher; Enter returns the place."""

from __future__ import annotations

import pytest

from annotate.tui.screens.match_screen import MatchScreen
from tests.tui.screen_host import PENDING, ScreenHost, make_workspace, settle, stop_blinking


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.delenv("ANNOTATE_WORKSPACE", raising=False)
    return make_workspace(tmp_path / "ws")


def status_of(app) -> str:
    return str(app.screen.query_one("#match-status").render())


async def test_a_cited_quote_is_placed_and_enter_returns_the_place(workspace):
    app = ScreenHost(lambda: MatchScreen(workspace))
    async with app.run_test() as pilot:
        await settle(pilot)
        # As a press piece would print it: case, punctuation and a dropped word changed.
        app.screen.query_one("#quote").insert("The Social Credit System is about fraud and corruption")
        await settle(pilot)
        assert app.screen.places, status_of(app)
        await pilot.press("enter")
        await pilot.pause()
    match = app.result
    assert match.episode == "sinica-social-credit-live-2018"
    assert match.speaker == "Rogier Creemers"
    assert 4000 <= match.start_ms < 9000


async def test_a_quote_never_said_says_so(workspace):
    app = ScreenHost(lambda: MatchScreen(workspace))
    async with app.run_test() as pilot:
        await settle(pilot)
        app.screen.query_one("#quote").insert("Bananas grow best on the northern slopes of volcanic islands")
        await settle(pilot)
        assert app.screen.places == []
        assert "Not said in these transcripts" in status_of(app)
        await pilot.press("enter")
        await settle(pilot)
        assert app.result is PENDING


async def test_a_quote_too_short_to_place_is_an_inline_error(workspace):
    app = ScreenHost(lambda: MatchScreen(workspace))
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press(*"fraud")
        await settle(pilot)
        assert "short" in status_of(app)
        assert app.screen.query_one("#match-status").has_class("error")
        assert app.result is PENDING


async def test_only_the_given_episode_is_searched(workspace):
    app = ScreenHost(lambda: MatchScreen(workspace, episode="interview-manya-koetse-2018"))
    async with app.run_test() as pilot:
        await settle(pilot)
        app.screen.query_one("#quote").insert("the social credit system is mostly about fraud and corruption")
        await settle(pilot)
        assert app.screen.places == []
        assert "Not said in interview-manya-koetse-2018" in status_of(app)


async def test_ctrl_r_shows_the_closest_passages_to_a_paraphrase_never_said_here(workspace):
    paraphrase = "Creemers said the system is better seen as a patchwork of local blacklists than one national score"
    app = ScreenHost(lambda: MatchScreen(workspace))
    async with app.run_test() as pilot:
        await settle(pilot)
        app.screen.query_one("#quote").insert(paraphrase)
        await settle(pilot)
        assert app.screen.places == []  # never said in these words
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert app.screen.places, status_of(app)
        assert "closest passage" in status_of(app) and "not a claim that it was said" in status_of(app)
        assert "Not said" not in status_of(app)
        await pilot.press("enter")
        await pilot.pause()
    assert app.result.episode and app.result.text  # Enter goes to the passage, as for a match


async def test_escape_cancels(workspace):
    app = ScreenHost(lambda: MatchScreen(workspace))
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None


def test_snapshot_match(snap_compare, workspace):
    app = ScreenHost(lambda: MatchScreen(workspace))

    async def paste_a_quote(pilot):
        await settle(pilot)
        stop_blinking(pilot.app)
        pilot.app.screen.query_one("#quote").insert("Sesame credit is a commercial score, not the state's system")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=paste_a_quote)


async def test_down_moves_to_the_next_place_while_the_quote_box_keeps_focus(workspace):
    from annotate.core.model import Cue, Transcript, TranscriptMetadata

    sentence = "The social credit system is mostly about fraud and corruption."
    workspace.save_transcript(
        Transcript("repeat-2019", [Cue(0, 5000, sentence, "Kaiser Kuo")], TranscriptMetadata(title="Repeat"))
    )
    app = ScreenHost(lambda: MatchScreen(workspace))
    async with app.run_test() as pilot:
        await settle(pilot)
        app.screen.query_one("#quote").insert(sentence)
        await settle(pilot)
        places = [place.match.episode for place in app.screen.places]
        assert len(places) == 2, status_of(app)
        await pilot.press("down")
        assert app.screen.query_one("#places").highlighted == 1
        assert app.focused is app.screen.query_one("#quote")
        await pilot.press("enter")
        await pilot.pause()
    assert app.result.episode == places[1]
