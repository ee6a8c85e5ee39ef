"""Shared fixtures: the corpus folder beside the repository and small workspaces."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("ANNOTATE_CORPUS", REPOSITORY.parent / "shared" / "corpus"))


@pytest.fixture(autouse=True)
def own_settings_file(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test reads and writes its own user settings file, never the real user's, and exports into its own folder."""
    path = tmp_path_factory.mktemp("settings") / "settings.yaml"
    monkeypatch.setenv("ANNOTATE_SETTINGS", str(path))
    for variable in ("ANNOTATE_THEME", "ANNOTATE_PLAYER"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("ANNOTATE_EXPORT_FOLDER", str(path.parent / "exports"))
    return path


@pytest.fixture
def corpus() -> Path:
    """The third-party test corpus; tests using it skip, saying why, where it is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"third-party corpus not found at {CORPUS} (set ANNOTATE_CORPUS)")
    return CORPUS


@pytest.fixture
def workspace_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty workspace in a temporary folder, with ANNOTATE_WORKSPACE cleared."""
    from annotate.core.workspace import init_workspace

    monkeypatch.delenv("ANNOTATE_WORKSPACE", raising=False)
    return init_workspace(tmp_path / "ws")
