"""The annotate app: one workspace (any backend of ``annotate.core.store``) and the main screen."""

from __future__ import annotations

import os
from pathlib import Path

from textual.app import App
from textual.binding import Binding

from annotate.core.store import Workspace


THEME_VARIABLE = "ANNOTATE_THEME"


class AnnotateApp(App):
    """The Textual app over a workspace. ``episode`` opens that transcript first, focused."""

    CSS_PATH = Path(__file__).with_name("annotate.tcss")
    TITLE = "annotate"
    BINDINGS = [
        Binding("tab", "focus_next", "Next pane", show=False, id="app.focus-next"),
        Binding("shift+tab", "focus_previous", "Previous pane", show=False, id="app.focus-previous"),
        Binding("ctrl+p", "command_palette", "Command palette", show=False, id="app.palette"),
    ]

    def __init__(self, workspace: Workspace, episode: str | None = None, notice: str | None = None):
        super().__init__()
        self.workspace = workspace
        self.start_episode = episode
        self.notice = notice
        # Dark by default; ANNOTATE_THEME picks another (e.g. textual-light for a light terminal).
        chosen_theme = os.environ.get(THEME_VARIABLE, "").strip()
        if chosen_theme in self.available_themes:
            self.theme = chosen_theme

    def on_mount(self) -> None:
        from annotate.tui.main_screen import MainScreen

        self.push_screen(MainScreen(self.start_episode))
        if self.notice:
            self.notify(self.notice, title="Sample workspace", timeout=10)


def create_app(workspace: Workspace, episode: str | None = None, notice: str | None = None) -> AnnotateApp:
    """The one app factory, shared by the CLI and the tests."""
    return AnnotateApp(workspace, episode=episode, notice=notice)
