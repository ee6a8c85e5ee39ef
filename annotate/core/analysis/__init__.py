"""From coded passages to findings: tag frequencies, co-occurrence and inter-annotator agreement.

Plain functions over :class:`~annotate.core.analysis.passages.CodedPassage` records, read once
from the workspace by :func:`~annotate.core.analysis.passages.load_coding`. No Textual, no CLI.
"""

from annotate.core.analysis.agreement import AgreementReport, Disagreement, Scores, TagAgreement, measure_agreement
from annotate.core.analysis.cooccurrence import CooccurrenceMatrix, cooccurrence
from annotate.core.analysis.frequencies import FrequencyRow, FrequencyTable, frequencies
from annotate.core.analysis.notes import annotation_notes
from annotate.core.analysis.passages import CodedPassage, Coding, load_coding

__all__ = [
    "AgreementReport", "annotation_notes", "CodedPassage", "Coding", "CooccurrenceMatrix", "Disagreement", "FrequencyRow",
    "FrequencyTable", "Scores", "TagAgreement", "cooccurrence", "frequencies", "load_coding", "measure_agreement",
]
