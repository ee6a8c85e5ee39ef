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


# The database .ci/postgres makes; used when ANNOTATE_TEST_DATABASE names none.
CI_TEST_DATABASE = "postgresql://annotate:annotate@localhost:5432/annotate_test"


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The URL of a PostgreSQL server for tests; tests using it skip, saying why, where none is reachable."""
    try:
        import psycopg
    except ImportError:
        pytest.skip("psycopg is not installed (pip install -e '.[test]')")
    url = os.environ.get("ANNOTATE_TEST_DATABASE") or CI_TEST_DATABASE
    try:
        connection = psycopg.connect(url, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        pytest.skip(
            f"no PostgreSQL server reachable at ANNOTATE_TEST_DATABASE ({' '.join(str(error).split())[:160]}); "
            "run .ci/postgres to start one"
        )
    with connection:
        for extension in ("unaccent", "pg_trgm"):
            connection.execute(f"CREATE EXTENSION IF NOT EXISTS {extension} WITH SCHEMA public")
    return url


@pytest.fixture
def postgres_url(postgres_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A URL naming a fresh, empty schema of the test database (dropped after the test).

    The workspace's local caches (the matcher's index) go to the test's temporary folder.
    """
    import secrets

    import psycopg

    from annotate.core.store.postgres.connection import with_schema

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    schema = f"test_{secrets.token_hex(6)}"
    yield with_schema(postgres_server, schema)
    with psycopg.connect(postgres_server, autocommit=True) as connection:
        connection.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
