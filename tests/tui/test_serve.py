"""``annotate serve``: the app in a real headless Chromium, over textual-serve on a loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser import CHROMIUM_FLAGS, chromium_binary, free_port, page_devtools, running, wait_for_port

# Generous bounds for a loaded 2-core machine; the test stops everything it started either way.
START_SECONDS = 30
APP_SECONDS = 45


def annotate_command(*words: str) -> list[str]:
    return [sys.executable, "-m", "annotate", *words]


async def test_serve_shows_the_app_in_headless_chromium_where_p_opens_the_passage_not_the_server_s_player(
    tui_workspace: Path, tmp_path: Path
):
    pytest.importorskip("textual_serve", reason="textual-serve is not installed (pip install '.[serve]')")
    aiohttp = pytest.importorskip("aiohttp", reason="aiohttp (which textual-serve uses) is not installed")
    chromium = chromium_binary()
    if chromium is None:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium; .ci/run installs it)")
    # A recording on the web, and a "player" that would leave a mark if the server ever started one.
    (tui_workspace / "transcripts" / "alpha.yaml").write_text(
        "title: Alpha episode\ndate: '2018-10-31'\nmedia_url: https://media.example.org/alpha.mp3\n", encoding="utf-8"
    )
    mark = tmp_path / "player-was-started"
    player = tmp_path / "fake-mpv"
    player.write_text(f"#!/bin/sh\ntouch '{mark}'\n", encoding="utf-8")
    player.chmod(0o755)
    port, debugging_port = free_port(), free_port()
    url = f"http://127.0.0.1:{port}/"
    server_command = annotate_command("--workspace", str(tui_workspace), "serve", "alpha", "--host", "127.0.0.1", "--port", str(port))
    browser_command = [
        chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'chromium'}", f"--remote-debugging-port={debugging_port}",
        "--window-size=1280,800", "about:blank",
    ]
    server_environment = {**os.environ, "ANNOTATE_PLAYER": str(player)}
    with running(server_command, tmp_path / "server.log", env=server_environment) as server, running(
        browser_command, tmp_path / "chromium.log"
    ) as browser:
        wait_for_port(port, server, START_SECONDS)
        wait_for_port(debugging_port, browser, START_SECONDS)
        async with aiohttp.ClientSession() as session:
            page = await page_devtools(session, debugging_port)
            await page.call("Page.navigate", url=url)
            title = await page.wait_for("document.querySelector('.intro div') && document.querySelector('.intro div').textContent", START_SECONDS)
            # The page names the workspace: it came from annotate's server, not anything else on the port.
            assert title == "annotate · ws"
            # The browser connected and the app it started sent its screen (the page marks the first byte).
            drawn = await page.wait_for("document.body.classList.contains('-first-byte')", APP_SECONDS)
            server_said = (tmp_path / "server.log").read_text(errors="replace")
            assert drawn, f"the app never drew in the browser; the server said:\n{server_said[-2000:]}"
            assert "failed to start" not in server_said
            # p in the browser: the page is asked to open the recording at the first cue (0 to 4 s).
            await page.evaluate("window.opened = []; window.open = (url) => { window.opened.push(url); return null; }")
            await page.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
            await page.call("Input.insertText", text="p")
            opened = await page.wait_for("window.opened.length && window.opened", APP_SECONDS)
            assert opened == ["https://media.example.org/alpha.mp3#t=0,4"]
            await page.websocket.close()
    assert server.poll() is not None and browser.poll() is not None  # both stopped by the test
    assert not mark.exists()  # nothing played on the server's speakers


def test_serve_on_a_port_in_use_is_one_clear_error(tui_workspace: Path):
    pytest.importorskip("textual_serve", reason="textual-serve is not installed (pip install '.[serve]')")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            annotate_command("--workspace", str(tui_workspace), "serve", "--port", str(port)),
            capture_output=True, text=True, timeout=60,
        )
    assert result.returncode == 2
    assert f"annotate: error: cannot serve on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_names_an_unknown_episode_before_listening(tui_workspace: Path):
    pytest.importorskip("textual_serve", reason="textual-serve is not installed (pip install '.[serve]')")
    result = subprocess.run(
        annotate_command("--workspace", str(tui_workspace), "serve", "gamma", "--port", str(free_port())),
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert "no episode 'gamma'" in result.stderr


def test_serve_without_textual_serve_says_how_to_install_it(tui_workspace: Path):
    # textual-serve made unimportable in that process only (None in sys.modules makes its import fail).
    script = (
        "import sys; sys.modules['textual_serve'] = None; from annotate.cli import main; "
        f"sys.exit(main(['--workspace', {str(tui_workspace)!r}, 'serve', '--port', '{free_port()}']))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == "annotate: error: serving in a browser needs textual-serve: python -m pip install 'annotate[serve]' (in a clone: '.[serve]')"
