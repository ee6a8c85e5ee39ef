"""The taxonomy screen: tree with counts; rename, recolour, move, merge, add and remove through the core, checked on disk."""

from __future__ import annotations

import pytest
import yaml
from textual.widgets import Input, OptionList

from tests.annotation_helpers import store_of
from annotate.core.taxonomy import load_taxonomy
from annotate.tui.screens.taxonomy_screen import TaxonomyScreen
from tests.tui.screen_host import ScreenHost, annotate_passage, make_workspace, settle, stop_blinking

SINICA = "sinica-social-credit-live-2018"
MANYA = "interview-manya-koetse-2018"


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.delenv("ANNOTATE_WORKSPACE", raising=False)
    workspace = make_workspace(tmp_path / "ws")
    annotate_passage(workspace, SINICA, "mostly about fraud and corruption", ["fraud-and-credit"])
    annotate_passage(workspace, SINICA, "Blacklists name the people", ["blacklists-redlists", "fraud-and-credit"])
    annotate_passage(workspace, MANYA, "reception of blacklists", ["blacklists-redlists"])
    return workspace


def tags_on_disk(workspace, episode):
    document = yaml.safe_load(workspace.annotations_path(episode).read_text())
    return [annotation["tags"] for annotation in document["annotations"]]


def status_of(app) -> str:
    return str(app.screen.query_one("#tax-status").render())


async def highlight(pilot, tag_id):
    tree = pilot.app.screen.query_one("#tag-tree", OptionList)
    tree.highlighted = tree.get_option_index(tag_id)
    await pilot.pause()


async def fill(pilot, field, text):
    """Replace the text of a TagForm field, as a user selecting all and typing would."""
    pilot.app.screen.query_one(f"#field-{field}", Input).value = text
    await pilot.pause()


async def test_tree_shows_tags_with_counts(workspace):
    app = ScreenHost(lambda: TaxonomyScreen(workspace))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 0)
        tree = app.screen.query_one("#tag-tree", OptionList)
        assert [option.id for option in tree.options][:2] == ["takeaways", "fraud-and-credit"]
        assert app.screen.counts == {"fraud-and-credit": 2, "blacklists-redlists": 2}
        row = str(tree.get_option("blacklists-redlists").prompt.plain)
        assert "Blacklists and redlists" in row and row.rstrip().endswith("2")


async def test_rename_carries_every_annotation_along(workspace):
    app = ScreenHost(lambda: TaxonomyScreen(workspace))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 0)
        await highlight(pilot, "blacklists-redlists")
        await pilot.press("r")
        await fill(pilot, "id", "blacklists")
        await fill(pilot, "label", "Blacklists")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot, 0)
        assert "Renamed blacklists-redlists to blacklists" in status_of(app)
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is True
    taxonomy = load_taxonomy(workspace)
    assert "blacklists-redlists" not in taxonomy and taxonomy.get("blacklists").label == "Blacklists"
    assert tags_on_disk(workspace, SINICA) == [["fraud-and-credit"], ["blacklists", "fraud-and-credit"]]
    assert tags_on_disk(workspace, MANYA) == [["blacklists"]]


async def test_declining_the_rename_changes_nothing(workspace):
    before = workspace.taxonomy_path.read_text()
    app = ScreenHost(lambda: TaxonomyScreen(workspace))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 0)
        await highlight(pilot, "blacklists-redlists")
        await pilot.press("r")
        await fill(pilot, "id", "lists")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("n")
        await settle(pilot, 0)
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is False
    assert workspace.taxonomy_path.read_text() == before


