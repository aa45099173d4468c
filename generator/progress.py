"""Progress of the per-file stages: a bar on a terminal, plain log lines otherwise."""

from __future__ import annotations

import sys
import time

import click

LOG_EVERY_SECONDS = 5.0


class ProgressDisplay:
    """Callable as ``progress(done, total)``; call `close()` when the stage ends."""

    def __init__(self, label: str, tty: bool | None = None) -> None:
        self.label = label
        self.tty = sys.stderr.isatty() if tty is None else tty
        self.bar = None
        self.start = time.monotonic()
        self.last_log = self.start
        self.done = 0

    def rate(self) -> float:
        elapsed = time.monotonic() - self.start
        return self.done / elapsed if elapsed > 0 else 0.0

    def line(self, total: int) -> str:
        rate = self.rate()
        left = (total - self.done) / rate if rate else 0.0
        return f"{self.label}: {self.done}/{total} files, {rate:.0f} files/s, about {left:.0f} s left"

    def __call__(self, done: int, total: int) -> None:
        if self.tty:
            if self.bar is None:
                self.bar = click.progressbar(
                    length=total, label=self.label, show_pos=True, show_eta=True, file=sys.stderr,
                    item_show_func=lambda _: f"{self.rate():.0f} files/s",
                )
                self.bar.__enter__()
            self.bar.update(done - self.done, current_item=done)
            self.done = done
            return
        self.done = done
        now = time.monotonic()
        if done == total or now - self.last_log >= LOG_EVERY_SECONDS:
            self.last_log = now
            click.echo(self.line(total), err=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None
