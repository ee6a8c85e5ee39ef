"""The use cases both faces call (tag a passage, list episodes, export, edit the taxonomy...).

Each takes a :class:`annotate.core.store.Workspace` and holds its policy once, so the CLI and
the TUI cannot disagree.
"""
