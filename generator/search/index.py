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
import math
import multiprocessing
import re
import shutil
import tempfile
import unicodedata
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from generator.language.folding import fold, slugify
from generator.model import Dispatch

INDEX_DIR = "search"
FORMAT_VERSION = 2
ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"
MIN_SHARDS, MAX_SHARDS = 16, 4096
"""Bounds of shard_count: at 10,000 dispatches 4,096 shards hold about 2 KB each besides the
few common words' long lists, so a rare word loads little; a small site needs few files."""

FIELD_BOOSTS = {"symbol": 24.0, "subject": 4.0, "meta": 2.0, "body": 1.0}
BM25_K1 = 1.2
BM25_B = 0.75
WEIGHT_SCALE = 4
"""Weights are stored as round(weight * WEIGHT_SCALE), at least 1."""
IDF_SCALE = 10

FACETS = {"type": "!t:", "year": "!y:", "unit": "!u:", "recipient": "!r:"}

_TOKEN = re.compile(r"[^\W_]+")
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_ADD_PREFIX = "archiveSearch.add("


def tokens(text: str) -> list[str]:
    """The NFC lower-case tokens of `text`."""
    return _TOKEN.findall(unicodedata.normalize("NFC", text).lower())


def exact_form(token: str) -> str:
    """The token with its tone mark placed last, so old and new tone placement agree."""
    decomposed = unicodedata.normalize("NFD", token)
    base = "".join(c for c in decomposed if c not in _TONES)
    tones = "".join(c for c in decomposed if c in _TONES)
    return unicodedata.normalize("NFC", base + tones)


@lru_cache(maxsize=1 << 18)
def token_forms(token: str) -> tuple[str, str]:
    """(folded form, "=" + exact form or "" when that equals the folded form) of a token."""
    folded, exact = fold(token), exact_form(token)
    return folded, "=" + exact if exact != folded else ""


def bigrams(folded: list[str]) -> list[str]:
    return [f"{a} {b}" for a, b in zip(folded, folded[1:])]


def shard_count(docs: int) -> int:
    """Shards for an index of `docs` dispatches: the power of two nearest above half of them,
    within MIN_SHARDS..MAX_SHARDS. The pipeline decides it before MkDocs runs: every page
    carries it (extra.search_shards), so the browser knows it without loading anything."""
    shards = MIN_SHARDS
    while shards < docs // 2 and shards < MAX_SHARDS:
        shards *= 2
    return shards


def shard_of(key: str, shards: int) -> int:
    """FNV-1a 32 of the UTF-8 bytes of `key`, modulo `shards`."""
    h = 0x811C9DC5
    for byte in key.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h % shards


def shard_key(term: str) -> str:
    """The string a term is sharded by: exact forms go with their folded form."""
    return fold(term[1:]) if term.startswith("=") else term


@lru_cache(maxsize=1 << 16)
def term_shard(term: str, shards: int) -> int:
    return shard_of(shard_key(term), shards)


def encode_varints(numbers: list[int]) -> str:
    out = []
    for n in numbers:
        while n >= 32:
            out.append(ALPHABET[32 + (n & 31)])
            n >>= 5
        out.append(ALPHABET[n])
    return "".join(out)


def decode_varints(text: str) -> list[int]:
    numbers, value, shift = [], 0, 0
    for ch in text:
        digit = ALPHABET.index(ch)
        value |= (digit & 31) << shift
        if digit >= 32:
            shift += 5
        else:
            numbers.append(value)
            value, shift = 0, 0
    return numbers


def decode_postings(text: str) -> list[tuple[int, int]]:
    """(doc, weight) pairs of an encoded posting list."""
    numbers = decode_varints(text)
    pairs, doc = [], -1
    for gap, weight in zip(numbers[::2], numbers[1::2]):
        doc += gap + 1
        pairs.append((doc, weight))
    return pairs


def facet_values(d: Dispatch) -> dict[str, list[str]]:
    """The filter values of one dispatch, by facet."""
    return {
        "type": [d.doc_type] if d.doc_type else [],
        "year": [d.year] if d.year else [],
        "unit": [d.drafting_unit] if d.drafting_unit else [],
        "recipient": list(dict.fromkeys(r for r in d.recipients if r)),
    }


def facet_key(facet: str, value: str) -> str:
    return FACETS[facet] + (slugify(value) or value)


def doc_blocks(d: Dispatch) -> list[list[str]]:
    """[anchor, text] of every body block, a block without an anchor taking the nearest
    preceding one ("" before the first); paragraphs of body_text when there are no blocks."""
    if not d.blocks:
        return [["", p.strip()] for p in d.body_text.split("\n\n") if p.strip()]
    out, anchor = [], ""
    for b in d.blocks:
        anchor = b.anchor or anchor
        out.append([anchor, b.text])
    return out


