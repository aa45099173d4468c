"""The command line: `dispatch-archive build`, `bundle`, `verify`. Parses options, runs the pipeline, prints the summary."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from generator import __version__, tables
from generator.bundle.archive import file_sha256, make_bundle, manifest_digest
from generator.bundle.archive import verify as verify_bundle
from generator.errors import BuildError
from generator.pipeline import BuildConfig, run
from generator.progress import ProgressDisplay
from generator.report import Report, record_failure
from generator.search.query import SORTS, choice_label, filter_choices, resolve_filter
from generator.search.query import search as search_index
from generator.search.results import format_results

EXIT_OK = 0
EXIT_FAILED = 1
"""The build itself failed; the site may be incomplete."""
EXIT_REJECTED = 3
"""Some input files were rejected; the site holds every other file."""
EXIT_STRICT = 4
"""--strict only: the build reported warnings or duplicates (the site is still written)."""

SOURCE_HELP = "Directory of raw .txt dispatches, read with its folders."
SITE_HELP = "Where the site is written."
CACHE_HELP = "Where staged pages and caches go  [default: .<site-dir>-cache beside the site]."


def stage_line(report) -> str:
    """What the build did and how long each stage took (never in build-report.json)."""
    if report.up_to_date:
        return f"Up to date: nothing changed since the last build ({sum(report.timings.values()):.2f} s to check)"
    stages = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in report.timings.items())
    return (f"Read {report.parsed_files} of {report.files_read} files anew (the others were known to the "
            f"cache, or refused by name or size unread); MkDocs {report.mkdocs_mode}; {stages}")


def _choose_project(ctx: click.Context, param: click.Parameter, value: Path | None) -> None:
    """--project: the project folder in use while the command runs (tables.using); without
    it, the one tables.find_project finds when something first needs it."""
    if value is not None:
        ctx.with_resource(tables.using(value))


def _sample_corpus(source_dir: Path | None) -> Path:
    """--source, else the project's own corpus/."""
    source_dir = source_dir or tables.project() / "corpus"
    if not source_dir.is_dir():
        raise click.BadParameter(f"{source_dir} is not a directory", param_hint="--source")
    return source_dir


def build_exit_code(report, strict: bool) -> int:
    """Rejected files win (3); else --strict turns warnings or duplicates into 4; else 0."""
    if report.rejected:
        return EXIT_REJECTED
    if strict and (report.warnings or report.duplicates):
        return EXIT_STRICT
    return EXIT_OK


@click.group()
@click.version_option(__version__, prog_name="dispatch-archive")
@click.option("--project", type=click.Path(exists=True, file_okay=False, path_type=Path), is_eager=True,
              expose_value=False, callback=_choose_project,
              help="A project folder (mkdocs.yml, site_config/, content/, overrides/) to use instead of "
                   "the current directory's or the installed defaults.")
def main() -> None:
    """Read raw Vietnamese dispatches and publish them as a searchable archive."""


@main.command(short_help="Build the archive site from raw dispatches.")
@click.option("--source", "source_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, show_default="the project's corpus/", help=SOURCE_HELP)
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("site"),
              show_default=True, help=SITE_HELP)
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None, help=CACHE_HELP)
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default="CPU count",
              help="Worker processes for repair and parse.")
@click.option("--strict", is_flag=True, help=f"Exit {EXIT_STRICT} when the report holds warnings or duplicates (for CI).")
@click.option("--url-map", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="The URLs pages had before (urls.json), e.g. a bundle's kho-cong-van/site/urls.json; "
                   "default: the site dir's own.")
def build(source_dir: Path | None, site_dir: Path, cache_dir: Path | None, jobs: int, strict: bool,
          url_map: Path | None) -> None:
    """Build the archive site from a directory of raw dispatches."""
    site_dir = Path(os.path.abspath(site_dir))  # not resolved: the path is a link to the served build
    cache_dir = (cache_dir or _default_cache_dir(site_dir)).resolve()
    config = BuildConfig(source_dir=_sample_corpus(source_dir).resolve(), site_dir=site_dir, cache_dir=cache_dir,
                         jobs=jobs, url_map=url_map.resolve() if url_map else None, project=tables.project())
    progress = ProgressDisplay("Reading new or changed files")
    report = Report()
    try:
        report = run(config, progress, report)
    except (click.ClickException, click.exceptions.Exit, click.Abort):
        raise
    except Exception as exc:  # a bug, not a file's fault: a report and a log, not a traceback
        now = (f"{site_dir} still serves the previous build" if (site_dir / "index.html").is_file()
               else "no site was published")
        raise BuildError(f"{record_failure(report, exc, cache_dir, sys.argv)}; {now}") from None
    finally:
        progress.close()
    click.echo(report.summary())
    click.echo(stage_line(report))
    (cache_dir / "timings.json").write_text(json.dumps(report.timings, indent=1), encoding="utf-8")
    click.echo(f"Site written to {site_dir} (open {site_dir / 'index.html'}); staged pages and caches in {cache_dir}")
    raise SystemExit(build_exit_code(report, strict))


