"""REFI-QDA: the codebook as ``.qdc`` and the whole project (transcripts, codes, codings) as ``.qdpx``."""

from __future__ import annotations

from annotate.core.writers import ExportData, Writer


def write_qdc(data: ExportData) -> bytes:
    """The taxonomy as a REFI-QDA codebook."""
    from annotate.core.refiqda.writing import write_codebook

    return write_codebook(data.taxonomy, data.generator)


def write_qdpx(data: ExportData) -> bytes:
    """The transcripts, taxonomy and selected annotations as a REFI-QDA project archive.

    A project may have no codebook (REFI-QDA allows it): the transcripts alone, to code in the QDA
    tool, with a warning saying so. A project with neither transcripts nor codes is refused.
    """
    from annotate.core.errors import AnnotateError
    from annotate.core.refiqda.writing import write_project

    if not data.taxonomy.tags and not data.quotes:
        if not data.transcripts:
            raise AnnotateError("nothing to export: the workspace has no transcripts and the taxonomy no tags")
        data.warnings.append(
            "the taxonomy has no tags: the project holds the transcripts without codes (code them in the QDA tool, "
            "or add tags with `annotate taxonomy add` first)"
        )
    return write_project(data.quotes, data.taxonomy, data.transcripts, data.generator)


WRITERS = [
    Writer("qdc", "qdc", False, "the taxonomy as a REFI-QDA codebook (NVivo, ATLAS.ti, MAXQDA, QualCoder)", write_qdc, writes_quotes=False),
    Writer("qdpx", "qdpx", True, "a REFI-QDA project: transcripts, codes and codings by annotator", write_qdpx, needs_transcripts=True),
]
