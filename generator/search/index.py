"""Search index: sharded, static, loaded with <script> tags so it works over http and file://.

Text rules (mirrored line for line in overrides/assets/javascripts/archive-search.js):

- token: a run of letters and digits of the NFC, lower-cased text (`[^\\W_]+`, in JS
  `[\\p{L}\\p{N}]+`);
- folded form: `folding.fold(token)` (NFD, no combining marks, đ→d, lower case);
- exact form: the token with its tone mark moved to the end (NFD, tone marks
  U+0300/0301/0303/0309/0323 removed and appended, NFC), so "hoá"/"hóa" and "uỷ"/"ủy"
  share one exact form while "đua" and "dua" do not;
- bigram: two adjacent folded tokens of one field or block, joined by a space.

Index format, under `search/` in the site (all files are JavaScript that calls
`archiveSearch.add(name, data)`; `data` is JSON):

- `manifest.js`, name "manifest": `{"version": 2, "docs": N, "shards": S, "facets":
  {"type"|"year"|"unit": [[key, label, count], ...]}}`, the filter choices; a query does
  not need it.
- `recipients.js`, name "recipients": `[[key, label, count], ...]`, the recipient filter's
  choices (thousands at scale), loaded only when that filter is opened.
- `s/<k>.js`, name "s/<k>", k in 0..S-1: `{term: [idf, postings], ...}` for every
  term whose shard key hashes to k (FNV-1a 32 of the UTF-8 bytes, modulo S). S grows
  with the archive (shard_count) and every page states it (the search form's
  data-shards), so the browser knows a term's file without reading anything first and a
  query loads all its shards in one parallel round; the CLI reads S from the manifest. Terms: a folded token or bigram (shard
  key: itself); "=" + exact form, stored only when it differs from the folded form (shard
  key: the folded form); a facet key "!t:", "!y:", "!u:", "!r:" + slug of the value (shard
  key: itself). `idf` is an integer; `postings` encodes (doc gap - 1, weight) pairs as
  varints in 5-bit groups, low group first, over the alphabet ALPHABET (index ≥ 32: more
  groups follow). Docs are numbered 0..N-1, newest first; weights are integers, so both
  query sides add the same numbers.
- `d/<n>.js`, name "d/<n>": `{"symbol", "date", "subject", "type", "url",
  "blocks": [[anchor, text], ...]}`, fetched only for results that are shown; a block
  without an anchor of its own carries the nearest preceding one, so a hit links there.

Lunr is not used: see the README's "Search" section.
"""

from __future__ import annotations

import json
import marshal
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from generator.model import Dispatch
from generator.parallel import pool, worth_parallel
from generator.search.terms import (WEIGHT_SCALE, body_norm, doc_blocks, doc_terms, encode_postings, facet_key,
                                     facet_table, facet_values, idf, order_docs, saturated, scaled, term_shard)

INDEX_DIR = "search"
_ADD_PREFIX = "archiveSearch.add("
FORMAT_VERSION = 2
def script(name: str, data) -> str:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"{_ADD_PREFIX}{json.dumps(name)},{body});\n"


def read_script(path: Path):
    """The data of one index file (the inverse of `script`)."""
    text = path.read_text(encoding="utf-8")
    name_end = text.index(",", len(_ADD_PREFIX))
    return json.loads(text[name_end + 1 : text.rindex(");")])


class Spool:
    """Postings on their way to the shards, written by one process for one range of docs: per
    shard a file under `root` of lists of (term, doc, weight, body tf) tuples, in doc order,
    each list marshal'd after its length in 8 bytes (marshal.load from a file is slow). With
    tf 0 the weight is final (scaled); otherwise it is the float sum of the other fields, and
    the body's part is still to be added. Postings are held per shard and appended to the
    files when `buffer` of them are held."""

    def __init__(self, root: Path, shards: int, buffer: int) -> None:
        self.root, self.shards, self.buffer = root, shards, buffer
        root.mkdir(parents=True)
        self.held_by_shard: list[list[tuple]] = [[] for _ in range(shards)]
        self.held = 0

    def add_doc(self, n: int, d: Dispatch, blocks: list[list[str]]) -> int:
        """Spool every posting of doc `n` (blocks: doc_blocks(d)); returns its body length."""
        weights, body, length = doc_terms(d, blocks)
        held, shards = self.held_by_shard, self.shards
        for term, weight in weights.items():
            tf = body.pop(term, 0)
            held[term_shard(term, shards)].append((term, n, weight if tf else scaled(weight), tf))
        for term, tf in body.items():
            held[term_shard(term, shards)].append((term, n, 0.0, tf))
        for facet, values in facet_values(d).items():
            for key in dict.fromkeys(facet_key(facet, v) for v in values):
                held[term_shard(key, shards)].append((key, n, 1, 0))
        self.held += len(weights) + len(body)
        if self.held > self.buffer:
            self.flush()
        return length

    def flush(self) -> None:
        for k, postings in enumerate(self.held_by_shard):
            if postings:
                blob = marshal.dumps(postings)
                with (self.root / str(k)).open("ab") as out:
                    out.write(len(blob).to_bytes(8, "little") + blob)
                postings.clear()
        self.held = 0


def spooled(spool_dir: Path, ranges: int, k: int) -> Iterator[tuple]:
    """The spooled postings of shard `k`, in doc order: the files of the ranges in turn."""
    for r in range(ranges):
        path = spool_dir / str(r) / str(k)
        data = memoryview(path.read_bytes() if path.is_file() else b"")
        at = 0
        while at < len(data):
            size = int.from_bytes(data[at : at + 8], "little")
            yield from marshal.loads(data[at + 8 : at + 8 + size])
            at += 8 + size


