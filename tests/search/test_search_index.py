"""The streamed search index (spooled postings, bodies loaded one at a time, workers) is
lunr's index: reassembled from its shards, it equals what lunr.py's own Builder makes of the
same dispatches, term by term and value by value; and lunr answers alike from either."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import parallel
from generator.cache import ParseCache
from generator.model import Dispatch, DispatchMeta
from generator.pages import catalog
from generator.pipeline import read_all
from generator.reading.convert import process_file
from generator.report import Report
from generator.search import engine, terms
from generator.search import index as search
from tests.support.corpus import generate

from ..conftest import SAMPLE_CORPUS


def lunr_builder_index(dispatches, bodies=Dispatch.body) -> dict:
    """lunr.py's Builder over the dispatches (refs: their numbers, newest first), serialised."""
    builder = engine.builder()
    for n, d in enumerate(terms.order_docs(dispatches)):
        fields = terms.doc_fields(d, terms.doc_blocks(bodies(d)))
        builder.add({"id": str(n), **{f: terms.field_words(texts) for f, texts in fields.items()}})
    return builder.build().serialize()


def streamed_index(site_dir: Path) -> dict:
    """Every term of the written shards, assembled into one serialised lunr index."""
    root = site_dir / search.INDEX_DIR
    entries = {}
    for shard in (root / "s").glob("*.js"):
        entries.update((t, e[1]) for t, e in search.read_script(shard).items() if not t.startswith("!"))
    return engine.assemble(entries)


def values(serialised: dict) -> tuple[dict, dict]:
    """({term: {field: sorted refs}}, {(field ref, term): value}) of a serialised index, free
    of the term numbering (any numbering ranks alike)."""
    names = {posting["_index"]: term for term, posting in serialised["invertedIndex"]}
    postings = {term: {f: sorted(posting[f]) for f in serialised["fields"]}
                for term, posting in serialised["invertedIndex"]}
    vector_values = {}
    for ref, elements in serialised["fieldVectors"]:
        for i in range(0, len(elements), 2):
            vector_values[ref, names[elements[i]]] = elements[i + 1]
    return postings, vector_values


def assert_same_index(streamed: dict, built: dict) -> None:
    streamed_postings, streamed_values = values(streamed)
    built_postings, built_values = values(built)
    assert streamed_postings == built_postings
    assert streamed_values == built_values
    assert streamed["fields"] == built["fields"] and streamed["pipeline"] == built["pipeline"]


def test_the_built_sample_site_holds_lunrs_own_index(sample_site):
    site_dir, _ = sample_site
    docs = catalog.assign_ids([process_file(p, SAMPLE_CORPUS) for p in sorted(SAMPLE_CORPUS.glob("*.txt"))])
    built = lunr_builder_index(docs)
    assert_same_index(streamed_index(site_dir), built)
    assert len(built["invertedIndex"]) > 1000


def test_lunr_ranks_alike_from_the_whole_index_and_from_a_querys_terms_alone(sample_site):
    """The premise of the shards: a query's scores use only its own terms' entries."""
    site_dir, _ = sample_site
    whole = engine.Index.load(streamed_index(site_dir))
    root = site_dir / search.INDEX_DIR
    for words in (["thi", "=đua"], ["bhxh", "covid"], ["ngành", "nhiệm"]):
        wanted = {}
        for shard in (root / "s").glob("*.js"):
            wanted.update((t, e[1]) for t, e in search.read_script(shard).items() if t in words)
        small = engine.load(wanted)
        def ask(q, words=words):
            return [q.term(w, use_pipeline=False) for w in words]
        assert [(r["ref"], r["score"]) for r in small.query(callback=ask)] == \
            [(r["ref"], r["score"]) for r in whole.query(callback=ask)]


class LoggedLoad:
    """The parse cache's BodyStore, appending each loaded id to a log file, so the calls
    made in worker processes are seen too."""

    def __init__(self, cache: ParseCache, log: Path) -> None:
        self.cache, self.log = cache, log

    def __call__(self, d):
        with self.log.open("a", encoding="utf-8") as out:
            out.write(f"{d.id}\n")
        return self.cache.bodies(d)


@pytest.mark.parametrize("jobs", [1, 2])
def test_slim_dispatches_loaded_from_the_parse_cache_give_lunrs_own_index(tmp_path, monkeypatch, jobs):
    """120 generated dispatches, bodies reloaded from a real parse cache, and a spool buffer
    small enough that every shard's file is appended to many times; with 2 jobs the docs are
    indexed and the shards made in two worker processes."""
    generate(120, tmp_path / "in", seed=3)
    cache = ParseCache(tmp_path / "cache")
    slim = catalog.assign_ids(read_all(tmp_path / "in", Report(), cache))
    assert all(type(d) is DispatchMeta and cache.bodies(d).blocks for d in slim)
    log = tmp_path / "loaded.txt"
    monkeypatch.setattr(search, "SPOOL_BUFFER", 500)
    monkeypatch.setattr(parallel, "START_MS", {"fork": 0, "spawn": 0})
    spool = tmp_path / "cache" / "search-spool"
    search.write_index(tmp_path / "site", slim, terms.shard_count(len(slim)), spool, LoggedLoad(cache, log), jobs)
    assert_same_index(streamed_index(tmp_path / "site"), lunr_builder_index(slim, cache.bodies))
    loaded = log.read_text(encoding="utf-8").split()
    assert sorted(loaded) == sorted(d.id for d in slim), "every body is loaded exactly once"
    assert not spool.exists()


def test_a_rebuild_reads_the_bodies_of_changed_docs_only_and_writes_the_same_index(tmp_path, monkeypatch):
    """The terms of each doc are kept beside its parse-cache entry: after 3 of 40 files change,
    only their bodies are read, and the index equals one built from nothing, file for file;
    2 jobs, so the terms are read and written in worker processes."""
    monkeypatch.setattr(parallel, "START_MS", {"fork": 0, "spawn": 0})
    paths = generate(40, tmp_path / "in", seed=4)
    cache = ParseCache(tmp_path / "cache")
    first = catalog.assign_ids(read_all(tmp_path / "in", Report(), cache))
    shards = terms.shard_count(len(first))
    site, spool = tmp_path / "site", tmp_path / "spool"
    search.write_index(site, first, shards, spool, LoggedLoad(cache, tmp_path / "one.txt"), 2, terms_dir=cache.dir)
    assert len((tmp_path / "one.txt").read_text(encoding="utf-8").split()) == len(first)
    for path in paths[5:20:5]:
        path.write_text(path.read_text(encoding="utf-8").replace("Nơi nhận:", "Đề nghị lưu ý.\nNơi nhận:", 1),
                        encoding="utf-8")
    cache = ParseCache(tmp_path / "cache")
    again = catalog.assign_ids(read_all(tmp_path / "in", Report(), cache))
    search.write_index(site, again, shards, spool, LoggedLoad(cache, tmp_path / "two.txt"), 2, terms_dir=cache.dir)
    changed = {d.id for d in again} - {d.id for d in again if d in first}
    assert len(changed) == 3
    assert sorted((tmp_path / "two.txt").read_text(encoding="utf-8").split()) == sorted(changed)
    search.write_index(tmp_path / "fresh", again, shards, spool, cache.bodies, 1)
    built = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    fresh = {p.relative_to(tmp_path / "fresh").as_posix(): p.read_bytes() for p in (tmp_path / "fresh").rglob("*")
             if p.is_file()}
    assert built == fresh
