"""A Markdown brief: the quotes grouped by tag (in taxonomy order) or by episode, as block quotes."""

from __future__ import annotations

from annotate.core.timecode import format_clock
from annotate.core.writers import ExportData, Writer


def write_markdown(data: ExportData) -> str:
    """``# Tagged quotes``, then a section per tag (or per episode), each quote a block quote.

    Under each quote: the speaker, the time (linked to the media at that second when its url is
    known), and the episode or the tags; then the note, if any. A quote with two tags appears under
    both; tags the taxonomy lacks come last, under their ids.
    """
    lines = ["# Tagged quotes", ""]
    if not data.quotes:
        lines += ["No tagged quotes.", ""]
        return "\n".join(lines)
    for heading, quotes in _groups(data):
        lines += [f"## {_inline(heading)}", ""]
        for quote in quotes:
            lines += _quote_block(data, quote)
    return "\n".join(lines)


def _groups(data: ExportData):
    if data.group_by == "episode":
        by_episode: dict[str, list] = {}
        for quote in data.quotes:
            by_episode.setdefault(quote.episode, []).append(quote)
        return [(quotes[0].title, quotes) for quotes in by_episode.values()]
    used = {tag for quote in data.quotes for tag in quote.tags}
    order = [tag.id for tag in data.taxonomy.tags if tag.id in used]
    order += sorted(used - set(order))
    groups = []
    for tag_id in order:
        tag = data.taxonomy.get(tag_id)
        heading = f"{tag.label} ({tag_id})" if tag and tag.label and tag.label != tag_id else tag_id
        groups.append((heading, [quote for quote in data.quotes if tag_id in quote.tags]))
    return groups


def _quote_block(data: ExportData, quote) -> list[str]:
    lines = [f"> {_inline(quote.quote)}", ">"]
    time = format_clock(quote.start_ms)
    when = f"[{time}]({quote.link})" if quote.link else time
    speaker = f"**{_inline(quote.speaker)}**, " if quote.speaker else ""
    if data.group_by == "episode":
        labels = [(data.taxonomy.get(tag).label if data.taxonomy.get(tag) else tag) for tag in quote.tags]
        context = "tags: " + ", ".join(_inline(label) for label in labels)
    else:
        context = f"*{_inline(quote.title)}*"
    lines.append(f"> — {speaker}{when}, {context}")
    lines.append("")
    if quote.note:
        lines += [f"Note ({_inline(quote.annotator)}): {_inline(quote.note)}", ""]
    return lines


def _inline(text: str) -> str:
    # One line, with the characters that would start Markdown markup escaped.
    flat = " ".join(str(text).split())
    for character in "\\`*_[]<>#|":
        flat = flat.replace(character, "\\" + character)
    return flat


WRITERS = [
    Writer("md", "md", False, "a Markdown brief grouped by tag or episode (--group-by)", write_markdown, groupings=("tag", "episode"))
]
