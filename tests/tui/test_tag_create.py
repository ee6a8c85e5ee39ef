"""Creating a tag from the tag picker: type a name no tag has, Enter, choose its parent; it is saved and applied."""

from __future__ import annotations

from pathlib import Path

import yaml
from textual.widgets import OptionList

from annotate.core.model import Tag
from annotate.core.workspace import Workspace
from annotate.tui.app import create_app
from annotate.tui.main_screen import MainScreen
from annotate.tui.screens.tag_picker import CREATE_OPTION, TagPicker
from annotate.tui.screens.taxonomy_dialogs import TagChooser, TagForm
from tests.tui.screen_host import ScreenHost, sample_taxonomy
from tests.tui.test_tui_flow import SIZE, opened, saved


class Recorder:
    """A create_tag callback that records what it was asked and makes the tag."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str | None]] = []

    def __call__(self, label: str, parent: str | None) -> Tag:
        self.calls.append((label, parent))
        return Tag(label.lower().replace(" ", "-"), label, parent=parent)


def option_ids(app) -> list[str]:
    return [option.id for option in app.screen.query_one("#tags", OptionList).options]


async def test_a_new_name_is_offered_as_a_tag_to_create_and_enter_creates_it_at_the_top_level():
    create = Recorder()
    app = ScreenHost(lambda: TagPicker(sample_taxonomy(), {"tech-anxiety"}, create_tag=create))
    async with app.run_test() as pilot:
        await pilot.press(*"Guanxi")
        assert option_ids(app) == [CREATE_OPTION]
        assert "Enter creates the tag “Guanxi”" in str(app.screen.query_one("#description").render())
        await pilot.press("enter")
        await pilot.pause()
        # The name to confirm, where a space can be typed (in the filter, space marks a tag).
        assert isinstance(app.screen, TagForm)
        await pilot.press(*" ties", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TagChooser)
        await pilot.press("enter")  # the first choice: the top level
        await pilot.pause()
    assert create.calls == [("Guanxi ties", None)]
    # The passage keeps its tag and gets the new one.
    assert app.result == ["tech-anxiety", "guanxi-ties"]


async def test_the_new_tag_goes_under_the_parent_chosen():
    create = Recorder()
    app = ScreenHost(lambda: TagPicker(sample_taxonomy(), create_tag=create))
    async with app.run_test() as pilot:
        await pilot.press(*"Court", "enter")
        await pilot.pause()
        await pilot.press("enter")  # the name as typed
        await pilot.pause()
        await pilot.press(*"themes", "enter")
        await pilot.pause()
    assert create.calls == [("Court", "themes")]
    assert app.result == ["court"]


async def test_escape_at_the_parent_creates_nothing_and_returns_to_the_picker():
    create = Recorder()
    app = ScreenHost(lambda: TagPicker(sample_taxonomy(), create_tag=create))
    async with app.run_test() as pilot:
        await pilot.press(*"Court", "enter", "enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TagPicker)
        assert "was not created" in str(app.screen.query_one("#status").render())
    assert create.calls == []


async def test_a_name_a_tag_already_has_is_not_offered_and_fuzzy_matches_come_first():
    app = ScreenHost(lambda: TagPicker(sample_taxonomy(), create_tag=Recorder()))
    async with app.run_test() as pilot:
        await pilot.press(*"tech-anxiety")
        assert CREATE_OPTION not in option_ids(app)
        for _ in range(len("tech-anxiety")):
            await pilot.press("backspace")
        await pilot.press(*"trust")
        # "trust" matches a tag fuzzily: that stays highlighted, the new name is offered last.
        assert option_ids(app)[-1] == CREATE_OPTION
        assert app.screen.highlighted_tag_id == "culture-of-trust"


async def test_without_a_create_callback_nothing_is_offered():
    app = ScreenHost(lambda: TagPicker(sample_taxonomy()))
    async with app.run_test() as pilot:
        await pilot.press(*"Guanxi")
        assert option_ids(app) == []


def taxonomy_file(root: Path) -> list[dict]:
    return yaml.safe_load((root / "annotations" / "taxonomy.yaml").read_text(encoding="utf-8")).get("tags") or []


async def test_in_a_new_workspace_the_first_tag_is_created_and_applied_from_the_picker(tui_workspace):
    (tui_workspace / "annotations" / "taxonomy.yaml").write_text("schema: annotate/taxonomy@1\ntags: []\n", encoding="utf-8")
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("j", "t")
        await pilot.pause()
        assert "No tags yet: type a name to create the first one." in str(app.screen.query_one("#description").render())
        await pilot.press(*"Public", "enter")
        await pilot.pause()
        await pilot.press(*" trust", "enter")
        await pilot.pause()
        await pilot.press("enter")  # top level
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        # Our own write to the taxonomy is not news: the file watch sees no change on disk.
        assert not screen.file_watch.changed()
        [tag] = taxonomy_file(tui_workspace)
        assert (tag["id"], tag["label"], tag.get("parent"), tag["key"]) == ("public-trust", "Public trust", None, "1")
        [annotation] = saved(tui_workspace)
        assert annotation["tags"] == ["public-trust"]
        assert annotation["quote"] == screen.transcript.cues[1].text
        assert screen.taxonomy.get("public-trust") is not None
        messages = [notification.message for notification in app._notifications]
        assert any("Created the tag Public trust (public-trust, key 1) in annotations/taxonomy.yaml." in message for message in messages)
        assert not any("changed on disk" in message for message in messages)
        # Its number key works at once.
        await pilot.press("j", "j", "1")
        assert [entry["tags"] for entry in saved(tui_workspace)] == [["public-trust"], ["public-trust"]]


async def test_a_tag_created_under_a_parent_is_saved_there(tui_workspace):
    app = create_app(Workspace(tui_workspace), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("t")
        await pilot.pause()
        await pilot.press(*"Guanxi", "enter", "enter")
        await pilot.pause()
        await pilot.press(*"takeaways", "enter")
        await pilot.pause()
        tags = {tag["id"]: tag for tag in taxonomy_file(tui_workspace)}
        assert tags["guanxi"]["parent"] == "takeaways"
        assert [entry["tags"] for entry in saved(tui_workspace)] == [["guanxi"]]
