"""The core of annotate: plain Python, usable from scripts and tests, never importing Textual."""
