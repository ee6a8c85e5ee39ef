"""REFI-QDA: the codebook as ``.qdc`` and the whole project (transcripts, codes, codings) as ``.qdpx``."""

from __future__ import annotations

from annotate.core.writers import ExportData, Writer


def write_qdc(data: ExportData) -> bytes:
    """The taxonomy as a REFI-QDA codebook."""
    from annotate.core.refiqda.writing import write_codebook

    return write_codebook(data.taxonomy, data.generator)


def write_qdpx(data: ExportData) -> bytes:
    """The transcripts, taxonomy and selected annotations as a REFI-QDA project archive."""
    from annotate.core.refiqda.writing import write_project

    return write_project(data.quotes, data.taxonomy, data.transcripts, data.generator)


WRITERS = [
    Writer("qdc", "qdc", False, "the taxonomy as a REFI-QDA codebook (NVivo, ATLAS.ti, MAXQDA, QualCoder)", write_qdc, writes_quotes=False),
    Writer("qdpx", "qdpx", True, "a REFI-QDA project: transcripts, codes and codings by annotator", write_qdpx, needs_transcripts=True),
]
