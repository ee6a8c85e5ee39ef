"""Running ``annotate`` under real resource limits, and proving a workspace was left unchanged.

Each run is a subprocess whose address space and CPU time are capped with ``setrlimit``: a
reader that blows up memory dies with MemoryError, one that spins is killed by SIGXCPU, and
one that blocks (a FIFO) is stopped by the wall-clock cap. None of them is a timed assertion.
"""

from __future__ import annotations

import hashlib
import os
import resource
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# What the issue allows one hostile input: 2 s of CPU and 300 MB of address space.
CPU_SECONDS = 2
ADDRESS_SPACE_BYTES = 300 * 1024 * 1024
# A blocked process uses no CPU; this stops it (generous, as the test machine is shared).
WALL_SECONDS = 30


@dataclass
class Run:
    """What one limited run of ``annotate`` did."""

    returncode: int
    stdout: str
    stderr: str

    @property
    def error_lines(self) -> list[str]:
        """The lines of standard error."""
        return self.stderr.splitlines()


def _limit_resources(cpu_seconds: int = CPU_SECONDS) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_BYTES, ADDRESS_SPACE_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))


def run_tests_limited(module: str, cases: int) -> Run:
    """Run the pytest ``module`` in a subprocess under the memory limit and 2 s of CPU a case (plus start-up)."""
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", module],
        capture_output=True, text=True, errors="replace", timeout=WALL_SECONDS * 4,
        env={**os.environ, "OPENBLAS_NUM_THREADS": "1"},
        preexec_fn=lambda: _limit_resources(CPU_SECONDS * (cases + 1)),
    )
    return Run(completed.returncode, completed.stdout, completed.stderr)


def run_limited(*arguments: str, cwd: Path | None = None, stdin: str | None = None, env: dict | None = None) -> Run:
    """Run ``annotate ARGUMENTS`` in a subprocess under the CPU and memory limits above."""
    environment = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "ANNOTATE_ANNOTATOR": "tester", **(env or {})}
    environment.pop("ANNOTATE_WORKSPACE", None)
    completed = subprocess.run(
        [sys.executable, "-m", "annotate", *arguments],
        cwd=cwd,
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        errors="replace",
        env=environment,
        timeout=WALL_SECONDS,
        preexec_fn=_limit_resources,
    )
    return Run(completed.returncode, completed.stdout, completed.stderr)


def private_mounts_available() -> bool:
    """Whether ``unshare -rm`` can give a process its own mounts (a user namespace; no root needed)."""
    if shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-rm", "true"], capture_output=True, check=False).returncode == 0


def run_with_private_mounts(script: str, cwd: Path) -> Run:
    """Run the shell ``script`` in its own user and mount namespace, under the limits above.

    Mounts made there (a read-only bind, a tiny tmpfs) are seen by that script alone and vanish
    with it. ``$ANNOTATE`` in the script runs this interpreter's ``annotate``.
    """
    environment = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "ANNOTATE_ANNOTATOR": "tester",
                   "ANNOTATE": f"{shlex.quote(sys.executable)} -m annotate"}
    environment.pop("ANNOTATE_WORKSPACE", None)
    completed = subprocess.run(
        ["unshare", "-rm", "sh", "-ec", script],
        cwd=cwd, capture_output=True, text=True, errors="replace", env=environment,
        timeout=WALL_SECONDS * 2, preexec_fn=_limit_resources,
    )
    return Run(completed.returncode, completed.stdout, completed.stderr)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` but the cache ``.annotate/``, by path, with a digest of its content."""
    files = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if relative.parts and relative.parts[0] == ".annotate":
            continue
        if path.is_symlink() or not path.is_file():
            files[str(relative)] = "not a file"
            continue
        files[str(relative)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


def assert_refused(run: Run, *expected: str) -> str:
    """``run`` exited 2 with one error line holding each of ``expected``, and no traceback; returns the line."""
    assert "Traceback" not in run.stderr, run.stderr[-2000:]
    assert run.returncode == 2, (run.returncode, run.stderr[-2000:])
    errors = [line for line in run.error_lines if line.startswith("annotate: error: ")]
    assert len(errors) == 1, run.stderr[-2000:]
    for part in expected:
        assert part in errors[0], (part, errors[0])
    return errors[0]