def doc_fields(d: Dispatch, blocks: list[list[str]]) -> dict[str, list[str]]:
    """Texts of each weighted field; each text is tokenised on its own (no bigram across).
    `blocks` is doc_blocks(d)."""
    meta = [d.doc_type, d.issuer, d.drafting_unit, d.signer.name, d.year, *d.recipients]
    return {
        "symbol": [d.symbol, d.number],
        "subject": [d.subject],
        "meta": [m for m in meta if m],
        "body": [text for _, text in blocks],
    }


def field_counts(texts: list[str]) -> tuple[Counter[str], int]:
    """Term frequencies (folded tokens, bigrams, exact forms) of a field's texts, and its token count."""
    terms: list[str] = []
    length = 0
    for text in texts:
        forms = list(map(token_forms, tokens(text)))
        folded = [f for f, _ in forms]
        length += len(forms)
        terms += folded
        terms += bigrams(folded)
        terms += [e for _, e in forms if e]
    return Counter(terms), length


def saturated(tf: int, norm: float) -> float:
    """BM25's term-frequency saturation."""
    return tf * (BM25_K1 + 1) / (tf + BM25_K1 * norm)


def doc_terms(d: Dispatch, blocks: list[list[str]]) -> tuple[dict[str, float], Counter[str], int]:
    """One dispatch's terms: the weight of each from the symbol, subject and meta fields (added
    in that order), the body term frequencies, and the body length in tokens. The body's part
    of a weight needs the average body length of the whole archive, so it is added later
    (body_weight), last, as one sum over the fields in order would."""
    fields = doc_fields(d, blocks)
    weights: dict[str, float] = defaultdict(float)
    for field in ("symbol", "subject", "meta"):
        boost = FIELD_BOOSTS[field]
        for term, tf in field_counts(fields[field])[0].items():
            weights[term] += boost * saturated(tf, 1.0)
    body, length = field_counts(fields["body"])
    return weights, body, length


def body_norm(length: int, avg_body: float) -> float:
    return 1 - BM25_B + BM25_B * length / avg_body


def scaled(weight: float) -> int:
    return max(1, round(weight * WEIGHT_SCALE))


def order_docs(dispatches: list[Dispatch]) -> list[Dispatch]:
    """Doc numbering: newest first, then by id (ties in ranking go to the lower number)."""
    by_id = sorted(dispatches, key=lambda d: d.id)
    return sorted(by_id, key=lambda d: d.date, reverse=True)


def idf(df: int, total: int) -> int:
    return 1 + round(IDF_SCALE * math.log(1 + (total - df + 0.5) / (df + 0.5)))


_VARINTS = [encode_varints([n]) for n in range(1024)]


def encode_postings(pairs: list[tuple[int, int]]) -> str:
    out, prev = [], -1
    for doc, weight in pairs:
        gap = doc - prev - 1
        prev = doc
        out.append(_VARINTS[gap] if gap < 1024 else encode_varints([gap]))
        out.append(_VARINTS[weight] if weight < 1024 else encode_varints([weight]))
    return "".join(out)


def facet_table(docs: list[Dispatch]) -> dict[str, list[list]]:
    """Filter choices for the UI: [key, label, count] by facet, most frequent first."""
    table = {}
    for facet in FACETS:
        counts: Counter[str] = Counter(v for d in docs for v in set(facet_values(d)[facet]))
        order = sorted(counts.items(), key=lambda kv: (kv[0] if facet == "year" else -kv[1], kv[0]))
        if facet == "year":
            order.reverse()
        table[facet] = [[facet_key(facet, v), v, c] for v, c in order]
    return table


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


MIN_PARALLEL_DOCS = 2000
"""Below this many docs the index is made in the build process: starting workers costs more."""
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

    With jobs > 1 (from MIN_PARALLEL_DOCS docs) both steps run in `jobs` spawn workers:
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
    if jobs > 1 and len(docs) >= MIN_PARALLEL_DOCS:
        size = -(-len(docs) // jobs)
        starts = range(0, len(docs), size)
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
            ranges = [pool.submit(index_docs, root, docs[s : s + size], s, load, spool_dir / str(r), shards,
                                  SPOOL_BUFFER) for r, s in enumerate(starts)]
            lengths = [length for done in ranges for length in done.result()]
            norms = body_norms(lengths)
            parts = [range(k, shards, jobs) for k in range(jobs)]
            for done in [pool.submit(write_shards, root, spool_dir, len(starts), ks, norms) for ks in parts]:
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
