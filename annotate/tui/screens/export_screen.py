"""Export tagged quotes: format, filters and output file; the core selects and writes them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Button, Input, Label, Select, Static
from textual.worker import get_current_worker

from annotate.core.atomic import atomic_write_bytes
from annotate.core.errors import AnnotateError
from annotate.core.export import render_export_with_report, select_quotes_with_report
from annotate.core.output_path import check_output_path
from annotate.core.settings import Settings, export_folder
from annotate.core.store import Workspace
from annotate.core.writers import get_writer, writers
from annotate.tui.screens.confirm import Confirm

ALL_EPISODES = ""


@dataclass(frozen=True)
class ExportRequest:
    """What the form asks for: a format, the filters (None for no filter) and where to write."""

    format: str
    episodes: list[str] | None
    tags: list[str] | None
    speakers: list[str] | None
    annotators: list[str] | None
    path: Path
    # None for a format that does not group its quotes (only Markdown does).
    group_by: str | None = None


@dataclass
class ExportPreview(Message):
    """How many quotes the request would export, what is left out, or why it cannot run."""

    request: ExportRequest
    count: int = 0
    skipped: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class ExportDone(Message):
    """The file was written (``error`` is None) or could not be."""

    request: ExportRequest
    count: int = 0
    error: str | None = None
    # What the writer said about the file (e.g. a REFI-QDA project without codes).
    warnings: list[str] = field(default_factory=list)


def _names(text: str) -> list[str] | None:
    """Comma-separated names, or None when there are none (no filter)."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    return names or None


