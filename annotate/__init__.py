"""annotate: a terminal toolkit for annotating podcast and interview transcripts."""

__version__ = "0.1.0"
