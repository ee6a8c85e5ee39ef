"""Match a quote: paste it as an article prints it; the core matcher finds where it was said."""

from __future__ import annotations

import re
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
from textual.widgets import Label, OptionList, ProgressBar, TextArea
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from annotate.core.errors import AnnotateError
from annotate.core.limits import cap_query
from annotate.core.match import IndexProgress, Match, QuoteMatcher
from annotate.core.timecode import format_clock
from annotate.core.store import Workspace
from annotate.tui.screens._list_keys import MovesAList

TOP_PLACES = 5
# Characters of transcript shown either side of a place, for context.
CONTEXT_CHARACTERS = 80


@dataclass
class IndexBuildProgress(Message):
    """The matcher's index is being built: ``done`` of ``total`` episodes read."""

    done: int
    total: int
    episode: str


@dataclass
class MatcherReady(Message):
    """The matcher is built (or could not be, with an error line)."""

    matcher: QuoteMatcher | None
    error: str | None = None


@dataclass
class Place:
    """A match with the transcript around it, as shown in the list."""

    match: Match
    title: str
    before: str
    after: str


@dataclass
class MatchFinished(Message):
    """The worker's answer for ``quote``: places, best first, or the error line (too short...)."""

    quote: str
    places: list[Place] = field(default_factory=list)
    error: str | None = None
    reworded: bool = False


class _PlaceList(OptionList, can_focus=False):
    """The ranked places; never focused, so the quote box keeps the keyboard."""


