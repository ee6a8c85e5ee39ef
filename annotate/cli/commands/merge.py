"""``annotate merge BASE OURS THEIRS [PATH]``: git's merge driver for annotation files.

Merges by annotation id, so two annotators who tag passages next to each other (or both at the
end of a file) merge cleanly. Set it up once per clone::

    git config merge.annotate.name "annotate: merge annotation files by id"
    git config merge.annotate.driver "annotate merge %O %A %B %P"
    echo 'annotations/*.yaml merge=annotate' >> .gitattributes

When the same annotation was changed on both branches, only that annotation's two blocks are
left between conflict markers (every other annotation is merged) and it exits 1. When a version
cannot be read as an annotation file, it falls back to git's own line merge.
"""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("base", help="the common ancestor's version (git's %%O)")
    parser.add_argument("ours", help="our version; the merge is written here (git's %%A)")
    parser.add_argument("theirs", help="their version (git's %%B)")
    parser.add_argument("path", nargs="?", help="the file's path in the repository (git's %%P), for its episode id")


def run(options: argparse.Namespace) -> int:
    import subprocess
    import sys
    from pathlib import Path

    from annotate.core.atomic import atomic_write_text
    from annotate.core.store.files.merge_driver import merge_annotation_texts
    from annotate.core.store.files.workspace import TAXONOMY_FILE
    from annotate.core.errors import AnnotateError
    from annotate.core.limits import MAX_YAML_BYTES, read_file_text
    from annotate.core.output_path import check_output_path

    shown = Path(options.path or options.ours)
    check_output_path(options.ours)  # the merged text replaces OURS: a regular file, never a pipe or device
    texts = []
    for name in (options.base, options.ours, options.theirs):
        texts.append(read_file_text(name, MAX_YAML_BYTES, "an annotation file") or "")
    result = None
    if shown.name != TAXONOMY_FILE:
        try:
            result = merge_annotation_texts(*texts, shown, shown.stem)
        except AnnotateError as error:
            print(f"annotate: merging by id failed ({error}); merging line by line", file=sys.stderr)
    if result is not None and result.text is not None:
        atomic_write_text(options.ours, result.text)
        for conflict in result.conflicts:
            print(f"annotate: {shown}: {conflict}; pick one of its two blocks", file=sys.stderr)
        return 1 if result.conflicts else 0
    if result is not None:
        for problem in result.conflicts:
            print(f"annotate: {problem}; merging line by line", file=sys.stderr)
    merged = subprocess.run(
        ["git", "merge-file", "-L", "ours", "-L", "base", "-L", "theirs", options.ours, options.base, options.theirs],
        check=False,
    )
    return 1 if merged.returncode else 0
