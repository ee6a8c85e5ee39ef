"""The keys of the main screen, gathered from the bindings (for help and the command palette)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.dom import DOMNode


@dataclass(frozen=True)
class KeyCommand:
    """One action: the keys that run it, what it does, and the node it runs on."""

    keys: str
    description: str
    action: str
    node: DOMNode
    section: str


def key_commands(screen, *, collapse_tag_keys: bool = False) -> list[KeyCommand]:
    """Every binding of the main screen, its transcript view and the app, merged by action, in order.

    With ``collapse_tag_keys`` the nine number keys become one row (for the help screen).
    """
    from annotate.tui.widgets.transcript_view import TranscriptView

    app = screen.app
    sections: list[tuple[str, DOMNode, list[Binding]]] = [
        ("Transcript", screen.query_one(TranscriptView), list(Binding.make_bindings(TranscriptView.BINDINGS))),
        ("Annotate", screen, list(Binding.make_bindings(type(screen).BINDINGS))),
        ("App", app, list(Binding.make_bindings(type(app).BINDINGS))),
    ]
    merged: dict[tuple[int, str], tuple[list[str], Binding, DOMNode, str]] = {}
    for section, node, bindings in sections:
        for binding in bindings:
            key = (id(node), binding.action)
            display = app.get_key_display(binding)
            if key in merged:
                merged[key][0].append(display)
            else:
                merged[key] = ([display], binding, node, section)
    commands = []
    for keys, binding, node, section in merged.values():
        if not binding.description:
            continue
        if collapse_tag_keys and binding.action.startswith("toggle_tag("):
            if binding.action == "toggle_tag('1')":
                commands.append(KeyCommand("1-9", "Toggle the tag with that key", "", node, section))
            continue
        commands.append(KeyCommand(" ".join(keys), binding.description, binding.action, node, section))
    return commands
