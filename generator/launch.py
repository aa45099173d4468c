"""The `dispatch-archive` command: reads `--project DIR` before anything is imported.

The data tables, theme and hand-written pages are found when the package is imported
(tables.find_project), so the project folder must be known first; the rest of the command
line is click's (generator/cli.py).
"""

from __future__ import annotations

import os
import sys

from generator import PROJECT_ENV


def main() -> None:
    argv = sys.argv[1:]
    if "--project" in argv[:1] or any(a.startswith("--project=") for a in argv[:1]):
        value = argv[1] if argv[0] == "--project" and len(argv) > 1 else argv[0].partition("=")[2]
        os.environ[PROJECT_ENV] = os.path.abspath(value)
    from generator.cli import main as cli

    cli()
