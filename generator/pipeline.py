"""The pipeline: read → repair → parse per file, then catalog, render, MkDocs, outputs.

`run(config) -> Report`. Per-file stages run over every input, each failure feeding
the report, so one bad file never stops the build and none is silently dropped.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import browse, catalog, epoch, indexes, links, render
from .cache import BuildStamp, ParseCache, inputs_fingerprint, stat_entry, theme_key
from .convert import Progress, convert_all
from .errors import BuildError, InputError
from .ingest import decode, find_sources
from .model import Dispatch
from .report import Report
from .search import shard_count, write_index
from .site import CONTENT_DIR, build_site, hand_written_pages, write_tree
from .tables import PROJECT_DIR


@dataclass(frozen=True)
class BuildConfig:
    """Where a build reads and writes; it writes nowhere else."""

    source_dir: Path
    site_dir: Path
    cache_dir: Path
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    """Worker processes for the per-file stages."""

    @property
    def docs_dir(self) -> Path:
        """The staged MkDocs docs_dir: content/ plus the generated pages."""
        return self.cache_dir / "docs"


def check_dirs(config: BuildConfig) -> None:
    """Refuse a site or cache dir whose cleaning would delete inputs, the project or another tree.

    MkDocs empties the site dir before a full build and write_tree prunes the cache's docs/,
    so neither may hold the source, the project, content/ or each other, nor lie in the source.
    """
    source, site, cache = (p.resolve() for p in (config.source_dir, config.site_dir, config.cache_dir))
    kept = {"the source dir": source, "the project dir": PROJECT_DIR, "content/": CONTENT_DIR, "the cache dir": cache}
    for name, path in kept.items():
        if path.is_relative_to(site):
            raise BuildError(f"--site-dir {site} would be emptied by the build and it holds {name} ({path}); "
                             "choose a site dir of its own, e.g. a new folder beside the source")
    if site.is_relative_to(source) or cache.is_relative_to(source):
        which = "--site-dir" if site.is_relative_to(source) else "--cache-dir"
        raise BuildError(f"{which} lies inside --source {source}: its files would be read as input; "
                         "choose a directory outside the source")
    for name, path in (("the source dir", source), ("the project dir", PROJECT_DIR)):
        if path.is_relative_to(cache):
            raise BuildError(f"--cache-dir {cache} would be pruned by the build and it holds {name} ({path}); "
                             "choose a cache dir of its own")
    if site.is_dir() and any(site.iterdir()) and not (site / "build-report.json").is_file():
        raise BuildError(f"--site-dir {site} is not empty and holds no build-report.json, so it is not a site "
                         "this tool built, and a build would delete its files; empty or remove it yourself, "
                         "or choose a new directory")


def read_all(
    source_dir: Path, report: Report, cache: ParseCache | None = None, jobs: int = 1,
    progress: Progress | None = None, paths: list[Path] | None = None,
) -> list[Dispatch]:
    """Process every raw file (cached ones are not parsed again); failures go to the report."""
    outcomes = convert_all(paths if paths is not None else find_sources(source_dir), source_dir, cache, jobs, progress)
    dispatches = []
    for outcome in outcomes:
        report.files_read += 1
        report.parsed_files += outcome.parsed
        if isinstance(outcome.result, Dispatch):
            dispatches.append(outcome.result)
        else:
            report.reject(outcome.source, outcome.result)
    if cache:
        cache.save({o.source: [*o.stat, o.sha256] for o in outcomes if o.cacheable})
    return dispatches


def find_duplicates(dispatches: list[Dispatch]) -> list[dict]:
    """Groups of identical files, and of different files with one symbol in one year."""
    groups = []
    by_hash: dict[str, list[str]] = defaultdict(list)
    by_symbol: dict[tuple[str, str], set[str]] = defaultdict(set)
    for d in dispatches:
        by_hash[d.sha256].append(d.source)
        if d.symbol:
            by_symbol[(d.symbol, d.year)].add(d.sha256)
    for files in by_hash.values():
        if len(files) > 1:
            groups.append({"kind": "identical files", "files": sorted(files)})
    for (symbol, year), hashes in by_symbol.items():
        if len(hashes) > 1:
            files = sorted(d.source for d in dispatches if (d.symbol, d.year) == (symbol, year))
            groups.append({"kind": f"same symbol {symbol} in {year or 'unknown year'}", "files": files})
    return sorted(groups, key=lambda g: g["files"])


def docs_tree(
    dispatches: list[Dispatch], records: dict[str, dict], source_dir: Path, cross: links.Links,
    failed: dict[str, str],
) -> Iterator[tuple[str, bytes]]:
    """Every file of the staged docs dir, one at a time: hand-written pages, dispatch pages,
    raw files, indexes. The raw text is read again here: Dispatches do not carry it.

    A page that cannot be written (invalid front matter, the file gone or changed since it
    was read) is left out and its reason put in `failed`, by source file."""
    files = hand_written_pages()
    home = files["index.md"].decode("utf-8")
    unit_index = indexes.unit_index(dispatches)
    home = home.replace(browse.SUMMARY_MARKER, browse.home_summary(dispatches))
    charts = browse.home_charts(dispatches, indexes.task_counts(unit_index))
    files["index.md"] = home.replace(browse.CHARTS_MARKER, charts).encode()
    yield from files.items()
    for d in dispatches:
        try:
            data = (source_dir / d.source).read_bytes()
            raw_text = decode(data, d.source)[0]
            page = render.dispatch_page(d, records[d.id], cross.cited_by.get(d.id, []), raw_text)
        except BuildError as exc:
            detail = exc.message.removeprefix(f"generator wrote invalid front matter for {d.source}: ")
            failed[d.source] = f"internal error: invalid front matter: {detail}"
            continue
        except (OSError, InputError) as exc:
            failed[d.source] = f"changed or removed during the build: {exc}"
            continue
        yield catalog.markdown_path(d), page.encode()
        yield catalog.raw_path(d), data
    yield from indexes.index_pages(dispatches, cross, unit_index).items()


def stage_pages(
    docs_dir: Path, source_dir: Path, dispatches: list[Dispatch], report: Report
) -> tuple[list[Dispatch], dict[str, dict], set[str]]:
    """Write the docs tree; a dispatch whose page fails is rejected and the tree written again
    without it, so no index, link or catalog record points at a missing page.

    Returns the published dispatches, their records, and the staged paths."""
    while True:
        cross = links.link(dispatches)
        records = {d.id: catalog.record(d, cross.urls) for d in dispatches}
        failed: dict[str, str] = {}
        staged = write_tree(docs_dir, docs_tree(dispatches, records, source_dir, cross, failed))
        if not failed:
            return dispatches, records, staged
        for source, reason in failed.items():
            report.reject(source, reason)
        dispatches = [d for d in dispatches if d.source not in failed]


def write_outputs(site_dir: Path, dispatches: list[Dispatch], records: dict[str, dict], report: Report) -> None:
    """site/catalog.json and site/build-report.json."""
    entries = [{**records[d.id], "body_text": d.body_text} for d in dispatches]
    # json.dump writes as it encodes: no 800 MB string at 100,000 dispatches.
    with (site_dir / "catalog.json").open("w", encoding="utf-8") as out:
        json.dump(entries, out, ensure_ascii=False, indent=1, sort_keys=True)
        out.write("\n")
    (site_dir / "build-report.json").write_text(report.to_json(), encoding="utf-8")


def site_is_whole(site_dir: Path, report: Report) -> bool:
    """True when the home page and every page the report lists are still in the site (a stat each)."""
    return all((site_dir / url).is_file() for url in ["index.html", *(p["url"] for p in report.pages)])


def run(config: BuildConfig, progress: Progress | None = None) -> Report:
    """Build the whole archive from config.source_dir into config.site_dir.

    With nothing changed since the last build into the same site (inputs by size and
    mtime, generator code and tables, theme, SOURCE_DATE_EPOCH) and every page of its
    report still there, returns that build's report and does nothing.
    """
    check_dirs(config)
    report = Report()
    with report.timed("scan"):
        paths = find_sources(config.source_dir)
        stats = {p.relative_to(config.source_dir).as_posix(): stat_entry(p) for p in paths}
        cache = ParseCache(config.cache_dir)
        theme = theme_key()
        fingerprint = inputs_fingerprint(
            stats, cache.key, theme, str(config.source_dir), str(config.site_dir), os.environ.get(epoch.ENV_VAR, "")
        )
        stamp = BuildStamp(config.cache_dir)
        previous = stamp.read()
        if previous.get("fingerprint") == fingerprint and (config.site_dir / "build-report.json").is_file():
            last = stamp.load_report()
            if last is not None and site_is_whole(config.site_dir, last):
                last.parsed_files, last.up_to_date, last.mkdocs_mode = 0, True, ""
                last.timings = report.timings
                return last
        stamp.clear()  # until this build succeeds, the next one must not trust the site
    with report.timed("repair+parse"):
        # Tasks come with each Dispatch: extracted in the conversion workers, and cached.
        dispatches = catalog.assign_ids(read_all(config.source_dir, report, cache, config.jobs, progress, paths))
    with report.timed("markdown"):
        dispatches, records, staged = stage_pages(config.docs_dir, config.source_dir, dispatches, report)
    report.duplicates = find_duplicates(dispatches)
    for d in dispatches:
        report.pages.append({"file": d.source, "url": d.url, "symbol": d.symbol, "encoding": d.encoding})
        for message in d.warnings:
            report.warn(d.source, message)
    # Every page states the search shard count: a new count means every page changes.
    shards = shard_count(len(dispatches))
    build_epoch = epoch.source_date_epoch(d.date for d in dispatches)
    # Only changed pages need MkDocs when the theme, shard count and epoch are the same and no page went away.
    dirty = (
        previous.get("theme") == theme
        and previous.get("search_shards") == shards
        and previous.get("epoch") == build_epoch
        and (config.site_dir / "index.html").is_file()
        and set(previous.get("staged", ())) <= staged
    )
    report.mkdocs_mode = "dirty" if dirty else "full"
    with report.timed("mkdocs"), epoch.pinned(build_epoch):
        build_site(config.docs_dir, config.site_dir, dirty=dirty, jobs=config.jobs, extra={"search_shards": shards})
    with report.timed("outputs"):
        write_outputs(config.site_dir, dispatches, records, report)
    with report.timed("search index"):
        write_index(config.site_dir, dispatches, shards)
    # Last step: the stamp says every output above is complete for these inputs.
    stamp.write({"fingerprint": fingerprint, "theme": theme, "search_shards": shards, "epoch": build_epoch,
                 "staged": sorted(staged)}, report)
    return report
