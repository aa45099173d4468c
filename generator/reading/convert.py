"""Per-file conversion of many raw files: ingest, then the reader's STEPS (unwrap → repair →
parse → tasks), cache first, misses in parallel.

Each file becomes a DispatchMeta for the build to hold and a Body stored in the parse cache
(read back by its BodyStore); the raw text and repaired lines stay in the worker.

Every file is checked by path and stat first (never cached: the outcome depends on the
name). A file whose size and mtime match the cache manifest is not read; one whose content
hash is in the cache is not parsed. The rest are split into chunks for a process pool.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import as_completed
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from generator.cache import EXTRACTED, ParseCache, Parsed, keep_beside
from generator.errors import InputError, MissingTool
from generator.model import Dispatch, DispatchMeta
from generator.parallel import pool, worth_parallel
from generator.reading import extract, parse, repair, unwrap
from generator.reading.ingest import check_file, read_bytes, read_dispatch, to_dispatch
from generator.reading.tasks import with_tasks

MS_PER_FILE = 3.0
"""CPU milliseconds to read one file (benchmarks/reader_bench.py): decides, with
parallel.worth_parallel, whether workers are worth starting."""

Progress = Callable[[int, int], None]
"""Called with (files done, files in all) as conversion advances."""


@dataclass(frozen=True)
class Outcome:
    """What became of one raw file."""

    source: str
    stat: tuple[int, int]
    sha256: str
    result: DispatchMeta | str
    """The record of the parsed file (its body is in the parse cache; without a cache, the
    whole Dispatch, which holds its body), or the reason the file was rejected."""
    parsed: bool
    """True when repair and parse ran in this build (not taken from the cache)."""
    cacheable: bool = True
    """False for internal errors: a fixed bug must get another chance at the file."""


def _unwrap(d: Dispatch) -> Dispatch:
    """unwrap.apply, keeping what extraction noted of the file."""
    unwrapped = unwrap.apply(d)
    return replace(unwrapped, unwrap_notes=d.unwrap_notes + unwrapped.unwrap_notes)


def _extraction_warnings(d: Dispatch) -> Dispatch:
    """A warning on text read by OCR (after parse, which makes the warnings anew)."""
    return replace(d, warnings=d.warnings + extract.warnings(d))


STEPS: tuple[tuple[str, Callable[[Dispatch], Dispatch]], ...] = (
    ("unwrap", _unwrap),
    ("repair", repair.repair),
    ("parse", parse.parse),
    ("extraction warnings", _extraction_warnings),
    ("tasks", with_tasks),
)
"""The reader's steps on one decoded dispatch, by name, in the order they run: every caller
(the build, process_bytes, process_file, the benchmarks) runs these through `read`."""


def read(d: Dispatch) -> Dispatch:
    """The reader's STEPS on one decoded dispatch (ingest's output), in order."""
    for _, step in STEPS:
        d = step(d)
    return d


def process_bytes(data: bytes, source: str, cache_dir: Path | None = None) -> Dispatch:
    """Decode one raw file's bytes and read them (raises InputError when they cannot be a
    page); what an extractor read of them kept in `cache_dir`."""
    return read(to_dispatch(data, source, cache_dir))


def process_file(path: Path, source_dir: Path) -> Dispatch:
    """Check, decode and read one raw file (raises InputError when it cannot be a page)."""
    return read(read_dispatch(path, source_dir))


def with_source(result: Parsed, source: str) -> DispatchMeta | str:
    """What the build holds of a cache entry, under this file's name (identical bytes may be
    found under another)."""
    if isinstance(result, str):
        return result
    meta = result[0]
    return replace(meta, source=source) if meta.source != source else meta


def rejected_by_path(source: str, reason: str) -> Outcome:
    """A file refused by its path or stat: never cached, since identical bytes elsewhere may be fine."""
    return Outcome(source, (0, 0), "", reason, parsed=False, cacheable=False)


def from_cache(source: str, stat: tuple[int, int], sha: str | None, cache: ParseCache | None) -> Outcome | None:
    """The cached outcome of the content with this hash, under this file's name, or None."""
    cached = cache.load(sha) if cache and sha else None
    if cached is None:
        return None
    return Outcome(source, stat, sha, with_source(cached, source), parsed=False)


