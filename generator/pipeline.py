"""The pipeline: read each file (reading.convert.STEPS), then catalog, write the Markdown (staging),
render it with MkDocs, outputs, search index.

`run(config) -> Report`. Per-file stages run over every input, each failure feeding
the report, so one bad file never stops the build and none is silently dropped.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from generator import slots, tables
from generator.cache import BuildStamp, ParseCache, Stamp, inputs_fingerprint, stat_entry, theme_key
from generator.errors import BuildError
from generator.model import Bodies, DispatchMeta, Reference
from generator.pages import catalog, permalinks, status
from generator.pages.browse import collided_slugs
from generator.publishing import epoch
from generator.publishing.site import build_site, content_dir
from generator.publishing.staging import Staged, stage_pages
from generator.reading.checks import doubtful
from generator.reading.convert import Progress, convert_all
from generator.reading.ingest import find_sources
from generator.report import Report
from generator.search.index import write_index
from generator.search.terms import prefix_files, shard_count


@dataclass(frozen=True)
class BuildConfig:
    """Where a build reads and writes; it writes nowhere else."""

    source_dir: Path
    site_dir: Path
    cache_dir: Path
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    """Worker processes for the per-file stages."""
    url_map: Path | None = None
    """The URL map of the build before (permalinks); None: the one in site_dir, if any."""
    project: Path | None = None
    """The project folder (mkdocs.yml, site_config/, content/, overrides/); None: the one in use (tables.project)."""

    @property
    def docs_dir(self) -> Path:
        """The staged MkDocs docs_dir: content/ plus the generated pages."""
        return self.cache_dir / "docs"


def check_dirs(config: BuildConfig) -> None:
    """Refuse a site or cache dir whose cleaning would delete inputs, the project or another tree.

    MkDocs empties the site dir before a full build and staging prunes the cache's docs/,
    so neither may hold the source, the project, content/ or each other, nor lie in the source.
    """
    source, cache = config.source_dir.resolve(), config.cache_dir.resolve()
    site = config.site_dir.parent.resolve() / config.site_dir.name  # the path itself: it is a link to a slot
    slots.served(site)  # refuses a link this tool did not make
    project = tables.project()
    if site == cache:
        raise BuildError(f"--cache-dir {cache} is the site dir: the build empties the site, so the cache "
                         "needs a folder of its own (leave --cache-dir out for .<site-dir>-cache beside the site)")
    kept = {"the source dir": source, "the project dir": project, "content/": content_dir(), "the cache dir": cache}
    for name, path in kept.items():
        if path.is_relative_to(site) or path.is_relative_to(slots.slots_dir(site)):
            raise BuildError(f"--site-dir {site} would be emptied by the build and it holds {name} ({path}); "
                             "choose a site dir of its own, e.g. a new folder beside the source")
    if site.is_relative_to(source) or slots.slots_dir(site).is_relative_to(source) or cache.is_relative_to(source):
        which = "--site-dir" if site.is_relative_to(source) else "--cache-dir"
        raise BuildError(f"{which} lies inside --source {source}: its files would be read as input; "
                         "choose a directory outside the source")
    for name, path in (("the source dir", source), ("the project dir", project)):
        if path.is_relative_to(cache):
            raise BuildError(f"--cache-dir {cache} would be pruned by the build and it holds {name} ({path}); "
                             "choose a cache dir of its own")
    if site.is_dir() and not site.is_symlink() and any(site.iterdir()) and not (site / "build-report.json").is_file():
        raise BuildError(f"--site-dir {site} is not empty and holds no build-report.json, so it is not a site "
                         "this tool built, and a build would delete its files; empty or remove it yourself, "
                         "or choose a new directory")


def read_all(
    source_dir: Path, report: Report, cache: ParseCache | None = None, jobs: int = 1,
    progress: Progress | None = None, paths: list[Path] | None = None,
) -> list[DispatchMeta]:
    """Read every raw file (cached ones are not parsed again); failures go to the report.
    The records of the files read, their bodies in `cache` (without one, each a whole Dispatch)."""
    outcomes = convert_all(paths if paths is not None else find_sources(source_dir), source_dir, cache, jobs, progress)
    dispatches = []
    for outcome in outcomes:
        report.files_read += 1
        report.parsed_files += outcome.parsed
        if isinstance(outcome.result, DispatchMeta):
            dispatches.append(outcome.result)
        else:
            report.reject(outcome.source, outcome.result)
    if cache:
        cache.save({o.source: [*o.stat, o.sha256] for o in outcomes if o.cacheable})
    return dispatches


def find_duplicates(dispatches: list[DispatchMeta]) -> list[dict]:
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


def write_outputs(site_dir: Path, dispatches: list[DispatchMeta], reference_urls: dict[Reference, str],
                  related: dict[str, status.Related], bodies: Bodies, report: Report) -> None:
    """site/catalog.json, one record per line, each with its body's text; site/build-report.json."""
    with slots.fresh(site_dir / "catalog.json").open("w", encoding="utf-8") as out:
        out.write("[")
        for n, d in enumerate(dispatches):
            body = bodies(d)
            fields = status.record_fields(related[d.id])
            entry = {**catalog.record(d, body.tasks, reference_urls, fields), "body_text": body.body_text}
            out.write(",\n" if n else "\n")
            out.write(json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
        out.write("\n]\n")
    slots.fresh(site_dir / "build-report.json").write_text(report.to_json(), encoding="utf-8")


def site_is_whole(site_dir: Path, report: Report) -> bool:
    """True when the home page and every page the report lists are still in the site (a stat each)."""
    return all((site_dir / url).is_file() for url in ["index.html", *(p["url"] for p in report.pages)])


@dataclass
class _Scan:
    """What the scan step found: the input files and what decides whether anything changed."""

    paths: list[Path]
    cache: ParseCache
    theme: str
    fingerprint: str
    stamp: BuildStamp
    previous: Stamp | None
    """The last successful build's stamp, None before the first."""
    urls: dict
    """The URL map of the build before (permalinks.read_map)."""


def _scan(config: BuildConfig) -> _Scan:
    """The input files, the parse cache, and the fingerprint of everything a build depends on."""
    paths = find_sources(config.source_dir)
    if not paths:
        raise BuildError(f"--source {config.source_dir}: no dispatch file in it or its folders; "
                         "the raw dispatches are read from files named *.txt, *.pdf, *.docx, *.doc, *.html or *.htm")
    stats = {p.relative_to(config.source_dir).as_posix(): stat_entry(p) for p in paths}
    cache = ParseCache(config.cache_dir)
    theme = theme_key()
    fingerprint = inputs_fingerprint(stats, cache.key, theme, str(config.source_dir), str(config.site_dir),
                                     os.environ.get(epoch.ENV_VAR, ""), str(config.url_map or ""))
    stamp = BuildStamp(config.cache_dir)
    urls = permalinks.read_map(config.url_map or config.site_dir / permalinks.URL_MAP)
    return _Scan(paths, cache, theme, fingerprint, stamp, stamp.read(), urls)


def _up_to_date(config: BuildConfig, scan: _Scan, report: Report) -> Report | None:
    """The last build's report when nothing changed since and its site is whole, else None.
    The stamp stays: a build never touches the served site, so it still describes it."""
    if scan.previous and scan.previous.fingerprint == scan.fingerprint and (config.site_dir / "build-report.json").is_file():
        last = scan.stamp.load_report()
        if last is not None and site_is_whole(config.site_dir, last):
            last.parsed_files, last.up_to_date, last.mkdocs_mode = 0, True, ""
            last.timings = report.timings
            return last
    return None


def _report_pages(dispatches: list[DispatchMeta], report: Report) -> None:
    """Every published page in the report, with its warnings; those without a number, a date
    or a type, or with a field the reader's checks did not publish, also in the list of
    pages that need a person."""
    report.duplicates = find_duplicates(dispatches)
    for d in dispatches:
        page = {"file": d.source, "url": d.url, "symbol": d.symbol, "encoding": d.encoding}
        report.pages.append({**page, "unwrapped": list(d.unwrap_notes)} if d.unwrap_notes else page)
        for message in d.warnings:
            report.warn(d.source, message)
        missing = [name for name, value in (("number", d.number), ("date", d.date), ("type", d.doc_type)) if not value]
        missing += [name for name in doubtful(d.warnings) if name not in missing]
        if missing:
            report.review(d.source, d.url, missing)


def _render(config: BuildConfig, scan: _Scan, staged: Staged, report: Report, slot: Path) -> Stamp:
    """MkDocs over the staged pages into `slot` (only the changed ones, on a copy of the
    served site, when the theme, shard count, epoch and the browse pages' collided slugs
    are the same and no page went away); returns what the stamp records of it."""
    dispatches, paths = staged.published, staged.paths
    shards = shard_count(len(dispatches))  # every page states it: a new count changes every page
    build_epoch = epoch.source_date_epoch(d.date for d in dispatches)
    collided = collided_slugs(staged.browse_links)
    previous = scan.previous
    dirty = (previous is not None and previous.theme == scan.theme and previous.search_shards == shards
             and previous.epoch == build_epoch and previous.collided_slugs == collided
             and (config.site_dir / "index.html").is_file() and set(previous.staged) <= paths)
    report.mkdocs_mode = "dirty" if dirty else "full"
    if dirty:
        with report.timed("copy served site"):
            slots.level_with(slot, slots.served(config.site_dir))
    # the metadata panel links a value to its browse page, a Kính gửi / Nơi nhận entry to its unit's
    extra = {"search_shards": shards, "search_prefix_files": prefix_files(shards),
             "browse_links": staged.browse_links, "unit_links": staged.unit_links}
    with report.timed("mkdocs"), epoch.pinned(build_epoch):
        for message in build_site(config.docs_dir, slot, dirty=dirty, jobs=config.jobs, extra=extra):
            report.warn("mkdocs", message)  # MkDocs' own warnings count under --strict too
    return Stamp(scan.fingerprint, scan.theme, shards, build_epoch, collided, tuple(sorted(paths)))




def run(config: BuildConfig, progress: Progress | None = None, report: Report | None = None) -> Report:
    """Build the whole archive from config.source_dir into config.site_dir, with the tables,
    theme and pages of config.project (all tables checked first: ConfigError lists every
    problem); returns `report` (a new one when None), filled in as the build goes, so a
    caller still has it when a stage raises.

    With nothing changed since the last build into the same site (inputs by size and
    mtime, generator code and tables, theme, SOURCE_DATE_EPOCH) and every page of its
    report still there, returns that build's report and does nothing.
    """
    with tables.using(config.project):
        tables.check_tables()
        return _run(config, progress, report)


def _run(config: BuildConfig, progress: Progress | None, report: Report | None) -> Report:
    check_dirs(config)
    report = report if report is not None else Report()
    with report.timed("scan"):
        scan = _scan(config)
        if (last := _up_to_date(config, scan, report)) is not None:
            return last
    with report.timed("repair+parse"):  # records held here, bodies (tasks too) in the parse cache
        read = read_all(config.source_dir, report, scan.cache, config.jobs, progress, scan.paths)
        dispatches = catalog.assign_ids(read, permalinks.previous_slugs(scan.urls))
    with report.timed("markdown"):
        staged = stage_pages(config.docs_dir, config.source_dir, dispatches, report, scan.cache, config.jobs,
                             previous_urls=scan.urls)
    dispatches, url_map, reference_urls = staged.published, staged.url_map, staged.links.urls
    report.gone = [{"url": url, **entry} for url, entry in url_map["gone"].items()]
    if scan.urls["urls"]:  # after a first build: the pages this one added
        report.added = [{"file": d.source, "url": d.url} for d in dispatches if d.source not in scan.urls["urls"]]
    staged.links.cited_by.clear()  # for the pages only: not held while MkDocs runs
    related = staged.related
    _report_pages(dispatches, report)
    slot = slots.building(config.site_dir)
    stamp = _render(config, scan, staged, report, slot)
    with report.timed("outputs"):
        write_outputs(slot, dispatches, reference_urls, related, scan.cache.bodies, report)
        permalinks.write_map(slot, url_map)
    with report.timed("search index"):
        write_index(slot, dispatches, stamp.search_shards, config.cache_dir / "search-spool",
                    scan.cache.bodies, config.jobs, terms_dir=scan.cache.dir,
                    statuses={i: r.status for i, r in related.items()})
    scan.stamp.clear()  # killed between these two lines, the next build does not trust the stamp
    slots.publish(config.site_dir, slot)
    scan.stamp.write(stamp, report)  # the stamp describes the site now served
    return report
