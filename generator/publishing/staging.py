"""Markdown stage: the staged docs dir (MkDocs' docs_dir) of one build.

content/ as committed, the home page filled in, a page and the raw file of every dispatch,
and the index pages. Dispatch pages are written in worker processes (each reads the body
from the parse cache and copies the raw file, checked against its SHA-256); index pages are
made one at a time.
A file is rewritten only when its bytes changed, so MkDocs' dirty build sees what changed.
"""

from __future__ import annotations

import filecmp
import hashlib
import json
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from generator.cache import EXTRACTED, ParseCache, bodies_of, load_beside
from generator.errors import BuildError, InputError
from generator.model import Bodies, DispatchMeta, Reference
from generator.pages import browse, catalog, indexes, links, permalinks, status, write
from generator.parallel import pool, worth_parallel
from generator.publishing.site import hand_written_pages
from generator.reading.ingest import to_dispatch
from generator.report import Report

CHUNK = 64
"""Dispatch pages per task sent to a worker."""
MS_PER_PAGE = 5.0
"""CPU milliseconds to stage one dispatch page (its Markdown, front matter and raw file)."""

PageJob = tuple[DispatchMeta, dict[Reference, str], list[DispatchMeta], status.Related]
"""What one dispatch page needs: the dispatch, the URLs of its references, who cites it, its
status and relations both ways."""


def write_file(root: Path, rel: str, data: bytes | Iterable[bytes]) -> None:
    """root/rel holds `data` (bytes, or the chunks of a file too big to hold at once); left
    untouched (mtime kept) when it already does."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        if not (path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data):
            path.write_bytes(data)
        return
    new = path.with_name(path.name + ".new")
    with new.open("wb") as out:
        out.writelines(data)
    if path.is_file() and filecmp.cmp(new, path, shallow=False):
        new.unlink()
    else:
        new.replace(path)


def prune(root: Path, staged: set[str]) -> None:
    """Delete every file under root that is not in `staged`, then the empty folders."""
    for path in sorted(root.rglob("*"), reverse=True):
        if path.is_file() and path.relative_to(root).as_posix() not in staged:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def stage_dispatch(job: PageJob, docs_dir: Path, source_dir: Path, bodies: Bodies) -> str | None:
    """Write one dispatch's page and raw file; the reason when it cannot be written."""
    d, reference_urls, cited_by, related = job
    try:
        data = (source_dir / d.source).read_bytes()
        if hashlib.sha256(data).hexdigest() != d.sha256:
            return "changed during the build: its SHA-256 is no longer the one read"
        body = bodies(d)
        record = catalog.record(d, body.tasks, reference_urls, status.record_fields(related))
        page = write.dispatch_page(d, body, record, cited_by)
    except BuildError as exc:
        detail = exc.message.removeprefix(f"generator wrote invalid front matter for {d.source}: ")
        return f"internal error: invalid front matter: {detail}"
    except (OSError, InputError) as exc:
        return f"changed or removed during the build: {exc}"
    write_file(docs_dir, catalog.markdown_path(d), page.encode())
    write_file(docs_dir, catalog.raw_path(d), data)
    if catalog.text_path(d):  # what the reader read of a PDF, Word or web-page original
        write_file(docs_dir, catalog.text_path(d), extracted_text(data, d, bodies))
    return None


def extracted_text(data: bytes, d: DispatchMeta, bodies: Bodies) -> bytes:
    """The text the reader read of a non-text original, as UTF-8: the one reading kept beside
    the parse-cache entry (an OCR'd page is never read twice), else extracted again."""
    kept = load_beside(getattr(bodies, "entries_dir", None), d.sha256, EXTRACTED)
    return (kept if isinstance(kept, str) else to_dispatch(data, d.source).raw_text).encode("utf-8")


def stage_each(jobs: Iterable[PageJob], docs_dir: Path, source_dir: Path, bodies: Bodies) -> dict[str, str]:
    """Stage dispatch pages one after the other (a worker's chunk, or all); failures by source file."""
    failed = {}
    for job in jobs:
        reason = stage_dispatch(job, docs_dir, source_dir, bodies)
        if reason:
            failed[job[0].source] = reason
    return failed


def page_jobs(dispatches: list[DispatchMeta], cross: links.Links,
              related: dict[str, status.Related] | None = None) -> Iterator[PageJob]:
    """One job per dispatch page; `related`: status.relate's (made here when not given)."""
    related = status.relate(dispatches) if related is None else related
    for d in dispatches:
        urls = {r: cross.urls[r] for r in d.references if r in cross.urls}
        yield d, urls, cross.cited_by.get(d.id, []), related[d.id]


def page_key(job: PageJob, generator_key: str) -> str:
    """Hash of everything one dispatch page is made from: the generator, the file's bytes,
    name and URL, its references' URLs, and who cites it (each by content, name and URL)."""
    d, urls, cited_by, related = job
    inputs = [generator_key, d.sha256, d.source, d.id, d.url, sorted([repr(r), url] for r, url in urls.items()),
              [[c.sha256, c.source, c.url] for c in cited_by], related.key()]
    return hashlib.sha256(json.dumps(inputs, ensure_ascii=False).encode()).hexdigest()


