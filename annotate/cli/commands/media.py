"""``annotate media EPISODE [URL | --clear]``: show or set the address of an episode's audio or video."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("episode", metavar="EPISODE", help="the episode id")
    parser.add_argument("url", nargs="?", metavar="URL", help="the new media address (http://, https:// or file://)")
    parser.add_argument("--clear", action="store_true", help="forget the media address")
    parser.add_argument("--json", action="store_true", help="print JSON")


def run(options: argparse.Namespace) -> int:
    from annotate.cli.output import open_workspace, print_json
    from annotate.core.errors import AnnotateError
    from annotate.core.media import set_media_url

    if options.url and options.clear:
        raise AnnotateError("give a URL or --clear, not both")
    workspace = open_workspace(options)
    if options.url or options.clear:
        url = set_media_url(workspace, options.episode, None if options.clear else options.url)
    else:
        url = workspace.load_transcript(workspace.require_episode(options.episode)).metadata.media_url
    if options.json:
        print_json({"episode": options.episode, "media_url": url or None})
    else:
        print(url or f"{options.episode} has no media address (set one with `annotate media {options.episode} URL`)")
    return 0
