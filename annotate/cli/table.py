"""Plain-text tables for the terminal: columns padded to their widest cell, numbers to the right."""

from __future__ import annotations


def format_table(headers: list[str], rows: list[list[str]], numeric: list[bool] | None = None) -> list[str]:
    """The table's lines; ``numeric[i]`` right-aligns column ``i`` (default: every column but the first)."""
    numeric = numeric if numeric is not None else [False] + [True] * (len(headers) - 1)
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows)]

    def line(cells: list[str]) -> str:
        padded = [
            str(cell).rjust(width) if right else str(cell).ljust(width)
            for cell, width, right in zip(cells, widths, numeric)
        ]
        return "  ".join(padded).rstrip()

    return [line(headers), *(line(row) for row in rows)]


def numbered_columns(names: list[str], first_width: int, width: int) -> tuple[list[str], list[str]]:
    """Column headers for ``names``: the names when the table fits in ``width``, else numbers with a legend.

    Returns (headers, legend lines).
    """
    cell = max((len(name) for name in names), default=0)
    if first_width + (cell + 2) * len(names) <= width:
        return list(names), []
    return [str(number) for number in range(1, len(names) + 1)], [
        f"{number:>3} = {name}" for number, name in enumerate(names, 1)
    ]
