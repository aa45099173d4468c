"""The command line: `dispatch-archive build`. Parses options, runs the pipeline, prints the summary."""

from __future__ import annotations

from pathlib import Path

import click

from . import __version__
from .pipeline import BuildConfig, run
from .tables import PROJECT_DIR

SAMPLE_CORPUS = PROJECT_DIR / "corpus"

EXIT_OK = 0
EXIT_FAILED = 1
"""The build itself failed; the site may be incomplete."""
EXIT_REJECTED = 3
"""Some input files were rejected; the site holds every other file."""

SOURCE_HELP = "Directory of raw *.txt dispatches (default: the bundled sample corpus)."
SITE_HELP = "Where the site is written."
CACHE_HELP = "Working directory for staged pages (default: .<site-dir>-cache beside the site)."


@click.group()
@click.version_option(__version__, prog_name="dispatch-archive")
def main() -> None:
    """Repair raw scraped dispatches and publish them as a searchable archive."""


@main.command()
@click.option("--source", "source_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=SAMPLE_CORPUS, show_default="bundled corpus", help=SOURCE_HELP)
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("site"),
              show_default=True, help=SITE_HELP)
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None, help=CACHE_HELP)
def build(source_dir: Path, site_dir: Path, cache_dir: Path | None) -> None:
    """Build the archive site from a directory of raw dispatches."""
    site_dir = site_dir.resolve()
    cache_dir = (cache_dir or site_dir.parent / f".{site_dir.name}-cache").resolve()
    report = run(BuildConfig(source_dir=source_dir.resolve(), site_dir=site_dir, cache_dir=cache_dir))
    click.echo(report.summary())
    click.echo(f"Site written to {site_dir} (open {site_dir / 'index.html'})")
    if report.rejected:
        raise SystemExit(EXIT_REJECTED)
