"""The search screen: results as you type from the core search, Enter returns the hit."""

from __future__ import annotations

import pytest

from annotate.tui.screens.search_screen import SearchScreen, as_you_type, highlighted_snippet
from tests.tui.screen_host import PENDING, ScreenHost, annotate_passage, make_workspace, settle, stop_blinking


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.delenv("ANNOTATE_WORKSPACE", raising=False)
    return make_workspace(tmp_path / "ws")


def test_snippet_marks_become_styled_spans():
    content = highlighted_snippet("the \x02Sesame\x03 score and \x02credit\x03.", style="bold")
    assert content.plain == "the Sesame score and credit."
    styled = [content.plain[span.start : span.end] for span in content.spans]
    assert styled == ["Sesame", "credit"]


@pytest.mark.parametrize(
    ("typed", "searched"),
    [
        ("black", "black*"),
        ("social cred", "social cred*"),
        ("fraud ", "fraud "),
        ('"social cred', '"social cred'),
        ("tag:fraud", "tag:fraud"),
        ("trust -sesa", "trust -sesa"),
        ("pun*", "pun*"),
    ],
)
def test_the_word_being_typed_is_a_prefix(typed, searched):
    assert as_you_type(typed) == searched


async def test_a_half_typed_word_already_finds_hits(workspace):
    app = ScreenHost(lambda: SearchScreen(workspace))
    async with app.run_test() as pilot:
        await pilot.press(*"blackl")
        await settle(pilot)
        assert len(app.screen.hits) == 2


async def test_typing_shows_hits_and_enter_returns_the_highlighted_one(workspace):
    app = ScreenHost(lambda: SearchScreen(workspace))
    async with app.run_test() as pilot:
        await pilot.press(*"sesame")
        await settle(pilot)
        screen = app.screen
        assert [hit.episode for hit in screen.hits] == ["sinica-social-credit-live-2018"]
        assert "1 hit" in str(screen.query_one("#search-status").render())
        await pilot.press("enter")
        await pilot.pause()
    hit = app.result
    assert hit.episode == "sinica-social-credit-live-2018"
    assert hit.start_ms == 9000
    assert "Sesame Credit" in hit.text


async def test_a_newer_query_replaces_the_results(workspace):
    app = ScreenHost(lambda: SearchScreen(workspace))
    async with app.run_test() as pilot:
        await pilot.press(*"blacklists")
        await settle(pilot)
        assert len(app.screen.hits) == 2
        await pilot.press("down")
        await pilot.press(*(["backspace"] * len("blacklists")), *"welcome")
        await settle(pilot)
        episodes_and_times = [(hit.episode, hit.start_ms) for hit in app.screen.hits]
        assert ("sinica-social-credit-live-2018", 0) in episodes_and_times
        assert all("lacklist" not in hit.text for hit in app.screen.hits)


async def test_a_hit_in_a_note_is_shown_as_a_note(workspace):
    annotate_passage(workspace, "sinica-social-credit-live-2018", "Sesame Credit", ["sesame-credit-confusion"], note="Alipay score")
    app = ScreenHost(lambda: SearchScreen(workspace))
    async with app.run_test() as pilot:
        await pilot.press(*"alipay")
        await settle(pilot)
        (hit,) = app.screen.hits
        shown = app.screen.query_one("#results").get_option_at_index(0).prompt.plain
        await pilot.press("enter")
        await pilot.pause()
    assert "note: Alipay score" in shown
    assert app.result == hit and hit.start_ms == 9000


async def test_no_hits_says_so_and_enter_does_nothing(workspace):
    app = ScreenHost(lambda: SearchScreen(workspace))
    async with app.run_test() as pilot:
        await pilot.press(*"zeppelin")
        await settle(pilot)
        assert "no hits" in str(app.screen.query_one("#search-status").render())
        await pilot.press("enter")
        await pilot.pause()
        assert app.result is PENDING


async def test_escape_cancels(workspace):
    app = ScreenHost(lambda: SearchScreen(workspace))
    async with app.run_test() as pilot:
        await pilot.press(*"trust")
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None


def test_snapshot_search(snap_compare, workspace):
    app = ScreenHost(lambda: SearchScreen(workspace))

    async def type_a_query(pilot):
        stop_blinking(pilot.app)
        await pilot.press(*"blacklists")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=type_a_query)
