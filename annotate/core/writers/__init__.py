"""Export writers, one module each, found by this registry.

Every module in this package defines ``WRITERS``, a list of :class:`Writer`. A writer turns an
:class:`ExportData` (plain records: the tagged quotes the YAML export is made of, the taxonomy and,
for the writers that need them, the transcripts) into text or bytes. It never reads the workspace,
so it does not care where the data came from. Adding a format means adding one module here; the
command line's ``--format`` choices and the TUI's export list both come from :func:`writers`.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from annotate.core.errors import AnnotateError

if TYPE_CHECKING:
    from annotate.core.export import TaggedQuote
    from annotate.core.model import Taxonomy, Transcript


@dataclass
class ExportData:
    """What a writer gets: quotes in episode then time order, the codebook, and options."""

    quotes: list[TaggedQuote]
    taxonomy: Taxonomy
    # Episode id -> transcript, for writers with ``needs_transcripts`` (the chosen episodes, in order).
    transcripts: dict[str, Transcript] = field(default_factory=dict)
    # How a writer with ``groupings`` groups its quotes: by "tag" or by "episode" (Markdown).
    group_by: str = "tag"
    generator: str = "annotate"
    # What a writer tells the user about the file it wrote (e.g. a project without codes).
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Writer:
    """One export format: its name, file extension, and whether it writes text or bytes."""

    name: str
    extension: str
    binary: bool
    description: str
    write: Callable[[ExportData], str | bytes]
    # The whole transcripts go into the file (a REFI-QDA project), not only the quoted passages.
    needs_transcripts: bool = False
    # False for a format that writes the codebook rather than the quotes.
    writes_quotes: bool = True
    # The ways it can group its quotes (``ExportData.group_by``), the first its default; empty when
    # it writes them in episode then time order only.
    groupings: tuple[str, ...] = ()


_REGISTRY: dict[str, Writer] | None = None


def writers() -> dict[str, Writer]:
    """Every writer by name, in the order of their modules (YAML, the default, first)."""
    global _REGISTRY
    if _REGISTRY is None:
        found: dict[str, Writer] = {}
        modules = sorted(info.name for info in pkgutil.iter_modules(__path__) if not info.name.startswith("_"))
        # The YAML and JSON writers come first: YAML is the default everywhere.
        modules.sort(key=lambda name: name != "quotes")
        for module_name in modules:
            module = importlib.import_module(f"{__name__}.{module_name}")
            for writer in getattr(module, "WRITERS", []):
                if writer.name in found:
                    raise RuntimeError(f"two export writers are named {writer.name!r}")
                found[writer.name] = writer
        _REGISTRY = found
    return _REGISTRY


def writer_names() -> list[str]:
    """The format names, the default first."""
    return list(writers())


def get_writer(name: str) -> Writer:
    """The writer called ``name``, or an AnnotateError listing the formats there are."""
    try:
        return writers()[name]
    except KeyError:
        raise AnnotateError(f"unknown export format {name!r} (formats: {', '.join(writers())})") from None


def grouping_for(writer: Writer, group_by: str | None) -> str:
    """The grouping ``writer`` uses when asked for ``group_by`` (None: its default), or AnnotateError.

    Asking a format that does not group its quotes to group them is refused, not ignored.
    """
    if group_by is None:
        return writer.groupings[0] if writer.groupings else ""
    if group_by not in writer.groupings:
        if not writer.groupings:
            grouping = " or ".join(name for name, other in writers().items() if other.groupings)
            why = (
                f"writes its quotes in episode then time order and cannot group them by {group_by}"
                if writer.writes_quotes
                else f"writes the taxonomy, not quotes, so there is nothing to group by {group_by}"
            )
            raise AnnotateError(f"{writer.name} {why}; --group-by is for {grouping}")
        raise AnnotateError(f"{writer.name} groups by {' or '.join(writer.groupings)}, not {group_by!r}")
    return group_by


def require_one_episode(data: ExportData, kind: str) -> None:
    """Refuse quotes from several episodes for a format tied to one recording's timeline."""
    episodes = list(dict.fromkeys(quote.episode for quote in data.quotes))
    if len(episodes) > 1:
        raise AnnotateError(
            f"{kind} are for one episode, and these quotes come from {len(episodes)} ({', '.join(episodes[:3])}"
            f"{', ...' if len(episodes) > 3 else ''}); choose one with --episode"
        )
