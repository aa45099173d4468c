"""Errors: the library raises, the CLI prints."""

from __future__ import annotations

import click


class InputError(Exception):
    """A raw file that cannot become a page; the build reports it and goes on."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class BuildError(click.ClickException):
    """The build itself failed (configuration, MkDocs, an invalid page): nothing usable was written."""

    exit_code = 1


class MissingTool(InputError):
    """A file whose format needs a program or package this machine lacks: rejected with what to
    install, and never cached, so the next build after the install reads it."""
