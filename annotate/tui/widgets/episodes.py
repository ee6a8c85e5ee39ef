"""The episodes list: title, date and annotation count of every transcript in the workspace."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option


@dataclass(frozen=True)
class EpisodeSummary:
    """What the list shows of one episode."""

    id: str
    title: str
    date: str
    annotations: int


def episode_prompt(summary: EpisodeSummary) -> Text:
    """Two lines: the title, then the date and how many annotations it has."""
    prompt = Text(summary.title or summary.id, style="bold", overflow="ellipsis", no_wrap=True)
    count = f"{summary.annotations} annotation{'s' if summary.annotations != 1 else ''}"
    details = " · ".join(part for part in (summary.date, count) if part)
    prompt.append("\n")
    prompt.append(details, style="dim")
    return prompt


class EpisodeList(OptionList):
    """The workspace's episodes; selecting one (Enter or click) opens it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.summaries: dict[str, EpisodeSummary] = {}

    def show_episodes(self, summaries: list[EpisodeSummary], current: str | None = None) -> None:
        """Replace the list, keeping ``current`` highlighted."""
        self.summaries = {summary.id: summary for summary in summaries}
        self.set_options(Option(episode_prompt(summary), id=summary.id) for summary in summaries)
        if current in self.summaries:
            self.highlighted = self.get_option_index(current)

    def update_count(self, episode_id: str, annotations: int) -> None:
        """Show a new annotation count for one episode."""
        summary = self.summaries.get(episode_id)
        if summary is None or summary.annotations == annotations:
            return
        updated = EpisodeSummary(summary.id, summary.title, summary.date, annotations)
        self.summaries[episode_id] = updated
        self.replace_option_prompt(episode_id, episode_prompt(updated))
