"""The main screen: episodes beside the transcript, the annotations at the cursor, and every key.

Workers read the workspace and post messages; handlers update the widgets. Every edit goes
through the workspace (``annotate.core.store``) at once and is recorded for undo; tagging a passage
goes through the core's one tagging service, as the CLI's `tag` does.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
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
from annotate.core.model import Annotation, Tag, Taxonomy, Transcript
from annotate.core.playback import Playback
from annotate.core.services.undo import Change, Edit, UndoHistory, apply_change, tags_created
from annotate.core.shown_text import shown
from annotate.core.store import ANNOTATIONS, EPISODE_LIST, METADATA, TAXONOMY, TRANSCRIPT
from annotate.core.timecode import format_clock, format_time
from annotate.tui.annotation_steps import reading_order, step_annotation
from annotate.tui.commands import AnnotateCommands
from annotate.tui.file_watch import ChangeWatch
from annotate.tui.messages import EpisodesLoaded, FilesChanged, LoadFailed, TranscriptLoaded
from annotate.tui.widgets.annotation_panel import AnnotationPanel
from annotate.tui.widgets.episodes import EpisodeList, EpisodePane, EpisodeSummary
from annotate.tui.widgets.status_line import StatusLine
from annotate.tui.widgets.transcript_view import TranscriptView
from annotate.tui.where import shown_location

WATCH_INTERVAL_SECONDS = 1.0
# How often a playing passage is checked for having ended (to say so, or why it failed).
PLAYBACK_POLL_SECONDS = 0.25
# Most "not read" notices shown when the episode list loads; the rest are counted in one more.
NOTICES_AT_MOST = 3


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
        Binding("greater_than_sign,full_stop", "step_annotation(1)", "Next annotation", show=False, id="main.annotation-next"),
        Binding("less_than_sign,comma", "step_annotation(-1)", "Previous annotation", show=False, id="main.annotation-previous"),
        Binding("A", "annotations_list", "Annotations of the episode", show=False, id="main.annotations"),
        Binding("p", "play", "Play the passage", show=False, id="main.play"),
        Binding("slash", "open_find", "Find", id="main.find"),
        # Find's next/previous keys are shown (in the footer) only while a find is active.
        Binding("f3", "find_next", "Next match", id="main.find-next"),
        Binding("shift+f3", "find_previous", "Previous match", id="main.find-previous"),
        Binding("g", "go_to_time", "Go to time", show=False, id="main.goto"),
        Binding("s", "search", "Search", id="main.search"),
        Binding("m", "match", "Match", id="main.match"),
        Binding("e", "export", "Export", id="main.export"),
        Binding("y", "copy_quote", "Copy quote (and its #t= link)", show=False, id="main.copy"),
        Binding("T", "taxonomy", "Taxonomy", show=False, id="main.taxonomy"),
        Binding("f", "findings", "Findings: codes, agreement, notes", show=False, id="main.findings"),
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
        self._created_tags: list[Tag] = []  # made in the tag picker, for the tagging that follows (its undo removes them)
        self._current_annotation_id: str | None = None
        self._pending_jump: tuple[str, object] | None = None
        self._loading_episode: str | None = None
        self.episode_status = ""  # what the status line says about the open episode
        self.file_watch: ChangeWatch | None = None
        self.playback: Playback | None = None
        self._playback_timer = None

    # ----- the app's shared objects ---------------------------------------------------------

    @property
    def workspace(self):
        return self.app.workspace

    @property
    def store(self):
        """The workspace: every read and write of annotations goes through it."""
        return self.app.workspace

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
        self.file_watch = ChangeWatch(self.workspace)
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
        from annotate.core.identity import default_annotator

        try:
            return default_annotator()
        except AnnotateError:  # an unreadable settings file: the app has said so already
            return "anonymous"

    def show_annotator(self) -> None:
        """Name the workspace and the annotator in the header."""
        self.title = shown(f"annotate · {self.workspace.name} · annotator: {self.annotator}")

    def _load_taxonomy(self) -> Taxonomy:
        try:
            return self.workspace.load_taxonomy()
        except AnnotateError as error:
            self.notify(str(error), title="Taxonomy not read", severity="error")
            return Taxonomy()

    # ----- workers --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="episodes")
    def load_episodes(self) -> None:
        """Read every episode's metadata and annotation count (titles for the list)."""
        from annotate.core.services.episodes import list_episodes

        try:
            listing = list_episodes(self.workspace, details=False)
        except AnnotateError as error:
            self.post_message(EpisodesLoaded([], [str(error)]))
            return
        # An annotation file that cannot be read counts as None (shown as ?), never as 0.
        summaries = [EpisodeSummary(episode.id, episode.title, episode.date, episode.annotations) for episode in listing.episodes]
        self.post_message(EpisodesLoaded(summaries, listing.problems))

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
        # The first few, then how many more: a file of thousands of bad entries must not bury the screen.
        for error in message.errors[:NOTICES_AT_MOST]:
            self.notify(error, title="Not read", severity="warning")
        if len(message.errors) > NOTICES_AT_MOST:
            more = len(message.errors) - NOTICES_AT_MOST
            self.notify(f"and {more} more; `annotate check` lists every one", title="Not read", severity="warning")

    @on(TranscriptLoaded)
    def show_transcript(self, message: TranscriptLoaded) -> None:
        if message.episode != self._loading_episode:
            return  # a slower load of an episode the user has since left
        self.episode = message.episode
        self.transcript = message.transcript
        self.annotations = message.annotations
        self._current_annotation_id = None
        self.sub_title = shown(message.transcript.title)
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
        self.sub_title = shown(self.transcript.title) if self.transcript is not None else ""
        self.notify(message.reason, title=f"Cannot open {message.episode}", severity="error", timeout=10)

    @on(EpisodeList.OptionSelected, "#episodes")
    def episode_chosen(self, event: EpisodeList.OptionSelected) -> None:
        if event.option.id is not None:
            if event.option.id != self.episode:
                self.open_episode(event.option.id)
            self.view.focus()

    @on(TranscriptView.CursorMoved)
    def cursor_moved(self, event: TranscriptView.CursorMoved) -> None:
        # The current annotation stays current while the cursor is still on its passage.
        if self._current_annotation_id not in {annotation.id for annotation in self.annotations_at_cursor()}:
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

    def apply_edit(self, description: str, changes: list[Change], on_refused: Callable[[AnnotateError], None] | None = None) -> bool:
        """Write ``changes`` through the store, record them for undo, and refresh. False if refused (``on_refused`` says so)."""
        saved_changes = []
        try:
            for change in changes:
                saved = apply_change(self.store, change.before, change.after)
                saved_changes.append(Change.of(change.before, saved))
        except AnnotateError as error:
            (on_refused or self.report_refused)(error)
            return False
        self.history.record(Edit(description, [*tags_created(self._take_created_tags()), *saved_changes]))
        self.after_write(description)
        return True

    def _take_created_tags(self) -> list[Tag]:
        # The tags the picker created for the edit being recorded now; each goes into one edit only.
        created, self._created_tags = self._created_tags, []
        return created

    def record_created_tags_alone(self) -> None:
        """Tags created for a tagging that did not happen: undo can still take them back."""
        created = self._take_created_tags()
        if created:
            self.history.record(Edit(f"Created the tag {', '.join(tag.label for tag in created)}", tags_created(created)))

    def report_refused(self, error: AnnotateError) -> None:
        """A refused write (usually another process changed the file): say so and show what is on disk."""
        self.notify(str(error), title="Not saved", severity="error", timeout=10)
        self.reload_annotations()

    def after_write(self, description: str) -> None:
        self.reload_annotations()
        if self.episode is not None:
            where = shown_location(self.workspace.annotations_location(self.episode), self.workspace.location)
            self.set_status(f"{description} · Saved {where} {datetime.now():%H:%M:%S}")

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

    def tag_passage(self, tags: list[str], description: str, note: str = "", on_refused: Callable[[AnnotateError], None] | None = None) -> None:
        """Annotate the selection (or the cursor's cue) through the core's one tagging path, and record it for undo."""
        from annotate.core.services.tagging import tag_passage, tagging_edit

        span = self.view.passage()
        if span is None or self.transcript is None or self.episode is None:
            return
        try:
            tagged = tag_passage(
                self.workspace, self.episode, *span, tags, note=note, annotator=self.annotator, annotations_now=self.annotations
            )
        except AnnotateError as error:
            (on_refused or self.report_refused)(error)
            return
        self.history.record(tagging_edit(description, tagged, self._take_created_tags()))
        self.after_write(description)
        self._after_tagging(tagged.annotation.id)

    def set_tags(self, target: Annotation | None, tags: list[str], description: str) -> None:
        """Give the target (or a new annotation over the passage) exactly ``tags``; no tags deletes it."""
        if target is None:
            if not tags:
                return
            self.tag_passage(list(tags), description)
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
            self.record_created_tags_alone()  # none left unless the tagging was refused

        self.app.push_screen(TagPicker(self.taxonomy, set(chosen), create_tag=self.create_tag), picked)

    def create_tag(self, label: str, parent: str | None) -> Tag:
        """Add a tag called ``label`` under ``parent`` to the taxonomy (the core, as `taxonomy add`); returns it."""
        from annotate.core.taxonomy import add_tag_named

        tag = add_tag_named(self.workspace, label, parent)
        self._created_tags.append(tag)
        self.taxonomy = self._load_taxonomy()
        self._watch_episode_files()  # the taxonomy file changed by our hand, not "on disk"
        key = f", key {tag.key}" if tag.key else ""
        where = shown_location(self.workspace.item_location((TAXONOMY, "")), self.workspace.location)
        self.notify(f"Created the tag {tag.label} ({tag.id}{key}) in {where}.", title="New tag")
        return tag

    def action_note(self) -> None:
        """Edit the note of the target annotation (a passage without one gets a new, untagged annotation)."""
        from annotate.tui.screens.note_editor import NoteEditor

        if self.transcript is None:
            return
        target = self.target_annotation()

        def written(note: str | None) -> None:
            if note is None:
                return

            def refused(error: AnnotateError) -> None:
                # Nothing was saved: the editor comes back with the text and the reason, so nothing typed is lost.
                self.reload_annotations()
                self.app.push_screen(NoteEditor(note, problem=f"Not saved: {error}"), written)

            if target is None:
                self.tag_passage([], "Noted", note=note, on_refused=refused)
            elif note != target.note:
                self.apply_edit("Noted", [Change.of(target, replace(copy.deepcopy(target), note=note))], on_refused=refused)

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
        if edit.changes_taxonomy:
            self.taxonomy = self._load_taxonomy()
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

    def action_step_annotation(self, step: int) -> None:
        """Go to the next (``step`` 1) or previous (-1) annotation of the episode, in reading order."""
        if self.transcript is None or not self.transcript.cues:
            return
        current = self.target_annotation() if self.view.selection is None else None
        cursor_offset = self.transcript.cue_offsets[self.view.cursor]
        found = step_annotation(self.annotations, current.id if current else None, cursor_offset, step)
        if found is None:
            where = "after" if step > 0 else "before"
            self.set_status(f"No annotation {where} this one in {self.transcript.title}." if self.annotations else "No annotations in this episode yet.")
            self.app.bell()
            return
        self.go_to_annotation(found)

    def go_to_annotation(self, annotation: Annotation) -> None:
        """Put the cursor on ``annotation``'s first cue and make it the current annotation."""
        transcript = self.transcript
        if transcript is None or not transcript.cues:
            return
        view = self.view
        view.set_selection(None)
        if annotation.status == "orphaned":
            # Its passage is not in the transcript any more: go to where it was, and say so.
            view.move_cursor(transcript.cue_index_at_time(annotation.anchor.start_ms), extend=False, center=True)
            self.set_status(f"Annotation {annotation.id} is orphaned: its passage was not found (see `annotate check`).")
            return
        view.move_cursor(transcript.cue_index_at(max(0, annotation.anchor.start_offset)), extend=False, center=True)
        self._current_annotation_id = annotation.id
        self.update_panel()
        ordered = [placed.id for placed in reading_order(self.annotations)]
        position = ordered.index(annotation.id) + 1 if annotation.id in ordered else 0
        labels = ", ".join(self.taxonomy.get(tag).label if self.taxonomy.get(tag) else tag for tag in annotation.tags) or "no tags"
        self.set_status(
            f"Annotation {position} of {len(ordered)}: {format_clock(annotation.anchor.start_ms)} · {labels}"
            + (f" · {annotation.annotator}" if annotation.annotator else "")
        )

    def action_annotations_list(self) -> None:
        """List the episode's annotations (time, tags, note, annotator); Enter goes to one."""
        from annotate.tui.screens.annotations_list import AnnotationsList

        if self.transcript is None:
            return
        current = self.target_annotation()

        def chosen(annotation: Annotation | None) -> None:
            if annotation is not None:
                self.go_to_annotation(annotation)
                self.view.focus()

        self.app.push_screen(
            AnnotationsList(self.transcript.title, self.annotations, self.taxonomy, current.id if current else None), chosen
        )

    # ----- playing the passage --------------------------------------------------------------

    def passage_times(self) -> tuple[int, int] | None:
        """What p plays, in milliseconds: the selection, else the annotation at the cursor, else the cue."""
        transcript = self.transcript
        if transcript is None or not transcript.cues:
            return None
        selection = self.view.selection
        if selection is not None:
            return transcript.time_at(selection.start), transcript.time_at(selection.end, end=True)
        target = self.target_annotation()
        if target is not None:
            return target.anchor.start_ms, target.anchor.end_ms
        cue = transcript.cues[self.view.cursor]
        return cue.start_ms, cue.end_ms

    def action_play(self) -> None:
        """Play the passage from its start to its end with mpv (p again, on the same passage, stops it)."""
        from annotate.core.playback import media_source, start_playback

        times = self.passage_times()
        if times is None or self.transcript is None:
            return
        playing = self.playback
        if playing is not None and not playing.finished():
            self.stop_playback()
            if (playing.start_ms, playing.end_ms) == times:
                self.set_status("Stopped playing.")
                return
        start_ms, end_ms = times
        try:
            source = media_source(self.transcript.metadata.media_url, Path(self.workspace.item_location((EPISODE_LIST, ""))))
            if source is None:
                metadata = shown_location(self.workspace.item_location((METADATA, self.transcript.id)), self.workspace.location)
                self.notify(
                    f"This episode has no recording to play: put its URL or file as media_url in {metadata}.",
                    title="Nothing to play", severity="warning", timeout=8,
                )
                return
            if self.app.in_browser:
                self.offer_in_browser(source, start_ms, end_ms)
                return
            self.playback = start_playback(source, start_ms, end_ms)
        except AnnotateError as error:
            self.notify(str(error), title="Cannot play", severity="error", timeout=10)
            return
        self._playback_timer = self.set_interval(PLAYBACK_POLL_SECONDS, self._check_playback, name="playback")
        player = Path(self.playback.command[0]).name
        self.set_status(f"Playing {format_clock(start_ms)}–{format_clock(end_ms)} with {player} (p stops)")

    def offer_in_browser(self, source, start_ms: int, end_ms: int) -> None:
        """In a browser, a player here would play on the server's speakers: open the passage's link in the browser instead, or say why not."""
        from annotate.core.playback import passage_for_browser

        offer = passage_for_browser(source, start_ms, end_ms)
        if offer.link is not None:
            self.app.open_url(offer.link)
        self.notify(offer.message, title="Playback in the browser", severity="warning", timeout=15)

    def _check_playback(self) -> None:
        playback = self.playback
        if playback is None or not playback.finished():
            return
        failure = playback.failure()
        self.stop_playback()
        if failure:
            self.notify(failure, title="Not played", severity="error", timeout=10)
        else:
            self.set_status(f"Played {format_clock(playback.start_ms)}–{format_clock(playback.end_ms)}.")

    def stop_playback(self) -> None:
        """Stop the player, if one plays, and the check on it."""
        if self._playback_timer is not None:
            self._playback_timer.stop()
            self._playback_timer = None
        if self.playback is not None:
            self.playback.stop()
            self.playback = None

    def on_unmount(self) -> None:
        self.stop_playback()

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

    def action_findings(self) -> None:
        """Codes per episode and speaker, co-occurrence, agreement and notes (the core analysis); Enter jumps."""
        from annotate.tui.screens.findings_screen import FindingsScreen

        def chosen(target) -> None:
            if target is not None:
                self.jump_to(target.episode, offsets=(target.start_offset, target.end_offset))

        self.app.push_screen(FindingsScreen(self.workspace, episode=self.episode), chosen)

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
        media_url = self.transcript.metadata.media_url.strip()
        if media_url:
            # The recording at this passage, as a media-fragment link any browser player understands.
            from annotate.core.playback import media_fragment_link

            clip += " " + media_fragment_link(media_url, start_ms, self.transcript.time_at(end, end=True))
        self.app.copy_to_clipboard(clip)
        self.set_status(f"Copied{' with its #t= link' if media_url else ''}: {clip[:100]}")

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

    def _watch_episode_files(self) -> None:
        # Remember the items as they are now (after our own writes), so only others' changes count.
        self.file_watch.remember([self.episode] if self.episode is not None else [])

    def check_files(self) -> None:
        """Post ``FilesChanged`` when another program changed the open episode, the taxonomy or the episodes.

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
                annotations=(ANNOTATIONS, self.episode) in changed,
                taxonomy=(TAXONOMY, "") in changed,
                transcript=(TRANSCRIPT, self.episode) in changed,
                episodes=(EPISODE_LIST, "") in changed,
            )
        )
