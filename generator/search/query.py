"""The query side of the search index in Python: the same ranking as the browser's.

`search(site_dir, query, filters)` reads only the shards the query needs and the
document files of the results it returns, exactly as archive-search.js does, so the
terminal and the browser agree (tests/test_search_browser.py checks it). `format_results`
prints them for the terminal.

Ranking: for every distinct folded query token, score += idf × weight of the folded term
(and `matched` += 1); for an accented token, += idf × weight of its exact form; for every
adjacent pair, += idf × weight of the bigram. Final score = score × matched. Quoted
phrases are required (all their bigrams present), and so is every filter. Ties go to the
newer document (lower number); a query of filters only lists every document that
has them. A phrase of three words or more is then checked word by
word in the symbol, subject and blocks of each result as it is read; results that fail are
skipped, so the count of matches is an upper bound when such a phrase is used.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from generator.language.folding import fold
from generator.language.dates import dmy_date
from generator.search.index import INDEX_DIR, read_script
from generator.search.terms import bigrams, decode_postings, exact_form, facet_key, shard_key, shard_of, tokens

_PHRASE = re.compile(r"[\"“”]([^\"“”]*)[\"“”]")
_TOKEN_SPAN = re.compile(r"[^\W_]+")
SNIPPET_BEFORE = 10
SNIPPET_TOKENS = 40
HIT_START, HIT_END = "\x01", "\x02"
"""Placeholders around a hit while a result is wrapped for the terminal."""


@dataclass
class Query:
    """A parsed query: the terms to look up and what a result must contain."""

    units: list[str] = field(default_factory=list)
    """Distinct folded tokens, in query order."""
    exact: list[str] = field(default_factory=list)
    """"=" + exact form of every accented token."""
    pairs: list[str] = field(default_factory=list)
    """Distinct folded bigrams of the free text and of each phrase."""
    required: list[list[str]] = field(default_factory=list)
    """Per phrase or filter, the terms a result must all have."""
    phrases: list[list[str]] = field(default_factory=list)
    """Folded tokens of each quoted phrase of three tokens or more, checked word by word."""


def parse_query(text: str, filters: dict[str, str] | None = None) -> Query:
    """Split a query into terms; `filters` maps a facet to a value (label)."""
    text = unicodedata.normalize("NFC", text)
    phrases = [tokens(p) for p in _PHRASE.findall(text)]
    free = tokens(_PHRASE.sub(" ", text))
    q = Query()
    for toks in [free, *phrases]:
        folded = [fold(t) for t in toks]
        q.units += [f for f in folded if f not in q.units]
        q.exact += [e for t in toks if (e := "=" + exact_form(t)) != "=" + fold(t) and e not in q.exact]
        q.pairs += [b for b in bigrams(folded) if b not in q.pairs]
    for toks in phrases:
        folded = [fold(t) for t in toks]
        if folded:
            q.required.append(bigrams(folded) or folded)
        if len(folded) > 2:
            q.phrases.append(folded)
    for facet, value in (filters or {}).items():
        if value:
            q.required.append([facet_key(facet, value)])
    return q


class Index:
    """The built index of one site, read file by file as queries need it."""

    def __init__(self, site_dir: Path):
        self.root = Path(site_dir) / INDEX_DIR
        if not (self.root / "manifest.js").is_file():
            raise FileNotFoundError(f"{self.root}: no search index (build the site first)")
        self.shard_count: int = read_script(self.root / "manifest.js")["shards"]
        self.shards: dict[int, dict] = {}
        self.loaded: list[str] = []

    def entry(self, term: str) -> tuple[int, list[tuple[int, int]]]:
        """(idf, postings) of a term; (0, []) when absent."""
        k = shard_of(shard_key(term), self.shard_count)
        if k not in self.shards:
            self.shards[k] = read_script(self.root / "s" / f"{k}.js")
            self.loaded.append(f"s/{k}.js")
        found = self.shards[k].get(term)
        return (found[0], decode_postings(found[1])) if found else (0, [])

    def doc(self, n: int) -> dict:
        self.loaded.append(f"d/{n}.js")
        return read_script(self.root / "d" / f"{n}.js")


def rank(index: Index, q: Query) -> list[tuple[int, int]]:
    """(doc, score) of every match, best first."""
    score: dict[int, int] = {}
    matched: dict[int, int] = {}
    for unit in q.units:
        idf, postings = index.entry(unit)
        for doc, weight in postings:
            score[doc] = score.get(doc, 0) + idf * weight
            matched[doc] = matched.get(doc, 0) + 1
    for term in q.exact + q.pairs:
        idf, postings = index.entry(term)
        for doc, weight in postings:
            if doc in score:
                score[doc] += idf * weight
    candidates = set(score) if q.units else {doc for doc, _ in index.entry(q.required[0][0])[1]}
    for terms in q.required:
        for term in terms:
            candidates &= {doc for doc, _ in index.entry(term)[1]}
    ranked = [(doc, score.get(doc, 0) * matched.get(doc, 0)) for doc in candidates]
    return sorted(ranked, key=lambda r: (-r[1], r[0]))


def best_block(blocks: list[list[str]], q: Query) -> int:
    """Index of the block that best matches the query, -1 when none matches."""
    best, best_score = -1, 0
    for i, (_, text) in enumerate(blocks):
        folded = [fold(t) for t in tokens(text)]
        distinct = len(set(folded) & set(q.units))
        pairs = len(set(bigrams(folded)) & set(q.pairs))
        hits = sum(1 for f in folded if f in q.units)
        block_score = distinct * 10_000 + pairs * 100 + min(hits, 99)
        if block_score > best_score:
            best, best_score = i, block_score
    return best


def window_start(folded: list[str], q: Query) -> int:
    """The hit whose window holds the most distinct query words (the first such), else 0."""
    units, reach = set(q.units), SNIPPET_TOKENS - SNIPPET_BEFORE
    best, best_count = 0, 0
    for i, word in enumerate(folded):
        if word in units:
            count = len(units.intersection(folded[i : i + reach]))
            if count > best_count:
                best, best_count = i, count
    return best


def snippet(text: str, q: Query) -> list[tuple[str, bool]]:
    """Segments (text, is_hit) of a window of `text` around its densest hit."""
    text = unicodedata.normalize("NFC", text)
    spans = [m.span() for m in _TOKEN_SPAN.finditer(text)]
    if not spans:
        return [(text, False)]
    folded = [fold(text[a:b].lower()) for a, b in spans]
    hits = [f in q.units for f in folded]
    start = max(0, window_start(folded, q) - SNIPPET_BEFORE)
    end = min(len(spans), start + SNIPPET_TOKENS)
    segments: list[tuple[str, bool]] = [("…", False)] if start > 0 else []
    pos = spans[start][0]
    for (a, b), hit in zip(spans[start:end], hits[start:end]):
        if hit:
            segments += [(text[pos:a], False), (text[a:b], True)]
            pos = b
    segments.append((text[pos : spans[end - 1][1]], False))
    if end < len(spans):
        segments.append(("…", False))
    return [s for s in segments if s[0]]


def has_phrases(d: dict, q: Query) -> bool:
    """Whether every long phrase of the query occurs word by word in one text of the doc."""
    texts = [[fold(t) for t in tokens(x)] for x in [d["symbol"], d["subject"], *(b[1] for b in d["blocks"])]]
    return all(
        any(words[i : i + len(p)] == p for words in texts for i in range(len(words) - len(p) + 1))
        for p in q.phrases
    )


def result(d: dict, doc: int, score: int, q: Query) -> dict:
    """What a result shows: symbol, date, subject, snippet, link to the matching block."""
    blocks = d["blocks"]
    i = best_block(blocks, q)
    anchor = blocks[i][0] if i >= 0 else ""
    text = blocks[i][1] if i >= 0 else (blocks[0][1] if blocks else d["subject"])
    return {
        "doc": doc, "score": score, "symbol": d["symbol"], "date": d["date"],
        "subject": d["subject"], "type": d["type"],
        "url": d["url"] + (f"#{anchor}" if anchor else ""),
        "snippet": snippet(text, q),
    }


def search(site_dir: Path, text: str, filters: dict[str, str] | None = None,
           limit: int = 10) -> tuple[int, list[dict]]:
    """(number of matches, the first `limit` results) for a query on a built site."""
    q = parse_query(text, filters)
    if not (q.units or q.required):
        return 0, []
    index = Index(site_dir)
    ranked = rank(index, q)
    total, results = len(ranked), []
    for doc, score in ranked:
        if len(results) == limit:
            break
        d = index.doc(doc)
        if has_phrases(d, q):
            results.append(result(d, doc, score, q))
        else:
            total -= 1
    return total, results


def format_results(total: int, results: list[dict], bold: bool, width: int = 100) -> str:
    """Results for the terminal: symbol, date, type, subject, link, and the snippet with its
    hits in bold (`bold`, for a terminal) or between « » (for a file or a pipe)."""
    start, end = ("\x1b[1m", "\x1b[0m") if bold else ("«", "»")
    lines = [f"{total} văn bản"]
    for n, r in enumerate(results, 1):
        marked = "".join(f"{HIT_START}{t}{HIT_END}" if hit else t for t, hit in r["snippet"])
        marked = re.sub(f"{HIT_END}(\\s+){HIT_START}", r"\1", " ".join(marked.split()))
        lines.append(f"{n}. {r['symbol'] or '—'} · {dmy_date(r['date'])} · {r['type'] or '—'}")
        lines += textwrap.wrap(r["subject"], width, initial_indent="   ", subsequent_indent="   ")
        lines.append(f"   {r['url']}")
        wrapped = textwrap.wrap(marked, width, initial_indent="   > ", subsequent_indent="     ")
        lines += [w.replace(HIT_START, start).replace(HIT_END, end) for w in wrapped]
    return "\n".join(lines)