MS_PER_DOC = 0.6
"""CPU milliseconds to index one dispatch (its terms, postings and result file)."""
SPOOL_BUFFER = 1 << 19
"""Spooled postings one process holds before it appends them to the files (about 90 MB)."""


def index_docs(
    root: Path, docs: list[Dispatch], first: int, load: Callable[[Dispatch], Dispatch],
    spool_dir: Path, shards: int, buffer: int,
) -> list[int]:
    """Write the doc files of `docs`, numbered from `first`, and spool their postings to
    `spool_dir`; returns their body lengths. Each body is loaded (load) and dropped in turn."""
    spool = Spool(spool_dir, shards, buffer)
    lengths = []
    for n, slim in enumerate(docs, first):
        d = load(slim)
        blocks = doc_blocks(d)
        write_script(root, f"d/{n}", {
            "symbol": d.symbol, "date": d.date, "subject": d.subject, "type": d.doc_type,
            "url": d.url, "blocks": blocks})
        lengths.append(spool.add_doc(n, d, blocks))
    spool.flush()
    return lengths


def shard_terms(postings: Iterable[tuple], norms: list[float], total: int) -> dict[str, list]:
    """{term: [idf, encoded postings]} of one shard's spooled postings, terms sorted."""
    by_term: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for term, n, weight, tf in postings:
        if tf:
            # The body's part is added last, as doc_terms' field order has it.
            weight = max(1, round((weight + saturated(tf, norms[n])) * WEIGHT_SCALE))
        by_term[term].append((n, weight))
    return {term: [idf(len(by_term[term]), total), encode_postings(by_term[term])] for term in sorted(by_term)}


def write_shards(root: Path, spool_dir: Path, ranges: int, ks: range, norms: list[float]) -> None:
    """Write the shard files `ks` of the index in `root` from the spool of `ranges` ranges."""
    for k in ks:
        write_script(root, f"s/{k}", shard_terms(spooled(spool_dir, ranges, k), norms, len(norms)))


def given(d: Dispatch) -> Dispatch:
    """The load of dispatches that hold their body."""
    return d


def write_index(
    site_dir: Path, dispatches: list[Dispatch], shards: int, spool_dir: Path | None = None,
    load: Callable[[Dispatch], Dispatch] = given, jobs: int = 1,
) -> None:
    """Write site_dir/search/ for `dispatches` in `shards` shards (shard_count).

    `dispatches` may lack their body: `load` gives the full Dispatch, and is called once
    per dispatch. Memory does not grow with the postings: each doc's file is written and
    its postings spooled to `spool_dir` (a scratch dir, emptied first and removed after;
    by default a temporary one), then each shard is made from its spool files alone.

    When workers are worth starting (parallel.worth_parallel) both steps run in `jobs` spawn workers:
    each indexes one contiguous range of the numbered docs (so `load` must pickle), and
    each writes every jobs-th shard, reading the ranges' spools in doc order. Only the
    body lengths come back to this process, for BM25's average."""
    if spool_dir is None:
        with tempfile.TemporaryDirectory() as tmp:
            return write_index(site_dir, dispatches, shards, Path(tmp) / "spool", load, jobs)
    docs = order_docs(dispatches)
    root = site_dir / INDEX_DIR
    facets = facet_table(docs)
    prepare_dir(root, len(docs), shards)
    shutil.rmtree(spool_dir, ignore_errors=True)
    if worth_parallel(jobs, len(docs), MS_PER_DOC, "spawn"):
        size = -(-len(docs) // jobs)
        starts = range(0, len(docs), size)
        with pool(jobs, "spawn") as workers:
            ranges = [workers.submit(index_docs, root, docs[s : s + size], s, load, spool_dir / str(r), shards,
                                  SPOOL_BUFFER) for r, s in enumerate(starts)]
            lengths = [length for done in ranges for length in done.result()]
            norms = body_norms(lengths)
            parts = [range(k, shards, jobs) for k in range(jobs)]
            for done in [workers.submit(write_shards, root, spool_dir, len(starts), ks, norms) for ks in parts]:
                done.result()
    else:
        norms = body_norms(index_docs(root, docs, 0, load, spool_dir / "0", shards, SPOOL_BUFFER))
        write_shards(root, spool_dir, 1, range(shards), norms)
    write_script(root, "manifest", {
        "version": FORMAT_VERSION, "docs": len(docs), "shards": shards,
        "facets": {k: v for k, v in facets.items() if k != "recipient"}})
    write_script(root, "recipients", facets["recipient"])
    shutil.rmtree(spool_dir)


def body_norms(lengths: list[int]) -> list[float]:
    """BM25's length norm of each doc's body, from all the body lengths."""
    avg_body = max(1.0, sum(lengths) / max(1, len(lengths)))
    return [body_norm(length, avg_body) for length in lengths]


def write_script(root: Path, name: str, data) -> None:
    (root / f"{name}.js").write_bytes(script(name, data).encode("utf-8"))


def prepare_dir(root: Path, docs: int, shards: int) -> None:
    """Make `root` hold nothing but what the index of `docs` dispatches in `shards` shards
    writes. Files are overwritten in place later: creating thousands anew right after
    deleting them is ten times slower on ext4."""
    keep = {"manifest.js", "recipients.js", *(f"d/{n}.js" for n in range(docs)),
            *(f"s/{k}.js" for k in range(shards))}
    for sub in ("s", "d"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    for path in list(root.iterdir()):
        if path.is_dir() and path.name not in ("s", "d"):
            shutil.rmtree(path)
    for path in [*(root / "s").iterdir(), *(root / "d").iterdir(), *root.glob("*.js")]:
        if path.relative_to(root).as_posix() not in keep:
            path.unlink()
