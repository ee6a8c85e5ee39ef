"""The tag picker: filtering, marking, applying and cancelling, as a user at the keyboard sees it."""

from __future__ import annotations

from textual.widgets import OptionList

from annotate.tui.screens.tag_picker import TagPicker, filter_tags
from tests.tui.screen_host import PENDING, ScreenHost, sample_taxonomy, stop_blinking


def shown_tags(app: ScreenHost) -> list[str]:
    """Ids of the matching (selectable) tags in the picker's list, top to bottom."""
    tag_list = app.screen.query_one("#tags", OptionList)
    return [option.id for option in tag_list.options if not option.disabled]


def host(selected: set[str] = frozenset()) -> ScreenHost:
    return ScreenHost(lambda: TagPicker(sample_taxonomy(), set(selected)))


def test_filter_matches_labels_ids_and_descriptions_with_typos():
    taxonomy = sample_taxonomy()
    assert [match.tag.id for match in filter_tags(taxonomy, "pub")] == ["public-reception"]
    assert "fraud-and-credit" in [match.tag.id for match in filter_tags(taxonomy, "frud")]
    assert [match.tag.id for match in filter_tags(taxonomy, "surveillance")] == ["tech-anxiety"]
    assert filter_tags(taxonomy, "zzzz") == []
    assert len(filter_tags(taxonomy, "")) == len(taxonomy.tags)


async def test_typing_filters_and_keeps_the_parent_as_a_heading():
    app = host()
    async with app.run_test() as pilot:
        assert len(shown_tags(app)) == 8
        await pilot.press(*"blacklist")
        assert shown_tags(app) == ["blacklists-redlists"]
        tag_list = app.screen.query_one("#tags", OptionList)
        # The parent stays on screen, greyed out, so the hierarchy shows.
        assert [option.id for option in tag_list.options] == ["themes", "blacklists-redlists"]


async def test_enter_applies_the_highlighted_tag():
    app = host()
    async with app.run_test() as pilot:
        await pilot.press(*"trust", "enter")
        await pilot.pause()
    assert app.result == ["culture-of-trust"]


async def test_space_marks_several_and_enter_returns_them_in_taxonomy_order():
    app = host()
    async with app.run_test() as pilot:
        await pilot.press(*"tech", "space")
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"sesame", "space")
        # Space marked rather than typed: the filter holds no space.
        assert app.screen.query_one("#filter").value == "sesame"
        await pilot.press("enter")
        await pilot.pause()
    assert app.result == ["sesame-credit-confusion", "tech-anxiety"]


async def test_arrows_move_the_highlight():
    app = host()
    async with app.run_test() as pilot:
        await pilot.press("down", "down", "enter")
        await pilot.pause()
    assert app.result == ["sesame-credit-confusion"]


async def test_current_tags_start_marked_and_can_be_removed():
    app = host({"public-reception", "tech-anxiety"})
    async with app.run_test() as pilot:
        await pilot.press(*"public", "space", "enter")
        await pilot.pause()
    assert app.result == ["tech-anxiety"]


async def test_enter_adds_the_highlighted_tag_to_the_current_ones():
    app = host({"tech-anxiety"})
    async with app.run_test() as pilot:
        await pilot.press(*"fraud", "enter")
        await pilot.pause()
    assert app.result == ["fraud-and-credit", "tech-anxiety"]


async def test_escape_cancels():
    app = host({"tech-anxiety"})
    async with app.run_test() as pilot:
        await pilot.press(*"fraud", "space", "escape")
        await pilot.pause()
    assert app.result is None


async def test_enter_with_nothing_matching_stays_open():
    app = host()
    async with app.run_test() as pilot:
        await pilot.press(*"zzzz", "enter")
        await pilot.pause()
        assert app.result is PENDING
        assert "No tag matches" in str(app.screen.query_one("#description").render())


def test_snapshot_tag_picker(snap_compare):
    app = host({"tech-anxiety"})

    async def mark_one(pilot):
        stop_blinking(pilot.app)
        await pilot.press(*"cred", "space")

    assert snap_compare(app, terminal_size=(120, 40), run_before=mark_one)
