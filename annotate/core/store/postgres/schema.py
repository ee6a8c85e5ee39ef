"""The database schema, versioned: ordered SQL steps in ``migrations/``, applied once each.

``schema_version`` records the steps applied. Opening a workspace applies any step it lacks (under
an advisory lock, in one transaction with the steps, so two processes never apply one twice); a
database made by a newer annotate is refused rather than misread.
"""

from __future__ import annotations

import re
from importlib import resources

from annotate.core.errors import AnnotateError

_STEP = re.compile(r"^(\d+)_([a-z0-9_]+)\.sql$")
# Any constant names one advisory lock; this one is "annotate" in ASCII, taken per schema below.
_LOCK_KEY = 0x616E6E6F


def migrations() -> list[tuple[int, str, str]]:
    """The steps as (version, name, SQL), in order."""
    steps = []
    for entry in resources.files("annotate.core.store.postgres").joinpath("migrations").iterdir():
        found = _STEP.match(entry.name)
        if found:
            steps.append((int(found.group(1)), found.group(2), entry.read_text(encoding="utf-8")))
    return sorted(steps)


def latest_version() -> int:
    """The version a database has once every step is applied."""
    return migrations()[-1][0]


def workspace_schema(connection) -> str:
    """The schema the workspace lives in: the first on the connection's search_path."""
    path = connection.execute("SHOW search_path").fetchone()[0]
    first = path.split(",")[0].strip().strip('"')
    if first == "$user":
        first = connection.info.user
    return first


def schema_exists(connection, schema: str) -> bool:
    return connection.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [schema]).fetchone() is not None


def current_version(connection) -> int | None:
    """The highest step applied in the workspace's schema, or None when it holds no workspace."""
    schema = workspace_schema(connection)
    found = connection.execute(
        "SELECT 1 FROM pg_tables WHERE schemaname = %s AND tablename = 'schema_version'", [schema]
    ).fetchone()
    if found is None:
        return None
    return connection.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def migrate(connection, *, create: bool) -> list[str]:
    """Apply the steps the schema lacks; returns their names. Creates the workspace when ``create``.

    AnnotateError when there is no workspace and ``create`` is false, or when the schema is newer
    than this annotate knows.
    """
    from psycopg import sql

    schema = workspace_schema(connection)
    applied: list[str] = []
    with connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [_LOCK_KEY, schema])
        version = current_version(connection)
        if version is None:
            if not create:
                raise AnnotateError(
                    f"no annotate workspace in schema {schema!r} of this database; `annotate init URL` makes one"
                )
            connection.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
            connection.execute(
                "CREATE TABLE schema_version (version integer PRIMARY KEY, name text NOT NULL,"
                " applied timestamptz NOT NULL DEFAULT now())"
            )
            version = 0
        latest = latest_version()
        if version > latest:
            raise AnnotateError(
                f"this workspace's schema is version {version}, newer than this annotate knows ({latest}); upgrade annotate"
            )
        for step, name, text in migrations():
            if step <= version:
                continue
            connection.execute(text)
            connection.execute("INSERT INTO schema_version (version, name) VALUES (%s, %s)", [step, name])
            applied.append(f"{step:03d}_{name}")
    return applied
