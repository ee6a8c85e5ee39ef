"""Connecting to a PostgreSQL workspace: the URL as the user gave it, shown without its password.

A workspace is one schema of one database: the first schema on the connection's ``search_path``
(``public`` unless the URL says otherwise, e.g. ``?options=-csearch_path%3Dteam_a``), so one
database can hold several workspaces side by side.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from annotate.core.errors import AnnotateError

# Seconds to wait for a server before saying it cannot be reached.
CONNECT_TIMEOUT = 5


def redacted(url: str) -> str:
    """``url`` with its password (in the authority or the query) replaced by ``***``."""
    try:
        parts = urlsplit(url)
    except ValueError:  # too malformed to take apart (``postgresql://[host``): show only its scheme
        return url.partition(":")[0] + "://…"
    netloc = parts.netloc
    if "@" in netloc:
        credentials, _, host = netloc.rpartition("@")
        user, colon, _password = credentials.partition(":")
        netloc = f"{user}:***@{host}" if colon else f"{user}@{host}"
    query = urlencode(
        [(key, "***" if key == "password" else value) for key, value in parse_qsl(parts.query, keep_blank_values=True)],
        safe="=,-*",
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def database_name(url: str) -> str:
    """The database the URL names (its path), for titles; the user's name when it names none."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    return name or parts.username or "postgres"


def with_schema(url: str, schema: str) -> str:
    """``url`` made to open the workspace in ``schema`` (found first on its ``search_path``, then public)."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", schema):
        raise AnnotateError(f"schema name {schema!r} must be lower-case letters, digits and '_'")
    parts = urlsplit(url)
    query = [(key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True) if key != "options"]
    query.append(("options", f"-csearch_path={schema},public"))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query, quote_via=quote), parts.fragment))


def connect(url: str, *, autocommit: bool = True):
    """A psycopg connection to ``url``; AnnotateError saying why when there is none."""
    try:
        import psycopg
    except ImportError:
        raise AnnotateError(
            "a PostgreSQL workspace needs psycopg: python -m pip install 'annotate[postgres]'"
            " ('.[postgres]' in a clone of annotate)",
            redacted(url),
        ) from None

    try:
        return psycopg.connect(url, autocommit=autocommit, connect_timeout=CONNECT_TIMEOUT)
    except psycopg.OperationalError as error:
        reason = " ".join(str(error).split()) or "connection refused"
        raise AnnotateError(f"cannot connect to the database: {reason}", redacted(url)) from None
    except psycopg.ProgrammingError as error:  # a malformed URL
        reason = " ".join(str(error).replace(url, redacted(url)).split())  # libpq quotes the URL, password and all
        raise AnnotateError(f"not a database URL libpq understands: {reason}", redacted(url)) from None
