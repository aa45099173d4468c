"""Search terms: what a dispatch's text becomes in the index, shared by the writer (`index`)
and the terminal search (`query`): tokens and their folded and exact forms, bigrams, lunr's
field scoring, facet keys, shard keys and the varint encoding of postings. The rules are stated in
`index`'s docstring and mirrored in overrides/assets/javascripts/archive-search.js.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from functools import lru_cache

from generator.language.folding import fold, slugify
from generator.language.units import registry
from generator.model import Body, DispatchMeta

ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"
MIN_SHARDS, MAX_SHARDS = 16, 1 << 15
"""Bounds of shard_count. Every shard a query loads brings the other terms hashed with its
own: at 10,000 dispatches 16,384 shards hold about 1.7 KB each besides the common words'
long lists (4,096 shards: 6.9 KB, a quarter of a query's bytes)."""
MAX_PREFIX_FILES = 1024
"""The prefix files are keyed by two letters, of which an archive has a few thousand."""

FIELDS = ("symbol", "subject", "meta", "body")
"""lunr's fields, in the order every index file lists them (a posting's field is its place)."""
FIELD_BOOSTS = {"symbol": 24, "subject": 4, "meta": 2, "body": 1}
"""lunr field boosts: a dispatch's own number outweighs words that cite it."""
BM25_K1 = 1.2
BM25_B = 0.75
"""lunr's defaults (Builder._k1, Builder._b), stated so the streamed writer uses the same."""
PREFIX_TERMS = 20
"""The indexed words a prefix being typed stands for: the most frequent that start with it."""
PREFIX_BOOST = 0.1
"""What each word a prefix being typed stands for counts, against a whole word's 1."""
SUGGEST_MIN = 5
"""A word this long or longer that no dispatch has gets the nearest indexed word suggested."""
BOUNDARY = "\u00b6"
"""Put between the texts of one field: no bigram crosses it and it is not a term."""

FACETS = {"type": "!t:", "year": "!y:", "unit": "!u:", "recipients": "!k:", "distribution": "!n:", "status": "!s:"}
"""Filters (named as model.py's fields) and the prefix of their keys in the index;
archive-search.html has a list for each. "status" (pages/status.py) depends on the
whole archive, not the file: it is not in facet_values."""
FACET_PARAMS = {"recipients": "kinh_gui", "distribution": "noi_nhan"}
"""What the site calls these filters (Nghị định 30's words): the index manifest's keys, the
search form's fields and the URLs it makes (archive-search.html, archive-search.js), kept so
bookmarked searches still work; the others are called by their facet name."""

_TOKEN = re.compile(r"[^\W_]+")
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


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
    """Shards for an index of `docs` dispatches: the power of two at or above their number,
    within MIN_SHARDS..MAX_SHARDS. The pipeline decides it before MkDocs runs: every page
    carries it (extra.search_shards), so the browser knows it without loading anything."""
    shards = MIN_SHARDS
    while shards < docs and shards < MAX_SHARDS:
        shards *= 2
    return shards


def prefix_files(shards: int) -> int:
    """How many prefix files an index of `shards` shards has (the manifest states it)."""
    return min(shards, MAX_PREFIX_FILES)


def fnv1a(key: str) -> int:
    """FNV-1a 32 of the UTF-8 bytes of `key` (archive-search.js computes the same)."""
    h = 0x811C9DC5
    for byte in key.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def shard_of(key: str, shards: int) -> int:
    """The file of `shards` that holds `key`: its FNV-1a 32 modulo `shards`."""
    return fnv1a(key) % shards


def is_word(term: str) -> bool:
    """Whether a term is a folded one-word term (what prefixes and suggestions look among)."""
    return not term.startswith(("=", "!")) and " " not in term


def prefix_key(word: str) -> str:
    """The string a word's prefix file is chosen by: its first two letters."""
    return word[:2]


def shard_key(term: str) -> str:
    """The string a term is sharded by: exact forms go with their folded form."""
    return fold(term[1:]) if term.startswith("=") else term


@lru_cache(maxsize=1 << 16)
@lru_cache(maxsize=1 << 18)
def term_hash(term: str) -> int:
    """fnv1a of the term's shard_key, kept for the most recent terms: the index stage asks
    it for every posting (7 million at 10,000 dispatches, a few hundred thousand terms), and
    hashing byte by byte in Python was a third of the stage."""
    return fnv1a(shard_key(term))


def term_shard(term: str, shards: int) -> int:
    return term_hash(term) % shards


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


def facet_values(d: DispatchMeta) -> dict[str, list[str]]:
    """The filter values of one dispatch, by facet: Kính gửi and Nơi nhận by registered unit
    (Registry.addressees), as the unit pages count them (a unit's page lists what is sent to
    it either way, so the Nơi nhận filter holds the Kính gửi units too); the drafting unit by
    its registered name, else its code."""
    sent = registry().addressees(d)
    return {
        "type": [d.doc_type] if d.doc_type else [],
        "year": [d.year] if d.year else [],
        "unit": [registry().code_name(d.drafting_unit) or d.drafting_unit] if d.drafting_unit else [],
        "recipients": [u.name for u in sent.recipients],
        "distribution": [u.name for u in (*sent.recipients, *sent.distribution)],
    }


def facet_key(facet: str, value: str) -> str:
    return FACETS[facet] + (slugify(value) or value)


def doc_blocks(body: Body) -> list[list[str]]:
    """[anchor, text] of every body block, a block without an anchor taking the nearest
    preceding one ("" before the first); paragraphs of body_text when there are no blocks."""
    if not body.blocks:
        return [["", p.strip()] for p in body.body_text.split("\n\n") if p.strip()]
    out, anchor = [], ""
    for b in body.blocks:
        anchor = b.anchor or anchor
        out.append([anchor, b.text])
    return out


def doc_fields(d: DispatchMeta, blocks: list[list[str]]) -> dict[str, list[str]]:
    """Texts of each lunr field; each text is tokenised on its own (no bigram across).
    `blocks` is doc_blocks of its body."""
    meta = [d.doc_type, d.issuer, d.drafting_unit, d.signer.name, d.year, *d.recipients]
    return {
        "symbol": [d.symbol, d.number],
        "subject": [d.subject],
        "meta": [m for m in meta if m],
        "body": [text for _, text in blocks],
    }


def token_terms(word: str, next_word: str | None) -> list[str]:
    """What lunr indexes for one token (the index pipeline function "viIndexForms"): its
    folded form, "=" + its exact form when that differs, and the folded bigram with the next
    token of the same text (`next_word`; None or BOUNDARY: none). BOUNDARY itself: nothing."""
    if word == BOUNDARY:
        return []
    folded, exact = token_forms(word)
    out = [folded, exact] if exact else [folded]
    if next_word is not None and next_word != BOUNDARY:
        out.append(folded + " " + token_forms(next_word)[0])
    return out


def index_terms(words: list[str]) -> list[str]:
    """Every term lunr indexes for a field's tokens (field_words), in order: token_terms of
    each, so the streamed writer counts the terms and field lengths lunr's Builder counts."""
    last = len(words) - 1
    return [t for i, w in enumerate(words) for t in token_terms(w, words[i + 1] if i < last else None)]


def search_form(word: str) -> str:
    """The term a typed word looks up (the search pipeline function): "=" + its exact form
    when typed with marks (one word), else its folded form, so "đua" finds only "đua" while
    "dua" finds both."""
    folded, exact = token_forms(word) if " " not in word else (fold(word), "")
    return exact or folded


def order_docs(dispatches: list[DispatchMeta]) -> list[DispatchMeta]:
    """Doc numbering: newest first, then by id (ties in ranking go to the lower number)."""
    by_id = sorted(dispatches, key=lambda d: d.id)
    return sorted(by_id, key=lambda d: d.date, reverse=True)


def field_words(texts: list[str]) -> list[str]:
    """The tokens lunr is given for one field: each text's tokens, BOUNDARY between texts."""
    words: list[str] = []
    for text in texts:
        if words:
            words.append(BOUNDARY)
        words += tokens(text)
    return words


def lunr_idf(postings: int, docs: int) -> float:
    """lunr's idf (lunr.idf.idf): `postings` counts a dispatch once per field holding the term."""
    x = (docs - postings + 0.5) / (postings + 0.5)
    return math.log(1 + abs(x))


def lunr_norm(length: int, avg_length: float) -> float:
    """The length part of lunr's BM25 denominator for one field of one document, as
    Builder._create_field_vectors computes it: the same for every term of that field.
    A field empty in every document (average 0) has no terms, so its norm is never used;
    it is taken as an empty field's (length 0), where lunr would divide by zero."""
    ratio = length / avg_length if avg_length else 0.0
    return BM25_K1 * (1 - BM25_B + BM25_B * ratio)


def lunr_score(idf: float, tf: int, norm: float, boost: float) -> float:
    """A term's value in a field vector, exactly as lunr's Builder._create_field_vectors
    computes it (same operations in the same order, rounded to 3 places; `norm` is
    lunr_norm of the field; its document boost is 1 here, as no document is boosted)."""
    score = idf * ((BM25_K1 + 1) * tf) / (norm + tf)
    score *= boost
    return round(score, 3)


_VARINTS = [encode_varints([n]) for n in range(1 << 15)]
"""The varint of every gap and value below 32,768 (nearly all of them), made once."""


def encode_postings(pairs: list[tuple[int, int]]) -> str:
    out, prev = [], -1
    for doc, weight in pairs:
        gap = doc - prev - 1
        prev = doc
        out.append(_VARINTS[gap] if gap < 32768 else encode_varints([gap]))
        out.append(_VARINTS[weight] if weight < 32768 else encode_varints([weight]))
    return "".join(out)


def facet_param(facet: str) -> str:
    """What the site calls a facet (FACET_PARAMS)."""
    return FACET_PARAMS.get(facet, facet)


def status_of(d: DispatchMeta, statuses: dict[str, str] | None) -> list[str]:
    """The status filter value of `d` ([] without statuses)."""
    return [statuses[d.id]] if statuses and d.id in statuses else []


def doc_facets(d: DispatchMeta, statuses: dict[str, str] | None) -> dict[str, list[str]]:
    """Every filter value of `d` by facet: facet_values and its status (status_of)."""
    return {**facet_values(d), "status": status_of(d, statuses)}


def facet_table(values: list[dict[str, list[str]]]) -> dict[str, list[list]]:
    """Filter choices for the UI from each doc's doc_facets: [key, label, count] by
    facet_param, most frequent first."""
    table = {}
    for facet in FACETS:
        counts: Counter[str] = Counter(v for doc in values for v in set(doc[facet]))
        order = sorted(counts.items(), key=lambda kv: (kv[0] if facet == "year" else -kv[1], kv[0]))
        if facet == "year":
            order.reverse()
        table[facet_param(facet)] = [[facet_key(facet, v), v, c] for v, c in order]
    return table


def facet_postings(values: list[dict[str, list[str]]]) -> dict[str, str]:
    """{filter key: postings of the docs (numbered as `values`, each doc's doc_facets) that
    have it}, for the search panel's counts of the current results by filter choice."""
    found: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for n, doc in enumerate(values):
        for facet, chosen in doc.items():
            for key in dict.fromkeys(facet_key(facet, v) for v in chosen):
                found[key].append((n, 1))
    return {key: encode_postings(pairs) for key, pairs in sorted(found.items())}
