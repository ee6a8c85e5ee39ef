"""The annotate app."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, ListItem, ListView, Label

from annotate.core.workspace import Workspace


class AnnotateApp(App):
    """Episodes of the workspace (the full annotator's screen is being built)."""

    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, workspace: Workspace, episode: str | None = None, notice: str | None = None):
        super().__init__()
        self.workspace = workspace
        self.start_episode = episode
        self.notice = notice

    def compose(self) -> ComposeResult:
        yield Header()
        yield ListView(*(ListItem(Label(episode_id)) for episode_id in self.workspace.episode_ids()))
        yield Footer()

    def on_mount(self) -> None:
        self.title = "annotate"
        self.sub_title = str(self.workspace.root)
        if self.notice:
            self.notify(self.notice)


def create_app(workspace: Workspace, episode: str | None = None, notice: str | None = None) -> AnnotateApp:
    """The one app factory, shared by the CLI and the tests."""
    return AnnotateApp(workspace, episode=episode, notice=notice)
