"""p plays the passage with mpv (a real one when installed), and says plainly when it cannot; y adds the #t= link."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from annotate.core.workspace import Workspace
from annotate.tui.app import create_app
from tests.media import require_mpv, tone_wav
from tests.tui.test_tui_flow import SIZE, opened

CLIP_VTT = """WEBVTT

00:00:00.000 --> 00:00:00.600
<v Kaiser Kuo>A short first cue.

00:00:00.600 --> 00:00:01.200
<v Rogier Creemers>A short second cue.

00:00:01.200 --> 00:00:06.000
<v Kaiser Kuo>A long last cue that plays for a while.
"""


def add_clip(root: Path, media_url: str | None = "clip.wav", seconds: float = 6.0) -> None:
    """Episode ``clip``: three cues over six seconds, with its recording beside the metadata (a tone)."""
    (root / "transcripts" / "clip.vtt").write_text(CLIP_VTT, encoding="utf-8")
    metadata = "title: Clip episode\ndate: '2020-01-01'\n" + (f"media_url: {media_url}\n" if media_url else "")
    (root / "transcripts" / "clip.yaml").write_text(metadata, encoding="utf-8")
    tone_wav(root / "transcripts" / "clip.wav", seconds)


def status(app) -> str:
    return app.screen.query_one("#status").message


def notifications(app, severity: str | None = None) -> list[str]:
    return [note.message for note in app._notifications if severity is None or note.severity == severity]


async def wait_for(pilot, condition, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        await pilot.pause(0.1)
    assert condition(), f"not so after {seconds} s"


async def test_without_media_p_says_where_to_put_it(tui_workspace):
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("p")
        assert screen.playback is None
        [warning] = notifications(app, "warning")
        assert warning == "This episode has no recording to play: put its URL or file as media_url in transcripts/alpha.yaml."


async def test_without_mpv_p_says_how_to_install_it(tui_workspace, monkeypatch):
    add_clip(tui_workspace)
    monkeypatch.setenv("ANNOTATE_PLAYER", "no-such-mpv-here")
    app = create_app(Workspace(tui_workspace), episode="clip")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("p")
        assert screen.playback is None
        [error] = notifications(app, "error")
        assert error.startswith("no-such-mpv-here is not installed, and it plays the passages: install mpv (Debian/Ubuntu: apt-get install mpv")


async def test_a_media_file_that_is_missing_is_named(tui_workspace):
    add_clip(tui_workspace, media_url="gone.mp3")
    app = create_app(Workspace(tui_workspace), episode="clip")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("p")
        [error] = notifications(app, "error")
        assert "gone.mp3 is not there" in error


async def test_p_plays_the_cue_with_mpv_and_says_when_it_has_played(tui_workspace, monkeypatch):
    require_mpv()
    add_clip(tui_workspace)
    monkeypatch.setenv("ANNOTATE_PLAYER", "mpv --ao=null")
    app = create_app(Workspace(tui_workspace), episode="clip")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("j", "p")
        playback = screen.playback
        assert playback is not None and (playback.start_ms, playback.end_ms) == (600, 1200)
        assert "--start=0.6" in playback.command and "--end=1.2" in playback.command
        assert status(app) == "Playing 0:00–0:01 with mpv (p stops)"
        # The screen did not wait for it: keys still work while it plays.
        await pilot.press("k")
        assert screen.view.cursor == 0
        await wait_for(pilot, lambda: screen.playback is None)
        assert status(app) == "Played 0:00–0:01."
        assert notifications(app, "error") == []


async def test_p_again_stops_and_quitting_stops_the_player(tui_workspace, monkeypatch):
    require_mpv()
    add_clip(tui_workspace)
    monkeypatch.setenv("ANNOTATE_PLAYER", "mpv --ao=null")
    app = create_app(Workspace(tui_workspace), episode="clip")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("end", "p")
        first = screen.playback
        await pilot.press("p")
        assert first.finished() and screen.playback is None
        assert status(app) == "Stopped playing."
        await pilot.press("p")
        second = screen.playback
        assert not second.finished()
    assert second.finished()  # the app is gone, and so is its player


async def test_y_copies_the_quote_with_the_link_to_the_recording(tui_workspace):
    add_clip(tui_workspace, media_url="https://example.org/clip.mp3")
    app = create_app(Workspace(tui_workspace), episode="clip")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("j", "y")
        assert app.clipboard == (
            "“A short second cue.” (Rogier Creemers, Clip episode, 00:00:00.600) https://example.org/clip.mp3#t=0.6,1.2"
        )
        assert status(app).startswith("Copied with its #t= link:")


async def test_y_without_a_recording_copies_the_quote_alone(tui_workspace):
    app = create_app(Workspace(tui_workspace), episode="beta")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("y")
        assert "#t=" not in app.clipboard and app.clipboard.startswith("“Cue number 0")
