"""Headless Chromium driven over the DevTools protocol, and processes a test starts and must stop.

Used by the ``annotate serve`` test: it loads the served page in a real browser and waits until
the app inside has drawn its first bytes, which a plain ``--dump-dom`` cannot wait for.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

# Headless Chromium as CI runs it: no sandbox (root in a container), no GPU, nothing fetched in the background.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def chromium_binary() -> str | None:
    """Debian's ``chromium`` (or ``chromium-browser`` elsewhere), if installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on just now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, seconds: float) -> None:
    """Wait until something listens on ``port``; AssertionError if ``process`` exits or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{process.args[0]} exited with {process.returncode} before listening on {port}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listened on port {port} within {seconds} s")


@contextmanager
def running(command: list[str], log: Path, **options: Any) -> Iterator[subprocess.Popen]:
    """Run ``command`` in a process group of its own (output to ``log``); stop the whole group afterwards."""
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True, **options)
        try:
            yield process
        finally:
            for sent, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
                try:
                    os.killpg(process.pid, sent)
                except ProcessLookupError:
                    break
                try:
                    process.wait(timeout=wait)
                    break
                except subprocess.TimeoutExpired:
                    continue


class DevTools:
    """One page of a running Chromium, over its DevTools websocket (aiohttp)."""

    def __init__(self, websocket) -> None:
        self.websocket = websocket
        self._next_id = 0

    async def call(self, method: str, **params: Any) -> dict:
        """Send one command and return its result (events that arrive meanwhile are skipped)."""
        self._next_id += 1
        await self.websocket.send_json({"id": self._next_id, "method": method, "params": params})
        while True:
            message = json.loads((await self.websocket.receive()).data)
            if message.get("id") == self._next_id:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                return message.get("result", {})

    async def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    async def wait_for(self, expression: str, seconds: float) -> Any:
        """Evaluate ``expression`` until it is truthy; its last value either way."""
        deadline = time.monotonic() + seconds
        value = await self.evaluate(expression)
        while not value and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
            value = await self.evaluate(expression)
        return value


async def page_devtools(session, debugging_port: int) -> DevTools:
    """The DevTools connection to the first page of the Chromium listening on ``debugging_port``."""
    async with session.get(f"http://127.0.0.1:{debugging_port}/json/list") as response:
        targets = await response.json(content_type=None)
    page = next(target for target in targets if target.get("type") == "page")
    websocket = await session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0)
    return DevTools(websocket)
