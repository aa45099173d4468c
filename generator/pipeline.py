"""The pipeline: read → repair → parse per file, then catalog, render, MkDocs, outputs.

`run(config) -> Report`. Per-file stages run over every input, each failure feeding
the report, so one bad file never stops the build and none is silently dropped.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from . import catalog, epoch, parse, render, repair
from .errors import InputError
from .ingest import find_sources, read_dispatch
from .model import Dispatch
from .report import Report
from .search import write_index
from .site import build_site, hand_written_pages, write_tree


@dataclass(frozen=True)
class BuildConfig:
    """Where a build reads and writes; it writes nowhere else."""

    source_dir: Path
    site_dir: Path
    cache_dir: Path

    @property
    def docs_dir(self) -> Path:
        """The staged MkDocs docs_dir: content/ plus the generated pages."""
        return self.cache_dir / "docs"


def process_file(path: Path, source_dir: Path) -> Dispatch:
    """Read, repair and parse one raw file (raises InputError when it cannot be a page)."""
    return parse.parse(repair.repair(read_dispatch(path, source_dir)))


def read_all(source_dir: Path, report: Report) -> list[Dispatch]:
    """Process every raw file; failures go to the report with their reason."""
    dispatches = []
    for path in find_sources(source_dir):
        report.files_read += 1
        source = path.relative_to(source_dir).as_posix()
        try:
            dispatches.append(process_file(path, source_dir))
        except InputError as exc:
            report.reject(exc.source, exc.reason)
        except Exception as exc:  # a bug on one file must not cost the others their pages
            report.reject(source, f"internal error: {type(exc).__name__}: {exc}")
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


def docs_tree(dispatches: list[Dispatch], records: dict[str, dict], source_dir: Path) -> dict[str, bytes]:
    """Every file of the staged docs dir: hand-written pages, dispatch pages, raw files."""
    files = hand_written_pages()
    home = files["index.md"].decode("utf-8")
    files["index.md"] = home.replace(render.SUMMARY_MARKER, render.home_summary(dispatches)).encode()
    for d in dispatches:
        files[catalog.markdown_path(d)] = render.dispatch_page(d, records[d.id]).encode()
        files[catalog.raw_path(d)] = (source_dir / d.source).read_bytes()
    for path, text in render.browse_pages(dispatches).items():
        files[path] = text.encode()
    return files


def write_outputs(site_dir: Path, dispatches: list[Dispatch], records: dict[str, dict], report: Report) -> None:
    """site/catalog.json and site/build-report.json."""
    entries = [{**records[d.id], "body_text": d.body_text} for d in dispatches]
    (site_dir / "catalog.json").write_text(
        json.dumps(entries, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    (site_dir / "build-report.json").write_text(report.to_json(), encoding="utf-8")


def run(config: BuildConfig) -> Report:
    """Build the whole archive from config.source_dir into config.site_dir."""
    report = Report()
    dispatches = catalog.assign_ids(read_all(config.source_dir, report))
    report.duplicates = find_duplicates(dispatches)
    urls = {d.symbol: d.url for d in dispatches if d.symbol}
    records = {d.id: catalog.record(d, urls) for d in dispatches}
    for d in dispatches:
        report.pages.append({"file": d.source, "url": d.url, "symbol": d.symbol})
        for message in d.warnings:
            report.warn(d.source, message)
    write_tree(config.docs_dir, docs_tree(dispatches, records, config.source_dir))
    with epoch.pinned(epoch.source_date_epoch(d.date for d in dispatches)):
        build_site(config.docs_dir, config.site_dir)
    write_outputs(config.site_dir, dispatches, records, report)
    write_index(config.site_dir, dispatches)
    return report