class PageKeys:
    """The page_key each staged dispatch page was last written with (cache_dir/pages.json),
    so a rebuild writes only pages whose inputs changed."""

    def __init__(self, cache: ParseCache | None) -> None:
        self.path = cache.cache_dir / "pages.json" if cache else None
        self.generator_key = cache.key if cache else ""
        self.written: dict[str, str] = {}
        if self.path and self.path.is_file():
            self.written = json.loads(self.path.read_text(encoding="utf-8"))
        self.now: dict[str, str] = {}

    def outdated(self, jobs: Iterable[PageJob], docs_dir: Path) -> Iterator[PageJob]:
        """The jobs whose page or raw file is missing, or whose page was written from other inputs."""
        for job in jobs:
            page = catalog.markdown_path(job[0])
            key = self.now[page] = page_key(job, self.generator_key)
            staged = (docs_dir / page).is_file() and all((docs_dir / f).is_file() for f in catalog.staged_files(job[0]))
            if self.written.get(page) != key or not staged:
                yield job

    def save(self, failed: Iterable[str]) -> None:
        if self.path:
            for page in failed:
                self.now.pop(page, None)
            self.path.write_text(json.dumps(self.now, sort_keys=True), encoding="utf-8")


def chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def stage_dispatch_pages(
    docs_dir: Path, source_dir: Path, dispatches: list[DispatchMeta], cross: links.Links,
    cache: ParseCache | None, jobs: int, related: dict[str, status.Related] | None = None,
) -> dict[str, str]:
    """Write every dispatch page whose inputs changed, in `jobs` fresh processes when there
    are many; failures by source.

    At most two chunks per worker are in flight, so the jobs of a large archive are never
    all pickled at once."""
    keys = PageKeys(cache)
    todo = list(keys.outdated(page_jobs(dispatches, cross, related), docs_dir))
    failed = write_pages(todo, docs_dir, source_dir, bodies_of(cache), jobs)
    keys.save(catalog.markdown_path(d) for d in dispatches if d.source in failed)
    return failed


def write_pages(all_jobs: list[PageJob], docs_dir: Path, source_dir: Path, bodies: Bodies, jobs: int) -> dict[str, str]:
    """Stage the page and raw file of each job; failures by source."""
    if not worth_parallel(jobs, len(all_jobs), MS_PER_PAGE, "spawn"):
        return stage_each(all_jobs, docs_dir, source_dir, bodies)
    failed: dict[str, str] = {}
    with pool(jobs, "spawn") as workers:
        pending: list[Future] = []
        for chunk in chunks(all_jobs, CHUNK):
            if len(pending) >= 2 * jobs:
                failed.update(pending.pop(0).result())
            pending.append(workers.submit(stage_each, chunk, docs_dir, source_dir, bodies))
        for future in pending:
            failed.update(future.result())
    return failed


def front_pages(dispatches: list[DispatchMeta], unit_index: indexes.UnitIndex) -> Iterator[tuple[str, bytes]]:
    """content/ as committed, with the home page's summary and charts filled in."""
    files = hand_written_pages()
    home = files["index.md"].decode("utf-8")
    home = home.replace(browse.SUMMARY_MARKER, browse.home_summary(dispatches))
    charts = browse.home_charts(dispatches, indexes.task_counts(unit_index))
    files["index.md"] = home.replace(browse.CHARTS_MARKER, charts).encode()
    yield from files.items()


@dataclass(frozen=True)
class Staged:
    """What stage_pages made, for the later stages to read rather than make again."""

    published: list[DispatchMeta]
    """The dispatches published (those whose page failed are rejected)."""
    links: links.Links
    paths: set[str]
    """Every docs path written."""
    url_map: dict
    """This build's URL map (permalinks.new_map), its gone pages among the paths."""
    browse_links: dict[str, dict[str, str]]
    """{browse folder: {group key: page slug}} (browse.browse_slugs), for the metadata panel."""
    unit_links: dict[str, str]
    """{Kính gửi or Nơi nhận entry: its unit's page slug} (indexes.UnitIndex.links)."""
    related: dict[str, status.Related]
    """Each published dispatch's status and relations both ways, by id."""


def stage_pages(
    docs_dir: Path, source_dir: Path, dispatches: list[DispatchMeta], report: Report,
    cache: ParseCache | None = None, jobs: int = 1, previous_urls: dict | None = None,
) -> Staged:
    """Write the docs tree; a dispatch whose page fails is rejected and the tree written again
    without it, so no index, link or catalog record points at a missing page. `previous_urls`:
    the URL map of the build before (permalinks.read_map; None: none), whose URLs no page
    has now get a page saying so (permalinks.gone_pages), a rejected page's among them.

    `dispatches` are read_all's: records whose bodies are in `cache`, or whole Dispatches
    when there is none."""
    while True:
        cross, related = links.link(dispatches), status.relate(dispatches)
        failed = stage_dispatch_pages(docs_dir, source_dir, dispatches, cross, cache, jobs, related)
        if not failed:
            break
        for source, reason in failed.items():
            report.reject(source, reason)
        dispatches = [d for d in dispatches if d.source not in failed]
    staged = {p for d in dispatches for p in (catalog.markdown_path(d), *catalog.staged_files(d))}
    unit_index = indexes.unit_index(dispatches, bodies_of(cache))
    kept = cache.dir if cache else None  # calendar events kept between builds
    url_map = permalinks.new_map(dispatches, previous_urls or permalinks.empty_map())
    pages = chain(front_pages(dispatches, unit_index), indexes.index_pages(dispatches, cross, unit_index, kept),
                  permalinks.gone_pages(url_map),
                  ((path, text.encode()) for path, text in status.status_pages(dispatches, related)))
    for rel, data in pages:
        write_file(docs_dir, rel, data)
        staged.add(rel)
    prune(docs_dir, staged)
    return Staged(dispatches, cross, staged, url_map, browse.browse_slugs(dispatches), unit_index.links, related)
