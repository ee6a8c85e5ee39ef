"""The main screen: episodes beside the transcript, the annotations at the cursor, and every key.

Workers read the workspace and post messages; handlers update the widgets. Every edit goes
through the core ``AnnotationStore`` at once and is recorded for undo.
"""

from __future__ import annotations

import copy
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header
from textual.worker import get_current_worker

from annotate.core.errors import AnnotateError
from annotate.core.model import Annotation, Taxonomy, Transcript
from annotate.core.timecode import format_clock, format_time
from annotate.tui.commands import AnnotateCommands
from annotate.tui.file_watch import FileWatch
from annotate.tui.messages import EpisodesLoaded, FilesChanged, LoadFailed, TranscriptLoaded
from annotate.tui.undo import Change, Edit, UndoHistory, apply_change
from annotate.tui.widgets.annotation_panel import AnnotationPanel
from annotate.tui.widgets.episodes import EpisodeList, EpisodePane, EpisodeSummary
from annotate.tui.widgets.status_line import StatusLine
from annotate.tui.widgets.transcript_view import TranscriptView

WATCH_INTERVAL_SECONDS = 1.0


class MainScreen(Screen):
    """Episodes, transcript and annotations; the annotator's whole day happens here."""

    COMMANDS = {AnnotateCommands}
    AUTO_FOCUS = None

    BINDINGS = [
        Binding("t", "tag", "Tag", id="main.tag"),
        Binding("n", "note", "Note", id="main.note"),
        Binding("d", "delete", "Delete", id="main.delete"),
        Binding("u,ctrl+z", "undo", "Undo", id="main.undo"),
        Binding("ctrl+y", "redo", "Redo", show=False, id="main.redo"),
        Binding("a", "next_annotation", "Next annotation here", show=False, id="main.next-annotation"),
        Binding("slash", "open_find", "Find", id="main.find"),
        # Find's next/previous keys are shown (in the footer) only while a find is active.
        Binding("f3", "find_next", "Next match", id="main.find-next"),
        Binding("shift+f3", "find_previous", "Previous match", id="main.find-previous"),
        Binding("g", "go_to_time", "Go to time", show=False, id="main.goto"),
        Binding("s", "search", "Search", id="main.search"),
        Binding("m", "match", "Match", id="main.match"),
        Binding("e", "export", "Export", id="main.export"),
        Binding("y", "copy_quote", "Copy quote", show=False, id="main.copy"),
        Binding("T", "taxonomy", "Taxonomy", show=False, id="main.taxonomy"),
        Binding("question_mark", "help", "Help", id="main.help"),
        Binding("q", "app.quit", "Quit", id="main.quit"),
        *(
            Binding(str(number), f"toggle_tag('{number}')", f"Toggle tag {number}", show=False, id=f"main.tag-{number}")
            for number in range(1, 10)
        ),
    ]

    def __init__(self, start_episode: str | None = None) -> None:
        super().__init__()
        self.start_episode = start_episode
        self.episode: str | None = None
        self.transcript: Transcript | None = None
        self.annotations: list[Annotation] = []
        self.taxonomy = Taxonomy()
        self.history = UndoHistory()
        self._current_annotation_id: str | None = None
        self._pending_jump: tuple[str, object] | None = None
        self._loading_episode: str | None = None
        self.episode_status = ""  # what the status line says about the open episode
        self.file_watch = FileWatch()

    # ----- the app's shared objects ---------------------------------------------------------

    @property
    def workspace(self):
        return self.app.workspace

    @property
    def store(self):
        return self.app.store

    @property
    def view(self) -> TranscriptView:
        return self.query_one(TranscriptView)

    # ----- composition ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(icon="✎")
        with Horizontal(id="body"):
            yield EpisodePane(id="episodes-pane")
            with Vertical(id="reader"):
                yield TranscriptView(id="transcript")
                yield AnnotationPanel(id="annotations")
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.annotator = self._annotator_now()
        self.show_annotator()
        self.sub_title = "loading…"
        self.query_one("#episodes-pane").border_title = "Episodes"
        self.query_one("#transcript").border_title = "Transcript"
        self.query_one("#annotations").border_title = "Annotations here"
        self.taxonomy = self._load_taxonomy()
        self.load_episodes()
        episode = self.start_episode or next(iter(self.workspace.episode_ids()), None)
        if episode is not None:
            self.open_episode(episode)
        else:
            self.set_status("No episodes yet: import a transcript with `annotate import FILE`.")
        if self.start_episode:
            self.view.focus()
        else:
            self.query_one(EpisodeList).focus()
        self.set_interval(WATCH_INTERVAL_SECONDS, self.check_files, name="watch files")

    def _annotator_now(self) -> str:
        # Who new annotations are by (the settings, else git's user.name, else the login name).
        from annotate.core.annotations import default_annotator

        try:
            return default_annotator()
        except AnnotateError:  # an unreadable settings file: the app has said so already
            return "anonymous"

    def show_annotator(self) -> None:
        """Name the workspace and the annotator in the header."""
        self.title = f"annotate · {self.workspace.root.name} · annotator: {self.annotator}"

    def _load_taxonomy(self) -> Taxonomy:
        try:
            from annotate.core.taxonomy import load_taxonomy

            return load_taxonomy(self.workspace)
        except AnnotateError as error:
            self.notify(str(error), title="Taxonomy not read", severity="error")
            return Taxonomy()

    # ----- workers --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="episodes")
    def load_episodes(self) -> None:
        """Read every episode's metadata and annotation count (titles for the list)."""
        from annotate.core.annotations import count_annotations_with_errors
        from annotate.core.formats.metadata import metadata_from_yaml

        workspace = self.workspace
        errors: list[str] = []
        try:
            counts, unreadable = count_annotations_with_errors(workspace)
            errors += [str(error) for error in unreadable.values()]
        except AnnotateError as error:
            counts, unreadable, errors = {}, {}, [str(error)]
        summaries = []
        for episode_id in workspace.episode_ids():
            title, date = episode_id, ""
            metadata_path = workspace.metadata_path(episode_id)
            if metadata_path.exists():
                try:
                    metadata = metadata_from_yaml(metadata_path.read_text(encoding="utf-8-sig"), metadata_path)
                    title, date = metadata.title or episode_id, metadata.date
                except (AnnotateError, OSError, UnicodeDecodeError) as error:
                    errors.append(str(error))
            count = None if episode_id in unreadable else counts.get(episode_id, 0)
            summaries.append(EpisodeSummary(episode_id, title, str(date), count))
        self.post_message(EpisodesLoaded(summaries, errors))

    @work(thread=True, exclusive=True, group="transcript")
    def load_transcript(self, episode: str) -> None:
        """Read one transcript and its annotations; precompute its text so the UI thread does not."""
        started = time.perf_counter()
        try:
            transcript = self.workspace.load_transcript(episode)
            transcript.text, transcript.cue_offsets  # noqa: B018 - warm the cached properties here
            annotations = self.store.annotations(episode)
        except AnnotateError as error:
            self.post_message(LoadFailed(episode, str(error)))
            return
        if get_current_worker().is_cancelled:
            return
        self.post_message(TranscriptLoaded(episode, transcript, annotations, time.perf_counter() - started))

    # ----- message handlers -----------------------------------------------------------------

    @on(EpisodesLoaded)
    def show_episodes(self, message: EpisodesLoaded) -> None:
        self.query_one(EpisodeList).show_episodes(message.summaries, self.episode)
        for error in message.errors:
            self.notify(error, title="Not read", severity="warning")

    @on(TranscriptLoaded)
    def show_transcript(self, message: TranscriptLoaded) -> None:
        if message.episode != self._loading_episode:
            return  # a slower load of an episode the user has since left
        self.episode = message.episode
        self.transcript = message.transcript
        self.annotations = message.annotations
        self._current_annotation_id = None
        self.sub_title = message.transcript.title
        self._show_source_note(message.transcript)
        view = self.view
        view.set_transcript(message.transcript)
        view.set_annotations(self.annotations, self.taxonomy)
        self._watch_episode_files()
        episodes = self.query_one(EpisodeList)
        if message.episode in episodes.summaries:
            episodes.highlighted = episodes.get_option_index(message.episode)
        cues = len(message.transcript.cues)
        orphaned = sum(1 for annotation in self.annotations if annotation.status == "orphaned")
        self.episode_status = (
            f"{message.transcript.title} · {cues} cue{'s' if cues != 1 else ''} · "
            f"{format_clock(message.transcript.duration_ms)} · {len(self.annotations)} annotations"
            + (f" · {orphaned} orphaned (passage not found; see `annotate check`)" if orphaned else "")
        )
        self.set_status(self.episode_status)
        self._apply_pending_jump()
        self.update_panel()

    def _show_source_note(self, transcript: Transcript) -> None:
        # Where the transcript comes from (e.g. "illustrative reconstruction"), over the transcript itself.
        from textual.markup import escape

        from annotate.core.formats.metadata import source_note

        note = source_note(transcript.metadata)
        pane = self.query_one("#transcript")
        pane.border_title = f"Transcript · [i $text-warning]{escape(note)}[/]" if note else "Transcript"
        pane.tooltip = f"Source: {transcript.metadata.source}" if note else None

    @on(LoadFailed)
    def show_load_failure(self, message: LoadFailed) -> None:
        self._loading_episode = self.episode
        self.sub_title = self.transcript.title if self.transcript is not None else ""
        self.notify(message.reason, title=f"Cannot open {message.episode}", severity="error", timeout=10)

    @on(EpisodeList.OptionSelected, "#episodes")
    def episode_chosen(self, event: EpisodeList.OptionSelected) -> None:
        if event.option.id is not None:
            if event.option.id != self.episode:
                self.open_episode(event.option.id)
            self.view.focus()

    @on(TranscriptView.CursorMoved)
    def cursor_moved(self, event: TranscriptView.CursorMoved) -> None:
        self._current_annotation_id = None
        self.update_panel()

    @on(TranscriptView.SelectionChanged)
    def selection_changed(self, event: TranscriptView.SelectionChanged) -> None:
        self.update_panel()

    @on(FilesChanged)
    def files_changed(self, message: FilesChanged) -> None:
        if message.taxonomy:
            self.taxonomy = self._load_taxonomy()
        if message.annotations or message.taxonomy:
            self.reload_annotations()
            self.notify("Annotations changed on disk and were reloaded.", title="Reloaded")
        if message.episodes:
            self.load_episodes()
        if message.transcript and self.episode is not None:
            self.notify("The transcript changed on disk; reopening it.", title="Reloaded")
            self.open_episode(self.episode, keep_cursor=True)

    # ----- opening and jumping --------------------------------------------------------------

    def open_episode(self, episode: str, *, keep_cursor: bool = False) -> None:
        """Load ``episode`` in a worker; the view shows it when ``TranscriptLoaded`` arrives."""
        if keep_cursor and self.transcript is not None and self._pending_jump is None:
            self._pending_jump = (episode, ("cue", self.view.cursor))
        self.sub_title = f"{episode} (loading…)"
        self._loading_episode = episode
        self.load_transcript(episode)

    def jump_to(self, episode: str, *, cue: int | None = None, offsets: tuple[int, int] | None = None) -> None:
        """Show ``episode`` with the cursor on ``cue``, or with ``offsets`` selected (opening it if need be)."""
        target = ("select", offsets) if offsets is not None else ("cue", cue or 0)
        self._pending_jump = (episode, target)
        if episode == self.episode and self.transcript is not None:
            self._apply_pending_jump()
        else:
            self.open_episode(episode)
        self.view.focus()

    def _apply_pending_jump(self) -> None:
        if self._pending_jump is None or self._pending_jump[0] != self.episode:
            return
        _, (kind, value) = self._pending_jump
        self._pending_jump = None
        view = self.view
        if kind == "select" and value is not None:
            start, end = value
            view.select_offsets(start, end)
        else:
            view.set_selection(None)
            view.move_cursor(int(value), extend=False, center=True)
        self.update_panel()

    # ----- the panel and the status line ----------------------------------------------------

    def annotations_at_cursor(self) -> list[Annotation]:
        """Annotations overlapping the cursor's cue, in start order."""
        transcript = self.transcript
        if transcript is None or not transcript.cues:
            return []
        ids = {mark.annotation_id for mark in self.view.marks_at(self.view.cursor)}
        return [annotation for annotation in self.annotations if annotation.id in ids]

    def target_annotation(self) -> Annotation | None:
        """What tag, note and delete act on: the annotation exactly at the selection, else the one at the cursor."""
        selection = self.view.selection
        if selection is not None:
            return next(
                (
                    annotation
                    for annotation in self.annotations
                    if (annotation.anchor.start_offset, annotation.anchor.end_offset) == (selection.start, selection.end)
                ),
                None,
            )
        here = self.annotations_at_cursor()
        if not here:
            return None
        return next((annotation for annotation in here if annotation.id == self._current_annotation_id), here[0])

    def update_panel(self) -> None:
        panel = self.query_one(AnnotationPanel)
        here = self.annotations_at_cursor()
        target = self.target_annotation()
        note = ""
        selection = self.view.selection
        if selection is not None and self.transcript is not None:
            start_ms = self.transcript.time_at(selection.start)
            end_ms = self.transcript.time_at(selection.end, end=True)
            words = len(self.transcript.text[selection.start : selection.end].split())
            extending = "arrows extend it, v stops extending; " if self.view.selecting else ""
            note = (
                f"{'Selecting' if self.view.selecting else 'Selected'} {format_clock(start_ms)}–{format_clock(end_ms)}, "
                f"{words} word{'s' if words != 1 else ''}: {extending}t tags, 1-9 toggle, n notes, "
                "[ ] { } move the ends by a word, Esc clears."
            )
        panel.show(here, self.taxonomy, target.id if target is not None else None, note)

    def set_status(self, text: str) -> None:
        self.query_one(StatusLine).message = text

    # ----- applying edits through the store -------------------------------------------------

    def apply_edit(self, description: str, changes: list[Change]) -> bool:
        """Write ``changes`` through the store, record them for undo, and refresh. False if refused."""
        try:
            for change in changes:
                apply_change(self.store, change.before, change.after)
        except AnnotateError as error:
            self.report_refused(error)
            return False
        self.history.record(Edit(description, changes))
        self.after_write(description)
        return True

    def report_refused(self, error: AnnotateError) -> None:
        """A refused write (usually another process changed the file): say so and show what is on disk."""
        self.notify(str(error), title="Not saved", severity="error", timeout=10)
        self.reload_annotations()

    def after_write(self, description: str) -> None:
        self.reload_annotations()
        if self.episode is not None:
            relative = self.workspace.annotations_path(self.episode).relative_to(self.workspace.root)
            self.set_status(f"{description} · Saved {relative} {datetime.now():%H:%M:%S}")

    def reload_annotations(self) -> None:
        """Read the open episode's annotations from the store and redraw them."""
        if self.episode is None:
            return
        try:
            self.annotations = self.store.annotations(self.episode)
        except AnnotateError as error:
            self.notify(str(error), title="Annotations not read", severity="error")
            return
        self.view.set_annotations(self.annotations, self.taxonomy)
        self.query_one(EpisodeList).update_count(self.episode, len(self.annotations))
        self._watch_episode_files()
        self.update_panel()

    def new_annotation(self, tags: list[str], note: str = "") -> Annotation | None:
        """A new annotation over the selection (or the cursor's cue); not yet saved."""
        from annotate.core.anchoring import new_annotation

        span = self.view.passage()
        if span is None or self.transcript is None:
            return None
        start, end = span
        return new_annotation(self.transcript, start, end, tags, note=note, annotator=self.annotator)

    def set_tags(self, target: Annotation | None, tags: list[str], description: str) -> None:
        """Give the target (or a new annotation over the passage) exactly ``tags``; no tags deletes it."""
        if target is None:
            if not tags:
                return
            created = self.new_annotation(tags)
            if created is not None and self.apply_edit(description, [Change.of(None, created)]):
                self._after_tagging(created.id)
            return
        if not tags:
            self.apply_edit(description, [Change.of(target, None)])
            return
        updated = replace(copy.deepcopy(target), tags=list(tags))
        if self.apply_edit(description, [Change.of(target, updated)]):
            self._after_tagging(target.id)

    def _after_tagging(self, annotation_id: str) -> None:
        # The passage is tagged: drop the selection, keep the new annotation current.
        self.view.set_selection(None)
        self._current_annotation_id = annotation_id
        self.update_panel()

    # ----- actions --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the find prompt takes keys, the other keys are text: the footer shows none of them.
        if self.view.find_typing and action != "app.quit":
            return False
        # F3 / shift+F3 step through find matches only while a find is active.
        if action in ("find_next", "find_previous"):
            return bool(self.view.find_query)
        return True

    def action_toggle_tag(self, key: str) -> None:
        """Toggle the tag whose key is ``key`` on the target annotation (or tag the passage with it)."""
        tag = next((tag for tag in self.taxonomy.tags if tag.key == key), None)
        if tag is None:
            self.notify(f"No tag has the key {key} (press T to give one a key).", severity="warning")
            return
        if self.transcript is None:
            return
        target = self.target_annotation()
        if target is None:
            self.set_tags(None, [tag.id], f"Tagged {tag.label}")
        elif tag.id in target.tags:
            self.set_tags(target, [tag_id for tag_id in target.tags if tag_id != tag.id], f"Removed {tag.label}")
        else:
            self.set_tags(target, [*target.tags, tag.id], f"Tagged {tag.label}")

    def action_tag(self) -> None:
        """Open the tag picker for the target annotation or the passage."""
        from annotate.tui.screens.tag_picker import TagPicker

        if self.transcript is None:
            return
        target = self.target_annotation()
        chosen = list(target.tags) if target is not None else []

        def picked(tags: list[str] | None) -> None:
            if tags is None:
                return
            labels = ", ".join(self.taxonomy.get(tag).label if self.taxonomy.get(tag) else tag for tag in tags)
            description = f"Tagged {labels}" if tags else "Removed every tag"
            self.set_tags(self.target_annotation() if target is not None else None, list(tags), description)

        self.app.push_screen(TagPicker(self.taxonomy, set(chosen)), picked)

    def action_note(self) -> None:
        """Edit the note of the target annotation (a passage without one gets a new, untagged annotation)."""
        from annotate.tui.screens.note_editor import NoteEditor

        if self.transcript is None:
            return
        target = self.target_annotation()

        def written(note: str | None) -> None:
            if note is None:
                return
            if target is None:
                created = self.new_annotation([], note=note)
                if created is not None and self.apply_edit("Noted", [Change.of(None, created)]):
                    self._after_tagging(created.id)
            elif note != target.note:
                self.apply_edit("Noted", [Change.of(target, replace(copy.deepcopy(target), note=note))])

        self.app.push_screen(NoteEditor(target.note if target is not None else ""), written)

    def action_delete(self) -> None:
        """Delete the target annotation after confirmation."""
        from annotate.tui.screens.confirm import Confirm

        target = self.target_annotation()
        if target is None:
            self.notify("No annotation here to delete.", severity="warning")
            return
        labels = ", ".join((self.taxonomy.get(tag).label if self.taxonomy.get(tag) else tag) for tag in target.tags)
        quote = target.anchor.quote if len(target.anchor.quote) <= 80 else target.anchor.quote[:77] + "…"

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.apply_edit("Deleted", [Change.of(target, None)])

        self.app.push_screen(Confirm(f"Delete this annotation ({labels or 'no tags'})?\n“{quote}”"), confirmed)

    def action_undo(self) -> None:
        self._replay(self.history.undo, "Undid", "Nothing to undo.")

    def action_redo(self) -> None:
        self._replay(self.history.redo, "Redid", "Nothing to redo.")

    def _replay(self, step, verb: str, nothing: str) -> None:
        try:
            edit = step(self.store)
        except AnnotateError as error:
            self.report_refused(error)
            return
        if edit is None:
            self.notify(nothing)
            return
        self.after_write(f"{verb}: {edit.description}")
        if edit.episode and edit.episode != self.episode:
            self.notify(f"{verb} {edit.description.lower()} in {edit.episode}")
            self.load_episodes()

    def action_next_annotation(self) -> None:
        """Make the next annotation at the cursor the current one (when several overlap)."""
        here = self.annotations_at_cursor()
        if len(here) < 2:
            return
        ids = [annotation.id for annotation in here]
        current = ids.index(self._current_annotation_id) if self._current_annotation_id in ids else 0
        self._current_annotation_id = ids[(current + 1) % len(ids)]
        self.update_panel()

    def action_open_find(self) -> None:
        """Find in this episode as you type (the query shows in the status line)."""
        self.view.start_find()

    @on(TranscriptView.FindChanged)
    def find_changed(self, message: TranscriptView.FindChanged) -> None:
        if message.typing:
            found = f"{message.count} match{'es' if message.count != 1 else ''}" if message.query.strip() else ""
            self.set_status(f"Find: {message.query}▏  {found}   (Enter keeps the matches for F3 / shift+F3, Esc clears)")
        elif message.query.strip() and message.count:
            self.set_status(f"Find “{message.query}”: match {message.current} of {message.count} (F3 / shift+F3, Esc clears)")
        elif message.query.strip():
            self.set_status(f"Find: “{message.query}” is not in this episode (Esc clears).")
        else:
            self.set_status(f"Find cleared · {self.episode_status}")
        self.refresh_bindings()

    def action_find_next(self) -> None:
        self._step_find(1)

    def action_find_previous(self) -> None:
        self._step_find(-1)

    def _step_find(self, step: int) -> None:
        self.view.find_next(step)

    def action_go_to_time(self) -> None:
        from annotate.tui.screens.goto_time import GotoTime

        if self.transcript is None:
            return

        def chosen(milliseconds: int | None) -> None:
            if milliseconds is None or self.transcript is None or not self.transcript.cues:
                return
            cue_index = self.transcript.cue_index_at_shown_time(milliseconds)
            self.view.move_cursor(cue_index, extend=False, center=True)
            cue = self.transcript.cues[cue_index]
            speaker = f" · {cue.speaker}" if cue.speaker else ""
            beyond = " (the episode ends before that)" if milliseconds > self.transcript.duration_ms else ""
            self.set_status(
                f"Went to {format_clock(cue.start_ms)}{beyond} · cue {cue_index + 1} of {len(self.transcript.cues)}{speaker}"
            )

        self.app.push_screen(GotoTime(), chosen)

    def action_search(self) -> None:
        """Search every episode (the core search); Enter jumps to the hit's cue."""
        from annotate.tui.screens.search_screen import SearchScreen

        def chosen(hit) -> None:
            if hit is not None:
                self.jump_to(hit.episode, cue=hit.cue_index or 0)

        self.app.push_screen(SearchScreen(self.workspace), chosen)

    def action_match(self) -> None:
        """Match a quote to where it was said; Enter jumps there with the passage selected, ready to tag."""
        from annotate.tui.screens.match_screen import MatchScreen

        def chosen(match) -> None:
            if match is not None:
                self.jump_to(match.episode, offsets=(match.start_offset, match.end_offset))

        self.app.push_screen(MatchScreen(self.workspace), chosen)

    def action_export(self) -> None:
        """Export tagged quotes with the core writer (this episode chosen to start with)."""
        from annotate.tui.screens.export_screen import ExportScreen

        def done(path) -> None:
            if path:
                self.set_status(f"Exported tagged quotes to {path}")

        self.app.push_screen(ExportScreen(self.workspace, episode=self.episode), done)

    def action_taxonomy(self) -> None:
        """Edit the codebook (the core operations); afterwards show the tags as they are now."""
        from annotate.tui.screens.taxonomy_screen import TaxonomyScreen

        def closed(changed: bool | None) -> None:
            if not changed:
                return
            self.taxonomy = self._load_taxonomy()
            self.reload_annotations()
            self.load_episodes()
            # Renames and merges rewrote tag ids in the files: replaying older edits would bring old ids back.
            if self.history.can_undo or self.history.can_redo:
                self.history.clear()
                self.notify("The taxonomy changed, so the undo history starts afresh.")

        self.app.push_screen(TaxonomyScreen(self.workspace), closed)

    def action_copy_quote(self) -> None:
        """Copy the passage's quote with its time to the clipboard (terminals with OSC 52)."""
        span = self.view.passage()
        if span is None or self.transcript is None:
            return
        start, end = span
        quote = " ".join(self.transcript.text[start:end].split())
        start_ms = self.transcript.time_at(start)
        cue = self.transcript.cues[self.transcript.cue_index_at(start)]
        speaker = f"{cue.speaker}, " if cue.speaker else ""
        clip = f"“{quote}” ({speaker}{self.transcript.title}, {format_time(start_ms)})"
        self.app.copy_to_clipboard(clip)
        self.set_status(f"Copied: {clip[:100]}")

    def action_change_annotator(self) -> None:
        """Ask for the name new annotations are written by; keep it in the user's settings (not the workspace)."""
        from annotate.core.settings import load_settings, save_setting
        from annotate.tui.screens.taxonomy_dialogs import Field, TagForm

        def chosen(values: dict[str, str] | None) -> None:
            name = (values or {}).get("annotator", "").strip()
            if not values or name == self.annotator:
                return
            if not name:
                self.notify("A name cannot be empty; it stays " + self.annotator, severity="warning")
                return
            try:
                path = save_setting("annotator", name)
                settings = load_settings()
            except AnnotateError as error:
                self.notify(str(error), title="Name not saved", severity="error", timeout=10)
                return
            self.app.settings = settings
            self.annotator = self._annotator_now()
            self.show_annotator()
            if self.annotator != name:
                self.notify(
                    f"Saved in {path}, but {settings.source_of('annotator')} is set and still names you {self.annotator}.",
                    title="Annotator", severity="warning", timeout=10,
                )
            else:
                self.set_status(f"New annotations are by {name} (saved in {path})")

        field = Field("annotator", "Name", self.annotator, "written into each new annotation")
        self.app.push_screen(TagForm("Your name as annotator", [field]), chosen)

    def action_help(self) -> None:
        from annotate.tui.keys import help_rows
        from annotate.tui.screens.help_screen import HelpScreen

        self.app.push_screen(HelpScreen(help_rows(self)))

    # ----- noticing changes made by other processes -----------------------------------------

    def _watched_paths(self) -> list[Path]:
        # The transcripts folder's own time changes when an episode is added or removed.
        paths = [self.workspace.taxonomy_path, self.workspace.transcripts_dir]
        if self.episode is not None:
            paths += [self.workspace.annotations_path(self.episode), self.workspace.transcript_path(self.episode)]
        return paths

    def _watch_episode_files(self) -> None:
        # Remember the files as they are now (after our own writes), so only others' changes count.
        self.file_watch.remember(self._watched_paths())

    def check_files(self) -> None:
        """Post ``FilesChanged`` when another program changed the open episode's files or the episodes.

        Not while another screen is up: the taxonomy screen and the dialogs write through this app,
        and closing them reloads what they changed, so those saves are never reported as someone else's.
        """
        if self.episode is None or self.app.screen is not self:
            return
        changed = self.file_watch.changed()
        if not changed:
            return
        self.post_message(
            FilesChanged(
                annotations=self.workspace.annotations_path(self.episode) in changed,
                taxonomy=self.workspace.taxonomy_path in changed,
                transcript=self.workspace.transcript_path(self.episode) in changed,
                episodes=self.workspace.transcripts_dir in changed,
            )
        )
