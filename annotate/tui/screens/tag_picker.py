"""The tag picker: type to filter the taxonomy, Enter applies the highlighted tag, space marks several."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz, utils
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from annotate.core.errors import AnnotateError
from annotate.core.model import Tag, Taxonomy
from annotate.core.shown_text import shown
from annotate.tui.screens._list_keys import MovesAList
from annotate.tui.screens._tags import depth_of, swatch, tree_order

# A label or id must score this much (rapidfuzz partial ratio, 0-100) to stay in the list;
# one- and two-letter queries must appear as they are, or every tag would match.
LABEL_CUTOFF = 74
# Descriptions are long, so a chance partial match is likely: only a near-exact one counts.
DESCRIPTION_CUTOFF = 90
# The option id of "create a tag with the typed name" (tag ids cannot start with "+").
CREATE_OPTION = "+create"

# Makes a tag called (label) under (parent id or None) and saves it; returns the new tag.
CreateTag = Callable[[str, "str | None"], Tag]


@dataclass(frozen=True, slots=True)
class TagMatch:
    """A tag that matched the filter, and how well (0-100)."""

    tag: Tag
    score: float


def names_a_tag(taxonomy: Taxonomy, name: str) -> bool:
    """Whether a tag has ``name`` as its label or id (case and spacing aside)."""
    wanted = " ".join(name.split()).casefold()
    return any(wanted in (" ".join(tag.label.split()).casefold(), tag.id.casefold()) for tag in taxonomy.tags)


def filter_tags(taxonomy: Taxonomy, query: str) -> list[TagMatch]:
    """Tags whose label, id or description fuzzily match ``query``, in tree order.

    An empty query matches every tag with score 100.
    """
    wanted = utils.default_process(query)
    if not wanted:
        return [TagMatch(tag, 100.0) for tag in tree_order(taxonomy)]
    cutoff = 100 if len(wanted) <= 2 else LABEL_CUTOFF
    matches = []
    for tag in tree_order(taxonomy):
        name_score = max(
            fuzz.partial_ratio(wanted, utils.default_process(tag.label)),
            fuzz.partial_ratio(wanted, utils.default_process(tag.id)),
        )
        description_score = fuzz.partial_ratio(wanted, utils.default_process(tag.description))
        # A description hit ranks a little below a name hit of the same quality.
        score = max(
            name_score if name_score >= cutoff else 0,
            description_score * 0.9 if description_score >= max(cutoff, DESCRIPTION_CUTOFF) else 0,
        )
        if score:
            matches.append(TagMatch(tag, score))
    return matches


class _FilterInput(Input):
    """The filter box. Space is left to the screen (it marks a tag), so it never types here."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return character != " " and super().check_consume_key(key, character)


class _TagList(OptionList, can_focus=False):
    """The picker's list: it never takes focus, so typing always goes to the filter."""


