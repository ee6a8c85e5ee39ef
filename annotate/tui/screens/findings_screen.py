"""Findings: codes per episode and per speaker as bar charts, the co-occurrence matrix, agreement and notes.

A worker reads the coding through the core analysis (frequencies, co-occurrence, agreement) and
posts messages; the handlers fill the tabs. Enter on a bar or a cell lists its passages, and
Enter on a passage, a disagreement or a note dismisses with the place to jump to.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.coordinate import Coordinate
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, OptionList, TabbedContent, TabPane
from textual.widgets.option_list import Option

from annotate.core.analysis import (
    AgreementReport,
    CodedPassage,
    Coding,
    CooccurrenceMatrix,
    FrequencyTable,
    annotation_notes,
    cooccurrence,
    frequencies,
    load_coding,
    measure_agreement,
)
from annotate.core.errors import AnnotateError
from annotate.core.model import Taxonomy
from annotate.core.timecode import format_clock
from annotate.core.store import Workspace
from annotate.tui.screens._tags import NO_COLOUR
from annotate.tui.screens.passage_list import PassageList, passage_line

# The longest bar, in cells; the others are drawn in proportion.
BAR_CELLS = 40
DISAGREEMENTS_SHOWN = 20
# The tabs, by pane id (prefixed: the app's stylesheet styles #episodes on the main screen).
TABS = ("tab-episodes", "tab-speakers", "tab-cooccurrence", "tab-agreement", "tab-notes")


@dataclass(frozen=True)
class JumpTarget:
    """Where the main screen should go: an episode and the passage to select there."""

    episode: str
    start_offset: int
    end_offset: int


@dataclass
class FindingsLoaded(Message):
    """The coding and what the core made of it (or the error that stopped it)."""

    coding: Coding | None = None
    by_episode: FrequencyTable | None = None
    by_speaker: FrequencyTable | None = None
    matrix: CooccurrenceMatrix | None = None
    titles: dict[str, str] = field(default_factory=dict)
    error: str | None = None


@dataclass
class AgreementLoaded(Message):
    """Agreement among every annotator of the workspace, or why there is none to show."""

    report: AgreementReport | None = None
    reason: str = ""
    skipped: list[str] = field(default_factory=list)


def bar(count: int, largest: int, colour: str) -> Content:
    """A horizontal bar ``count`` long on a scale where ``largest`` fills :data:`BAR_CELLS` cells."""
    cells = max(1, round(BAR_CELLS * count / largest)) if count and largest else 0
    return Content.styled("█" * cells, colour)


class FindingsScreen(Screen[JumpTarget | None]):
    """What the coding of ``workspace`` adds up to; ``episode`` is the one the notes start on."""

    DEFAULT_CSS = """
    FindingsScreen #findings-title {
        height: 1;
        padding: 0 1;
        text-style: bold;
        background: $panel;
        width: 1fr;
    }
    FindingsScreen TabbedContent {
        height: 1fr;
    }
    FindingsScreen TabPane {
        padding: 0;
    }
    FindingsScreen OptionList {
        height: 1fr;
        border: none;
    }
    FindingsScreen DataTable {
        height: 1fr;
    }
    FindingsScreen #agreement-tags {
        height: auto;
        max-height: 50%;
    }
    FindingsScreen .findings-caption {
        width: 1fr;
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }
    FindingsScreen #findings-status {
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    FindingsScreen #findings-status.error {
        color: $text-error;
    }
    """

    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("1", "show_tab('tab-episodes')", "Episodes", show=False),
        Binding("2", "show_tab('tab-speakers')", "Speakers", show=False),
        Binding("3", "show_tab('tab-cooccurrence')", "Co-occurrence", show=False),
        Binding("4", "show_tab('tab-agreement')", "Agreement", show=False),
        Binding("5", "show_tab('tab-notes')", "Notes", show=False),
        Binding("w", "toggle_notes_scope", "Notes: episode/all"),
        Binding("r", "reload", "Reload"),
    ]

    def __init__(self, workspace: Workspace, episode: str | None = None, tab: str = "tab-episodes") -> None:
        super().__init__()
        self.workspace = workspace
        self.episode = episode
        self.initial_tab = tab if tab in TABS else TABS[0]
        self.coding: Coding | None = None
        self.taxonomy = Taxonomy()
        self.report: AgreementReport | None = None
        self.notes_of_all = episode is None
        # What Enter opens, by option id / row, filled as the tabs are drawn.
        self._bar_passages: dict[str, list[str]] = {}
        self._bar_titles: dict[str, str] = {}
        self._note_passages: list[CodedPassage] = []
        self._matrix: CooccurrenceMatrix | None = None

    def compose(self) -> ComposeResult:
        yield Label("Findings", id="findings-title", markup=False)
        with TabbedContent(initial=self.initial_tab):
            with TabPane("Codes by episode", id="tab-episodes"):
                yield OptionList(id="episode-bars")
            with TabPane("Codes by speaker", id="tab-speakers"):
                yield OptionList(id="speaker-bars")
            with TabPane("Co-occurrence", id="tab-cooccurrence"):
                yield Label(
                    "Times one annotator gave both tags to a passage or to overlapping passages; "
                    "the diagonal: passages per tag. Enter lists them.",
                    classes="findings-caption", markup=False,
                )
                yield DataTable(id="cooccurrence-table", cursor_type="cell", zebra_stripes=True)
            with TabPane("Agreement", id="tab-agreement"):
                yield Label("measuring…", id="agreement-caption", classes="findings-caption", markup=False)
                yield DataTable(id="agreement-tags", cursor_type="row", zebra_stripes=True)
                yield OptionList(id="disagreements")
            with TabPane("Notes", id="tab-notes"):
                yield OptionList(id="notes-list")
        yield Label("loading…", id="findings-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    # -- loading, in workers -------------------------------------------------------------------

    def load(self) -> None:
        self._set_status("Reading the coding…")
        self._load_findings()
        self._load_agreement()

    @work(thread=True, exclusive=True, group="findings")
    def _load_findings(self) -> None:
        try:
            coding = load_coding(self.workspace)
            loaded = FindingsLoaded(
                coding, frequencies(coding, by="episode"), frequencies(coding, by="speaker"), cooccurrence(coding),
                _episode_titles(self.workspace, coding.episodes),
            )
        except AnnotateError as error:
            loaded = FindingsLoaded(error=str(error))
        self.post_message(loaded)

    @work(thread=True, exclusive=True, group="agreement")
    def _load_agreement(self) -> None:
        # Agreement among every annotator, on the episodes they all coded (the core's default).
        try:
            annotators = load_coding(self.workspace).annotators()
            if len(annotators) < 2:
                self.post_message(AgreementLoaded(reason="Agreement needs a second annotator: only "
                                                  f"{', '.join(annotators) or 'nobody'} has coded so far."))
                return
            report = measure_agreement(self.workspace, annotators, disagreements=DISAGREEMENTS_SHOWN)
        except AnnotateError as error:
            self.post_message(AgreementLoaded(reason=str(error)))
            return
        self.post_message(AgreementLoaded(report))

    # -- showing --------------------------------------------------------------------------------

    def _set_status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#findings-status", Label)
        status.update(text)
        status.set_class(error, "error")

    @on(FindingsLoaded)
    def _findings_loaded(self, message: FindingsLoaded) -> None:
        if message.error is not None or message.coding is None:
            self._set_status(message.error or "Could not read the coding.", error=True)
            return
        self.coding = message.coding
        self.taxonomy = message.coding.taxonomy
        self._bar_passages.clear()
        self._bar_titles.clear()
        self._fill_bars("#episode-bars", message.by_episode, message.titles)
        self._fill_bars("#speaker-bars", message.by_speaker, {})
        self._fill_matrix(message.matrix)
        self._fill_notes()
        passages = len(message.coding.passages)
        annotators = len(message.coding.annotators())
        skipped = f" · {len(message.coding.skipped)} left out (orphaned or unreadable)" if message.coding.skipped else ""
        self.query_one("#findings-title", Label).update(
            f"Findings · {passages} coded passage(s) · {len(message.coding.episodes)} episode(s) · "
            f"{annotators} annotator(s){skipped}"
        )
        self._set_status("Enter on a bar or cell lists its passages · 1-5 switch tabs · Esc back")
        self._focus_tab(self.query_one(TabbedContent).active)

    def _colour(self, tag_id: str) -> str:
        tag = self.taxonomy.get(tag_id)
        return (tag.color if tag is not None else "") or NO_COLOUR

    def _fill_bars(self, selector: str, table: FrequencyTable | None, titles: dict[str, str]) -> None:
        # One block per group (episode or speaker), all groups first: a bar per tag used there.
        bars = self.query_one(selector, OptionList)
        bars.clear_options()
        if table is None:
            return
        groups = ["(all)", *table.groups]
        label_width = max((2 * row.depth + len(row.label) for row in table.rows), default=10)
        largest_in = {
            group: max((row.total if group == "(all)" else row.count(group) for row in table.rows), default=0)
            for group in groups
        }
        options: list[Option] = []
        for group in groups:
            heading = "All episodes" if group == "(all)" and table.by == "episode" else (
                "All speakers" if group == "(all)" else titles.get(group, group))
            options.append(Option(Content.styled(heading, "bold underline"), disabled=True))
            for row in table.rows:
                ids = sorted({i for ids in row.passages.values() for i in ids}) if group == "(all)" else list(row.passages.get(group, ()))
                if not ids:
                    continue
                option_id = f"bar-{len(self._bar_passages)}"
                self._bar_passages[option_id] = ids
                self._bar_titles[option_id] = f"{row.label} · {heading}"
                # A colour mark first: the option list drops a line's leading spaces, so the indent follows it.
                label = ("  " * row.depth + row.label).ljust(label_width)
                options.append(Option(
                    Content.assemble(("▌ ", self._colour(row.tag)), f"{label} ", bar(len(ids), largest_in[group], self._colour(row.tag)), f" {len(ids)}"),
                    id=option_id,
                ))
            options.append(Option(Content(""), disabled=True))
        bars.add_options(options)

    def _fill_matrix(self, matrix: CooccurrenceMatrix | None) -> None:
        self._matrix = matrix
        table = self.query_one("#cooccurrence-table", DataTable)
        table.clear(columns=True)
        if matrix is None or not matrix.tags:
            return
        table.add_column("tag", key="tag")
        for number, _tag in enumerate(matrix.tags, 1):
            table.add_column(str(number).rjust(3), key=str(number))
        largest = max((count for row in matrix.rows() for count in row), default=1) or 1
        for number, (tag_id, counts) in enumerate(zip(matrix.tags, matrix.rows()), 1):
            cells = [
                Text(str(count).rjust(3), style=f"bold {self._colour(tag_id)}") if count and index + 1 == number
                else Text(str(count).rjust(3), style="bold" if count / largest >= 0.25 else "") if count
                else Text("·".rjust(3), style="dim")
                for index, count in enumerate(counts)
            ]
            table.add_row(_tag_cell(f"{number:>2} ", tag_id, self._colour(tag_id)), *cells, key=tag_id)
        table.cursor_coordinate = Coordinate(0, 1)  # the first tag's own cell, not its name

    @on(AgreementLoaded)
    def _agreement_loaded(self, message: AgreementLoaded) -> None:
        caption = self.query_one("#agreement-caption", Label)
        table = self.query_one("#agreement-tags", DataTable)
        disagreements = self.query_one("#disagreements", OptionList)
        table.clear(columns=True)
        disagreements.clear_options()
        self.report = message.report
        if message.report is None:
            caption.update(message.reason)
            return
        report = message.report
        caption.update(
            f"{', '.join(report.annotators)} on {len(report.episodes)} episode(s), {report.units:,} words, each word a unit "
            "(kappa: Cohen's for two coders, Fleiss' for more; alpha: Krippendorff's, nominal; agree: words on which all agree)"
        )
        table.add_columns("measured on", "kappa", "alpha", "agree")
        table.add_row(Text("all words", style="bold"), *_score_cells(report.overall))
        for episode, scores in report.by_episode.items():
            table.add_row(Text.assemble(("episode ", "dim"), episode), *_score_cells(scores))
        for tag in report.tags:
            table.add_row(_tag_cell("tag ", tag.tag, self._colour(tag.tag)), *_score_cells(tag.scores))
        options = [Option(Content.styled("Where they disagree most (Enter: go there)", "bold underline"), disabled=True)]
        for index, passage in enumerate(report.disagreements):
            codes = "  ".join(f"{name}: {', '.join(tags) or '—'}" for name, tags in passage.codes.items())
            options.append(Option(Content("\n").join([
                Content.assemble((f"{passage.episode} {format_clock(passage.start_ms)}", "bold"),
                                 f"\u00a0\u00a0{passage.speaker or ''}", (f"  {passage.words} words", "dim")),
                Content.styled(f"  {codes}", "italic"),
                Content(f"  {passage.text[:160]}{'…' if len(passage.text) > 160 else ''}"),
            ]), id=f"disagreement-{index}"))
        disagreements.add_options(options)

    def _fill_notes(self) -> None:
        notes = self.query_one("#notes-list", OptionList)
        notes.clear_options()
        if self.coding is None:
            return
        episode = None if self.notes_of_all or self.episode not in self.coding.episodes else self.episode
        self._note_passages = annotation_notes(self.coding, episode)
        scope = "every episode" if episode is None else episode
        heading = Option(Content.styled(f"Notes in {scope}, in time order ({len(self._note_passages)}) · w: "
                                        f"{'this episode' if episode is None else 'every episode'}", "bold underline"), disabled=True)
        notes.add_options([heading, *(
            Option(passage_line(passage, with_episode=episode is None, text=passage.note), id=f"note-{index}")
            for index, passage in enumerate(self._note_passages)
        )])

    # -- keys and choices ----------------------------------------------------------------------

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self._focus_tab(tab)

    @on(TabbedContent.TabActivated)
    def _tab_changed(self, event: TabbedContent.TabActivated) -> None:
        self._focus_tab(event.pane.id or "")

    def _focus_tab(self, tab: str) -> None:
        target = {
            "tab-episodes": "#episode-bars", "tab-speakers": "#speaker-bars", "tab-cooccurrence": "#cooccurrence-table",
            "tab-agreement": "#disagreements", "tab-notes": "#notes-list",
        }.get(tab)
        if target:
            widget = self.query_one(target)
            widget.focus()
            if isinstance(widget, OptionList) and widget.highlighted is None and widget.option_count:
                widget.action_first()

    def action_toggle_notes_scope(self) -> None:
        self.notes_of_all = not self.notes_of_all
        self._fill_notes()

    def action_reload(self) -> None:
        self.load()

    def action_close(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected, "#episode-bars, #speaker-bars")
    def _bar_chosen(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option_id or ""
        self._list_passages(self._bar_titles.get(option_id, ""), self._bar_passages.get(option_id, []))

    @on(DataTable.CellSelected, "#cooccurrence-table")
    def _cell_chosen(self, event: DataTable.CellSelected) -> None:
        matrix = self._matrix
        row, column = event.coordinate.row, event.coordinate.column
        if matrix is None or column == 0:
            return
        first, second = matrix.tags[row], matrix.tags[column - 1]
        ids = list(dict.fromkeys(i for pair in matrix.passages(first, second) for i in pair))
        self._list_passages(first if first == second else f"{first} with {second}", ids)

    def _list_passages(self, title: str, ids: list[str]) -> None:
        if self.coding is None or not ids:
            return
        by_id = self.coding.by_id()
        passages = sorted((by_id[i] for i in ids if i in by_id), key=lambda p: (p.episode, p.start_ms, p.id))

        def chosen(passage: CodedPassage | None) -> None:
            if passage is not None:
                self.dismiss(JumpTarget(passage.episode, passage.start_offset, passage.end_offset))

        self.app.push_screen(PassageList(title, passages), chosen)

    @on(OptionList.OptionSelected, "#disagreements")
    def _disagreement_chosen(self, event: OptionList.OptionSelected) -> None:
        if self.report is None or not (event.option_id or "").startswith("disagreement-"):
            return
        passage = self.report.disagreements[int(event.option_id.split("-")[1])]
        self.dismiss(JumpTarget(passage.episode, passage.start_offset, passage.end_offset))

    @on(OptionList.OptionSelected, "#notes-list")
    def _note_chosen(self, event: OptionList.OptionSelected) -> None:
        if not (event.option_id or "").startswith("note-"):
            return
        passage = self._note_passages[int(event.option_id.split("-")[1])]
        self.dismiss(JumpTarget(passage.episode, passage.start_offset, passage.end_offset))


def _episode_titles(workspace: Workspace, episodes: list[str]) -> dict[str, str]:
    # Read in the worker: each title needs its transcript.
    titles = {}
    for episode in episodes:
        try:
            titles[episode] = workspace.load_transcript(episode).title
        except AnnotateError:
            titles[episode] = episode
    return titles


# DataTable cells are Rich Text: the table measures its columns from them.
def _tag_cell(prefix: str, tag_id: str, colour: str) -> Text:
    return Text.assemble((prefix, "dim"), ("█ ", colour), tag_id)


def _score_cells(scores) -> list[Text]:
    def number(value: float | None) -> Text:
        return Text("  n/a", style="dim") if value is None else Text(f"{value:6.3f}")

    percent = Text("   n/a", style="dim") if scores.percent is None else Text(f"{scores.percent * 100:5.1f}%")
    return [number(scores.kappa), number(scores.alpha), percent]
