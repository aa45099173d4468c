"""Worker processes: one pool and one rule for when to start it.

The stages that spread their work over processes (reading files, staging pages, rendering
them with MkDocs, writing the search index) each say what one item costs and how their
workers start; `worth_parallel` starts workers only when the serial work is more than twice
what starting them costs, and `pool` starts them.

How workers start: "fork" copies the build process and costs ≈ 10 ms (reading: the parent
holds nothing but the file list yet); "spawn" starts a fresh interpreter and costs ≈ 500 ms
for two workers that import the generator and MkDocs (measured 2026-11-30, 2 cores), but
shares nothing with a parent that holds the whole archive, MkDocs' state included.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable

from generator import tables

START_MS = {"fork": 20, "spawn": 600}
"""Milliseconds it costs to start the workers, by start method (a little over the measured)."""


def worth_parallel(jobs: int, items: int, ms_per_item: float, start: str) -> bool:
    """True when `items` of `ms_per_item` each take more than twice what starting `jobs`
    workers the `start` way costs (and there is more than one job)."""
    return jobs > 1 and items * ms_per_item > 2 * START_MS[start]


def pool(jobs: int, start: str, initializer: Callable | None = None, initargs: tuple = ()) -> ProcessPoolExecutor:
    """A pool of `jobs` worker processes started the `start` way ("fork" or "spawn"), each
    using the parent's project folder (tables.project) before it runs `initializer(*initargs)`."""
    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(start),
                               initializer=_start_worker, initargs=(tables.project(), initializer, initargs))


def _start_worker(project: Path, initializer: Callable | None, initargs: tuple) -> None:
    tables.use(project)
    if initializer is not None:
        initializer(*initargs)
