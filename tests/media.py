"""Short audio files for playback tests, made with the standard library (a quiet tone)."""

from __future__ import annotations

import math
import shutil
import struct
import wave
from pathlib import Path

import pytest


def tone_wav(path: Path, seconds: float, rate: int = 8000) -> Path:
    """A mono 16-bit WAV of a 440 Hz tone lasting ``seconds``."""
    frames = int(seconds * rate)
    with wave.open(str(path), "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(rate)
        audio.writeframes(b"".join(struct.pack("<h", int(3000 * math.sin(index * 440 * 2 * math.pi / rate))) for index in range(frames)))
    return path


def require_mpv() -> str:
    """mpv's path, or skip the test saying how to get it."""
    found = shutil.which("mpv")
    if found is None:
        pytest.skip("mpv is not installed (Debian: apt-get install mpv; .ci/run installs it)")
    return found
