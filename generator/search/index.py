"""Search index: lunr's index, in term shards loaded with <script> tags, so it works over
http and from file:// and a query loads only the terms it asks for.

The engine is lunr (lunr.js in the browser, lunr.py in the terminal): a query assembles
the shards it loaded into one small serialised lunr index (`engine.assemble`) and asks
lunr. lunr scores a document as the dot product of the query vector with the document's
field vectors over the query vector's magnitude, a sum over the query's terms, so an
index holding only the query's terms ranks exactly as the whole index does. The writer
streams (spooled postings, bodies loaded one at a time, workers) and computes lunr's field
vector values itself; tests/search/test_search_index.py holds every value equal to lunr.py's own
Builder on the sample and a generated corpus.

Text rules (terms.py; the same in overrides/assets/javascripts/archive-search.js):

- token: a run of letters and digits of the NFC, lower-cased text (`[^\\W_]+`, in JS
  `[\\p{L}\\p{N}]+`); a field's texts are tokenised apart;
- indexed terms of a token (lunr pipeline function "viIndexForms"): its folded form
  (`folding.fold`: no marks, đ→d), "=" + its exact form when that differs (the tone mark
  moved last, so "hoá"/"hóa" agree while "đua" and "dua" do not), and the folded bigram
  with the next token of the same text;
- a typed word looks up (search pipeline function "viSearchForm") its exact form when typed
  with marks, else its folded form.

Index format, under `search/` in the site (every file is JavaScript that calls
`archiveSearch.add(name, data)`; `data` is JSON, or for the s/, p/ and d/ files that JSON
deflated with zlib in a base64 string: 58 % of the bytes at 10,000 dispatches, inflated by
the browser's DecompressionStream, so the size holds from file:// too):

- `manifest.js`: `{"version", "docs": N, "shards": S, "fields": [...], "rules": {...},
  "facets": {facet_param: [[key, label, count], ...]}}`: lunr's fields, the query constants and
  the filter choices (terms.FACETS; units by registered name).
- `s/<k>.js`, k in 0..S-1: `{term: [postings, [field postings, ...]], ...}` for every term
  whose shard key hashes to k (FNV-1a 32 of the UTF-8 bytes, modulo S; the key of an
  "=" term is its folded form). `postings` counts a document once per field (lunr's idf);
  field postings follow `fields` and encode (doc gap - 1, field vector value × 1000) pairs
  as varints in 5-bit groups over ALPHABET, low group first (index ≥ 32: more follow).
  A filter key (terms.FACETS' prefix + slug) maps to `[count, postings]` with value 1.
  S grows with the archive (shard_count) and every page states it (the search form's
  data-shards), so a query loads all its shards in one parallel round.
- `p/<k>.js`, k in 0..P-1 (P: the manifest's "prefix_files"): `{term: postings}` of the
  folded one-word terms whose first two letters hash to k, for the last word typed (a
  prefix) and for "Có phải bạn muốn tìm …".
- `d/<n>.js`: `{"symbol", "date", "subject", "type", "url", "blocks": [[anchor, text], ...]}`,
  fetched only for results that are shown; a block without an anchor of its own carries
  the nearest preceding one, so a hit links there.
- `f.js`: `{filter key: postings}` of every filter choice (as a filter key's in `s/`), loaded
  once results show, for the panel's counts of the current results by choice.
- `lunr.js`: lunr.js 2.3.9 as the installed MkDocs ships it, loaded with the first query.

Docs are numbered 0..N-1, newest first; lunr's document refs are these numbers.
"""

from __future__ import annotations

import base64
import json
import marshal
import shutil
import tempfile
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import mkdocs

from generator.cache import keep_beside, load_beside
from generator.model import Bodies, Body, Dispatch, DispatchMeta
from generator.parallel import pool, worth_parallel
from generator.search.terms import (
    FIELD_BOOSTS,
    FIELDS,
    PREFIX_BOOST,
    PREFIX_TERMS,
    SUGGEST_MIN,
    doc_blocks,
    doc_facets,
    doc_fields,
    encode_postings,
    facet_key,
    facet_postings,
    facet_table,
    facet_values,
    field_words,
    index_terms,
    is_word,
    lunr_idf,
    lunr_norm,
    lunr_score,
    order_docs,
    prefix_files,
    prefix_key,
    shard_of,
    status_of,
    term_shard,
)

