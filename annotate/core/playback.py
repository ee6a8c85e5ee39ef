"""Playing a passage: where an episode's media is, its ``#t=`` link, and the player that plays it.

The player is mpv (the ``player`` setting, or ``ANNOTATE_PLAYER``, names another mpv binary or adds options): it is started
at the passage's start and told to stop at its end, as a process of its own so nothing waits on it.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit
from urllib.request import url2pathname

from annotate.core.errors import AnnotateError
from annotate.core.timecode import format_clock

DEFAULT_PLAYER = "mpv"
INSTALL_HINT = "install mpv (Debian/Ubuntu: apt-get install mpv; macOS: brew install mpv; see the README)"
# What mpv may say while playing: errors only, so what it says is worth showing.
PLAYER_OPTIONS = ("--no-input-terminal", "--msg-level=all=error", "--force-window=no")


@dataclass(frozen=True)
class MediaSource:
    """An episode's recording: a URL, or a file on this machine (``is_file``)."""

    location: str
    is_file: bool


def seconds_text(milliseconds: int) -> str:
    """Milliseconds as seconds, with no trailing zeros (``62.5``, ``62``)."""
    return f"{milliseconds / 1000:.3f}".rstrip("0").rstrip(".")


def media_fragment_link(media_url: str, start_ms: int, end_ms: int) -> str:
    """``media_url`` with a media-fragment time range (``#t=start,end`` in seconds)."""
    return f"{media_url}#t={seconds_text(start_ms)},{seconds_text(end_ms)}"


def media_source(media_url: str, metadata_folder: Path) -> MediaSource | None:
    """Where ``media_url`` (the metadata's ``media_url``) points; None when the episode has none.

    A URL with a scheme (``https:``) is kept as it is; ``file:`` URLs and paths are files, a relative
    path counted from ``metadata_folder`` (the folder of the episode's metadata file). A file that is
    not there raises AnnotateError naming it.
    """
    media_url = media_url.strip()
    if not media_url:
        return None
    if "://" in media_url and not media_url.startswith("file://"):
        return MediaSource(media_url, is_file=False)
    if media_url.startswith("file://"):
        path = Path(url2pathname(urlsplit(media_url).path))  # file:///a%20b.mp3 is the file "/a b.mp3"
    else:
        path = Path(media_url).expanduser()
    if not path.is_absolute():
        path = metadata_folder / path
    if not path.is_file():
        raise AnnotateError(f"the media file {path} is not there (media_url in the episode's metadata)")
    return MediaSource(str(path.resolve()), is_file=True)


def configured_player() -> list[str]:
    """The player command as words: the ``player`` setting (``$ANNOTATE_PLAYER``, else settings.yaml; an mpv binary, maybe with options), else ``mpv``."""
    from annotate.core.settings import load_settings

    words = shlex.split(load_settings().player or DEFAULT_PLAYER)
    return words or [DEFAULT_PLAYER]


def player_command(source: MediaSource, start_ms: int, end_ms: int, player: list[str] | None = None) -> list[str]:
    """The command that plays ``source`` from ``start_ms`` to ``end_ms``; AnnotateError when no player is installed."""
    words = list(player or configured_player())
    program = shutil.which(words[0])
    if program is None:
        raise AnnotateError(f"{words[0]} is not installed, and it plays the passages: {INSTALL_HINT}")
    return [
        program, *PLAYER_OPTIONS, *words[1:],
        f"--start={seconds_text(start_ms)}", f"--end={seconds_text(end_ms)}", "--", source.location,
    ]


class Playback:
    """A player playing one passage, in a process of its own; poll it, or stop it."""

    def __init__(self, command: list[str], start_ms: int, end_ms: int) -> None:
        self.command = command
        self.start_ms = start_ms
        self.end_ms = end_ms
        self._messages: IO[bytes] = tempfile.TemporaryFile()
        try:
            # Its own session, so keys typed at the terminal never reach it; its messages go to a file.
            self._process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._messages, start_new_session=True
            )
        except OSError as error:
            self._messages.close()
            raise AnnotateError(f"cannot start {command[0]}: {error.strerror or error}") from error

    @property
    def pid(self) -> int:
        return self._process.pid

    def finished(self) -> bool:
        """Whether the player has exited (by itself, or stopped)."""
        return self._process.poll() is not None

    def failure(self) -> str | None:
        """Once finished: None when it played, else what went wrong (the player's last message)."""
        code = self._process.poll()
        if code is None or code == 0 or code < 0:
            return None  # still playing, played to the end, or stopped by us
        self._messages.seek(0)
        said = [line.strip() for line in self._messages.read().decode("utf-8", "replace").splitlines() if line.strip()]
        # The first message is the specific one (mpv's later lines repeat it in general terms).
        reason = said[0] if said else f"it exited with status {code}"
        return f"{Path(self.command[0]).name} could not play it: {reason}"

    def stop(self) -> None:
        """Stop the player if it still plays, and wait for it to go."""
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=3)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._messages.close()


def start_playback(source: MediaSource, start_ms: int, end_ms: int, player: list[str] | None = None) -> Playback:
    """Start playing ``source`` from ``start_ms`` to ``end_ms``; returns at once."""
    return Playback(player_command(source, start_ms, end_ms, player), start_ms, end_ms)


@dataclass(frozen=True)
class BrowserPassage:
    """What a user in a browser (``annotate serve``) gets instead of a player on the server's speakers."""

    link: str | None  # the recording at the passage (``#t=start,end``), for the browser to open; None for a file on the server
    message: str


def passage_for_browser(source: MediaSource, start_ms: int, end_ms: int) -> BrowserPassage:
    """The passage offered to a browser user, whom a player started on the server would never reach.

    A recording on the web opens in the user's own browser at the passage (its player honours
    ``#t=``); a file on the server cannot be reached from the browser, so only its name and the
    passage's times are given.
    """
    times = f"{format_clock(start_ms)}–{format_clock(end_ms)}"
    if source.is_file:
        return BrowserPassage(
            None,
            f"Playback is not available in the browser: the recording is a file on the server "
            f"({Path(source.location).name}); the passage is at {times}.",
        )
    link = media_fragment_link(source.location, start_ms, end_ms)
    return BrowserPassage(
        link,
        f"Playback is not available in the browser, so the passage ({times}) opens in a new tab "
        f"(if the browser blocks it, open this link; y copies it): {link}",
    )
