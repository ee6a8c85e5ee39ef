"""The transcript view: time, speaker and wrapped text of every cue, drawn with Textual's Line API.

Only visible rows are rendered (``render_line``), each once per change thanks to an LRU cache of
strips, like Textual's ``Log`` widget and the Toolong viewer; the wrapped layout is computed once
per width. The view owns a cue cursor, a passage selection, find matches and the annotation marks.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.color import Color
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from annotate.core.model import Annotation, Taxonomy, Transcript
from annotate.core.shown_text import shown
from annotate.core.timecode import format_clock
from annotate.tui import passage as passages
from annotate.tui.finder import Finder
from annotate.tui.layout import TranscriptLayout
from annotate.tui.passage import Passage

GUTTER_MARK = "▌"
SPEAKER_COLORS = ("#3a86d4", "#c0509a", "#2f9e5b", "#c4871a", "#d9534f", "#2aa1b3", "#8e6bd1", "#7a8a1f")
MAX_SPEAKER_WIDTH = 16
SCROLL_MARGIN = 3


@dataclass(frozen=True)
class MarkSpan:
    """Part of one cue covered by an annotation: characters ``start``..``end`` in the cue's colour."""

    start: int
    end: int
    color: str
    annotation_id: str


class TranscriptView(ScrollView, can_focus=True):
    """A cue-by-cue transcript with a cursor, a passage selection, find and annotation marks."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "transcript-view--time",
        "transcript-view--cursor",
        "transcript-view--selection",
        "transcript-view--match",
        "transcript-view--match-current",
    }
    DEFAULT_CSS = """
    TranscriptView {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: scroll;
        scrollbar-gutter: stable;
        & > .transcript-view--time { color: $text-muted; }
        & > .transcript-view--cursor { background: $foreground 7%; }
        &:focus > .transcript-view--cursor { background: $primary 25%; }
        & > .transcript-view--selection { background: $accent 55%; color: $foreground; }
        & > .transcript-view--match { background: $warning 35%; }
        & > .transcript-view--match-current { background: $warning 80%; color: $background; }
    }
    """

    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False, id="transcript.up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="transcript.down"),
        Binding("pageup", "page_up", "Page up", show=False, id="transcript.page-up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="transcript.page-down"),
        Binding("home", "first_cue", "First cue", show=False, id="transcript.home"),
        Binding("end", "last_cue", "Last cue", show=False, id="transcript.end"),
        Binding("shift+up", "select_up", "Select up", show=False, id="transcript.select-up"),
        Binding("shift+down", "select_down", "Select down", show=False, id="transcript.select-down"),
        Binding("v", "toggle_select", "Select", id="transcript.select"),
        # While `v` extends a selection the footer offers to stop, not to select again.
        Binding("v", "stop_extending", "Stop extending", id="transcript.stop-extending"),
        Binding("left_square_bracket", "move_start(-1)", "Start a word earlier", show=False, id="transcript.start-earlier"),
        Binding("right_square_bracket", "move_start(1)", "Start a word later", show=False, id="transcript.start-later"),
        Binding("left_curly_bracket", "move_end(-1)", "End a word earlier", show=False, id="transcript.end-earlier"),
        Binding("right_curly_bracket", "move_end(1)", "End a word later", show=False, id="transcript.end-later"),
        Binding("escape", "cancel", "Clear", show=False, id="transcript.cancel"),
    ]

    class CursorMoved(Message):
        """The cursor is on a new cue."""

        def __init__(self, cue_index: int) -> None:
            super().__init__()
            self.cue_index = cue_index

    class SelectionChanged(Message):
        """The selected passage changed (``passage`` is None when nothing is selected)."""

        def __init__(self, passage: Passage | None) -> None:
            super().__init__()
            self.passage = passage

    class FindChanged(Message):
        """The find query or its current match changed (``typing``: the prompt is still taking keys)."""

        def __init__(self, query: str, count: int, current: int, typing: bool) -> None:
            super().__init__()
            self.query = query
            self.count = count
            self.current = current
            self.typing = typing

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.transcript: Transcript | None = None
        self.cursor = 0
        self.selection: Passage | None = None
        self.selecting = False  # `v` mode: cursor moves extend the selection
        self._layout: TranscriptLayout | None = None
        self._strips: LRUCache[int, Strip] = LRUCache(1024)
        self._marks: dict[int, list[MarkSpan]] = {}
        self._tag_colors: dict[str, str] = {}
        self._blend_cache: dict[str, Style] = {}
        self._finder: Finder | None = None
        self.current_match_start: int | None = None
        self.find_query = ""
        self.find_typing = False  # `/` was pressed: printable keys go to the find query
        self._drag_anchor: int | None = None
        self._speaker_width = 0
        self._time_width = 5

    # ----- content -------------------------------------------------------------------------

    def set_transcript(self, transcript: Transcript | None, cursor: int = 0) -> None:
        """Show ``transcript`` with the cursor on cue ``cursor``; clears selection, find and marks."""
        self.transcript = transcript
        self.selection = None
        self.selecting = False
        self._marks = {}
        self._clear_find_state()
        self._finder = None
        self._layout = None
        if transcript is not None and transcript.cues:
            speakers = {cue.speaker for cue in transcript.cues if cue.speaker}
            self._speaker_width = min(MAX_SPEAKER_WIDTH, max((len(name) for name in speakers), default=0))
            self._time_width = len(format_clock(transcript.duration_ms))
            self.cursor = min(max(0, cursor), len(transcript.cues) - 1)
        else:
            self.cursor = 0
        self.scroll_to(0, 0, animate=False)
        self._relayout()
        self.scroll_cursor_visible(center=True)

    def set_annotations(self, annotations: list[Annotation], taxonomy: Taxonomy) -> None:
        """Mark each annotation's passage in its first tag's colour (orphaned ones are not drawn)."""
        transcript = self.transcript
        self._marks = {}
        if transcript is None or not transcript.cues:
            self._invalidate()
            return
        text_length = len(transcript.text)
        for annotation in annotations:
            if annotation.status == "orphaned":
                continue
            start = max(0, annotation.anchor.start_offset)
            end = min(text_length, annotation.anchor.end_offset)
            if end <= start:
                continue
            color = self._tag_color(annotation, taxonomy)
            first, last = transcript.cue_index_at(start), transcript.cue_index_at(end - 1)
            for cue_index in range(first, last + 1):
                cue_start, cue_end = passages.cue_span(transcript, cue_index)
                local_start, local_end = max(start, cue_start) - cue_start, min(end, cue_end) - cue_start
                if local_end > local_start:
                    self._marks.setdefault(cue_index, []).append(MarkSpan(local_start, local_end, color, annotation.id))
        self._invalidate()

    @staticmethod
    def _tag_color(annotation: Annotation, taxonomy: Taxonomy) -> str:
        for tag_id in annotation.tags:
            tag = taxonomy.get(tag_id)
            if tag is not None and tag.color:
                return tag.color
        return "#888888"

    def marks_at(self, cue_index: int) -> list[MarkSpan]:
        """The annotation marks drawn on cue ``cue_index``."""
        return self._marks.get(cue_index, [])

    # ----- layout --------------------------------------------------------------------------

    @property
    def prefix_width(self) -> int:
        """Cells before the text: gutter mark, time, speaker."""
        speaker = self._speaker_width + 1 if self._speaker_width else 0
        return 2 + self._time_width + 1 + speaker

    @property
    def layout_rows(self) -> TranscriptLayout | None:
        return self._layout

    def _relayout(self) -> None:
        # Recompute wrapping only when the text width changed (or the transcript did).
        transcript = self.transcript
        if transcript is None or not transcript.cues:
            self._layout = None
            self.virtual_size = Size(0, 0)
            self._invalidate()
            return
        width = self.scrollable_content_region.width or 80
        text_width = max(10, width - self.prefix_width)
        if self._layout is None or self._layout.text_width != text_width:
            self._layout = TranscriptLayout([cue.text for cue in transcript.cues], text_width)
        self.virtual_size = Size(width, self._layout.row_count)
        self._invalidate()

    def on_resize(self, event: events.Resize) -> None:
        previous_cursor_row = self._layout.first_row(self.cursor) if self._layout else 0
        offset_in_view = previous_cursor_row - self.scroll_offset.y
        self._relayout()
        if self._layout is not None:
            self.scroll_to(y=max(0, self._layout.first_row(self.cursor) - offset_in_view), animate=False)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._blend_cache.clear()
        self._strips.clear()

    def _invalidate(self) -> None:
        self._strips.clear()
        self.refresh()

    def _refresh_cues(self, first: int, last: int) -> None:
        # Forget and repaint only the rows of cues first..last.
        layout = self._layout
        if layout is None:
            return
        first, last = max(0, min(first, last)), max(first, last)
        if last - first > 200:
            self._invalidate()
            return
        top, bottom = layout.first_row(first), layout.last_row(last)
        for row in range(top, bottom + 1):
            self._strips.discard(row)
        self.refresh_lines(top, bottom - top + 1)

    # ----- rendering -----------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        row = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        layout = self._layout
        if layout is None or row >= layout.row_count:
            return Strip.blank(width, self._base_style())
        if y == 0 and self._speaker_width:
            # The top row names its speaker even mid-turn, so a scrolled view always says who talks.
            return self._render_row(row, width, name_speaker=True)
        strip = self._strips.get(row)
        if strip is None or strip.cell_length != width:
            strip = self._render_row(row, width)
            self._strips[row] = strip
        return strip

    def _render_row(self, row: int, width: int, name_speaker: bool = False) -> Strip:
        assert self._layout is not None and self.transcript is not None
        cue_index, start, end = self._layout.line_span(row)
        cue = self.transcript.cues[cue_index]
        first_row = start == 0
        base = self._base_style()
        if cue_index == self.cursor:
            base = base + self._component("transcript-view--cursor", background=True)
        marks = self._marks.get(cue_index, [])
        segments: list[Segment] = []
        # Gutter: a bar in the first annotation's colour on every row of an annotated cue.
        if marks:
            segments.append(Segment(GUTTER_MARK, base + Style(color=marks[0].color)))
            segments.append(Segment(" ", base))
        else:
            segments.append(Segment("  ", base))
        time_style = base + self._component("transcript-view--time", foreground=True)
        clock = format_clock(cue.start_ms).rjust(self._time_width) if first_row else " " * self._time_width
        segments.append(Segment(clock + " ", time_style))
        if self._speaker_width:
            label = ""
            turn_starts = cue_index == 0 or self.transcript.cues[cue_index - 1].speaker != cue.speaker
            if cue.speaker and ((first_row and turn_starts) or name_speaker):
                label = shown(cue.speaker[: self._speaker_width])
            speaker_style = base + Style(bold=True, dim=not (first_row and turn_starts))
            if cue.speaker:
                speaker_style += Style(color=SPEAKER_COLORS[hash_name(cue.speaker) % len(SPEAKER_COLORS)])
            segments.append(Segment(label.ljust(self._speaker_width) + " ", speaker_style))
        # Control characters as symbols (one for one, so the marks' offsets still fit), never sent to the terminal.
        text = Text(shown(cue.text[start:end]), no_wrap=True, end="")
        text.stylize(base)
        for mark in marks:
            if mark.end > start and mark.start < end:
                text.stylize(self._mark_style(mark.color), max(mark.start, start) - start, min(mark.end, end) - start)
        self._stylize_matches(text, cue_index, start, end)
        if self.selection is not None and self.selection.first_cue <= cue_index <= self.selection.last_cue:
            cue_offset = self.transcript.cue_offsets[cue_index]
            selection_start = max(self.selection.start - cue_offset, start)
            selection_end = min(self.selection.end - cue_offset, end)
            if selection_end > selection_start:
                text.stylize(
                    self._component("transcript-view--selection", background=True, foreground=True),
                    selection_start - start,
                    selection_end - start,
                )
        segments.extend(text.render(self.app.console))
        strip = Strip(segments)
        return strip.crop_extend(0, width, base)

    def _stylize_matches(self, text: Text, cue_index: int, start: int, end: int) -> None:
        if not self.find_query or self._finder is None or self.transcript is None:
            return
        cue_offset = self.transcript.cue_offsets[cue_index]
        length = len(self._finder.needle)
        for match_start in self._finder.starts_between(cue_offset + start, cue_offset + end):
            local_start = max(match_start - cue_offset, start)
            local_end = min(match_start + length - cue_offset, end)
            if local_end > local_start:
                current = match_start == self.current_match_start
                name = "transcript-view--match-current" if current else "transcript-view--match"
                text.stylize(self._component(name, background=True, foreground=current), local_start - start, local_end - start)

    def _base_style(self) -> Style:
        # The widget's own colours; ``rich_style`` walks every ancestor, so it is kept until styles change.
        style = self._blend_cache.get("base")
        if style is None:
            style = self._blend_cache["base"] = self.rich_style
        return style

    def _component(self, name: str, *, background: bool = False, foreground: bool = False) -> Style:
        # A component's colours resolved against the widget's background (so `$primary 25%` blends).
        key = f"{name}:{background}:{foreground}"
        style = self._blend_cache.get(key)
        if style is None:
            full = self.get_component_rich_style(name)
            style = Style(
                bgcolor=full.bgcolor if background else None,
                color=full.color if foreground else None,
                bold=full.bold,
            )
            self._blend_cache[key] = style
        return style

    def _mark_style(self, color: str) -> Style:
        # Annotated text gets its tag colour blended into the background, readable in dark and light themes.
        style = self._blend_cache.get(color)
        if style is None:
            background = self.background_colors[1]
            try:
                tag_color = Color.parse(color)
            except Exception:
                tag_color = Color.parse("#888888")
            style = Style(bgcolor=background.blend(tag_color, 0.35).rich_color)
            self._blend_cache[color] = style
        return style

    # ----- cursor --------------------------------------------------------------------------

    @property
    def cue_count(self) -> int:
        return len(self.transcript.cues) if self.transcript is not None else 0

    def move_cursor(self, cue_index: int, *, extend: bool | None = None, center: bool = False) -> None:
        """Put the cursor on ``cue_index``; with ``extend`` (default: in `v` mode) grow the selection."""
        if not self.cue_count:
            return
        cue_index = min(max(0, cue_index), self.cue_count - 1)
        extend = self.selecting if extend is None else extend
        previous = self.cursor
        self.cursor = cue_index
        if extend:
            self._extend_selection(cue_index)
        self._refresh_cues(previous, previous)
        self._refresh_cues(cue_index, cue_index)
        self.scroll_cursor_visible(center=center)
        if previous != cue_index:
            self.post_message(self.CursorMoved(cue_index))

    def scroll_cursor_visible(self, center: bool = False) -> None:
        """Scroll so the cursor's cue is on screen with a few rows of context (centred when asked)."""
        layout = self._layout
        if layout is None:
            return
        height = max(1, self.scrollable_content_region.height)
        top, bottom = layout.first_row(self.cursor), layout.last_row(self.cursor)
        # Keep up to SCROLL_MARGIN rows around the cursor's cue when the view is tall enough.
        margin = max(0, min(SCROLL_MARGIN, (height - (bottom - top + 1)) // 2))
        scroll_y = self.scroll_offset.y
        if center:
            target = max(0, top - height // 3)
        elif top - margin < scroll_y:
            target = max(0, top - margin)
        elif bottom + margin >= scroll_y + height:
            target = max(0, bottom + margin - height + 1) if bottom - top < height else top
        else:
            return
        self.scroll_to(y=target, animate=False)

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor + 1)

    def action_page_up(self) -> None:
        self._page(-1)

    def action_page_down(self) -> None:
        self._page(1)

    def _page(self, direction: int) -> None:
        layout = self._layout
        if layout is None:
            return
        height = max(1, self.scrollable_content_region.height - 1)
        row = layout.first_row(self.cursor) + direction * height
        target = layout.cue_at(row)
        if target == self.cursor:
            target = self.cursor + direction
        self.scroll_to(y=max(0, self.scroll_offset.y + direction * height), animate=False)
        self.move_cursor(target)

    def action_first_cue(self) -> None:
        self.move_cursor(0)

    def action_last_cue(self) -> None:
        self.move_cursor(self.cue_count - 1)

    # ----- selection -----------------------------------------------------------------------

    def action_toggle_select(self) -> None:
        """Start selecting at the cursor's cue, or stop extending (the selection stays)."""
        if self.transcript is None or not self.cue_count:
            return
        if self.selecting:
            self.selecting = False
        else:
            self.selecting = True
            self.set_selection(passages.whole_cues(self.transcript, self.cursor, self.cursor))
        self.refresh_bindings()

    def action_stop_extending(self) -> None:
        """Stop growing the selection with the cursor (the selection stays)."""
        self.selecting = False
        self.refresh_bindings()
        self.post_message(self.SelectionChanged(self.selection))

    def action_select_up(self) -> None:
        self._select_step(-1)

    def action_select_down(self) -> None:
        self._select_step(1)

    def _select_step(self, step: int) -> None:
        if self.transcript is None or not self.cue_count:
            return
        if self.selection is None:
            self.set_selection(passages.whole_cues(self.transcript, self.cursor, self.cursor))
        self.move_cursor(self.cursor + step, extend=True)

    def _extend_selection(self, cue_index: int) -> None:
        assert self.transcript is not None
        if self.selection is None:
            self.set_selection(passages.whole_cues(self.transcript, cue_index, cue_index))
        else:
            self.set_selection(passages.extend_to(self.transcript, self.selection, cue_index))

    def action_move_start(self, words: int) -> None:
        if self.transcript is not None and self.selection is not None:
            self.set_selection(passages.move_start(self.transcript, self.selection, words))

    def action_move_end(self, words: int) -> None:
        if self.transcript is not None and self.selection is not None:
            self.set_selection(passages.move_end(self.transcript, self.selection, words))

    def set_selection(self, passage: Passage | None) -> None:
        """Select ``passage`` (None clears); repaints the rows that changed."""
        previous = self.selection
        if passage == previous:
            return
        self.selection = passage
        if passage is None and self.selecting:
            self.selecting = False
            self.refresh_bindings()
        for changed in (previous, passage):
            if changed is not None:
                self._refresh_cues(changed.first_cue, changed.last_cue)
        self.post_message(self.SelectionChanged(passage))

    def select_offsets(self, start: int, end: int) -> None:
        """Select text ``start``..``end`` and put the cursor on its first cue (e.g. a matched quote)."""
        if self.transcript is None or not self.cue_count:
            return
        first = self.transcript.cue_index_at(start)
        last = self.transcript.cue_index_at(max(start, end - 1))
        self.selecting = False
        self.set_selection(Passage(first, first, last, start, end))
        self.move_cursor(first, extend=False, center=True)

    def passage(self) -> tuple[int, int] | None:
        """The offsets of the selection, else of the cursor's cue (None with no transcript)."""
        if self.transcript is None or not self.cue_count:
            return None
        if self.selection is not None:
            return self.selection.start, self.selection.end
        return passages.cue_span(self.transcript, self.cursor)

    def action_cancel(self) -> None:
        """Escape: clear the selection, else the find."""
        if self.selection is not None:
            self.set_selection(None)
        elif self.find_query:
            self.clear_find()
        self.refresh_bindings()

    # ----- mouse ---------------------------------------------------------------------------

    def _offset_at(self, event: events.MouseEvent) -> int | None:
        # The character offset in transcript.text under the mouse.
        layout, transcript = self._layout, self.transcript
        if layout is None or transcript is None:
            return None
        row = self.scroll_offset.y + event.y
        cue_index, start, end = layout.line_span(min(row, layout.row_count - 1))
        column = event.x - self.prefix_width
        within = start + min(max(0, column), end - start)
        return transcript.cue_offsets[cue_index] + within

    def on_mouse_down(self, event: events.MouseDown) -> None:
        offset = self._offset_at(event)
        if offset is None or event.button != 1:
            return
        self.focus()
        self._drag_anchor = offset
        self.capture_mouse()
        assert self.transcript is not None
        self.selecting = False
        self.set_selection(None)
        self.move_cursor(self.transcript.cue_index_at(offset), extend=False)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._drag_anchor is None or self.transcript is None:
            return
        offset = self._offset_at(event)
        if offset is None:
            return
        if abs(offset - self._drag_anchor) >= 1:
            passage = passages.words_between(self.transcript, self._drag_anchor, offset)
            self.set_selection(passage)
            self.move_cursor(self.transcript.cue_index_at(offset), extend=False)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._drag_anchor is not None:
            self._drag_anchor = None
            self.release_mouse()

    # ----- find ----------------------------------------------------------------------------

    def find(self, query: str, *, from_cursor: bool = True) -> int:
        """Highlight every case-insensitive occurrence of ``query``; jump to the first at or after the cursor.

        Returns how many there are.
        """
        self.find_query = query
        self.current_match_start = None
        if self.transcript is None or not query.strip():
            self.find_query = ""
            self._invalidate()
            return 0
        if self._finder is None:
            self._finder = Finder(self.transcript.text)
        count = self._finder.set_query(query)
        if count:
            position = self.transcript.cue_offsets[self.cursor] if from_cursor else 0
            self._go_to_match(self._finder.next_from(position))
        self._invalidate()
        return count

    @property
    def match_count(self) -> int:
        return self._finder.count if self._finder is not None and self.find_query else 0

    @property
    def current_match(self) -> int:
        """The 1-based number of the current match (0 when there is none)."""
        if self._finder is None or self.current_match_start is None:
            return 0
        return self._finder.ordinal(self.current_match_start)

    def find_next(self, step: int = 1) -> None:
        """Move to the next (``step`` 1) or previous (-1) match, wrapping around."""
        if not self.match_count or self._finder is None or self.transcript is None:
            return
        here = self.current_match_start
        if here is None:
            here = self.transcript.cue_offsets[self.cursor]
            target = self._finder.next_from(here) if step > 0 else self._finder.previous_before(here)
        elif step > 0:
            target = self._finder.next_from(here + len(self._finder.needle))
        else:
            target = self._finder.previous_before(here)
        previous = self.current_match_start
        self._go_to_match(target)
        self._announce_find()
        for position in (previous, target):
            if position is not None:
                cue_index = self.transcript.cue_index_at(position)
                self._refresh_cues(cue_index, self.transcript.cue_index_at(position + len(self._finder.needle) - 1))

    def _go_to_match(self, start: int | None) -> None:
        if start is None or self.transcript is None:
            return
        self.current_match_start = start
        self.move_cursor(self.transcript.cue_index_at(start), extend=False)

    def clear_find(self) -> None:
        self._clear_find_state()
        self._invalidate()
        self._announce_find()

    # The find prompt: typed straight into the view (shown in the status line by the screen), so
    # each letter costs a find and a repaint of the visible rows, not an input widget's re-layout.

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Keys typed into the find prompt are text, not commands.
        if self.find_typing:
            return False
        if action == "toggle_select":
            return not self.selecting
        if action == "stop_extending":
            return self.selecting
        return True

    def start_find(self) -> None:
        """Take the following keys as the find query (Enter keeps the matches, Esc clears them)."""
        self.find_typing = True
        self.focus()
        self._announce_find()

    def _set_find_query(self, query: str) -> None:
        self.find(query)
        self.find_query = query  # kept while typing, even when it is only spaces so far
        self._announce_find()

    def _announce_find(self) -> None:
        self.post_message(self.FindChanged(self.find_query, self.match_count, self.current_match, self.find_typing))
        self.refresh_bindings()

    def on_key(self, event: events.Key) -> None:
        if not self.find_typing:
            return
        if event.key == "enter":
            self.find_typing = False
            self._announce_find()
        elif event.key == "escape":
            self.find_typing = False
            self.clear_find()
        elif event.key == "backspace":
            self._set_find_query(self.find_query[:-1])
        elif event.key == "ctrl+u":
            self._set_find_query("")
        elif event.is_printable and event.character:
            self._set_find_query(self.find_query + event.character)
        else:
            # Any other key (an arrow, Tab...) ends typing, keeps the matches, and does its usual job.
            self.find_typing = False
            self._announce_find()
            return
        event.stop()
        event.prevent_default()

    def on_paste(self, event: events.Paste) -> None:
        if self.find_typing and event.text:
            self._set_find_query(self.find_query + event.text.splitlines()[0])
            event.stop()

    def on_blur(self, event: events.Blur) -> None:
        if self.find_typing:
            self.find_typing = False
            self._announce_find()

    def _clear_find_state(self) -> None:
        self.find_query = ""
        self.current_match_start = None


def hash_name(name: str) -> int:
    """A stable small hash of a speaker's name (Python's ``hash`` changes between runs)."""
    value = 0
    for character in name:
        value = (value * 31 + ord(character)) & 0xFFFFFFFF
    return value