def known_outcome(path: Path, source_dir: Path, cache: ParseCache | None) -> Outcome | None:
    """The outcome of a file without reading it: refused by path or stat, or unchanged since
    the manifest recorded it and cached; None when it must be read."""
    source = path.relative_to(source_dir).as_posix()
    try:
        stat = check_file(path, source_dir)
    except InputError as exc:
        return rejected_by_path(source, exc.reason)
    return from_cache(source, stat, cache.known_sha(source, stat) if cache else None, cache)


def convert_one(path: Path, source_dir: Path, cache: ParseCache | None) -> Outcome:
    """Convert one file: path and size checks first, then its bytes, through the cache.

    Only what depends on the bytes alone is cached: the path checks run for every file."""
    source = path.relative_to(source_dir).as_posix()
    try:
        stat = check_file(path, source_dir)
        data = read_bytes(path, source)
    except InputError as exc:
        return rejected_by_path(source, exc.reason)
    sha = hashlib.sha256(data).hexdigest()
    cached = from_cache(source, stat, sha, cache)
    if cached is not None:
        return cached
    try:
        dispatch = process_bytes(data, source, cache.cache_dir if cache else None)
    except MissingTool as exc:  # not cached: read again once the tool is installed
        return Outcome(source, stat, sha, exc.reason, parsed=True, cacheable=False)
    except InputError as exc:
        if cache:
            cache.store(sha, exc.reason)
        return Outcome(source, stat, sha, exc.reason, parsed=True)
    except Exception as exc:  # a bug on one file must not cost the others their pages
        reason = f"internal error: {type(exc).__name__}: {exc}"
        return Outcome(source, stat, sha, reason, parsed=True, cacheable=False)
    if cache is None:
        return Outcome(source, stat, sha, dispatch, parsed=True)
    cache.store(sha, (dispatch.meta(), dispatch.body()))
    if dispatch.source_format != "text":
        keep_beside(cache.dir, sha, EXTRACTED, dispatch.raw_text)
    return Outcome(source, stat, sha, dispatch.meta(), parsed=True)


def convert_chunk(paths: list[Path], source_dir: Path, cache_dir: Path | None, key: str) -> list[Outcome]:
    """Worker entry point: convert a chunk of files."""
    cache = ParseCache(cache_dir, key, read_manifest=False) if cache_dir else None
    return [convert_one(path, source_dir, cache) for path in paths]


def convert_all(
    paths: list[Path], source_dir: Path, cache: ParseCache | None, jobs: int, progress: Progress | None = None
) -> list[Outcome]:
    """Outcomes for every path, in the order of `paths`. `progress` hears of the files read,
    not of those the cache already knows."""
    outcomes: dict[str, Outcome] = {}
    misses = []
    for path in paths:
        known = known_outcome(path, source_dir, cache)
        if known is None:
            misses.append(path)
            continue
        outcomes[known.source] = known
    total, done = len(misses), 0
    if progress and total:
        progress(done, total)
    if worth_parallel(jobs, len(misses), MS_PER_FILE, "fork"):
        size = max(4, min(64, len(misses) // (jobs * 8)))
        chunks = [misses[i:i + size] for i in range(0, len(misses), size)]
        cache_dir, key = (cache.cache_dir, cache.key) if cache else (None, "")
        with pool(jobs, "fork") as workers:
            futures = [workers.submit(convert_chunk, chunk, source_dir, cache_dir, key) for chunk in chunks]
            for future in as_completed(futures):
                chunk_outcomes = future.result()
                for outcome in chunk_outcomes:
                    outcomes[outcome.source] = outcome
                done += len(chunk_outcomes)
                if progress:
                    progress(done, total)
    else:
        for path in misses:
            outcome = convert_one(path, source_dir, cache)
            outcomes[outcome.source] = outcome
            done += 1
            if progress:
                progress(done, total)
    return [outcomes[path.relative_to(source_dir).as_posix()] for path in paths]
