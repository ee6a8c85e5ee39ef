"""``annotate serve [EPISODE]``: the TUI in a web browser (textual-serve), for annotators who do not live in a terminal."""

from __future__ import annotations

import argparse


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"a port is 1-65535, not {port}")
    return port


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from annotate.tui.serve import DEFAULT_HOST, DEFAULT_PORT

    parser.add_argument("episode", nargs="?", help="start on this episode")
    parser.add_argument(
        "--host", default=DEFAULT_HOST,
        help=f"the address to listen on (default {DEFAULT_HOST}, this machine only; 0.0.0.0 lets anyone who can reach it edit the workspace)",
    )
    parser.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"the port (default {DEFAULT_PORT})")
    parser.add_argument("--public-url", metavar="URL", help="the address browsers use, when behind a proxy")


def run(options: argparse.Namespace) -> int:
    from annotate.tui.serve import serve

    return serve(options.workspace, options.episode, options.host, options.port, options.public_url)
