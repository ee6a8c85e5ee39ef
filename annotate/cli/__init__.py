"""The ``annotate`` command: a thin layer over ``annotate.core``.

Only the chosen command's module is imported, so ``annotate --help`` and quick commands start fast
and never load Textual. Each module in ``annotate.cli.commands`` has ``add_arguments`` and ``run``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from annotate import __version__

# Command name -> one-line help. The module is ``annotate.cli.commands.<name>`` (``import`` -> ``import_``).
COMMANDS: dict[str, str] = {
    "open": "open the TUI, optionally on one episode",
    "serve": "the TUI in a web browser (needs textual-serve)",
    "init": "create a workspace in a folder or a database (with --sample, the sample content)",
    "import": "read transcript files into the workspace",
    "list": "list the episodes",
    "show": "print one transcript",
    "match": "find where quotes were really said",
    "tag": "annotate a passage from a script",
    "search": "search transcripts and annotations across episodes",
    "export": "write tagged quotes out (YAML by default; CSV, Markdown, W3C, REFI-QDA, chapters, subtitles)",
    "media": "show or set the address of an episode's audio or video",
    "stats": "how often each code is used, by episode, speaker or annotator, and which codes go together",
    "agreement": "how far annotators agree, per tag and overall, and where they differ most",
    "taxonomy": "list or edit the codebook",
    "check": "validate the workspace",
    "copy": "copy a whole workspace from a folder to a database, or back",
    "merge": "merge three versions of an annotation file by id (git's merge driver)",
}


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help formatter, given the terminal's width so that it need not import shutil.

    argparse builds a formatter for every argument it adds, and shutil (with the compression
    modules it loads) is a noticeable part of a quick command's start-up.
    """

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None):
        super().__init__(prog, indent_increment, max_help_position, width if width is not None else _columns() - 2)


class RawDescriptionHelpFormatter(argparse.RawDescriptionHelpFormatter, HelpFormatter):
    """The same, keeping the description's and epilog's own line breaks."""


def _columns() -> int:
    # What shutil.get_terminal_size() says: $COLUMNS, else the terminal's width, else 80.
    try:
        columns = int(os.environ.get("COLUMNS", 0))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


def _module_name(command: str) -> str:
    return "annotate.cli.commands." + (command + "_" if command == "import" else command)


def _chosen_command(argv: list[str]) -> str | None:
    # The first word that names a command; the options before it are the global ones.
    skip_next = False
    for word in argv:
        if skip_next:
            skip_next = False
            continue
        if word == "--workspace":
            skip_next = True
            continue
        if word.startswith("-"):
            continue
        return word if word in COMMANDS else None
    return None


def build_parser(chosen: str | None) -> argparse.ArgumentParser:
    """The argument parser; only ``chosen``'s own arguments are loaded."""
    parser = argparse.ArgumentParser(
        prog="annotate",
        description="Annotate podcast and interview transcripts: tag, match quotes, search, export.",
        epilog="Run bare `annotate` to open the TUI on the workspace.",
        formatter_class=HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"annotate {__version__}")
    parser.add_argument("--workspace", metavar="DIR", help="the workspace folder, or a postgresql:// URL (default: $ANNOTATE_WORKSPACE, else the nearest folder upward)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    # prog given, so argparse need not build a help formatter (which imports shutil) just to work it out.
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", prog=parser.prog)
    for name, help_text in COMMANDS.items():
        # With a command chosen, the others' parsers are not needed (a quick command starts faster).
        if chosen is not None and name != chosen:
            continue
        subparser = subparsers.add_parser(name, help=help_text, description=help_text, formatter_class=HelpFormatter)
        if name == chosen:
            importlib.import_module(_module_name(name)).add_arguments(subparser)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (2 for a user error)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    chosen = _chosen_command(arguments)
    if chosen is not None and any(word in ("-h", "--help") for word in arguments[: arguments.index(chosen)]):
        chosen = None  # `annotate --help search` shows the top-level help, with every command
    parser = build_parser(chosen)
    options = parser.parse_args(arguments)
    command = options.command or "open"
    from annotate.core.errors import AnnotateError

    try:
        module = importlib.import_module(_module_name(command))
        if options.command is None:
            module.add_arguments(argparse.ArgumentParser())
            options.episode = None
        return int(module.run(options) or 0)
    except AnnotateError as error:
        if options.debug:
            raise
        print(f"annotate: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("annotate: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as error:
        # Last resort for a file problem no command foresaw (a full disk, a folder it may not write
        # in): still one line naming the file, never a traceback.
        if options.debug:
            raise
        where = f"{error.filename}: " if error.filename else ""
        print(f"annotate: error: {where}{error.strerror or error}", file=sys.stderr)
        return 2


def entry_point() -> None:
    """The console script."""
    sys.exit(main())
