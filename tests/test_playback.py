"""Playing a passage: finding the media, the #t= link, and a real mpv started and stopped."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from annotate.core.errors import AnnotateError
from annotate.core.playback import media_fragment_link, media_source, player_command, start_playback
from tests.media import require_mpv, tone_wav

# mpv plays through no sound card here.
SILENT_MPV = ["mpv", "--ao=null"]


def wait_until_finished(playback, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not playback.finished() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert playback.finished(), f"the player still ran after {seconds} s"


def test_media_source_keeps_urls_and_finds_files_beside_the_metadata(tmp_path: Path):
    (tmp_path / "media").mkdir()
    recording = tone_wav(tmp_path / "media" / "episode.wav", 0.1)
    assert media_source("", tmp_path) is None
    assert media_source("https://example.org/ep.mp3", tmp_path).location == "https://example.org/ep.mp3"
    relative = media_source("media/episode.wav", tmp_path)
    assert relative.is_file and relative.location == str(recording.resolve())
    assert media_source(f"file://{recording}", tmp_path).location == str(recording.resolve())
    spaced = tone_wav(tmp_path / "media" / "two words.wav", 0.1)
    assert media_source(spaced.as_uri(), tmp_path).location == str(spaced.resolve())  # file:///…/two%20words.wav


def test_a_media_file_that_is_not_there_is_named(tmp_path: Path):
    with pytest.raises(AnnotateError, match="missing.mp3 is not there"):
        media_source("missing.mp3", tmp_path)


def test_the_link_carries_the_passage_in_seconds():
    assert media_fragment_link("https://example.org/ep.mp3", 62_500, 70_000) == "https://example.org/ep.mp3#t=62.5,70"


def test_a_missing_player_says_how_to_install_it(tmp_path: Path):
    source = media_source("https://example.org/ep.mp3", tmp_path)
    with pytest.raises(AnnotateError, match="no-such-player is not installed.*apt-get install mpv"):
        player_command(source, 0, 1000, ["no-such-player"])


def test_the_player_is_told_where_to_start_and_stop(tmp_path: Path):
    require_mpv()
    source = media_source("https://example.org/ep.mp3", tmp_path)
    command = player_command(source, 62_500, 70_000, SILENT_MPV)
    assert command[0].endswith("mpv") and "--ao=null" in command
    assert command[-4:] == ["--start=62.5", "--end=70", "--", "https://example.org/ep.mp3"]


def test_mpv_plays_the_passage_and_stops_at_its_end(tmp_path: Path):
    require_mpv()
    source = media_source(str(tone_wav(tmp_path / "tone.wav", 3.0)), tmp_path)
    started = time.monotonic()
    playback = start_playback(source, 500, 1200, SILENT_MPV)
    assert not playback.finished()  # returned at once, while it plays
    wait_until_finished(playback)
    # It stopped at the passage's end, not at the end of the three-second file.
    assert time.monotonic() - started < 2.8
    assert playback.failure() is None
    playback.stop()


def test_mpv_that_cannot_play_says_why(tmp_path: Path):
    require_mpv()
    not_audio = tmp_path / "notes.wav"
    not_audio.write_text("these are not sounds\n" * 50)
    playback = start_playback(media_source(str(not_audio), tmp_path), 0, 1000, SILENT_MPV)
    wait_until_finished(playback)
    assert playback.failure().startswith("mpv could not play it: ")
    playback.stop()


def test_stop_ends_a_playing_passage(tmp_path: Path):
    require_mpv()
    playback = start_playback(media_source(str(tone_wav(tmp_path / "long.wav", 8.0)), tmp_path), 0, 8000, SILENT_MPV)
    time.sleep(0.3)
    playback.stop()
    assert playback.finished()
