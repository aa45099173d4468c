"""The Markdown stage: dispatch pages staged in worker processes, bodies loaded from the cache."""

from __future__ import annotations

import os
from pathlib import Path

from generator import parallel
from generator.cache import ParseCache
from generator.model import DispatchMeta
from generator.pages import catalog
from generator.pipeline import read_all
from generator.publishing import staging
from generator.report import Report
from tests.support.corpus import generate


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def held_dispatches(tmp_path: Path, n: int):
    source = tmp_path / "raw"
    generate(n, source, seed=5)
    cache = ParseCache(tmp_path / "cache")
    dispatches = catalog.assign_ids(read_all(source, Report(), cache, jobs=1))
    return source, cache, dispatches


def test_pages_staged_by_workers_equal_one_process(tmp_path, monkeypatch):
    source, cache, dispatches = held_dispatches(tmp_path, 24)
    assert dispatches and all(type(d) is DispatchMeta for d in dispatches), "the build holds records, not bodies"
    staging.stage_pages(tmp_path / "one", source, dispatches, Report(), cache, jobs=1)
    monkeypatch.setattr(parallel, "START_MS", {"fork": 0, "spawn": 0})  # workers even for 24 pages
    monkeypatch.setattr(staging, "CHUNK", 5)  # several chunks, more than two per worker in flight
    staging.stage_pages(tmp_path / "two", source, dispatches, Report(), cache, jobs=2)
    one, two = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert len([p for p in one if p.startswith("van-ban/") and p.endswith(".md")]) == len(dispatches)
    assert one.keys() == two.keys()
    assert [p for p in one if one[p] != two[p]] == []
    page = one[catalog.markdown_path(dispatches[0])].decode()
    assert dispatches[0].symbol in page and dispatches[0].sha256 in page


def test_a_body_gone_from_the_cache_rejects_that_file_only(tmp_path):
    source, cache, dispatches = held_dispatches(tmp_path, 6)
    lost = dispatches[2]
    next(cache.dir.rglob(f"{lost.sha256}.pickle")).unlink()
    report = Report()
    result = staging.stage_pages(tmp_path / "docs", source, dispatches, report, cache, jobs=1)
    kept, staged = result.published, result.paths
    assert [r["file"] for r in report.rejected] == [lost.source]
    assert "parse cache" in report.rejected[0]["reason"]
    assert lost not in kept and len(kept) == len(dispatches) - 1
    assert catalog.markdown_path(lost) not in staged and not (tmp_path / "docs" / catalog.markdown_path(lost)).exists()


def test_a_rebuild_renders_only_pages_whose_inputs_changed(tmp_path):
    source, cache, dispatches = held_dispatches(tmp_path, 12)
    docs = tmp_path / "docs"
    cross = staging.stage_pages(docs, source, dispatches, Report(), cache, jobs=1).links

    def outdated(dispatches, cross):
        return [job[0].source for job in staging.PageKeys(cache).outdated(staging.page_jobs(dispatches, cross), docs)]

    assert outdated(dispatches, cross) == []
    cited = {c.id for citing in cross.cited_by.values() for c in citing}
    alone = next(d for d in dispatches if d.id not in cross.cited_by and d.id not in cited)
    path = source / alone.source
    path.write_bytes(path.read_bytes().replace("Tổng Giám đốc".encode(), "TỔNG GIÁM ĐỐC".encode(), 1) + b"\n")
    again = catalog.assign_ids(read_all(source, Report(), cache, jobs=1))
    cross_again = staging.links.link(again)
    assert outdated(again, cross_again) == [alone.source]
    other = next(d for d in dispatches if d.source != alone.source)
    (docs / catalog.raw_path(other)).unlink()  # a staged file gone is staged again
    assert set(outdated(again, cross_again)) == {alone.source, other.source}


def test_a_file_given_in_chunks_is_rewritten_only_when_its_bytes_change(tmp_path, monkeypatch):
    """tasks.csv is staged in chunks (hundreds of MB at 100,000 dispatches); an unchanged one keeps its mtime."""
    from generator.pages import indexes

    _, cache, dispatches = held_dispatches(tmp_path, 8)
    monkeypatch.setattr(indexes, "CSV_CHUNK", 200)  # many chunks
    tasks = [(d, t) for d in dispatches for t in cache.bodies(d).tasks]
    chunks = list(indexes.tasks_csv(tasks))
    assert len(chunks) > 3 and chunks[0].startswith("\ufeffVăn bản,Ngày ban hành,Đơn vị,Nhiệm vụ,".encode())
    whole = b"".join(chunks)
    assert whole.count(b"\r\n") == 1 + sum(max(1, len(t.assignees)) for _, t in tasks)
    staging.write_file(tmp_path / "docs", "tasks.csv", iter(chunks))
    path = tmp_path / "docs" / "tasks.csv"
    assert path.read_bytes() == whole
    old = path.stat().st_mtime_ns - 10**9
    os.utime(path, ns=(old, old))
    staging.write_file(tmp_path / "docs", "tasks.csv", iter(chunks))
    assert path.stat().st_mtime_ns == old and not list(path.parent.glob("*.new"))
    staging.write_file(tmp_path / "docs", "tasks.csv", iter(chunks[:-1]))
    assert path.read_bytes() == b"".join(chunks[:-1])


def test_a_file_changed_after_it_was_read_is_rejected_not_published_with_a_wrong_hash(tmp_path):
    """The page states the SHA-256 of what was read; a raw file that no longer has it is not copied."""
    source, cache, dispatches = held_dispatches(tmp_path, 6)
    changed = dispatches[3]
    (source / changed.source).write_bytes((source / changed.source).read_bytes() + b"\nthem\n")
    report = Report()
    result = staging.stage_pages(tmp_path / "docs", source, dispatches, report, cache, jobs=1)
    kept, staged = result.published, result.paths
    assert [(r["file"], r["reason"]) for r in report.rejected] == \
        [(changed.source, "changed during the build: its SHA-256 is no longer the one read")]
    assert catalog.raw_path(changed) not in staged and len(kept) == len(dispatches) - 1
