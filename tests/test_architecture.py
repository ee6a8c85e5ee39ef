"""Rules of the house that keep the parts apart."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import annotate.core

CORE = Path(annotate.core.__file__).parent


def test_core_never_imports_textual_or_the_tui():
    offenders = []
    for source in CORE.rglob("*.py"):
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
            stripped = line.strip()
            if stripped.startswith(("import ", "from ")) and ("textual" in stripped or "annotate.tui" in stripped):
                offenders.append(f"{source.relative_to(CORE)}:{number}: {stripped}")
    assert offenders == []


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
