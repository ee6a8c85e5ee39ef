"""The tagged-quotes document (``schema: annotate/quotes@1``) as YAML and as JSON: the same records."""

from __future__ import annotations

import json
from typing import Any

from annotate.core.writers import ExportData, Writer
from annotate.core.yamlio import yaml_scalar

SCHEMA = "annotate/quotes@1"


def records(data: ExportData) -> list[dict[str, Any]]:
    """The quote records every tabular format shares, keys in their fixed order."""
    return [quote.record() for quote in data.quotes]


def write_yaml(data: ExportData) -> str:
    """One YAML document: the schema line, then ``quotes:`` with one block per quote."""
    quote_records = records(data)
    lines = [f"schema: {SCHEMA}", "quotes:" if quote_records else "quotes: []"]
    for record in quote_records:
        for index, (key, value) in enumerate(record.items()):
            lines.append(("- " if index == 0 else "  ") + f"{key}: {yaml_scalar(value)}")
    return "\n".join(lines) + "\n"


def write_json(data: ExportData) -> str:
    """``{"schema": ..., "quotes": [...]}`` with the same records as the YAML."""
    return json.dumps({"schema": SCHEMA, "quotes": records(data)}, ensure_ascii=False, indent=2) + "\n"


WRITERS = [
    Writer("yaml", "yaml", False, "tagged quotes as YAML (annotate/quotes@1)", write_yaml),
    Writer("json", "json", False, "the same records as JSON", write_json),
]
