"""The query side of search in Python: lunr.py over the shards a query loads, exactly as
archive-search.js runs lunr.js over them, so the terminal and the browser agree
(tests/search/test_search_browser.py checks it).

What a query means (`parse_query`; the same in the browser):
- every word is required (a lunr REQUIRED clause); a word typed with marks matches those
  marks, one typed without matches any (the search pipeline, terms.search_form);
- "…" quotes a phrase: its bigrams are required (a phrase of three words or more is then
  checked word by word in each result's text as results are shown, so until every match
  is checked the count is an upper bound, `at_most`); adjacent free words' bigrams only
  add to the score (OPTIONAL);
- while typing, the last word matches as a prefix (lunr's trailing wildcard over the
  `PREFIX_TERMS` most frequent indexed words with that prefix, each counting
  `PREFIX_BOOST` of a whole word), and counts in full where it is already a whole word;
- a query that is a symbol ("381/BHXH-VP") is a phrase; the dispatches that carry it
  (its bigrams matched in the symbol field) come first, linked to the top of the page,
  then those that cite it, marked so;
- when nothing has every word, the best partial matches are returned, marked `partial`;
- a word of `SUGGEST_MIN` letters or more that no dispatch has gets the nearest indexed
  word (lunr's fuzzy TokenSet) as a suggestion.
Filters (type, year, drafting unit, Kính gửi, Nơi nhận; units by registered name, as the
unit pages count them) keep the dispatches that have them all.
Results are sorted by lunr's score (ties: the newer first) or newest first.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from lunr.query import Query as LunrQuery
from lunr.query import QueryPresence

from generator.language.folding import fold, slugify
from generator.language.units import registry
from generator.search import engine
from generator.search.index import INDEX_DIR, read_script
from generator.search.results import result
from generator.search.terms import (
    FACETS,
    PREFIX_BOOST,
    PREFIX_TERMS,
    SUGGEST_MIN,
    bigrams,
    decode_postings,
    exact_form,
    facet_key,
    facet_param,
    prefix_key,
    search_form,
    shard_key,
    shard_of,
    tokens,
)

PAGE_SIZE = 10
SORTS = ("relevance", "newest")

_PHRASE = re.compile(r"[\"“”]([^\"“”]*)[\"“”]")
_SYMBOL = re.compile(r"^\d+/\S+$")

@dataclass(frozen=True)
class Word:
    """A typed word: its NFC lower-case text, and whether it is the prefix being typed."""

    text: str
    prefix: bool = False
    paired: bool = False
    """A word of a phrase, typed without marks: the phrase's bigrams imply it, so it is
    neither looked up nor a clause of its own (it is still marked in snippets)."""

    @cached_property
    def folded(self) -> str:
        return fold(self.text)

    @cached_property
    def term(self) -> str:
        """What it looks up (a prefix: its folded form, expanded by lunr's wildcard)."""
        return self.folded if self.prefix else search_form(self.text)

    def hits(self, token: str) -> bool:
        """Whether a token of a text is this word (for snippets): same marks when typed with
        marks, any marks when typed without, any ending when it is a prefix."""
        if self.prefix:
            return fold(token).startswith(self.folded)
        term = self.term
        return ("=" + exact_form(token)) == term if term.startswith("=") else fold(token) == term


@dataclass
class Query:
    """A parsed query: its words, bigrams, filters and the symbol it asks for."""

    words: list[Word] = field(default_factory=list)
    pairs: list[str] = field(default_factory=list)
    """Folded bigrams of adjacent free words: they raise a score, they are not required."""
    phrase_pairs: list[str] = field(default_factory=list)
    """Folded bigrams of quoted phrases and of a symbol: required."""
    filters: list[str] = field(default_factory=list)
    """Facet keys a result must all have."""
    symbol: str = ""
    """The symbol typed, when the query is one ("381/BHXH-VP")."""
    phrases: list[list[str]] = field(default_factory=list)
    """Folded words of each quoted phrase of three words or more: its bigrams are all in a
    result, and the words in that order are checked in the result's own text."""
    runs: list[list[str]] = field(default_factory=list)
    """Folded words of the symbol and of each quoted phrase of two words or more: a snippet
    marks their words only where the whole run stands (381/BHXH-VP marks no BHXH-VP of 287/BHXH-VP)."""

    def lookups(self) -> list[str]:
        """The terms whose postings the query needs, besides a prefix's words."""
        terms = [search_form(w.text) for w in self.words if not w.paired]
        terms += self.pairs + self.phrase_pairs + self.filters
        return list(dict.fromkeys(terms))


def filter_choices(site_dir: Path) -> dict[str, list[str]]:
    """The labels each filter (terms.FACETS) accepts on a built site (its manifest's choices)."""
    facets = Index(site_dir).manifest["facets"]
    return {facet: [label for _, label, _ in facets.get(facet_param(facet), [])] for facet in FACETS}


UNIT_FACETS = ("unit", "recipients", "distribution")
"""The filters whose values are units: a registered unit's value is its name."""


def resolve_filter(facet: str, value: str, choices: list[str]) -> str | None:
    """The choice a typed filter value means: the same label with or without marks and case,
    or for a unit any spelling of its name, short name or code the unit registry knows
    (Registry.lookup); None when none."""
    if facet in UNIT_FACETS:
        unit = registry().lookup(value)
        if unit and unit.name in choices:
            return unit.name
    return {slugify(c): c for c in choices}.get(slugify(value))


def choice_label(facet: str, choice: str) -> str:
    """A filter choice as a list of choices shows it: a registered unit as "name (code)"."""
    unit = registry().find(choice) if facet in UNIT_FACETS else None
    return f"{choice} ({', '.join(unit.codes)})" if unit and unit.codes else choice


def parse_query(text: str, filters: dict[str, str] | None = None, prefix: bool = False) -> Query:
    """Split a query; `filters` maps a facet to a value (label); `prefix`: the last word is
    still being typed, unless the text ends with a space or a quote."""
    text = unicodedata.normalize("NFC", text)
    phrases = [tokens(p) for p in _PHRASE.findall(text)]
    free = tokens(_PHRASE.sub(" ", text))
    q = Query()
    if not phrases and _SYMBOL.match(text.strip()):
        q.symbol, phrases, free = text.strip(), [free], []
    typing = prefix and free and text == text.rstrip() and text.lower().endswith(free[-1]) and len(free[-1]) > 1
    words = [Word(t) for t in free[:-1] if typing] if typing else [Word(t) for t in free]
    if typing:
        words.append(Word(free[-1], prefix=True))
    for toks in phrases:
        words += [Word(t, paired=len(toks) > 1 and not search_form(t).startswith("=")) for t in toks]
        q.phrase_pairs += [b for b in bigrams([fold(t) for t in toks]) if b not in q.phrase_pairs]
        if len(toks) > 2 and not q.symbol:
            q.phrases.append([fold(t) for t in toks])
        if len(toks) > 1:
            q.runs.append([fold(t) for t in toks])
    q.words = list(dict.fromkeys(words))
    folded_free = [fold(t) for t in free]
    q.pairs = [b for b in dict.fromkeys(bigrams(folded_free)) if b not in q.phrase_pairs]
    q.filters = [facet_key(f, v) for f, v in (filters or {}).items() if v]
    return q


def clauses(q: Query, partial: bool) -> list[dict]:
    """The lunr clauses of a query (keyword arguments of lunr's Query.term); `partial`:
    nothing is required, for the best partial matches."""
    need = QueryPresence.OPTIONAL if partial else QueryPresence.REQUIRED
    out = []
    for w in q.words:
        if w.paired:
            continue
        if w.prefix:
            out.append({"term": w.folded, "use_pipeline": False, "wildcard": LunrQuery.WILDCARD_TRAILING,
                        "boost": PREFIX_BOOST, "presence": need})
            out.append({"term": w.text, "presence": QueryPresence.OPTIONAL})
        else:
            out.append({"term": w.text, "presence": need})
    out += [{"term": b, "presence": need} for b in q.phrase_pairs]
    out += [{"term": b, "presence": QueryPresence.OPTIONAL} for b in q.pairs]
    return out


class Index:
    """The built index of one site, read file by file as queries need it."""

    def __init__(self, site_dir: Path):
        self.root = Path(site_dir) / INDEX_DIR
        if not (self.root / "manifest.js").is_file():
            raise FileNotFoundError(f"{self.root}: no search index (build the site first)")
        self.manifest: dict = read_script(self.root / "manifest.js")
        self.shard_count: int = self.manifest["shards"]
        self.files: dict[str, dict] = {}
        self.loaded: list[str] = []

    def file(self, name: str):
        if name not in self.files:
            self.files[name] = read_script(self.root / f"{name}.js")
            self.loaded.append(f"{name}.js")
        return self.files[name]

    def entry(self, term: str) -> list | None:
        """A term's entry in its shard ([postings, field postings] or, for a filter key,
        [count, postings]); None when no dispatch has it."""
        return self.file(f"s/{shard_of(shard_key(term), self.shard_count)}").get(term)

    def words(self, word: str) -> dict[str, int]:
        """{indexed word: postings} of the prefix file `word` belongs to."""
        return self.file(f"p/{shard_of(prefix_key(word), self.manifest['prefix_files'])}")

    def doc(self, n: int) -> dict:
        return self.file(f"d/{n}")


@dataclass
class Answer:
    """What a query found: the count of matching dispatches and one page of results."""

    total: int = 0
    results: list[dict] = field(default_factory=list)
    partial: bool = False
    """No dispatch has every word: these are the best partial matches."""
    symbol: str = ""
    """The symbol asked for, when the query is one."""
    carried: int = 0
    """How many dispatches carry that symbol (the rest of the results cite it)."""
    suggestion: str = ""
    """The query with a word no dispatch has replaced by the nearest indexed word."""
    at_most: bool = False
    """A long phrase was not checked in every match yet: `total` is an upper bound."""


def ranked(index: Index, q: Query, partial: bool) -> list[tuple[int, float, bool]]:
    """(doc, lunr score, carries the symbol) of every match, in lunr's relevance order
    (carriers first; ties: the newer first)."""
    expansions = [e for w in q.words if w.prefix for e in engine.with_prefix(w.folded, index.words(w.folded),
                                                                               PREFIX_TERMS)]
    entries = {t: e[1] for t in [*q.lookups(), *expansions] if not t.startswith("!") and (e := index.entry(t))}
    allowed = None
    for key in q.filters:
        found = index.entry(key)
        docs = {doc for doc, _ in decode_postings(found[1])} if found else set()
        allowed = docs if allowed is None else allowed & docs
    if not q.words:
        return [(doc, 0.0, False) for doc in sorted(allowed or ())]
    lunr_index = engine.load(entries)
    found = lunr_index.query(callback=lambda lq: [lq.term(**c) for c in clauses(q, partial)])
    symbol_terms = (q.phrase_pairs or [w.term for w in q.words]) if q.symbol else []
    out = []
    for match in found:
        doc = int(match["ref"])
        if allowed is None or doc in allowed:
            meta = match["match_data"].metadata
            carries = bool(symbol_terms) and all("symbol" in meta.get(t, {}) for t in symbol_terms)
            out.append((doc, match["score"], carries))
    return sorted(out, key=lambda r: (not r[2], -round(r[1], 6), r[0]))


def has_phrases(d: dict, phrases: list[list[str]]) -> bool:
    """Whether each phrase occurs word by word in one text of a result (symbol, subject, a block)."""
    texts = [[fold(t) for t in tokens(x)] for x in [d["symbol"], d["subject"], *(b[1] for b in d["blocks"])]]
    return all(any(words[i : i + len(p)] == p for words in texts for i in range(len(words) - len(p) + 1))
               for p in phrases)


def suggest(index: Index, q: Query, text: str) -> str:
    """The query with each long word no dispatch has replaced by its nearest indexed word."""
    out, changed = unicodedata.normalize("NFC", text), False
    for w in q.words:
        if not (w.prefix or w.paired) and len(w.text) >= SUGGEST_MIN and index.entry(w.term) is None:
            near = engine.nearest(w.folded, index.words(w.folded))
            if near:
                out, changed = re.sub(re.escape(w.text), near, out, count=1, flags=re.IGNORECASE), True
    return out if changed else ""


def search(site_dir: Path, text: str, filters: dict[str, str] | None = None, limit: int = PAGE_SIZE,
           offset: int = 0, sort: str = "relevance", prefix: bool = False) -> Answer:
    """One page (`offset`, `limit`) of the answer to a query on a built site; `sort` is
    "relevance" or "newest"; `prefix`: the last word is still being typed."""
    q = parse_query(text, filters, prefix)
    if not (q.words or q.filters):
        return Answer()
    index = Index(site_dir)
    answer = Answer(symbol=q.symbol)
    matches = ranked(index, q, partial=False)
    if not matches and len(q.words) > 1 and not q.symbol:
        matches = ranked(index, q, partial=True)
        answer.partial = bool(matches)
    if sort == "newest":
        matches.sort(key=lambda r: (not r[2], r[0]))
    answer.carried = sum(1 for m in matches if m[2])
    if q.phrases:
        matches, unchecked = checked_phrases(index, matches, q.phrases, offset + limit)
        answer.at_most = unchecked > 0
    answer.total = len(matches)
    answer.suggestion = suggest(index, q, text)
    for doc, score, carries in matches[offset : offset + limit]:
        answer.results.append(result(index.doc(doc), doc, score, q, carries))
    return answer


def checked_phrases(index: Index, matches: list, phrases: list[list[str]], need: int) -> tuple[list, int]:
    """The matches with long phrases checked word by word in their text (each check reads
    the result's file), a batch at a time as the browser does, until `need` have passed:
    the passing ones followed by those not checked yet, and how many those are."""
    kept, unchecked = [], list(matches)
    while len(kept) < need and unchecked:
        batch, unchecked = unchecked[: need - len(kept)], unchecked[need - len(kept) :]
        kept += [m for m in batch if has_phrases(index.doc(m[0]), phrases)]
    return kept + unchecked, len(unchecked)