INDEX_DIR = "search"
SUBDIRS = ("s", "p", "d")
_ADD_PREFIX = "archiveSearch.add("
FORMAT_VERSION = 3
LUNR_JS = Path(mkdocs.__file__).parent / "contrib" / "search" / "templates" / "search" / "lunr.js"
"""lunr.js as the installed MkDocs ships it (2.3.9, the version lunr.py targets)."""


def script(name: str, data, packed: bool = False) -> str:
    """The JavaScript of one index file; `packed`: its JSON deflated (zlib) and in base64,
    a string the browser inflates with DecompressionStream."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    if packed:
        body = '"' + base64.b64encode(zlib.compress(body.encode("utf-8"))).decode("ascii") + '"'
    return f"{_ADD_PREFIX}{json.dumps(name)},{body});\n"


def read_script(path: Path):
    """The data of one index file (the inverse of `script`)."""
    text = path.read_text(encoding="utf-8")
    name_end = text.index(",", len(_ADD_PREFIX))
    data = json.loads(text[name_end + 1 : text.rindex(");")])
    return json.loads(zlib.decompress(base64.b64decode(data))) if isinstance(data, str) else data


SPOOL_GROUPS = 256
"""Spool files per range of docs: shard k's postings go to file k % SPOOL_GROUPS. One file
per shard meant opening 16,384 files at each flush at 10,000 dispatches (a sixth of the stage)."""


class Spool:
    """Postings on their way to the shards, written by one process for one range of docs: per
    group of shards (spool_group) a file under `root` of lists of (term, field, doc, tf)
    tuples in doc order (field -1: a filter key), each list marshal'd after its length in 8
    bytes (marshal.load from a file is slow). Postings are held per group and appended to the
    files when `buffer` are held."""

    def __init__(self, root: Path, shards: int, buffer: int) -> None:
        self.root, self.shards, self.buffer = root, shards, buffer
        root.mkdir(parents=True)
        self.held_by_group: list[list[tuple]] = [[] for _ in range(spool_groups(shards))]
        self.held = 0

    def add(self, n: int, postings: list[tuple[str, int, int]], keys: list[str]) -> None:
        """Spool doc `n`'s postings (term, field, tf) and filter keys (doc_terms)."""
        held, shards, groups = self.held_by_group, self.shards, len(self.held_by_group)
        for term, field, tf in postings:
            held[term_shard(term, shards) % groups].append((term, field, n, tf))
        for key in keys:
            held[term_shard(key, shards) % groups].append((key, -1, n, 1))
        self.held += len(postings) + len(keys)
        if self.held > self.buffer:
            self.flush()

    def flush(self) -> None:
        for g, postings in enumerate(self.held_by_group):
            if postings:
                blob = marshal.dumps(postings)
                with (self.root / str(g)).open("ab") as out:
                    out.write(len(blob).to_bytes(8, "little") + blob)
                postings.clear()
        self.held = 0


def spool_groups(shards: int) -> int:
    return min(shards, SPOOL_GROUPS)


DocTerms = tuple[list[list[str]], tuple[int, ...], list[tuple[str, int, int]], list[str]]
"""What one doc gives the index: its blocks (doc_blocks), its field lengths in lunr's terms
(the count of indexed terms of each field, FIELDS order), its postings (term, field, tf)
and its filter keys. It depends on the raw file's bytes alone (and the generator, which
keys the parse cache), so it is kept beside the file's parse-cache entry."""


def doc_terms(d: DispatchMeta, body: Body) -> DocTerms:
    blocks = doc_blocks(body)
    lengths, postings = [], []
    for field, texts in enumerate(doc_fields(d, blocks).values()):
        terms = index_terms(field_words(texts))
        lengths.append(len(terms))
        postings += [(term, field, tf) for term, tf in Counter(terms).items()]
    keys = [key for facet, values in facet_values(d).items() for key in dict.fromkeys(facet_key(facet, v) for v in values)]
    return blocks, tuple(lengths), postings, keys


def cached_terms(d: DispatchMeta, bodies: Bodies, terms_dir: Path | None) -> DocTerms:
    """doc_terms of `d`, kept beside its parse-cache entry in `terms_dir` (<sha>.terms) when a
    build before made them, else made from its body and kept there; a rebuild reads and
    tokenises only the new and changed docs."""
    entry = load_beside(terms_dir, d.sha256, ".terms")
    if entry is None:
        entry = doc_terms(d, bodies(d))
        keep_beside(terms_dir, d.sha256, ".terms", entry)
    return entry