class MatchScreen(MovesAList, ModalScreen[Match | None]):
    """Find where a quote was said, in every episode of ``workspace`` or only ``episode``.

    Dismisses with the chosen :class:`annotate.core.match.Match` (Enter or a click on a place) or
    None (Escape). The quote is matched as it is typed or pasted; Enter picks the highlighted place.
    """

    DEFAULT_CSS = """
    MatchScreen {
        align: center middle;
    }
    MatchScreen > #match-dialog {
        width: 110;
        max-width: 98%;
        height: 90%;
        border: round $primary;
        border-title-style: bold;
        background: $surface;
        padding: 0 1;
    }
    MatchScreen #quote {
        height: 6;
    }
    MatchScreen #index-progress {
        height: 1;
    }
    MatchScreen #index-progress.-hidden {
        display: none;
    }
    MatchScreen #match-status {
        height: auto;
        color: $text-muted;
    }
    MatchScreen #match-status.error {
        color: $text-error;
    }
    MatchScreen #places {
        height: 1fr;
        border: none;
        padding: 0;
        & > .option-list--option-highlighted {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
        }
    }
    MatchScreen #match-hint {
        height: 1;
        color: $text-muted;
    }
    """

    # Match this long after the last edit to the quote (matching itself takes about a millisecond).
    DEBOUNCE_SECONDS: ClassVar[float] = 0.3

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+r", "toggle_reworded", "Reworded", id="match.reworded"),
        # Enter picks a place rather than starting a new line: a quote is one paragraph.
        Binding("enter", "pick", "Go there", priority=True),
        Binding("up", "cursor_up", "Up", show=False, priority=True),
        Binding("down", "cursor_down", "Down", show=False, priority=True),
    ]
    MOVED_LIST = "#places"

    def __init__(self, workspace: Workspace, episode: str | None = None, quote: str = "") -> None:
        super().__init__()
        self.workspace = workspace
        self.episode = episode
        self.initial_quote = quote
        self.matcher: QuoteMatcher | None = None
        self.places: list[Place] = []
        self.places_quote: str | None = None
        self._debounce: Timer | None = None
        # Reworded: the quote is a paraphrase, and the closest passages are shown (never "said here").
        self.reworded = False

    def compose(self) -> ComposeResult:
        with Vertical(id="match-dialog") as dialog:
            where = f"in {self.episode}" if self.episode else "in every episode"
            dialog.border_title = f"Match a quote {where}"
            yield TextArea(self.initial_quote, id="quote", soft_wrap=True, show_line_numbers=False)
            yield ProgressBar(id="index-progress", show_eta=False)
            yield Label("Paste or type a quote as it was printed.", id="match-status", markup=False)
            yield _PlaceList(id="places")
            yield Label("paste a quote · ↑↓ move · enter go there · ctrl+r reworded (closest passages) · esc cancel", id="match-hint")

    def on_mount(self) -> None:
        self.query_one("#quote", TextArea).focus()
        self._build_matcher()

    @property
    def place_list(self) -> OptionList:
        return self.query_one("#places", OptionList)

    @property
    def current_quote(self) -> str:
        return self.query_one("#quote", TextArea).text

    def _set_status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#match-status", Label)
        status.update(text)
        status.set_class(error, "error")

    @work(thread=True, exclusive=True, group="index")
    def _build_matcher(self) -> None:
        """Build (or load from the cache) the matcher's index, reporting each episode read."""

        def report(progress: IndexProgress) -> None:
            self.post_message(IndexBuildProgress(progress.done, progress.total, progress.episode))

        episodes = [self.episode] if self.episode else None
        try:
            matcher = QuoteMatcher.for_workspace(self.workspace, episodes=episodes, progress=report)
        except AnnotateError as error:
            self.post_message(MatcherReady(None, error=str(error)))
            return
        self.post_message(MatcherReady(matcher))

    @on(IndexBuildProgress)
    def _index_progress(self, message: IndexBuildProgress) -> None:
        self.query_one("#index-progress", ProgressBar).update(total=message.total, progress=message.done)
        self._set_status(f"indexing {message.episode} ({message.done}/{message.total})")

    @on(MatcherReady)
    def _matcher_ready(self, message: MatcherReady) -> None:
        self.query_one("#index-progress", ProgressBar).add_class("-hidden")
        if message.matcher is None:
            self._set_status(message.error or "the matcher could not be built", error=True)
            return
        self.matcher = message.matcher
        if self.current_quote.strip():
            self._start_match()
        else:
            self._set_status("Paste or type a quote as it was printed.")

    @on(TextArea.Changed, "#quote")
    def _quote_changed(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(self.DEBOUNCE_SECONDS, self._start_match)

    def _start_match(self) -> None:
        quote = self.current_quote
        if self.matcher is None:
            return  # matched as soon as the index is ready
        if not quote.strip():
            self.workers.cancel_group(self, "match")
            self._show_places([])
            self._set_status("Paste or type a quote as it was printed.")
            return
        self._set_status("looking for the closest passages…" if self.reworded else "matching…")
        self._run_match(self.matcher, quote, self.reworded)

    def action_toggle_reworded(self) -> None:
        """Switch between "where was this said" and "which passages are closest to this paraphrase"."""
        self.reworded = not self.reworded
        where = f"in {self.episode}" if self.episode else "in every episode"
        dialog = self.query_one("#match-dialog")
        dialog.border_title = f"Closest passages to a paraphrase {where}" if self.reworded else f"Match a quote {where}"
        self.places_quote = None
        self._start_match()

    @work(thread=True, exclusive=True, group="match")
    def _run_match(self, matcher: QuoteMatcher, quote: str, reworded: bool = False) -> None:
        """Match in a thread; a newer quote cancels this one, whose answer is then dropped."""
        worker = get_current_worker()
        try:
            quote = cap_query(quote, "the quote")
            matches = matcher.reworded(quote, top=TOP_PLACES) if reworded else matcher.match(quote, top=TOP_PLACES)
        except AnnotateError as error:
            if not worker.is_cancelled:
                self.post_message(MatchFinished(quote, error=error.message))
            return
        places = []
        for match in matches:
            if worker.is_cancelled:
                return
            places.append(self._place(match))
        if not worker.is_cancelled:
            self.post_message(MatchFinished(quote, places, reworded=reworded))

    def _place(self, match: Match) -> Place:
        transcript = self.workspace.load_transcript(match.episode)
        text = transcript.text
        before = text[max(0, match.start_offset - CONTEXT_CHARACTERS) : match.start_offset]
        after = text[match.end_offset : match.end_offset + CONTEXT_CHARACTERS]
        return Place(match, transcript.title, before, after)

    @on(MatchFinished)
    def _match_finished(self, message: MatchFinished) -> None:
        if message.quote != self.current_quote or (message.error is None and message.reworded != self.reworded):
            return  # an answer to a quote (or a mode) the user has since changed
        if message.error is not None:
            self._show_places([])
            self._set_status(message.error, error=True)
            return
        self._show_places(message.places)
        self.places_quote = message.quote
        if message.reworded:
            count = len(message.places)
            self._set_status(f"{count} closest passage{'s' if count != 1 else ''}, nearest in wording first "
                             "(not a claim that it was said)" if count else "No passage shares its words.")
        elif not message.places:
            where = f"in {self.episode}" if self.episode else "in these transcripts"
            self._set_status(f"Not said {where}: nothing is close enough to this quote.")
        else:
            count = len(message.places)
            self._set_status(f"{count} place{'s' if count != 1 else ''}, best first")

    def _show_places(self, places: list[Place]) -> None:
        self.places = places
        self.place_list.set_options(Option(self._prompt(place), id=str(index)) for index, place in enumerate(places))
        if places:
            self.place_list.highlighted = 0

    def _prompt(self, place: Place) -> Content:
        match = place.match
        score = f"{match.score:4.0%}" if match.score <= 1 else "near"  # a reworded passage's BM25 is no share
        heading = Content.assemble(
            (score, "bold"),
            "  ",
            (f"{format_clock(match.start_ms)}–{format_clock(match.end_ms)}", "bold"),
            "  ",
            (place.title, "bold"),
            ("  " + match.speaker if match.speaker else "", "italic"),
        )
        context = Content.assemble(
            ("…" + _one_line(place.before).lstrip(), "dim"),
            (_one_line(match.text), "bold underline"),
            (_one_line(place.after).rstrip() + "…", "dim"),
        )
        return Content("\n").join([heading, context, Content("")])

    def action_pick(self) -> None:
        """Dismiss with the highlighted place; before any place is shown, match the quote now."""
        highlighted = self.place_list.highlighted
        # The places shown must have been found for the quote as it reads now, not before an edit.
        if highlighted is not None and highlighted < len(self.places) and self.places_quote == self.current_quote:
            self.dismiss(self.places[highlighted].match)
            return
        if self._debounce is not None:
            self._debounce.stop()
        self._start_match()

    @on(OptionList.OptionSelected, "#places")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.places[event.option_index].match)

    def action_cancel(self) -> None:
        self.dismiss(None)



def _one_line(text: str) -> str:
    """``text`` with each run of whitespace (cue breaks included) as one space."""
    return re.sub(r"\s+", " ", text)