async def test_recolour_and_a_bad_colour_is_shown_inline(workspace):
    app = ScreenHost(lambda: TaxonomyScreen(workspace))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 0)
        await highlight(pilot, "tech-anxiety")
        await pilot.press("c")
        await fill(pilot, "color", "not a colour!")
        await pilot.press("enter")
        await settle(pilot, 0)
        assert "colour 'not a colour!'" in status_of(app)
        assert app.screen.query_one("#tax-status").has_class("error")
        await pilot.press("c")
        await fill(pilot, "color", "#abcdef")
        await pilot.press("enter")
        await settle(pilot, 0)
    assert load_taxonomy(workspace).get("tech-anxiety").color == "#abcdef"


async def test_move_under_another_parent_and_to_the_top_level(workspace):
    app = ScreenHost(lambda: TaxonomyScreen(workspace))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 0)
        await highlight(pilot, "tech-anxiety")
        await pilot.press("m", *"takeaways", "enter")
        await settle(pilot, 0)
        assert load_taxonomy(workspace).get("tech-anxiety").parent == "takeaways"
        await pilot.press("m", "enter")  # the first choice is the top level
        await settle(pilot, 0)
    assert load_taxonomy(workspace).get("tech-anxiety").parent is None


async def test_merge_moves_the_annotations_and_removes_the_tag(workspace):
    app = ScreenHost(lambda: TaxonomyScreen(workspace))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 0)
        await highlight(pilot, "blacklists-redlists")
        await pilot.press("g", *"fraud", "enter")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot, 0)
    assert "blacklists-redlists" not in load_taxonomy(workspace)
    assert tags_on_disk(workspace, SINICA) == [["fraud-and-credit"], ["fraud-and-credit"]]
    assert tags_on_disk(workspace, MANYA) == [["fraud-and-credit"]]


async def test_add_then_remove_an_unused_tag(workspace):
    app = ScreenHost(lambda: TaxonomyScreen(workspace))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 0)
        await highlight(pilot, "themes")
        await pilot.press("a")
        await fill(pilot, "id", "deadline-2020")
        await fill(pilot, "label", "The 2020 deadline")
        await fill(pilot, "color", "#7cb342")
        await pilot.press("ctrl+s")
        await settle(pilot, 0)
        added = load_taxonomy(workspace).get("deadline-2020")
        assert (added.label, added.parent, added.color) == ("The 2020 deadline", "themes", "#7cb342")
        assert app.screen.highlighted_tag.id == "deadline-2020"
        await pilot.press("x", "y")
        await settle(pilot, 0)
    assert "deadline-2020" not in load_taxonomy(workspace)


async def test_removing_a_used_tag_gives_its_annotations_another(workspace):
    app = ScreenHost(lambda: TaxonomyScreen(workspace))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 0)
        await highlight(pilot, "blacklists-redlists")
        await pilot.press("x", "y")
        await pilot.pause()
        await pilot.press(*"tech", "enter")
        await settle(pilot, 0)
    assert "blacklists-redlists" not in load_taxonomy(workspace)
    assert tags_on_disk(workspace, MANYA) == [["tech-anxiety"]]
    assert store_of(workspace).annotations(SINICA)[1].tags == ["tech-anxiety", "fraud-and-credit"]


def test_snapshot_taxonomy(snap_compare, workspace):
    app = ScreenHost(lambda: TaxonomyScreen(workspace))

    async def highlight_a_used_tag(pilot):
        await settle(pilot, 0)
        stop_blinking(pilot.app)
        await highlight(pilot, "blacklists-redlists")

    assert snap_compare(app, terminal_size=(120, 40), run_before=highlight_a_used_tag)


async def test_arrows_choose_in_the_move_dialog_while_the_filter_keeps_focus(workspace):
    app = ScreenHost(lambda: TaxonomyScreen(workspace))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 0)
        await highlight(pilot, "tech-anxiety")
        await pilot.press("m", "down", "down", "up")  # past "(top level)" to the first tag
        assert pilot.app.focused is pilot.app.screen.query_one("#chooser-filter", Input)
        await pilot.press("enter")
        await settle(pilot, 0)
    assert load_taxonomy(workspace).get("tech-anxiety").parent == "takeaways"
