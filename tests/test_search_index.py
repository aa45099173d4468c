"""The streamed search index (spooled postings, bodies loaded one at a time) is byte for byte
the index a plain in-memory build of the same dispatches makes."""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from generator import parallel
from generator.pages import catalog

from generator.search import index as search
from generator.search import terms
from generator.reading.cache import ParseCache
from generator.reading.convert import process_file, with_body, without_body
from generator.pipeline import read_all
from generator.report import Report
from generator.tables import PROJECT_DIR

from .conftest import SAMPLE_CORPUS

sys.path.insert(0, str(PROJECT_DIR / "benchmarks"))
from generate_corpus import generate  # noqa: E402


def reference_files(dispatches) -> dict[str, str]:
    """The index files (path under search/ → text), every posting list built in memory:
    the straightforward reading of the format that search.py documents."""
    docs = terms.order_docs(dispatches)
    fields = []
    for d in docs:
        meta = [d.doc_type, d.issuer, d.drafting_unit, d.signer.name, d.year, *d.recipients]
        fields.append({"symbol": [d.symbol, d.number], "subject": [d.subject], "meta": [m for m in meta if m],
                       "body": [text for _, text in terms.doc_blocks(d)]})
    lengths = [sum(len(terms.tokens(t)) for t in f["body"]) for f in fields]
    avg_body = max(1.0, sum(lengths) / max(1, len(lengths)))
    postings = defaultdict(list)
    for n, (d, doc_fields) in enumerate(zip(docs, fields)):
        weights = defaultdict(float)
        for field, texts in doc_fields.items():
            counts, length = Counter(), 0
            for text in texts:
                forms = [terms.token_forms(t) for t in terms.tokens(text)]
                folded = [f for f, _ in forms]
                length += len(forms)
                counts.update(folded + terms.bigrams(folded) + [e for _, e in forms if e])
            norm = 1 - terms.BM25_B + terms.BM25_B * length / avg_body if field == "body" else 1.0
            for term, tf in counts.items():
                tf_part = tf * (terms.BM25_K1 + 1) / (tf + terms.BM25_K1 * norm)
                weights[term] += terms.FIELD_BOOSTS[field] * tf_part
        for term, weight in weights.items():
            postings[term].append((n, max(1, round(weight * terms.WEIGHT_SCALE))))
        for facet, values in terms.facet_values(d).items():
            for key in dict.fromkeys(terms.facet_key(facet, v) for v in values):
                postings[key].append((n, 1))
    shards = terms.shard_count(len(docs))
    by_shard = defaultdict(dict)
    for term in sorted(postings):
        pairs = postings[term]
        entry = [terms.idf(len(pairs), len(docs)), terms.encode_postings(pairs)]
        by_shard[terms.shard_of(terms.shard_key(term), shards)][term] = entry
    facets = terms.facet_table(docs)
    files = {
        "manifest.js": search.script("manifest", {
            "version": search.FORMAT_VERSION, "docs": len(docs), "shards": shards,
            "facets": {k: v for k, v in facets.items() if k != "recipient"}}),
        "recipients.js": search.script("recipients", facets["recipient"]),
    }
    for k in range(shards):
        files[f"s/{k}.js"] = search.script(f"s/{k}", by_shard.get(k, {}))
    for n, d in enumerate(docs):
        files[f"d/{n}.js"] = search.script(f"d/{n}", {
            "symbol": d.symbol, "date": d.date, "subject": d.subject, "type": d.doc_type,
            "url": d.url, "blocks": terms.doc_blocks(d)})
    return files


def index_files(site_dir: Path) -> dict[str, str]:
    root = site_dir / search.INDEX_DIR
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in root.rglob("*") if p.is_file()}


def test_the_built_sample_site_holds_the_reference_index(sample_site):
    site_dir, _ = sample_site
    docs = catalog.assign_ids([process_file(p, SAMPLE_CORPUS) for p in sorted(SAMPLE_CORPUS.glob("*.txt"))])
    assert index_files(site_dir) == reference_files(docs)


class LoggedLoad:
    """with_body from the parse cache that appends each loaded id to a log file, so the calls
    made in worker processes are seen too."""

    def __init__(self, cache: ParseCache, log: Path) -> None:
        self.cache, self.log = cache, log

    def __call__(self, d):
        with self.log.open("a", encoding="utf-8") as out:
            out.write(f"{d.id}\n")
        return with_body(d, self.cache)


@pytest.mark.parametrize("jobs", [1, 2])
def test_slim_dispatches_loaded_from_the_parse_cache_give_the_reference_index(tmp_path, monkeypatch, jobs):
    """120 generated dispatches, bodies reloaded from a real parse cache, and a spool buffer
    small enough that every shard's file is appended to many times; with 2 jobs the docs are
    indexed and the shards made in two worker processes."""
    generate(120, tmp_path / "in", seed=3)
    cache = ParseCache(tmp_path / "cache")
    slim = [without_body(d) for d in catalog.assign_ids(read_all(tmp_path / "in", Report(), cache))]
    full = [with_body(d, cache) for d in slim]
    assert all(d.blocks for d in full)
    log = tmp_path / "loaded.txt"
    monkeypatch.setattr(search, "SPOOL_BUFFER", 500)
    monkeypatch.setattr(parallel, "START_MS", {"fork": 0, "spawn": 0})
    spool = tmp_path / "cache" / "search-spool"
    search.write_index(tmp_path / "site", slim, terms.shard_count(len(slim)), spool, LoggedLoad(cache, log), jobs)
    assert index_files(tmp_path / "site") == reference_files(full)
    loaded = log.read_text(encoding="utf-8").split()
    assert sorted(loaded) == sorted(d.id for d in full), "every body is loaded exactly once"
    assert not spool.exists()
