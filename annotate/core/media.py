"""An episode's media address (its audio or video), which export links point into with ``#t=start,end``."""

from __future__ import annotations

from urllib.parse import urlsplit

from annotate.core.errors import AnnotateError

SCHEMES = ("http", "https", "file")


def check_media_url(url: str) -> str:
    """Return ``url`` if it is an absolute http(s) or file address without a fragment, else raise AnnotateError.

    An absolute file path (``/…`` or ``~/…``) is accepted too and saved as its ``file://`` address.
    """
    text = url.strip()
    if text.startswith(("/", "~")):
        from pathlib import Path

        text = Path(text).expanduser().as_uri()
    parts = urlsplit(text)
    if parts.scheme.lower() not in SCHEMES or not (parts.netloc or parts.scheme.lower() == "file" and parts.path):
        raise AnnotateError(
            f"media url {url!r} must be an absolute http://, https:// or file:// address, or an absolute file path"
        )
    if any(character.isspace() for character in text):
        raise AnnotateError(f"media url {url!r} has spaces in it; percent-encode them (%20)")
    if parts.fragment:
        raise AnnotateError(f"media url {url!r} already has a '#' fragment; exports add their own #t=start,end")
    return text


def set_media_url(workspace, episode_id: str, url: str | None) -> str:
    """Save ``url`` (checked; None or "" clears it) as the episode's media address; returns what was saved."""
    import copy

    metadata = copy.deepcopy(workspace.load_metadata(workspace.require_episode(episode_id)))
    metadata.media_url = check_media_url(url) if url else ""
    workspace.save_metadata(episode_id, metadata)
    return metadata.media_url