def spooled(spool_dir: Path, ranges: int, g: int) -> Iterator[tuple]:
    """The spooled postings of the shards of group `g`, in doc order: the files of the ranges in turn."""
    for r in range(ranges):
        path = spool_dir / str(r) / str(g)
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
    root: Path, docs: list[DispatchMeta], first: int, bodies: Bodies,
    spool_dir: Path, shards: int, buffer: int, terms_dir: Path | None = None, statuses: dict[str, str] | None = None,
) -> list[tuple[int, ...]]:
    """Write the doc files of `docs`, numbered from `first`, and spool their postings to
    `spool_dir`; returns their field lengths. Each doc's terms come from `terms_dir` or its
    body (cached_terms), held one doc at a time; its status key (by id in `statuses`) is
    added here, as it depends on the other docs."""
    spool = Spool(spool_dir, shards, buffer)
    lengths = []
    for n, d in enumerate(docs, first):
        blocks, doc_lengths, postings, keys = cached_terms(d, bodies, terms_dir)
        write_script(root, f"d/{n}", {
            "symbol": d.symbol, "date": d.date, "subject": d.subject, "type": d.doc_type,
            "url": d.url, "blocks": blocks})
        spool.add(n, postings, keys + [facet_key("status", s) for s in status_of(d, statuses)])
        lengths.append(doc_lengths)
    spool.flush()
    return lengths


class Scoring:
    """What lunr's field vector values need beyond one posting: each field's boost and, per
    field and doc, the length part of the BM25 denominator (from every doc's field lengths
    and each field's average), computed once rather than per posting."""

    def __init__(self, lengths: list[tuple[int, ...]]) -> None:
        self.docs = len(lengths)
        docs = max(1, self.docs)
        averages = [sum(ls[f] for ls in lengths) / docs for f in range(len(FIELDS))]
        self.norms = [[lunr_norm(ls[f], averages[f]) for ls in lengths] for f in range(len(FIELDS))]
        self.boosts = [FIELD_BOOSTS[f] for f in FIELDS]


def shard_terms(postings: Iterable[tuple], scoring: Scoring) -> dict[str, list]:
    """{term: [postings, [field postings...]]} (filter keys: [count, postings]) of one shard's
    spooled postings, terms sorted."""
    norms, boosts = scoring.norms, scoring.boosts
    by_term: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for term, field, n, tf in postings:
        by_term[term].append((field, n, tf))
    out: dict[str, list] = {}
    for term in sorted(by_term):
        found = by_term[term]
        if term.startswith("!"):
            out[term] = [len(found), encode_postings([(n, 1) for _, n, _ in found])]
            continue
        idf = lunr_idf(len(found), scoring.docs)
        fields: list[list[tuple[int, int]]] = [[] for _ in FIELDS]
        for field, n, tf in found:  # lunr's value in thousandths (lunr rounds to 3 places)
            fields[field].append((n, round(lunr_score(idf, tf, norms[field][n], boosts[field]) * 1000)))
        out[term] = [len(found), [encode_postings(pairs) for pairs in fields]]
    return out


def write_shards(root: Path, spool_dir: Path, ranges: int, shards: int, groups: range,
                 scoring: Scoring) -> dict[str, int]:
    """Write the shard files of spool groups `groups` of the index in `root` from the spool of
    `ranges` ranges; returns {term: postings} of their one-word folded terms, for the prefix files."""
    words: dict[str, int] = {}
    for g in groups:
        by_shard: dict[int, list[tuple]] = {k: [] for k in range(g, shards, spool_groups(shards))}
        for posting in spooled(spool_dir, ranges, g):
            by_shard[term_shard(posting[0], shards)].append(posting)
        for k, postings in by_shard.items():
            terms = shard_terms(postings, scoring)
            write_script(root, f"s/{k}", terms)
            words.update((t, e[0]) for t, e in terms.items() if is_word(t))
    return words


def write_prefixes(root: Path, words: dict[str, int], files: int) -> None:
    """The prefix files: p/<k>.js holds the words whose prefix_key hashes to k."""
    by_file: dict[int, dict[str, int]] = defaultdict(dict)
    for word in sorted(words):
        by_file[shard_of(prefix_key(word), files)][word] = words[word]
    for k in range(files):
        write_script(root, f"p/{k}", by_file.get(k, {}))


