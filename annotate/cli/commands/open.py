"""``annotate open [EPISODE]`` (and bare ``annotate``): the TUI."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("episode", nargs="?", help="start on this episode")


def run(options: argparse.Namespace) -> int:
    from annotate.tui.launch import launch

    return launch(workspace=options.workspace, episode=options.episode)
