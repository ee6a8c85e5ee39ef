"""The PostgreSQL backend: a workspace in one schema of a database, for teams and big archives.

Chosen by a ``postgresql://`` (or ``postgres://``) location; needs the ``postgres`` extra
(psycopg 3). ``open_postgres`` opens an existing workspace, ``init_postgres`` makes one.
"""

from __future__ import annotations

from annotate.core.store.postgres.workspace import PostgresWorkspace


def open_postgres(url: str) -> PostgresWorkspace:
    """Open the workspace the URL names, bringing its schema up to date (AnnotateError if there is none)."""
    return _connected(url, create=False)


def init_postgres(url: str) -> PostgresWorkspace:
    """Make the workspace the URL names (its schema too, when missing), or bring it up to date."""
    return _connected(url, create=True)


def _connected(url: str, *, create: bool) -> PostgresWorkspace:
    from annotate.core.errors import AnnotateError
    from annotate.core.store.postgres.connection import connect, redacted
    from annotate.core.store.postgres.schema import migrate

    connection = connect(url)  # first, so a missing psycopg is reported as such
    import psycopg

    try:
        try:
            migrate(connection, create=create)
        except psycopg.Error as error:
            # A role without the rights a step needs, or a database that refuses one: say so in a line.
            reason = " ".join(str(error).split())
            raise AnnotateError(f"cannot set up the workspace's tables: {reason}", redacted(url)) from None
        workspace = PostgresWorkspace(url, connection)
        if create:
            # An upgrade that changed how quotes are indexed is finished here, not on someone's first match,
            # and postings written since the last init or copy are packed.
            workspace.refresh_match_postings()
            workspace.compact()
        return workspace
    except BaseException:
        connection.close()
        raise


__all__ = ["PostgresWorkspace", "init_postgres", "open_postgres"]
