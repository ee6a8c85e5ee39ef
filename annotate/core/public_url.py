"""The address browsers reach a served app at (``annotate serve --public-url``), checked before anything listens."""

from __future__ import annotations

from urllib.parse import urlsplit

from annotate.core.errors import AnnotateError
from annotate.core.limits import excerpt


def check_public_url(url: str) -> str:
    """``url`` without a trailing '/', if it is an absolute http(s) address with a host; else AnnotateError.

    The served page puts its own paths (``/ws``, ``/static/...``) after it, so it may hold a path
    prefix but no query, fragment, user name or password.
    """
    shown = excerpt(url)
    if not url or any(character.isspace() or not character.isprintable() for character in url):
        raise AnnotateError(f"public url {shown} must be an absolute http:// or https:// address without spaces")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number from 0 to 65535
    except ValueError as error:
        raise AnnotateError(f"public url {shown} is malformed: {error}") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise AnnotateError(f"public url {shown} must be an absolute http:// or https:// address with a host, e.g. https://annotate.example.org")
    if parts.username is not None or parts.password is not None:
        raise AnnotateError("a public url must not hold a user name or password (browsers are shown it)")
    if parts.query or parts.fragment or url.endswith(("?", "#")):
        raise AnnotateError(f"public url {shown} must not have a '?' query or '#' fragment; the app adds its own paths after it")
    return url.rstrip("/")
