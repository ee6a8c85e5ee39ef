"""Small dialogs of the taxonomy screen: a form of a few text fields, and choosing one tag."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from annotate.core.model import Tag, Taxonomy
from annotate.tui.screens._tags import depth_of, swatch, tree_order
from annotate.tui.screens.tag_picker import filter_tags
from annotate.tui.screens._list_keys import MovesAList

# What TagChooser dismisses with for "no parent" (the top level), when that is offered.
TOP_LEVEL = ""


@dataclass(frozen=True)
class Field:
    """One text field of a TagForm: its name in the result, its label, first value and hint.

    ``select_on_focus`` False leaves the cursor after the value, for adding to it rather than replacing it.
    """

    name: str
    label: str
    value: str = ""
    placeholder: str = ""
    select_on_focus: bool = True


class TagForm(ModalScreen[dict[str, str] | None]):
    """A few text fields. Dismisses with {field name: text as typed} (Enter in the last field, or
    ctrl+s), or None (Escape). Checking the values is left to the core operation they feed."""

    DEFAULT_CSS = """
    TagForm {
        align: center middle;
    }
    TagForm > #form-dialog {
        width: 80;
        max-width: 95%;
        height: auto;
        border: round $primary;
        border-title-style: bold;
        background: $surface;
        padding: 0 1;
    }
    TagForm .form-field {
        height: auto;
    }
    TagForm .form-field Label {
        width: 14;
        padding: 1 1 0 0;
        text-align: right;
        text-style: bold;
    }
    TagForm .form-field Input {
        width: 1fr;
    }
    TagForm #form-hint {
        color: $text-muted;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "submit", "Save", priority=True),
    ]

    def __init__(self, title: str, fields: list[Field]) -> None:
        super().__init__()
        self.form_title = title
        self.fields = fields

    def compose(self) -> ComposeResult:
        with Vertical(id="form-dialog") as dialog:
            dialog.border_title = Content(self.form_title)
            for field in self.fields:
                with Horizontal(classes="form-field"):
                    yield Label(field.label, markup=False)
                    yield Input(
                        field.value, placeholder=field.placeholder, id=f"field-{field.name}", select_on_focus=field.select_on_focus
                    )
            yield Label("tab next field · enter on the last field or ctrl+s save · esc cancel", id="form-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        # Enter moves on to the next field, and saves from the last one.
        inputs = list(self.query(Input))
        if event.input is inputs[-1]:
            self.action_submit()
        else:
            inputs[inputs.index(event.input) + 1].focus()

    def action_submit(self) -> None:
        self.dismiss({field.name: self.query_one(f"#field-{field.name}", Input).value.strip() for field in self.fields})

    def action_cancel(self) -> None:
        self.dismiss(None)


class _ChoiceList(OptionList, can_focus=False):
    """The tags to choose from; never focused, so typing stays in the filter."""


class TagChooser(MovesAList, ModalScreen[str | None]):
    """Choose one tag of ``taxonomy`` (type to filter, arrows, Enter), never one of ``excluded``.

    With ``offer_top_level`` the first choice is "(top level)", dismissed as TOP_LEVEL (""). Dismisses
    with the chosen tag id, or None (Escape).
    """

    DEFAULT_CSS = """
    TagChooser {
        align: center middle;
    }
    TagChooser > #chooser-dialog {
        width: 72;
        max-width: 95%;
        height: auto;
        max-height: 90%;
        border: round $primary;
        border-title-style: bold;
        background: $surface;
        padding: 0 1;
    }
    TagChooser #choices {
        height: auto;
        max-height: 20;
        border: none;
        padding: 0;
        & > .option-list--option-highlighted {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
        }
    }
    TagChooser #chooser-hint {
        color: $text-muted;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "choose", "Choose", priority=True),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
    ]
    MOVED_LIST = "#choices"

    def __init__(self, taxonomy: Taxonomy, title: str, excluded: set[str] = frozenset(), offer_top_level: bool = False) -> None:
        super().__init__()
        self.taxonomy = taxonomy
        self.chooser_title = title
        self.excluded = set(excluded)
        self.offer_top_level = offer_top_level

    def compose(self) -> ComposeResult:
        with Vertical(id="chooser-dialog") as dialog:
            dialog.border_title = Content(self.chooser_title)
            yield Input(placeholder="Type to filter", id="chooser-filter")
            yield _ChoiceList(id="choices")
            yield Label("↑↓ move · enter choose · esc cancel", id="chooser-hint")

    def on_mount(self) -> None:
        self._show("")
        self.query_one("#chooser-filter", Input).focus()

    def _show(self, query: str) -> None:
        options = []
        if self.offer_top_level and not query.strip():
            options.append(Option(Content.styled("(top level: no parent)", "italic"), id="top-level"))
        for match in filter_tags(self.taxonomy, query):
            if match.tag.id not in self.excluded:
                options.append(Option(self._prompt(match.tag), id=f"tag-{match.tag.id}"))
        choices = self.query_one("#choices", OptionList)
        choices.set_options(options)
        if options:
            choices.highlighted = 0

    def _prompt(self, tag: Tag) -> Content:
        indent = "  " * depth_of(self.taxonomy, tag)
        return Content.assemble(indent, swatch(tag), " ", tag.label, "  ", (tag.id, "dim"))

    @on(Input.Changed, "#chooser-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._show(event.value)

    @on(OptionList.OptionSelected, "#choices")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        self._dismiss_with(event.option_id)

    def action_choose(self) -> None:
        option = self.query_one("#choices", OptionList).highlighted_option
        if option is None:
            self.app.bell()
            return
        self._dismiss_with(option.id)

    def _dismiss_with(self, option_id: str | None) -> None:
        if option_id == "top-level":
            self.dismiss(TOP_LEVEL)
        elif option_id is not None:
            self.dismiss(option_id.removeprefix("tag-"))

    def action_cancel(self) -> None:
        self.dismiss(None)

