"""Tag colours: what the codebook accepts, normalised to one form (``#rrggbb``) for every face.

Accepted: ``#rrggbb``, ``#rgb`` and the CSS colour names (``red``, ``teal``, ``cornflowerblue``:
the 147 names of CSS3, which Textual knows too), in any case. Names are looked up with webcolors.
"""

from __future__ import annotations

import re

import webcolors

from annotate.core.errors import AnnotateError

ACCEPTED = "'#rrggbb', '#rgb' or a CSS colour name such as 'teal'"
_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


def normalize_color(value: str) -> str:
    """``value`` as lower-case ``#rrggbb`` ("" stays ""); AnnotateError for anything else."""
    text = (value or "").strip()
    if not text:
        return ""
    if _HEX.fullmatch(text):
        return webcolors.normalize_hex(text)
    try:
        return webcolors.name_to_hex(text.lower())
    except ValueError:
        raise AnnotateError(f"colour {value!r} is not one this accepts: {ACCEPTED}") from None
