"""CSV for spreadsheets: one row per tagged quote, the YAML export's columns, RFC 4180 quoting."""

from __future__ import annotations

import csv
import io

from annotate.core.export import RECORD_KEYS
from annotate.core.writers import ExportData, Writer

TAG_SEPARATOR = "; "
# A cell starting with one of these is a formula to a spreadsheet; a leading apostrophe makes it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_csv(data: ExportData) -> str:
    """A header row of the record keys, then one row per quote (tags joined by ``; ``).

    RFC 4180: comma-separated, CRLF line ends, fields with commas, quotes or line breaks in double
    quotes. A byte order mark first, so that spreadsheets read it as UTF-8. Empty values (no
    speaker, no link) are empty cells.
    """
    buffer = io.StringIO()
    table = csv.writer(buffer, lineterminator="\r\n")
    table.writerow(RECORD_KEYS)
    for quote in data.quotes:
        record = quote.record()
        record["tags"] = TAG_SEPARATOR.join(record["tags"])
        table.writerow([_cell(record[key]) for key in RECORD_KEYS])
    return "\ufeff" + buffer.getvalue()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".")
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


WRITERS = [Writer("csv", "csv", False, "one row per quote, for spreadsheets (RFC 4180)", write_csv)]
