"""Under ``annotate serve`` p never plays on the server's speakers: it opens the passage in the browser, or says why not.

These run the app as it runs in a browser (``in_browser``, which the served app takes from Textual's
web driver: tests/tui/test_serve.py checks that in real Chromium) with a player that would leave a
mark if it were ever started.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from annotate.core.workspace import Workspace
from annotate.tui.app import AnnotateApp
from tests.tui.test_playback_keys import add_clip, notifications
from tests.tui.test_tui_flow import SIZE, opened


class AppInABrowser(AnnotateApp):
    """The app as served to a browser; the URLs it asks the browser to open are kept."""

    in_browser = True

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.opened_urls: list[str] = []

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        self.opened_urls.append(url)


def marking_player(folder: Path) -> Path:
    """A "player" that only leaves a file saying it was started (and the file's path)."""
    mark = folder / "player-was-started"
    script = folder / "fake-mpv"
    script.write_text(f"#!/bin/sh\ntouch '{mark}'\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return mark


async def test_a_web_recording_opens_at_the_passage_in_the_browser_not_on_the_server(tui_workspace, tmp_path, monkeypatch):
    mark = marking_player(tmp_path)
    monkeypatch.setenv("ANNOTATE_PLAYER", str(tmp_path / "fake-mpv"))
    add_clip(tui_workspace, media_url="https://media.example.org/clip.mp3")
    app = AppInABrowser(Workspace(tui_workspace), episode="clip")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("j", "p")  # the second cue: 0.6 s to 1.2 s
        await pilot.pause()
        assert app.opened_urls == ["https://media.example.org/clip.mp3#t=0.6,1.2"]
        [said] = notifications(app, "warning")
        assert said.startswith("Playback is not available in the browser, so the passage (0:00–0:01) opens in a new tab")
        assert said.endswith(": https://media.example.org/clip.mp3#t=0.6,1.2")
        assert screen.playback is None
    assert not mark.exists() and not os.path.exists(mark)


async def test_a_file_on_the_server_is_named_with_the_passage_times_and_not_played(tui_workspace, tmp_path, monkeypatch):
    mark = marking_player(tmp_path)
    monkeypatch.setenv("ANNOTATE_PLAYER", str(tmp_path / "fake-mpv"))
    add_clip(tui_workspace)  # clip.wav beside the metadata: a file only the server can reach
    app = AppInABrowser(Workspace(tui_workspace), episode="clip")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("j", "j", "p")  # the last cue: 0:01 to 0:06
        await pilot.pause()
        assert app.opened_urls == []
        [said] = notifications(app, "warning")
        assert said == "Playback is not available in the browser: the recording is a file on the server (clip.wav); the passage is at 0:01–0:06."
        assert str(tui_workspace) not in said  # the server's folders are not shown to the browser user
        assert screen.playback is None
    assert not mark.exists()


async def test_in_a_terminal_the_same_key_starts_the_player(tui_workspace, tmp_path, monkeypatch):
    # The counterpart: without a browser, p does start the (marking) player.
    mark = marking_player(tmp_path)
    monkeypatch.setenv("ANNOTATE_PLAYER", str(tmp_path / "fake-mpv"))
    add_clip(tui_workspace)
    app = AnnotateApp(Workspace(tui_workspace), episode="clip")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        assert not app.in_browser
        await pilot.press("p")
        for _ in range(100):
            if mark.exists():
                break
            await pilot.pause(0.05)
    assert mark.exists()
