"""Search all episodes: results as you type (the core search), Enter jumps to the highlighted hit."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from annotate.core.errors import AnnotateError
from annotate.core.search import HIGHLIGHT_END, HIGHLIGHT_START, SearchHit, search
from annotate.core.timecode import format_clock
from annotate.core.store import Workspace
from annotate.tui.screens._list_keys import MovesAList

RESULT_LIMIT = 50


@dataclass
class SearchFinished(Message):
    """The worker's answer for ``query``: hits (best first), with episode titles, or an error line."""

    query: str
    fuzzy: bool
    hits: list[SearchHit] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    error: str | None = None


def highlighted_snippet(snippet: str, style: str = "bold reverse") -> Content:
    """The snippet with its matched words (between the core's highlight marks) in ``style``."""
    parts: list[str | tuple[str, str]] = []
    rest = snippet
    while HIGHLIGHT_START in rest:
        before, _, after = rest.partition(HIGHLIGHT_START)
        matched, _, rest = after.partition(HIGHLIGHT_END)
        parts += [before, (matched, style)]
    parts.append(rest)
    return Content.assemble(*parts)


def as_you_type(query: str) -> str:
    """``query`` with the word still being typed (the last, when no space follows) as a prefix.

    Filters (``tag:...``), exclusions (``-word``), phrases and words already ending in ``*`` are
    left as they are.
    """
    if not query or not query[-1].isalnum() or query.count('"') % 2:
        return query
    last_word = query.split()[-1]
    if ":" in last_word or last_word.startswith(("-", '"')):
        return query
    return query + "*"


class _ResultList(OptionList, can_focus=False):
    """The hits; never focused, so typing stays in the query box while arrows move here."""


class SearchScreen(MovesAList, ModalScreen[SearchHit | None]):
    """Search every episode of ``workspace``.

    Dismisses with the chosen :class:`annotate.core.search.SearchHit` (Enter or a click) or None
    (Escape). The word being typed matches as a prefix. ctrl+f switches between words and fuzzy
    (quote-matcher) search.
    """

    DEFAULT_CSS = """
    SearchScreen {
        align: center middle;
    }
    SearchScreen > #search-dialog {
        width: 110;
        max-width: 98%;
        height: 90%;
        border: round $primary;
        border-title-style: bold;
        background: $surface;
        padding: 0 1;
    }
    SearchScreen #results {
        height: 1fr;
        border: none;
        padding: 0;
        & > .option-list--option-highlighted {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
        }
    }
    SearchScreen #search-status {
        height: 1;
        color: $text-muted;
    }
    SearchScreen #search-status.error {
        color: $text-error;
    }
    SearchScreen #search-hint {
        height: 1;
        color: $text-muted;
    }
    """

    # Wait this long after the last keystroke before searching, so typing a word runs one search.
    DEBOUNCE_SECONDS: ClassVar[float] = 0.2

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "pick", "Go there", priority=True),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("ctrl+f", "toggle_fuzzy", "Fuzzy"),
    ]
    MOVED_LIST = "#results"

    def __init__(self, workspace: Workspace, query: str = "", fuzzy: bool = False) -> None:
        super().__init__()
        self.workspace = workspace
        self.initial_query = query
        self.fuzzy = fuzzy
        self.hits: list[SearchHit] = []
        self._debounce: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="search-dialog") as dialog:
            dialog.border_title = "Search all episodes"
            yield Input(
                self.initial_query,
                placeholder='Words, "a phrase", speaker:NAME, tag:ID, episode:ID',
                id="query",
            )
            yield Label("", id="search-status", markup=False)
            yield _ResultList(id="results")
            yield Label("type to search · ↑↓ move · enter go there · ctrl+f fuzzy · esc cancel", id="search-hint")

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()
        if self.initial_query.strip():
            self._start_search()

    @property
    def result_list(self) -> OptionList:
        return self.query_one("#results", OptionList)

    @property
    def current_query(self) -> str:
        return self.query_one("#query", Input).value

    def _set_status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#search-status", Label)
        status.update(text)
        status.set_class(error, "error")

    @on(Input.Changed, "#query")
    def _query_changed(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(self.DEBOUNCE_SECONDS, self._start_search)

    def _start_search(self) -> None:
        query = self.current_query
        if not query.strip():
            self.workers.cancel_group(self, "search")
            self._show_hits([], {})
            self._set_status("")
            return
        self._set_status("searching…")
        self._run_search(query, self.fuzzy)

    @work(thread=True, exclusive=True, group="search")
    def _run_search(self, query: str, fuzzy: bool) -> None:
        """Search in a thread; a newer query cancels this one, whose answer is then dropped."""
        worker = get_current_worker()
        try:
            typed = query if fuzzy else as_you_type(query)
            hits = search(self.workspace, typed, limit=RESULT_LIMIT, fuzzy=fuzzy)
        except AnnotateError as error:
            if not worker.is_cancelled:
                self.post_message(SearchFinished(query, fuzzy, error=error.message))
            return
        titles = {}
        for episode_id in dict.fromkeys(hit.episode for hit in hits):
            if worker.is_cancelled:
                return
            titles[episode_id] = self._episode_title(episode_id)
        if not worker.is_cancelled:
            self.post_message(SearchFinished(query, fuzzy, hits, titles))

    def _episode_title(self, episode_id: str) -> str:
        try:
            return self.workspace.load_transcript(episode_id).title
        except AnnotateError:
            return episode_id

    @on(SearchFinished)
    def _search_finished(self, message: SearchFinished) -> None:
        if message.query != self.current_query or message.fuzzy != self.fuzzy:
            return  # an answer to a query the user has since changed
        if message.error is not None:
            self._show_hits([], {})
            self._set_status(message.error, error=True)
            return
        self._show_hits(message.hits, message.titles)
        count = len(message.hits)
        mode = "fuzzy" if message.fuzzy else "words"
        if count == 0:
            self._set_status(f"no hits ({mode})")
        else:
            more = "+" if count >= RESULT_LIMIT else ""
            self._set_status(f"{count}{more} hit{'s' if count != 1 else ''} ({mode})")

    def _show_hits(self, hits: list[SearchHit], titles: dict[str, str]) -> None:
        self.hits = hits
        self.result_list.set_options(
            Option(self._prompt(hit, titles.get(hit.episode, hit.episode)), id=str(index))
            for index, hit in enumerate(hits)
        )
        if hits:
            self.result_list.highlighted = 0

    def _prompt(self, hit: SearchHit, title: str) -> Content:
        heading = Content.assemble(
            (format_clock(hit.start_ms), "bold"),
            "  ",
            (title, "bold"),
            ("  " + hit.speaker if hit.speaker else "", "italic"),
            ("  [" + ", ".join(hit.tags) + "]" if hit.tags else "", "dim"),
        )
        snippet = highlighted_snippet(hit.snippet or hit.text)
        if getattr(hit, "kind", "cue") == "annotation":
            # The words were found in an annotation's note or tags, not in what was said.
            snippet = Content.assemble(("note: ", "italic dim"), snippet)
        return Content("\n").join([heading, snippet, Content("")])

    def action_pick(self) -> None:
        """Dismiss with the highlighted hit (nothing happens while there is none)."""
        highlighted = self.result_list.highlighted
        if highlighted is None or highlighted >= len(self.hits):
            self.app.bell()
            return
        self.dismiss(self.hits[highlighted])

    @on(OptionList.OptionSelected, "#results")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.hits[event.option_index])

    def action_toggle_fuzzy(self) -> None:
        self.fuzzy = not self.fuzzy
        self._start_search()

    def action_cancel(self) -> None:
        self.dismiss(None)



