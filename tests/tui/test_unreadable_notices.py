"""The TUI names annotations it cannot read when the episode list loads, without burying the screen."""

from __future__ import annotations

from annotate.core.workspace import Workspace
from annotate.tui.app import create_app
from annotate.tui.main_screen import NOTICES_AT_MOST
from tests.tui.test_tui_flow import SIZE, opened


async def test_bad_annotation_times_are_named_in_a_few_notices_and_counted(tui_workspace):
    # Twenty entries of beta whose start is no time: each is named by check, the TUI names the first few.
    entries = "".join(f"- id: bad{number}\n  start: -5\n  end: 1\n" for number in range(20))
    (tui_workspace / "annotations" / "beta.yaml").write_text(f"schema: annotate/annotations@1\nepisode: beta\nannotations:\n{entries}")
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        messages = [str(notification.message) for notification in app._notifications]
    named = [message for message in messages if "beta.yaml:5: not a time" in message]
    assert len(named) == 1 and len(messages) == NOTICES_AT_MOST + 1, messages
    assert f"and {20 - NOTICES_AT_MOST} more" in messages[-1] and "annotate check" in messages[-1]
