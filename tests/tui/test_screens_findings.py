"""The findings screen on a copy of the sample: bars, co-occurrence, agreement and notes; Enter jumps."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, OptionList

from annotate.core.analysis import frequencies, load_coding
from annotate.core.workspace import Workspace, init_workspace
from annotate.tui.app import create_app
from annotate.tui.keys import key_commands
from annotate.tui.main_screen import MainScreen
from annotate.tui.screens.findings_screen import FindingsScreen
from annotate.tui.screens.passage_list import PassageList
from annotate.tui.widgets.transcript_view import TranscriptView

SIZE = (130, 42)
MANYA = "interview-manya-koetse-2018"


@pytest.fixture(scope="module")
def sample_root(tmp_path_factory):
    return init_workspace(tmp_path_factory.mktemp("sample") / "ws", sample=True)


async def settled(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_findings(pilot) -> FindingsScreen:
    await settled(pilot)
    await pilot.press("f")
    await settled(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, FindingsScreen)
    return screen


def option_texts(option_list: OptionList) -> list[str]:
    return [option_list.get_option_at_index(index).prompt.plain for index in range(option_list.option_count)]


def selected_offsets(app) -> tuple[int, int] | None:
    return app.screen.query_one(TranscriptView).passage()


async def test_f_opens_findings_whose_episode_bars_count_what_the_core_counts_and_enter_lists_then_jumps(sample_root):
    table = frequencies(load_coding(Workspace(sample_root)), by="episode")
    public = next(row for row in table.rows if row.tag == "public-reception")
    app = create_app(Workspace(sample_root), episode="interview-kaiser-kuo-2018")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        assert "findings" in [command.action for command in key_commands(app.screen)]  # so the palette offers it
        screen = await open_findings(pilot)
        assert "150 coded passage(s)" in str(screen.query_one("#findings-title").render())
        bars = screen.query_one("#episode-bars", OptionList)
        texts = option_texts(bars)
        assert texts[0] == "All episodes"
        heading = texts.index("Manya Koetse on how ordinary people see the Social Credit System")
        bar_index = next(index for index in range(heading, len(texts)) if "Public reception" in texts[index])
        assert texts[bar_index].rstrip().endswith(f" {public.count(MANYA)}")
        bars.highlighted = bar_index
        await pilot.press("enter")
        await pilot.pause()
        listing = app.screen
        assert isinstance(listing, PassageList) and len(listing.passages) == public.count(MANYA)
        assert listing.title_text == f"Public reception · {texts[heading]}"
        assert {passage.episode for passage in listing.passages} == {MANYA}
        first = listing.passages[0]
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, MainScreen) and app.screen.episode == MANYA
        assert selected_offsets(app) == (first.start_offset, first.end_offset)


async def test_speaker_bars_and_the_cooccurrence_cell_list_their_passages(sample_root):
    app = create_app(Workspace(sample_root), episode=MANYA)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_findings(pilot)
        await pilot.press("2")
        await pilot.pause()
        assert "Manya Koetse" in option_texts(screen.query_one("#speaker-bars", OptionList))
        await pilot.press("3")
        await pilot.pause()
        table = screen.query_one("#cooccurrence-table", DataTable)
        assert app.focused is table
        tags = screen._matrix.tags
        row, column = tags.index("media-myths"), tags.index("sesame-credit-confusion") + 1
        table.cursor_coordinate = (row, column)
        await pilot.press("enter")
        await pilot.pause()
        listing = app.screen
        assert isinstance(listing, PassageList)
        # Each co-occurrence is two passages (or one carrying both): every one listed carries a tag of the pair.
        assert listing.passages and all({"media-myths", "sesame-credit-confusion"} & set(p.tags) for p in listing.passages)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_agreement_tab_shows_the_scores_and_enter_on_a_disagreement_jumps_there(sample_root):
    app = create_app(Workspace(sample_root), episode="interview-kaiser-kuo-2018")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_findings(pilot)
        await pilot.press("4")
        await settled(pilot)
        report = screen.report
        assert report is not None and report.annotators == ["lena", "tomas"]
        table = screen.query_one("#agreement-tags", DataTable)
        assert table.row_count == 1 + len(report.by_episode) + len(report.tags)
        assert str(table.get_row_at(0)[2]).strip() == f"{report.overall.alpha:.3f}"
        disagreements = screen.query_one("#disagreements", OptionList)
        assert app.focused is disagreements
        assert disagreements.highlighted == 1  # the first disagreement, under its heading
        worst = report.disagreements[0]
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, MainScreen) and app.screen.episode == worst.episode
        assert selected_offsets(app) == (worst.start_offset, worst.end_offset)


async def test_notes_of_the_episode_then_of_every_episode_and_enter_jumps(sample_root):
    coding = load_coding(Workspace(sample_root))
    noted_here = [p for p in coding.passages if p.episode == MANYA and p.note.strip()]
    noted_all = [p for p in coding.passages if p.note.strip()]
    app = create_app(Workspace(sample_root), episode=MANYA)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_findings(pilot)
        await pilot.press("5")
        await pilot.pause()
        notes = screen.query_one("#notes-list", OptionList)
        assert notes.option_count == 1 + len(noted_here)
        starts = [passage.start_ms for passage in screen._note_passages]
        assert starts == sorted(starts)
        await pilot.press("w")
        await pilot.pause()
        assert notes.option_count == 1 + len(noted_all)
        notes.highlighted = 3
        target = screen._note_passages[2]
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, MainScreen) and app.screen.episode == target.episode
        assert selected_offsets(app) == (target.start_offset, target.end_offset)


async def test_one_annotator_gets_a_reason_instead_of_agreement(tui_workspace):
    from tests.tui.screen_host import annotate_passage

    workspace = Workspace(tui_workspace)
    annotate_passage(workspace, "alpha", "Cue number 3 says something", ["fraud-and-credit"], annotator="lena", note="a memo")
    app = create_app(workspace, episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_findings(pilot)
        await pilot.press("4")
        await settled(pilot)
        assert screen.report is None
        assert "needs a second annotator" in str(screen.query_one("#agreement-caption").render())
        await pilot.press("5")
        await pilot.pause()
        assert "a memo" in option_texts(screen.query_one("#notes-list", OptionList))[1]
