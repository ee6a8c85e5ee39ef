"""The taxonomy screen: the tag tree with counts and colours, edited through the core operations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from annotate.core.errors import AnnotateError
from annotate.core.model import Tag, Taxonomy
from annotate.core.taxonomy import (
    add_tag,
    load_taxonomy,
    merge_tags,
    remove_tag,
    rename_tag,
    tag_counts,
    update_tag,
)
from annotate.core.store import TAXONOMY, Workspace
from annotate.tui.screens._tags import depth_of, swatch, tag_colour, tree_order
from annotate.tui.screens.confirm import Confirm
from annotate.tui.screens.taxonomy_dialogs import TOP_LEVEL, Field, TagChooser, TagForm
from annotate.tui.where import shown_location


@dataclass
class TaxonomyLoaded(Message):
    """The taxonomy and its tag counts as they are on disk now, after ``done`` (a line to show)."""

    taxonomy: Taxonomy
    counts: dict[str, int]
    done: str = ""
    focus_id: str | None = None
    changed: bool = False
    # Counts rolled up: a parent's is its own annotations and those below it (what the tree shows).
    totals: dict[str, int] = field(default_factory=dict)


@dataclass
class TaxonomyFailed(Message):
    """A load or an operation was refused by the core; ``error`` says why."""

    error: str = ""
    details: list[str] = field(default_factory=list)


def _annotations(count: int) -> str:
    return f"{count} annotation{'s' if count != 1 else ''}"


class TaxonomyScreen(Screen[bool]):
    """View and edit the codebook of ``workspace``.

    Every change goes through :mod:`annotate.core.taxonomy` (renames and merges carry the
    annotations along), after a confirmation where annotations are affected; refusals are shown
    on the screen. Dismisses with True if anything changed, else False (Escape or q).
    """

    DEFAULT_CSS = """
    TaxonomyScreen {
        layout: vertical;
    }
    TaxonomyScreen #tax-title {
        height: 1;
        padding: 0 1;
        text-style: bold;
        background: $panel;
        width: 100%;
    }
    TaxonomyScreen #tax-body {
        height: 1fr;
    }
    TaxonomyScreen #tag-tree {
        width: 2fr;
        height: 100%;
        max-height: 100%;
        & > .option-list--option-highlighted {
            text-style: bold;
        }
    }
    TaxonomyScreen #tag-details {
        width: 1fr;
        height: 100%;
        border: round $primary;
        border-title-style: bold;
        padding: 0 1;
    }
    TaxonomyScreen #tax-status {
        height: auto;
        padding: 0 1;
        color: $text-success;
    }
    TaxonomyScreen #tax-status.error {
        color: $text-error;
    }
    """

    BINDINGS = [
        Binding("a", "add", "Add"),
        Binding("r", "rename", "Rename"),
        Binding("e", "edit", "Edit"),
        Binding("c", "recolour", "Colour"),
        Binding("m", "move", "Move"),
        Binding("g", "merge", "Merge into"),
        Binding("x,delete", "remove", "Remove"),
        Binding("escape,q", "close", "Close"),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.taxonomy = Taxonomy()
        self.counts: dict[str, int] = {}
        self.totals: dict[str, int] = {}
        self.changed = False

    def compose(self) -> ComposeResult:
        yield Label("Taxonomy", id="tax-title", markup=False)
        with Horizontal(id="tax-body"):
            yield OptionList(id="tag-tree")
            with Vertical(id="tag-details") as details:
                details.border_title = "Tag"
                yield Static("", id="tag-info", markup=False)
        yield Label("loading…", id="tax-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#tag-tree", OptionList).focus()
        self._run(None, "", None)

    # -- showing -----------------------------------------------------------------------------

    @property
    def tree(self) -> OptionList:
        return self.query_one("#tag-tree", OptionList)

    @property
    def highlighted_tag(self) -> Tag | None:
        option = self.tree.highlighted_option
        return self.taxonomy.get(option.id) if option is not None and option.id else None

    def _set_status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#tax-status", Label)
        status.update(text)
        status.set_class(error, "error")

    @on(TaxonomyLoaded)
    def _loaded(self, message: TaxonomyLoaded) -> None:
        previous = self.highlighted_tag
        self.taxonomy = message.taxonomy
        self.counts = message.counts
        self.totals = message.totals or message.counts
        self.changed = self.changed or message.changed
        ordered = tree_order(self.taxonomy)
        label_width = max((2 * depth_of(self.taxonomy, tag) + len(tag.label) for tag in ordered), default=0)
        id_width = max((len(tag.id) for tag in ordered), default=0)
        self.tree.set_options(Option(self._row(tag, label_width, id_width), id=tag.id) for tag in ordered)
        focus_id = message.focus_id or (previous.id if previous else None)
        if focus_id is not None and focus_id in self.taxonomy:
            self.tree.highlighted = self.tree.get_option_index(focus_id)
        elif ordered:
            self.tree.highlighted = 0
        tag_total = len(ordered)
        self.query_one("#tax-title", Label).update(
            f"Taxonomy · {tag_total} tag{'s' if tag_total != 1 else ''} · "
            f"{shown_location(self.workspace.item_location((TAXONOMY, '')), self.workspace.location)} in {self.workspace.name}"
        )
        uses = sum(self.counts.values())
        self._set_status(message.done or f"{uses} tag use{'s' if uses != 1 else ''} in annotations")
        self._show_details()

    def _row(self, tag: Tag, label_width: int, id_width: int) -> Content:
        indent = "  " * depth_of(self.taxonomy, tag)
        is_parent = bool(self.taxonomy.children(tag.id))
        count = self.totals.get(tag.id, 0)
        return Content.assemble(
            swatch(tag),
            " ",
            (tag.key or " ", "bold"),
            " ",
            (f"{indent}{tag.label}".ljust(label_width), "bold" if is_parent else ""),
            "  ",
            (tag.id.ljust(id_width), "dim"),
            "  ",
            (f"{count:>5}", "bold" if count else "dim"),
        )

    @on(OptionList.OptionHighlighted, "#tag-tree")
    def _show_details(self) -> None:
        info = self.query_one("#tag-info", Static)
        tag = self.highlighted_tag
        if tag is None:
            info.update("No tags yet: press a to add one.")
            return
        parent = self.taxonomy.get(tag.parent) if tag.parent else None
        children = self.taxonomy.children(tag.id)
        lines = [
            Content.assemble(swatch(tag), " ", (tag.label, "bold")),
            Content.assemble(("id        ", "dim"), tag.id),
            Content.assemble(("parent    ", "dim"), parent.label if parent else "(top level)"),
            Content.assemble(("colour    ", "dim"), (tag.color or "(none)", tag_colour(tag))),
            Content.assemble(("key       ", "dim"), tag.key or "(none)"),
            Content.assemble(("used by   ", "dim"), _annotations(self.counts.get(tag.id, 0))),
        ]
        if children:
            lines.append(Content.assemble(("with those below", "dim"), f" {_annotations(self.totals.get(tag.id, 0))}"))
        if children:
            lines.append(Content.assemble(("children  ", "dim"), ", ".join(child.id for child in children)))
        lines += [Content(""), Content(tag.description or "(no description)")]
        info.update(Content("\n").join(lines))

    # -- running core operations ---------------------------------------------------------------

    @work(thread=True, exclusive=True, group="taxonomy")
    def _run(self, operation: Callable[[], object] | None, done: str, focus_id: str | None) -> None:
        """Run one core operation (None: just load), then reload the taxonomy and counts from disk."""
        try:
            result = operation() if operation is not None else None
            taxonomy = load_taxonomy(self.workspace)
            counts = tag_counts(self.workspace)
            totals = tag_counts(self.workspace, taxonomy)  # parents count their children's annotations
        except AnnotateError as error:
            self.post_message(TaxonomyFailed(str(error)))
            return
        if isinstance(result, int) and result:
            done = f"{done} ({_annotations(result)} updated)"
        self.post_message(TaxonomyLoaded(taxonomy, counts, done, focus_id, changed=operation is not None, totals=totals))

    @on(TaxonomyFailed)
    def _failed(self, message: TaxonomyFailed) -> None:
        self._set_status(message.error, error=True)

    def _need_tag(self) -> Tag | None:
        tag = self.highlighted_tag
        if tag is None:
            self._set_status("No tag is highlighted.", error=True)
        return tag

    # -- the actions -------------------------------------------------------------------------------

    def action_add(self) -> None:
        """Add a tag: under the highlighted parent, or beside the highlighted child."""
        highlighted = self.highlighted_tag
        parent = ""
        if highlighted is not None:
            parent = highlighted.id if self.taxonomy.children(highlighted.id) or highlighted.parent is None else highlighted.parent or ""
        fields = [
            Field("id", "Id", placeholder="letters, digits, '-', '_' or '.'"),
            Field("label", "Label"),
            Field("parent", "Parent", parent, "a tag id, or empty for the top level"),
            Field("color", "Colour", placeholder="#rrggbb, #rgb or a CSS colour name"),
            Field("key", "Key", placeholder="one digit or letter, or empty"),
            Field("description", "Description"),
        ]

        def submitted(values: dict[str, str] | None) -> None:
            if not values:
                return
            if not values["id"]:
                self._set_status("A new tag needs an id.", error=True)
                return
            tag = Tag(
                id=values["id"],
                label=values["label"] or values["id"],
                description=values["description"],
                color=values["color"],
                parent=values["parent"] or None,
                key=values["key"] or None,
            )
            self._run(lambda: add_tag(self.workspace, tag), f"Added {tag.id}.", tag.id)

        self.app.push_screen(TagForm("Add a tag", fields), submitted)

    def action_rename(self) -> None:
        """Change the highlighted tag's id (annotations follow) and label."""
        tag = self._need_tag()
        if tag is None:
            return
        fields = [Field("id", "Id", tag.id), Field("label", "Label", tag.label)]

        def submitted(values: dict[str, str] | None) -> None:
            if not values:
                return
            new_id, label = values["id"] or tag.id, values["label"] or tag.label
            if new_id == tag.id:
                self._run(lambda: update_tag(self.workspace, tag.id, label=label), f"Relabelled {tag.id}.", tag.id)
                return
            count = self.counts.get(tag.id, 0)

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self._run(
                        lambda: rename_tag(self.workspace, tag.id, new_id, label),
                        f"Renamed {tag.id} to {new_id}.",
                        new_id,
                    )

            self.app.push_screen(
                Confirm(f"Rename {tag.id} to {new_id}? Its {_annotations(count)} will carry the new id."),
                confirmed,
            )

        self.app.push_screen(TagForm(f"Rename {tag.id}", fields), submitted)

    def action_edit(self) -> None:
        """Edit the highlighted tag's label, description, colour and key."""
        tag = self._need_tag()
        if tag is None:
            return
        fields = [
            Field("label", "Label", tag.label),
            Field("description", "Description", tag.description),
            Field("color", "Colour", tag.color, "#rrggbb, #rgb or a CSS colour name"),
            Field("key", "Key", tag.key or "", "one digit or letter, or empty"),
        ]

        def submitted(values: dict[str, str] | None) -> None:
            if values:
                self._run(lambda: update_tag(self.workspace, tag.id, **values), f"Saved {tag.id}.", tag.id)

        self.app.push_screen(TagForm(f"Edit {tag.id}", fields), submitted)

    def action_recolour(self) -> None:
        """Give the highlighted tag another colour."""
        tag = self._need_tag()
        if tag is None:
            return

        def submitted(values: dict[str, str] | None) -> None:
            if values:
                self._run(
                    lambda: update_tag(self.workspace, tag.id, color=values["color"]),
                    f"Recoloured {tag.id}.",
                    tag.id,
                )

        self.app.push_screen(
            TagForm(f"Colour of {tag.id}", [Field("color", "Colour", tag.color, "#rrggbb, #rgb or a CSS colour name")]),
            submitted,
        )

    def action_move(self) -> None:
        """Move the highlighted tag under another parent (or to the top level)."""
        tag = self._need_tag()
        if tag is None:
            return

        def chosen(parent: str | None) -> None:
            if parent is None:
                return
            where = f"under {parent}" if parent else "to the top level"
            self._run(
                lambda: update_tag(self.workspace, tag.id, parent=parent or None),
                f"Moved {tag.id} {where}.",
                tag.id,
            )

        excluded = self.taxonomy.descendants(tag.id)  # itself and its own children: a loop
        self.app.push_screen(TagChooser(self.taxonomy, f"Move {tag.id} under…", excluded, offer_top_level=True), chosen)

    def action_merge(self) -> None:
        """Fold the highlighted tag into another: its annotations and children move there."""
        tag = self._need_tag()
        if tag is None:
            return

        def chosen(target: str | None) -> None:
            if not target:
                return
            count = self.counts.get(tag.id, 0)

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self._run(
                        lambda: merge_tags(self.workspace, [tag.id], target),
                        f"Merged {tag.id} into {target}.",
                        target,
                    )

            self.app.push_screen(
                Confirm(f"Merge {tag.id} into {target}? Its {_annotations(count)} get {target}, and {tag.id} is removed."),
                confirmed,
            )

        self.app.push_screen(TagChooser(self.taxonomy, f"Merge {tag.id} into…", self.taxonomy.descendants(tag.id)), chosen)

    def action_remove(self) -> None:
        """Remove the highlighted tag; annotations that carry it are given another tag first."""
        tag = self._need_tag()
        if tag is None:
            return
        count = self.counts.get(tag.id, 0)
        focus_after = tag.parent

        if not count:

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self._run(lambda: remove_tag(self.workspace, tag.id), f"Removed {tag.id}.", focus_after)

            self.app.push_screen(Confirm(f"Remove the tag {tag.id}? No annotation carries it."), confirmed)
            return

        def heir_chosen(heir: str | None) -> None:
            if heir:
                self._run(
                    lambda: remove_tag(self.workspace, tag.id, move_to=heir),
                    f"Removed {tag.id}; its annotations now carry {heir}.",
                    heir,
                )

        def confirmed_with_heir(yes: bool | None) -> None:
            if yes:
                self.app.push_screen(
                    TagChooser(self.taxonomy, f"Give {tag.id}'s annotations…", self.taxonomy.descendants(tag.id)),
                    heir_chosen,
                )

        self.app.push_screen(
            Confirm(f"{tag.id} is on {_annotations(count)}. Remove it and give them another tag?"),
            confirmed_with_heir,
        )

    def action_close(self) -> None:
        self.dismiss(self.changed)
