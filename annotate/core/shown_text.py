"""Text from files and users made safe to show on a terminal: control characters become visible symbols.

A note, label or name may hold an escape character (pasted, or written into a shared file by
anyone): printed as it is, the terminal would obey it (retitle the window, write the clipboard,
garble the screen). Shown through :func:`shown`, each control character is a symbol instead
(``␛`` for escape); the data itself is never changed.
"""

from __future__ import annotations

import re

# C0 controls but tab and line feed, DEL, and the C1 controls (0x80-0x9f, which some terminals obey too).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _symbol(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control pictures": ␀ ␁ … ␛ … ␟
    return "\u2421" if code == 0x7F else "\ufffd"  # ␡ for DEL; the replacement character for C1


def shown(text: str) -> str:
    """``text`` with every control character but tab and newline replaced by a visible symbol."""
    return _CONTROL.sub(_symbol, text) if _CONTROL.search(text) else text