@main.command(short_help="Write the auditors' zip of a built site.")
@click.option("--site-dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("site"),
              show_default=True, help="The built site to bundle.")
@click.option("--source", "source_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, show_default="the project's corpus/", help="The raw files the site was built from.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The zip to write  [default: kho-cong-van.zip in the site's cache dir, .<site-dir>-cache].")
def bundle(site_dir: Path, source_dir: Path | None, output: Path | None) -> None:
    """Write the auditors' bundle: site, raw files, catalog, manifest, in one reproducible zip."""
    if output is None:
        output = _default_cache_dir(Path(os.path.abspath(site_dir))) / "kho-cong-van.zip"
        output.parent.mkdir(parents=True, exist_ok=True)
    result = make_bundle(site_dir, _sample_corpus(source_dir), output)
    click.echo(f"Bundle written to {output}: {result['files']} files")
    click.echo(f"  SHA-256 of the zip:             {result['zip_sha256']}")
    click.echo(f"  SHA-256 of its MANIFEST.sha256: {result['manifest_sha256']}")


@main.command(short_help="Check a bundle against its manifest and sources.")
@click.argument("zip_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--expect", metavar="SHA256", default="",
              help="The zip's SHA-256 as published: a different zip is a problem.")
def verify(zip_file: Path, expect: str) -> None:
    """Check every file of a bundle against its manifest and every page against its raw file."""
    checked, problems = verify_bundle(zip_file)
    zip_sha = file_sha256(zip_file)
    click.echo(f"  SHA-256 of the zip:             {zip_sha}")
    manifest_sha = manifest_digest(zip_file)
    if manifest_sha:
        click.echo(f"  SHA-256 of its MANIFEST.sha256: {manifest_sha}")
    if expect and expect.strip().lower() != zip_sha:
        problems.append(f"EXPECTED {zip_file}: SHA-256 is {zip_sha}, not the published {expect.strip().lower()}")
    for problem in problems:
        click.echo(str(problem))
    if problems:
        click.echo(f"{zip_file}: {len(problems)} problem(s); the bundle is not what was published", err=True)
        raise SystemExit(EXIT_FAILED)
    click.echo(f"{zip_file}: OK, {checked} files match MANIFEST.sha256 and every source hash matches"
               + (", and the zip is the published one" if expect else ""))


FILTER_OPTIONS = {"doc_type": ("type", "--type"), "year": ("year", "--year"), "unit": ("unit", "--unit"),
                  "recipients": ("recipients", "--recipients / --kinh-gui"),
                  "distribution": ("distribution", "--distribution / --noi-nhan"),
                  "status": ("status", "--status")}
"""CLI parameter → (search facet, option names)."""


@main.command(short_help="Search a built site from the terminal.")
@click.argument("query", default="")
@click.option("--site-dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("site"),
              show_default=True, help="The built site whose search index is read.")
@click.option("--type", "doc_type", default="", help="Only this document type, e.g. \"Công văn\".")
@click.option("--year", default="", help="Only this year.")
@click.option("--unit", default="", help="Only this drafting unit, by name or code (VP).")
@click.option("--recipients", "--kinh-gui", "recipients", default="",
              help="Only dispatches addressed (Kính gửi) to this unit.")
@click.option("--distribution", "--noi-nhan", "distribution", default="",
              help="Only dispatches sent (Nơi nhận) to this unit, as its unit page lists.")
@click.option("--status", default="", help="Only dispatches of this status, e.g. \"đã bị thay thế\" (marks optional).")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True, help="Result order.")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True, help="How many results to print.")
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True, help="Which page of results.")
def search(query: str, site_dir: Path, sort: str, limit: int, page: int, **values: str) -> None:
    """Search the built index as the browser does: every word required, a word with marks
    needs them, "quoted phrases", a symbol (381/BHXH-VP) shows the dispatch carrying it."""
    try:
        choices = filter_choices(site_dir)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from None
    filters = {}
    for param, value in values.items():
        facet, option = FILTER_OPTIONS[param]
        if value:
            chosen = resolve_filter(facet, value, choices.get(facet, []))
            if chosen is None:
                valid = "".join(f"\n  {choice_label(facet, c)}" for c in choices.get(facet, [])) or " (none in this archive)"
                raise click.BadParameter(f"{value!r} is none of the choices:{valid}", param_hint=option)
            filters[facet] = chosen
    if not query.strip() and not filters:
        raise click.UsageError("Give a query or a filter (an empty search finds nothing).")
    answer = search_index(site_dir, query, filters, limit, offset=(page - 1) * limit, sort=sort)
    click.echo(format_results(answer, bold=sys.stdout.isatty(), first=(page - 1) * limit + 1))


def _default_cache_dir(site_dir: Path) -> Path:
    """Where staged pages, caches and the bundle go unless told: .<site-dir>-cache beside the site."""
    return site_dir.parent / f".{site_dir.name}-cache"
