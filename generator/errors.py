"""Errors: the library raises, the CLI prints.

One hierarchy for what stops a command, rooted in click's: a `ClickException`
prints "Error: <message>" (no traceback) and exits 1, from the CLI or from any code it runs.
InputError is apart: one raw file refused, reported and skipped, never shown as an abort.
"""

from __future__ import annotations

import click


class InputError(Exception):
    """A raw file that cannot become a page; the build reports it and goes on."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ArchiveError(click.ClickException):
    """What stops a command: printed as one message, exit 1."""

    exit_code = 1


class ConfigError(ArchiveError):
    """The project folder is missing, or its data tables are missing, unreadable or not of
    the form their code reads (every problem in one message: tables.check_tables)."""


class BuildError(ArchiveError):
    """The build itself failed (MkDocs, an invalid page, a dir it must not write): nothing usable was written."""


class MissingTool(InputError):
    """A file whose format needs a program or package this machine lacks: rejected with what to
    install, and never cached, so the next build after the install reads it."""
