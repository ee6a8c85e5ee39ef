"""Hostile input typed or pasted into the TUI's dialogs: an inline error, never a crash or a hang.

Not collected by pytest on its own: tests/test_hostile_input.py runs each case in a subprocess
under CPU-time and address-space limits (a dialog that spins or blows up fails there).
"""

from __future__ import annotations

import pytest

from annotate.tui.screens.goto_time import GotoTime
from annotate.tui.screens.match_screen import MatchScreen
from annotate.tui.screens.search_screen import SearchScreen
from tests.tui.screen_host import PENDING, ScreenHost, make_workspace, settle


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.delenv("ANNOTATE_WORKSPACE", raising=False)
    return make_workspace(tmp_path / "ws")


def _status(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def test_a_pasted_megabyte_query_is_refused_inline(workspace):
    app = ScreenHost(lambda: SearchScreen(workspace))
    async with app.run_test() as pilot:
        app.screen.query_one("#query").value = "social credit " * 80_000
        await settle(pilot)
        assert "too long" in _status(app, "#search-status")
        assert app.screen.query_one("#search-status").has_class("error")
        app.screen.query_one("#query").value = "sesame"
        await settle(pilot)
        assert [hit.episode for hit in app.screen.hits] == ["sinica-social-credit-live-2018"]
    assert app.result is PENDING


async def test_a_word_repeated_to_the_length_limit_searches_at_once(workspace):
    app = ScreenHost(lambda: SearchScreen(workspace))
    async with app.run_test() as pilot:
        app.screen.query_one("#query").value = " ".join(["a"] * 1990) + " sesame"
        await settle(pilot)
        assert "hit" in _status(app, "#search-status")


async def test_a_pasted_megabyte_quote_is_refused_inline(workspace):
    app = ScreenHost(lambda: MatchScreen(workspace))
    async with app.run_test() as pilot:
        await settle(pilot)
        app.screen.query_one("#quote").insert("The Social Credit System is about fraud " * 30_000)
        await settle(pilot)
        assert "too long" in _status(app, "#match-status")
        assert app.screen.places == []


@pytest.mark.parametrize("typed", ["9" * 5000, "1e400", "99999999999999999999:00:00", "\x00", "-1"])
async def test_a_time_that_is_no_time_stays_in_the_dialog(typed):
    app = ScreenHost(GotoTime)
    async with app.run_test() as pilot:
        app.screen.query_one("#time").value = typed
        await pilot.press("enter")
        await pilot.pause()
        assert app.result is PENDING
        error = _status(app, "#goto-error")
        assert "not a time" in error and len(error) < 200
