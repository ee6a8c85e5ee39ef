"""The annotate app: one workspace (any backend of ``annotate.core.store``) and the main screen."""

from __future__ import annotations

from pathlib import Path

from textual import events, on
from textual.app import App
from textual.binding import Binding

from annotate.core.errors import AnnotateError
from annotate.core.settings import Settings, load_settings
from annotate.core.store import Workspace


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
        self.settings_problem: str | None = None
        try:
            self.settings = load_settings()
        except AnnotateError as error:
            self.settings, self.settings_problem = Settings(), str(error)
        # Dark by default; the theme setting (or ANNOTATE_THEME) picks another, e.g. textual-light.
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self._theme_restored = True  # from now on a new theme is the user's choice, kept for the next start

    def on_mount(self) -> None:
        from annotate.tui.main_screen import MainScreen

        self.push_screen(MainScreen(self.start_episode))
        if self.notice:
            self.notify(self.notice, title="Sample workspace", timeout=10)
        if self.settings_problem:
            self.notify(self.settings_problem, title="Settings not read; using the defaults", severity="error", timeout=10)
        elif self.settings.theme and self.settings.theme not in self.available_themes:
            self.notify(f"No theme is called {self.settings.theme!r}; using the default.", severity="warning")

    @property
    def in_browser(self) -> bool:
        """Whether the app is served to a web browser (``annotate serve``: textual-serve runs it on Textual's web driver).

        The one place the app asks; what runs on this machine (a media player) would not reach that user.
        """
        return self.is_web

    def watch_theme(self, old_theme: str, new_theme: str) -> None:
        # The palette's "Theme" (or any later change) is kept in the user's settings for the next start.
        if getattr(self, "_theme_restored", False) and new_theme != old_theme:
            self.remember_theme(new_theme)

    def remember_theme(self, theme: str) -> None:
        """Save ``theme`` as the ``theme`` setting and say where; a settings file that cannot be read is left alone."""
        from annotate.core.settings import load_settings, save_setting

        try:
            path = save_setting("theme", theme)
            self.settings = load_settings()
        except AnnotateError as error:
            self.notify(str(error), title="Theme not saved", severity="error", timeout=10)
            return
        if self.settings.theme != theme:
            self.notify(
                f"Saved in {path}, but {self.settings.source_of('theme')} is set and picks {self.settings.theme} at the next start.",
                title="Theme", severity="warning", timeout=10,
            )
        else:
            self.notify(f"Theme {theme} kept for the next start (saved in {path}).", title="Theme", timeout=4)

    def deliver_screenshot(self, filename: str | None = None, path: str | None = None, time_format: str | None = None) -> str | None:
        """Save an SVG screenshot (the palette's "Screenshot") in :func:`screenshot_folder` unless ``path`` says where."""
        if path is None:
            try:
                path = str(screenshot_folder())
            except OSError as error:
                self.notify(f"No folder to save it in: {error.strerror or error}", title="Screenshot not saved", severity="error")
                return None
        return super().deliver_screenshot(filename, path, time_format)

    @on(events.DeliveryFailed)
    def _screenshot_failed(self, event: events.DeliveryFailed) -> None:
        # Textual's own message says only that it failed; this one says why.
        if event.name == "screenshot":
            reason = getattr(event.exception, "strerror", None) or str(event.exception)
            self.notify(f"Why: {reason}", title="Screenshot not saved", severity="error")


def screenshot_folder() -> Path:
    """Where screenshots go: the user's Downloads folder when there is one, else ``screenshots`` in annotate's user data folder (made if need be)."""
    from platformdirs import user_data_path, user_downloads_path

    downloads = user_downloads_path()
    if downloads.is_dir():
        return downloads
    fallback = user_data_path("annotate", appauthor=False) / "screenshots"
    fallback.mkdir(parents=True, exist_ok=True)
    return fallback


def create_app(workspace: Workspace, episode: str | None = None, notice: str | None = None) -> AnnotateApp:
    """The one app factory, shared by the CLI and the tests."""
    return AnnotateApp(workspace, episode=episode, notice=notice)
