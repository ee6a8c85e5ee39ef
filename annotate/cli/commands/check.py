"""``annotate check``: validate the workspace; exit 1 when anything is found."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the findings as JSON")


def run(options: argparse.Namespace) -> int:
    from annotate.cli.output import open_workspace, print_json
    from annotate.core.check import check_workspace

    workspace = open_workspace(options)
    findings = check_workspace(workspace)
    if options.json:
        print_json([finding.record() for finding in findings])
    elif findings:
        for finding in findings:
            print(finding)
        print(f"{len(findings)} problem(s) found")
    else:
        print("No problems found.")
    return 1 if findings else 0