def write_index(
    site_dir: Path, dispatches: list[DispatchMeta], shards: int, spool_dir: Path | None = None,
    bodies: Bodies = Dispatch.body, jobs: int = 1, terms_dir: Path | None = None, statuses: dict[str, str] | None = None,
) -> None:
    """Write site_dir/search/ for `dispatches` in `shards` shards (shard_count).

    `bodies` gives each dispatch's body (the parse cache's BodyStore in a build; by default
    the dispatch's own) and is called once per dispatch whose terms `terms_dir` does not
    hold yet (cached_terms; None: no such cache). Memory does not grow with the postings: each doc's file is written and
    its postings spooled to `spool_dir` (a scratch dir, emptied first and removed after;
    by default a temporary one), then each shard is made from its spool files alone.

    When workers are worth starting (parallel.worth_parallel) both steps run in `jobs` spawn workers:
    each indexes one contiguous range of the numbered docs (so `bodies` must pickle), and
    each writes the shards of every jobs-th spool group, reading the ranges' spools in doc order. Only the
    field lengths come back to this process, for the average lengths lunr scores with."""
    if spool_dir is None:
        with tempfile.TemporaryDirectory() as tmp:
            return write_index(site_dir, dispatches, shards, Path(tmp) / "spool", bodies, jobs, terms_dir, statuses)
    docs = order_docs(dispatches)
    root = site_dir / INDEX_DIR
    values = [doc_facets(d, statuses) for d in docs]  # the filter choices and f.js, read once
    prepare_dir(root, len(docs), shards)
    shutil.rmtree(spool_dir, ignore_errors=True)
    if worth_parallel(jobs, len(docs), MS_PER_DOC, "spawn"):
        size = -(-len(docs) // jobs)
        starts = range(0, len(docs), size)
        with pool(jobs, "spawn") as workers:
            ranges = [workers.submit(index_docs, root, docs[s : s + size], s, bodies, spool_dir / str(r), shards,
                                  SPOOL_BUFFER, terms_dir, statuses) for r, s in enumerate(starts)]
            lengths = [length for done in ranges for length in done.result()]
            scoring = Scoring(lengths)
            parts = [range(g, spool_groups(shards), jobs) for g in range(jobs)]
            words: dict[str, int] = {}
            for done in [workers.submit(write_shards, root, spool_dir, len(starts), shards, groups, scoring)
                         for groups in parts]:
                words.update(done.result())
    else:
        scoring = Scoring(index_docs(root, docs, 0, bodies, spool_dir / "0", shards, SPOOL_BUFFER, terms_dir, statuses))
        words = write_shards(root, spool_dir, 1, shards, range(spool_groups(shards)), scoring)
    write_prefixes(root, words, prefix_files(shards))
    write_script(root, "manifest", {
        "version": FORMAT_VERSION, "docs": len(docs), "shards": shards, "prefix_files": prefix_files(shards),
        "fields": list(FIELDS),
        "rules": {"prefix_terms": PREFIX_TERMS, "suggest_min": SUGGEST_MIN, "prefix_boost": PREFIX_BOOST},
        "facets": facet_table(values)})
    write_script(root, "f", facet_postings(values))
    shutil.copyfile(LUNR_JS, root / "lunr.js")
    shutil.rmtree(spool_dir)


def write_script(root: Path, name: str, data) -> None:
    """Write one index file; the term, prefix and result files are packed (`script`)."""
    packed = not name.startswith(("manifest", "lunr"))
    (root / f"{name}.js").write_bytes(script(name, data, packed).encode("utf-8"))


def prepare_dir(root: Path, docs: int, shards: int) -> None:
    """Make `root` hold nothing but what the index of `docs` dispatches in `shards` shards
    writes. Files are overwritten in place later: creating thousands anew right after
    deleting them is ten times slower on ext4."""
    keep = {"manifest.js", "lunr.js", "f.js", *(f"d/{n}.js" for n in range(docs)),
            *(f"s/{k}.js" for k in range(shards)), *(f"p/{k}.js" for k in range(prefix_files(shards)))}
    for sub in SUBDIRS:
        (root / sub).mkdir(parents=True, exist_ok=True)
    for path in list(root.iterdir()):
        if path.is_dir() and path.name not in SUBDIRS:
            shutil.rmtree(path)
    for path in [*(p for sub in SUBDIRS for p in (root / sub).iterdir()), *root.glob("*.js")]:
        if path.relative_to(root).as_posix() not in keep:
            path.unlink()
