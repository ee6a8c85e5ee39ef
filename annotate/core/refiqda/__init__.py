"""REFI-QDA, the exchange standard of qualitative-analysis tools (NVivo, ATLAS.ti, MAXQDA, QualCoder).

A codebook is a ``.qdc`` XML file (``urn:QDA-XML:codebook:1.0``); a project is a ``.qdpx`` zip
holding ``project.qde`` (``urn:QDA-XML:project:1.0``) and the sources' text under ``Sources/``.
:mod:`.writing` makes both from plain records, :mod:`.reading` turns them back into tags,
transcripts and annotations without touching the workspace, and :mod:`.importing` saves that all at
once or not at all.
"""

from __future__ import annotations

import uuid

CODEBOOK_NAMESPACE = "urn:QDA-XML:codebook:1.0"
PROJECT_NAMESPACE = "urn:QDA-XML:project:1.0"
# The note that carries what REFI-QDA has no place for (tag ids and keys, episode ids and metadata,
# annotation ids and times), so that annotate -> .qdpx -> annotate gives back the same workspace.
IDS_NOTE_NAME = "annotate: workspace ids"
IDS_SCHEMA = "annotate/refi-ids@1"

# GUIDs are derived from the workspace's own ids, so exporting the same data twice gives the same file.
_GUID_NAMESPACE = uuid.UUID("5b0c5f4e-6a4e-4d52-9d0c-2a6e6f746174")


def guid(kind: str, *names: str) -> str:
    """A stable upper-case GUID for one thing (``guid("tag", "media-myths")``)."""
    return str(uuid.uuid5(_GUID_NAMESPACE, "\x1f".join((kind, *names)))).upper()