class TagPicker(MovesAList, ModalScreen[list[str] | None]):
    """Pick tags for a passage.

    ``selected`` are the tags the passage has now; they start marked. Dismisses with the
    passage's complete new list of tag ids (taxonomy order): the marked tags when the user
    marked or unmarked any, otherwise the current tags plus the highlighted one. Escape
    dismisses with None.

    With ``create_tag``, a typed name that no tag has is offered as "Create tag NAME": Enter on it
    asks for the new tag's parent, ``create_tag`` saves it, and the picker applies it at once.
    """

    DEFAULT_CSS = """
    TagPicker {
        align: center middle;
    }
    TagPicker > #picker {
        width: 84;
        max-width: 95%;
        height: auto;
        max-height: 90%;
        border: round $primary;
        border-title-color: $text;
        border-title-style: bold;
        background: $surface;
        padding: 0 1;
    }
    TagPicker #filter {
        margin: 0 0 1 0;
    }
    TagPicker #tags {
        height: auto;
        max-height: 24;
        border: none;
        padding: 0;
        & > .option-list--option-highlighted {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: bold;
        }
    }
    TagPicker #description {
        height: auto;
        min-height: 2;
        color: $text-muted;
        margin: 1 0 0 0;
    }
    TagPicker #status {
        height: 1;
    }
    TagPicker #hint {
        color: $text-muted;
        height: 1;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "apply", "Apply", priority=True),
        # Space marks rather than typing into the filter: tag names match well without it.
        Binding("space", "toggle_mark", "Mark", priority=True),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
    ]
    MOVED_LIST = "#tags"

    def __init__(
        self, taxonomy: Taxonomy, selected: set[str] | frozenset[str] = frozenset(), create_tag: CreateTag | None = None
    ) -> None:
        super().__init__()
        self.taxonomy = taxonomy
        self.initial_tags = set(selected)
        self.marked_tags = set(selected)
        self.create_tag = create_tag

    def compose(self) -> ComposeResult:
        with Vertical(id="picker") as picker:
            picker.border_title = "Tag the passage"
            yield _FilterInput(placeholder="Type to filter tags by label, id or description", id="filter")
            yield _TagList(id="tags")
            yield Static(id="description", markup=False)
            yield Label(id="status", markup=False)
            yield Label(
                ("type a filter or a new name" if self.create_tag else "type filter") + " · ↑↓ move · space mark · enter apply · esc cancel",
                id="hint",
            )

    def on_mount(self) -> None:
        self._show_matches("")
        self.query_one("#filter", Input).focus()

    @property
    def tag_list(self) -> OptionList:
        return self.query_one("#tags", OptionList)

    @property
    def highlighted_tag_id(self) -> str | None:
        """The id of the highlighted tag, or None when nothing matches the filter."""
        option = self.tag_list.highlighted_option
        return option.id if option is not None and not option.disabled and option.id != CREATE_OPTION else None

    @property
    def new_tag_name(self) -> str | None:
        """The typed name, when the highlighted option is "Create tag NAME"."""
        option = self.tag_list.highlighted_option
        if option is None or option.id != CREATE_OPTION:
            return None
        return " ".join(self.query_one("#filter", Input).value.split())

    def _show_matches(self, query: str) -> None:
        # Matching tags keep their place in the tree; an ancestor that did not match itself
        # is shown greyed out as a heading, so the hierarchy stays visible.
        from annotate.core.limits import cap_query

        try:
            cap_query(query, "the filter")  # a pasted page is neither a filter nor a tag's name
        except AnnotateError as error:
            self.tag_list.set_options([])
            self.query_one("#description", Static).update(Content.styled(f"{error}; shorten it.", "bold $text-error"))
            return
        matches = filter_tags(self.taxonomy, query)
        matched_ids = {match.tag.id for match in matches}
        shown_ids = set(matched_ids)
        for match in matches:
            parent = match.tag.parent
            while parent is not None and parent not in shown_ids and parent in self.taxonomy:
                shown_ids.add(parent)
                parent = self.taxonomy.get(parent).parent
        options = [
            Option(self._prompt(tag), id=tag.id, disabled=tag.id not in matched_ids)
            for tag in tree_order(self.taxonomy)
            if tag.id in shown_ids
        ]
        name = " ".join(query.split())
        offer_create = self.create_tag is not None and bool(name) and not names_a_tag(self.taxonomy, name)
        if offer_create:
            options.append(Option(Content.assemble(("+ ", "bold $success"), "Create tag ", (f"“{shown(name)}”", "bold")), id=CREATE_OPTION))
        tag_list = self.tag_list
        tag_list.set_options(options)
        if matches:
            best = max(matches, key=lambda match: match.score)
            tag_list.highlighted = tag_list.get_option_index(best.tag.id)
        elif offer_create:
            tag_list.highlighted = tag_list.get_option_index(CREATE_OPTION)
        self._update_details()

    def _prompt(self, tag: Tag) -> Content:
        depth = depth_of(self.taxonomy, tag)
        mark = "[x]" if tag.id in self.marked_tags else "[ ]"
        is_parent = bool(self.taxonomy.children(tag.id))
        return Content.assemble(
            (mark, "bold" if tag.id in self.marked_tags else "dim"),
            " ",
            swatch(tag),
            " ",
            (tag.key or " ", "bold"),
            " " + "  " * depth,
            (shown(tag.label), "bold" if is_parent else ""),
            "  ",
            (tag.id, "dim"),
        )

    def _refresh_prompt(self, tag_id: str) -> None:
        tag = self.taxonomy.get(tag_id)
        if tag is not None:
            self.tag_list.replace_option_prompt(tag_id, self._prompt(tag))

    def _update_details(self) -> None:
        # The highlighted tag's description, under the list.
        highlighted = self.highlighted_tag_id
        tag = self.taxonomy.get(highlighted) if highlighted is not None else None
        new_name = self.new_tag_name
        if new_name:
            description = f"Enter creates the tag “{shown(new_name)}”: confirm its name (spaces welcome), choose its parent, and it is applied."
        elif tag is not None:
            description = shown(tag.description)
        elif not self.taxonomy.tags:
            description = "No tags yet: type a name to create the first one." if self.create_tag else "No tags yet."
        else:
            description = "No tag matches the filter."
        self.query_one("#description", Static).update(description)
        names = ", ".join(self._in_taxonomy_order(self.marked_tags)) or "none"
        self.query_one("#status", Label).update(
            Content.assemble(("marked: ", "bold"), names)
        )

    def _in_taxonomy_order(self, tag_ids: set[str]) -> list[str]:
        ordered = [tag.id for tag in tree_order(self.taxonomy) if tag.id in tag_ids]
        # Tags the taxonomy no longer knows are kept (never dropped silently), at the end.
        return ordered + sorted(tag_ids - set(ordered))

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._show_matches(event.value)

    @on(OptionList.OptionHighlighted, "#tags")
    def _highlight_moved(self) -> None:
        self._update_details()

    @on(OptionList.OptionSelected, "#tags")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        # Only the mouse selects in this list (it never has focus): a click toggles the mark.
        if event.option_id is not None:
            self._toggle(event.option_id)

    def _toggle(self, tag_id: str) -> None:
        self.marked_tags ^= {tag_id}
        self._refresh_prompt(tag_id)
        self._update_details()

    def action_toggle_mark(self) -> None:
        """Mark or unmark the highlighted tag."""
        if self.highlighted_tag_id is not None:
            self._toggle(self.highlighted_tag_id)

    def action_apply(self) -> None:
        """Dismiss with the marked tags, or the current ones plus the highlighted tag (or create that tag)."""
        new_name = self.new_tag_name
        if new_name:
            self._create(new_name)
            return
        if self.marked_tags != self.initial_tags:
            self.dismiss(self._in_taxonomy_order(self.marked_tags))
            return
        highlighted = self.highlighted_tag_id
        if highlighted is None:
            self.app.bell()
            return
        self.dismiss(self._in_taxonomy_order(self.initial_tags | {highlighted}))

    def _create(self, typed_name: str) -> None:
        """Confirm the new tag's name (spaces allowed there), ask for its parent, create it and dismiss with it applied."""
        from annotate.tui.screens.taxonomy_dialogs import Field, TagChooser, TagForm

        def parent_chosen(name: str, parent: str | None) -> None:
            if parent is None:
                self._set_status(f"“{name}” was not created.")
                return
            try:
                tag = self.create_tag(name, parent or None)
            except AnnotateError as error:
                self._set_status(str(error), error=True)
                return
            self.taxonomy = Taxonomy([*self.taxonomy.tags, tag])
            self.dismiss(self._in_taxonomy_order(self.marked_tags | {tag.id}))

        def named(values: dict[str, str] | None) -> None:
            name = " ".join((values or {}).get("name", "").split())
            if not name:
                self._set_status(f"“{typed_name}” was not created.")
                return
            title = f"Create “{name}”: under which tag?"
            self.app.push_screen(TagChooser(self.taxonomy, title, offer_top_level=True), lambda parent: parent_chosen(name, parent))

        form = TagForm("Create a tag", [Field("name", "Name", typed_name, "the tag's label, as it will show", select_on_focus=False)])
        self.app.push_screen(form, named)

    def _set_status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#status", Label)
        status.update(Content.styled(text, "bold $text-error" if error else "italic"))

    def action_cancel(self) -> None:
        self.dismiss(None)



