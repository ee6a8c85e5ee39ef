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


# How keys combine, for the help screen (bindings alone cannot say it).
TIPS = (
    ("v ↑ ↓", "v starts a passage at the cursor, arrows extend it, v again stops extending"),
    ("shift+↑ ↓", "select cue by cue without v; a mouse drag selects words"),
    ("[ ] { }", "move the passage's start ([ ]) or end ({ }) a word, inside its first or last cue"),
    ("t 1-9 n d", "act on the selection, else the annotation at the cursor (a cycles), else the cue"),
    ("> < p", "> and < go to the next and previous annotation; p plays what t would tag (mpv, media_url)"),
    ("F3 shift+F3", "while a find is active: next / previous match (Esc clears the find)"),
    ("u ctrl+y", "undo and redo tags, notes and deletions; every change is saved at once"),
)


def help_rows(screen) -> list[tuple[str, str, str]]:
    """Rows of (keys, description, group) for the help screen: every binding, then the tips."""
    rows = [(command.keys, command.description, command.section) for command in key_commands(screen, collapse_tag_keys=True)]
    return rows + [(keys, description, "How keys combine") for keys, description in TIPS]