class ExportScreen(ModalScreen[Path | None]):
    """Export tagged quotes of ``workspace`` (starting with ``episode`` chosen, if given).

    Dismisses with the path of the file written, or None (Escape or Cancel). Deliberate: Enter
    moves to the next field (from the last one to the Export button), and Export (or ctrl+s)
    asks first, naming the number of quotes, the format and the file. Files go to the user's
    export folder (a setting; the documents folder by default, never the workspace), where a
    relative path is taken from; missing folders are made; an existing file is replaced only
    after the question says so.
    """

    DEFAULT_CSS = """
    ExportScreen {
        align: center middle;
    }
    ExportScreen > #export-dialog {
        width: 96;
        max-width: 98%;
        height: auto;
        border: round $primary;
        border-title-style: bold;
        background: $surface;
        padding: 0 1;
    }
    ExportScreen .field {
        height: auto;
    }
    ExportScreen .field Label {
        width: 14;
        padding: 1 1 0 0;
        text-align: right;
        text-style: bold;
    }
    ExportScreen .field Input, ExportScreen .field Select {
        width: 1fr;
    }
    ExportScreen #export-preview {
        height: auto;
        margin: 1 0 0 0;
        color: $text-muted;
    }
    ExportScreen #export-preview.error {
        color: $text-error;
    }
    ExportScreen #export-buttons {
        height: auto;
        align-horizontal: right;
    }
    ExportScreen #export-buttons Button {
        margin: 0 0 0 1;
    }
    """

    # Recount the quotes this long after the last change to a filter.
    DEBOUNCE_SECONDS: ClassVar[float] = 0.25

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "export", "Export", priority=True),
    ]

    def __init__(self, workspace: Workspace, episode: str | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.episode = episode
        self._debounce: Timer | None = None
        self._suggested_path = ""
        self._can_export = False
        self._last_count = 0
        try:
            self.folder = export_folder()
        except AnnotateError:  # an unreadable settings file: the app has said so already
            self.folder = export_folder(Settings())

    def compose(self) -> ComposeResult:
        episodes = [("All episodes", ALL_EPISODES)] + [(episode, episode) for episode in self.workspace.episode_ids()]
        start_episode = self.episode if self.episode in self.workspace.episode_ids() else ALL_EPISODES
        with Vertical(id="export-dialog") as dialog:
            dialog.border_title = "Export tagged quotes"
            with Horizontal(classes="field"):
                yield Label("Format")
                formats = writers()
                yield Select(
                    [(f"{name}: {writer.description}", name) for name, writer in formats.items()],
                    value=next(iter(formats)), allow_blank=False, id="format",
                )
            with Horizontal(classes="field"):
                yield Label("Group by")
                yield Select(
                    [("tag", "tag"), ("episode", "episode")], value="tag", allow_blank=False, id="group-by",
                    disabled=not next(iter(formats.values())).groupings,
                )
            with Horizontal(classes="field"):
                yield Label("Episode")
                yield Select(episodes, value=start_episode, allow_blank=False, id="episode")
            with Horizontal(classes="field"):
                yield Label("Tags")
                yield Input(placeholder="tag ids, comma-separated (a parent takes its children); empty for all", id="tags")
            with Horizontal(classes="field"):
                yield Label("Speakers")
                yield Input(placeholder="names, comma-separated; empty for all", id="speakers")
            with Horizontal(classes="field"):
                yield Label("Annotators")
                yield Input(placeholder="names, comma-separated; empty for all", id="annotators")
            with Horizontal(classes="field"):
                yield Label("Write to")
                yield Input(id="path")
            yield Static("", id="export-preview", markup=False)
            with Horizontal(id="export-buttons"):
                yield Button("Export (ctrl+s)", variant="primary", id="export")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self._suggest_path()
        self.query_one("#format", Select).focus()
        self._schedule_preview()

    def _suggest_path(self) -> None:
        # Follow the format and episode with the file name, until the user types their own.
        path_input = self.query_one("#path", Input)
        if path_input.value and path_input.value != self._suggested_path:
            return
        episode = self.query_one("#episode", Select).value or "all"
        extension = get_writer(str(self.query_one("#format", Select).value)).extension
        self._suggested_path = str(self.folder / f"quotes-{episode}.{extension}")
        path_input.value = self._suggested_path

    def _request(self) -> ExportRequest:
        episode = self.query_one("#episode", Select).value
        path = Path(self.query_one("#path", Input).value.strip()).expanduser()
        format_name = str(self.query_one("#format", Select).value)
        groups = bool(get_writer(format_name).groupings)
        return ExportRequest(
            format=format_name,
            episodes=[str(episode)] if episode else None,
            tags=_names(self.query_one("#tags", Input).value),
            speakers=_names(self.query_one("#speakers", Input).value),
            annotators=_names(self.query_one("#annotators", Input).value),
            path=path if path.is_absolute() else self.folder / path,
            group_by=str(self.query_one("#group-by", Select).value) if groups else None,
        )

    def _set_preview(self, text: str, error: bool = False) -> None:
        preview = self.query_one("#export-preview", Static)
        preview.update(text)
        preview.set_class(error, "error")

    @on(Select.Changed)
    def _choice_changed(self) -> None:
        # Only a format that groups its quotes (the Markdown brief) offers a grouping.
        self.query_one("#group-by", Select).disabled = not get_writer(str(self.query_one("#format", Select).value)).groupings
        self._suggest_path()
        self._schedule_preview()

    @on(Input.Changed)
    def _filter_changed(self) -> None:
        self._schedule_preview()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        # Enter goes on to the next field, and from the file name to the Export button: never straight out.
        event.stop()
        if event.input.id == "path":
            self.query_one("#export", Button).focus()
        else:
            self.focus_next()

    def _schedule_preview(self) -> None:
        self._can_export = False
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(self.DEBOUNCE_SECONDS, lambda: self._preview(self._request()))

    def _select(self, request: ExportRequest):
        """The core's selection for ``request`` (unknown tags are an error, not an empty export)."""
        return select_quotes_with_report(
            self.workspace, request.episodes, request.tags, request.speakers, request.annotators
        )

    @work(thread=True, exclusive=True, group="export-preview")
    def _preview(self, request: ExportRequest) -> None:
        """Count what the request would export; a newer request cancels this one."""
        worker = get_current_worker()
        try:
            selection = self._select(request)
        except AnnotateError as error:
            message = ExportPreview(request, error=str(error))
        else:
            message = ExportPreview(request, len(selection.quotes), selection.skipped)
        if not worker.is_cancelled:
            self.post_message(message)

    @on(ExportPreview)
    def _show_preview(self, message: ExportPreview) -> None:
        if message.request != self._request():
            return  # the form has changed since
        if message.error is not None:
            self._can_export = False
            self._set_preview(message.error, error=True)
            return
        self._can_export = True
        self._last_count = message.count
        lines = [f"{message.count} quote{'s' if message.count != 1 else ''} → {message.request.path}"]
        if message.skipped:
            lines.append(f"{len(message.skipped)} left out: {message.skipped[0]}")
        self._set_preview("\n".join(lines))

    def action_export(self) -> None:
        """Ask, naming what will be written where (and whether it replaces a file); write on yes."""
        request = self._request()
        if not self._can_export:
            self.app.bell()
            return
        try:
            check_output_path(request.path, self.workspace, create_folders=True)
        except AnnotateError as error:
            self._set_preview(str(error), error=True)
            return
        quotes = f"{self._last_count} quote{'s' if self._last_count != 1 else ''}"
        if request.path.exists():
            question, yes = f"{request.path} exists. Replace it with {quotes} as {request.format}?", "Replace"
        else:
            question, yes = f"Export {quotes} as {request.format} to {request.path}?", "Export"

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self._write(request)

        self.app.push_screen(Confirm(question, yes=yes, no="Back"), answered)

    @work(thread=True, exclusive=True, group="export-write")
    def _write(self, request: ExportRequest) -> None:
        """Select, write and save atomically, all through the core."""
        try:
            selection = self._select(request)
            rendered = render_export_with_report(self.workspace, selection, request.format, request.episodes, request.group_by)
            check_output_path(request.path, self.workspace, create_folders=True)
            atomic_write_bytes(request.path, rendered.document)
        except AnnotateError as error:
            self.post_message(ExportDone(request, error=str(error)))
        except OSError as error:
            self.post_message(ExportDone(request, error=f"{request.path}: {error.strerror or error}"))
        else:
            self.post_message(ExportDone(request, len(selection.quotes), warnings=rendered.warnings))

    @on(ExportDone)
    def _written(self, message: ExportDone) -> None:
        if message.error is not None:
            self._set_preview(message.error, error=True)
            return
        for warning in message.warnings:
            self.app.notify(warning, title="Exported, but", severity="warning", timeout=10)
        self.dismiss(message.request.path)

    @on(Button.Pressed, "#export")
    def _export_pressed(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)
