"""Rules of the house that keep the parts apart."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import annotate.core

CORE = Path(annotate.core.__file__).parent


def test_core_never_imports_textual_the_tui_or_the_cli():
    offenders = []
    for source in CORE.rglob("*.py"):
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
            stripped = line.strip()
            if stripped.startswith(("import ", "from ")) and any(
                face in stripped for face in ("textual", "annotate.tui", "annotate.cli")
            ):
                offenders.append(f"{source.relative_to(CORE)}:{number}: {stripped}")
    assert offenders == []


def test_importing_every_core_module_loads_neither_face():
    modules = sorted(
        "annotate.core." + ".".join(path.relative_to(CORE).with_suffix("").parts)
        for path in CORE.rglob("*.py")
        if path.name != "__init__.py"
    )
    script = (
        "import sys\n" + "".join(f"import {name}\n" for name in modules)
        + "print(sorted(name for name in sys.modules if name.startswith(('annotate.cli', 'annotate.tui'))))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_faces_reach_workspace_data_only_through_the_store():
    # The CLI and the TUI never open the workspace's files themselves: a second backend would not have them.
    faces = [Path(annotate.core.__file__).parent.parent / face for face in ("cli", "tui")]
    offenders = []
    for folder in faces:
        for source in folder.rglob("*.py"):
            text = source.read_text(encoding="utf-8")
            for needle in ("AnnotationStore", "metadata_path", "annotations_path", "transcript_path", "transcripts_dir", "core.atomic"):
                if needle in text and not (source.name == "merge.py" and needle == "core.atomic"):
                    offenders.append(f"{source.name}: {needle}")
    # Export's output guard and writer are being moved into the core by another change.
    assert [offender for offender in offenders if not offender.startswith(("export.py", "export_screen.py"))] == []


def test_importing_every_core_module_loads_no_textual():
    modules = sorted(
        "annotate.core." + ".".join(path.relative_to(CORE).with_suffix("").parts)
        for path in CORE.rglob("*.py")
        if path.name != "__init__.py"
    )
    script = "import sys\n" + "".join(f"import {name}\n" for name in modules) + "print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_help_does_not_import_textual():
    script = (
        "import sys\nfrom annotate.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print('textual' in sys.modules, file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert "usage: annotate" in result.stdout
    assert result.stderr.strip().endswith("False")


def test_core_services_reach_workspace_data_only_through_the_store():
    # Outside the file backend, no core module names the folder's files: a database backend has none.
    import re

    file_only = re.compile(r"\.(transcript_path|metadata_path|annotations_path|transcripts_dir|annotations_dir|taxonomy_path|root)\b")
    offenders = []
    for source in CORE.rglob("*.py"):
        relative = source.relative_to(CORE).as_posix()
        if relative.startswith("store/files/") or relative == "workspace.py":
            continue
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
            if file_only.search(line) and "workspace" in line:
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []
