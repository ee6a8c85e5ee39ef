"""The episodes list: one row per transcript (date, title, annotation count) under a header, by date."""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from annotate.core.shown_text import shown

DATE_WIDTH = 10  # 2018-10-31
COUNT_WIDTH = 5  # a space, then up to four digits


@dataclass(frozen=True)
class EpisodeSummary:
    """What the list shows of one episode (``annotations`` is None when its file cannot be read)."""

    id: str
    title: str
    date: str
    annotations: int | None


def by_date(summaries: list[EpisodeSummary]) -> list[EpisodeSummary]:
    """Oldest first (ISO dates, also partial ones like 2018-07, sort as text); undated ones last, by title."""
    return sorted(summaries, key=lambda summary: (not summary.date, summary.date, summary.title.casefold(), summary.id))


def _row(date: Text, title: Text, count: Text) -> Table:
    # Three columns that line up from row to row: date, title (cut with an ellipsis), count.
    # The gaps and the count's right alignment are in the text itself, so every row measures alike.
    date.pad_right(DATE_WIDTH + 1 - date.cell_len)
    count.pad_left(COUNT_WIDTH - count.cell_len)
    grid = Table.grid(expand=True, padding=0)
    grid.add_column(width=DATE_WIDTH + 1, no_wrap=True)
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    grid.add_column(width=COUNT_WIDTH, no_wrap=True)
    grid.add_row(date, title, count)
    return grid


def episode_prompt(summary: EpisodeSummary) -> Table:
    """One row: the date, the title and how many annotations the episode has."""
    count = "?" if summary.annotations is None else str(summary.annotations)
    return _row(
        Text(summary.date or "undated", style="dim"),
        Text(shown(summary.title or summary.id), no_wrap=True, overflow="ellipsis"),
        Text(count, style="dim" if not summary.annotations else ""),
    )


def header_row() -> Table:
    """The column names over the rows."""
    return _row(Text("Date", style="bold"), Text("Title", style="bold"), Text("Ann.", style="bold"))


class EpisodeList(OptionList):
    """The workspace's episodes, by date; selecting one (Enter or click) opens it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.summaries: dict[str, EpisodeSummary] = {}

    def show_episodes(self, summaries: list[EpisodeSummary], current: str | None = None) -> None:
        """Replace the list (sorted by date), keeping ``current`` highlighted."""
        self.summaries = {summary.id: summary for summary in by_date(summaries)}
        self.set_options(Option(episode_prompt(summary), id=summary.id) for summary in self.summaries.values())
        if current in self.summaries:
            self.highlighted = self.get_option_index(current)

    def update_count(self, episode_id: str, annotations: int) -> None:
        """Show a new annotation count for one episode."""
        summary = self.summaries.get(episode_id)
        if summary is None or summary.annotations == annotations:
            return
        updated = replace(summary, annotations=annotations)
        self.summaries[episode_id] = updated
        self.replace_option_prompt(episode_id, episode_prompt(updated))


class EpisodePane(Vertical):
    """The list under its column header, in one bordered pane."""

    def compose(self) -> ComposeResult:
        yield Static(header_row(), id="episodes-header")
        yield EpisodeList(id="episodes")
