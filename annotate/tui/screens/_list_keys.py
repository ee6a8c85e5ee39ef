"""Arrow and page keys for dialogs whose text box keeps focus while the keys move a list below it."""

from __future__ import annotations

from textual.widgets import OptionList


class MovesAList:
    """Screen mixin: the ``cursor_*`` and ``page_*`` actions move the list ``MOVED_LIST`` selects.

    Each screen keeps its own bindings (which keys, with what priority); this only gives them one
    place to act on.
    """

    MOVED_LIST: str = ""

    def _moved_list(self) -> OptionList:
        return self.query_one(self.MOVED_LIST, OptionList)  # type: ignore[attr-defined]

    def action_cursor_up(self) -> None:
        self._moved_list().action_cursor_up()

    def action_cursor_down(self) -> None:
        self._moved_list().action_cursor_down()

    def action_page_up(self) -> None:
        self._moved_list().action_page_up()

    def action_page_down(self) -> None:
        self._moved_list().action_page_down()
