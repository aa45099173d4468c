"""lunr as the search engine: the Vietnamese pipeline functions registered with lunr.py under
the names archive-search.js registers them with lunr.js, the lunr Builder the index is held
equal to, and the small lunr index a query assembles from the shards it loaded.

Shapes: a loaded term is `{term: [field postings, ...]}` in `FIELDS` order, each an encoded
list of (doc, field vector value × 1000) (terms.encode_postings); document refs are the
docs' numbers as strings; a field ref is "field/doc", as lunr writes it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import lunr
from lunr.builder import Builder
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.token import Token
from lunr.token_set import TokenSet

from generator.search.terms import FIELD_BOOSTS, FIELDS, decode_postings, search_form, token_terms

INDEX_PIPELINE = "viIndexForms"
SEARCH_PIPELINE = "viSearchForm"


def vi_index_forms(token: Token, i: int, tokens: list[Token]) -> list[Token]:
    """lunr index pipeline function: the terms of one token (terms.token_terms)."""
    following = str(tokens[i + 1]) if i + 1 < len(tokens) else None
    return [Token(term, token.metadata) for term in token_terms(str(token), following)]


def vi_search_form(token: Token, i: int, tokens: list[Token]) -> Token:
    """lunr search pipeline function: the term a typed word looks up (terms.search_form)."""
    return Token(search_form(str(token)), token.metadata)


Pipeline.register_function(vi_index_forms, INDEX_PIPELINE)
Pipeline.register_function(vi_search_form, SEARCH_PIPELINE)


def builder() -> Builder:
    """lunr's own Builder set up as the archive's index is (fields, boosts, pipelines); a
    field's value is its list of tokens (terms.field_words)."""
    b = Builder()
    b.pipeline.add(vi_index_forms)
    b.search_pipeline.add(vi_search_form)
    for field in FIELDS:
        b.field(field, FIELD_BOOSTS[field])
    return b


def assemble(entries: dict[str, list[str]]) -> dict:
    """The serialised lunr index (lunr-schema, as lunr.Index.load takes it) holding only
    `entries`' terms: their postings and their values in the documents' field vectors.
    Term indexes follow the sorted terms, so each vector's elements come in index order."""
    inverted, vectors = [], defaultdict(list)
    for i, term in enumerate(sorted(entries)):
        posting: dict = {"_index": i}
        for field, encoded in zip(FIELDS, entries[term]):
            refs = posting[field] = {}
            for doc, milli in decode_postings(encoded):
                refs[str(doc)] = {}
                vectors[f"{field}/{doc}"] += [i, milli / 1000]
        inverted.append([term, posting])
    return {"version": lunr.__TARGET_JS_VERSION__, "fields": list(FIELDS),
            "fieldVectors": [[ref, elements] for ref, elements in vectors.items()],
            "invertedIndex": inverted, "pipeline": [SEARCH_PIPELINE]}


def load(entries: dict[str, list[str]]) -> Index:
    return Index.load(assemble(entries))


def nearest(word: str, words: dict[str, int]) -> str | None:
    """The indexed word within one edit of `word` (else two), the most frequent first,
    found with lunr's fuzzy TokenSet; None when there is none."""
    indexed = TokenSet.from_list(sorted(words))
    for distance in (1, 2):
        found = [w for w in indexed.intersect(TokenSet.from_fuzzy_string(word, distance)).to_list() if w != word]
        if found:
            return min(found, key=lambda w: (-words[w], w))
    return None


def with_prefix(prefix: str, words: dict[str, int], most: int) -> list[str]:
    """The `most` most frequent indexed words that start with `prefix`."""
    found: Iterable[str] = (w for w in words if w.startswith(prefix))
    return sorted(found, key=lambda w: (-words[w], w))[:most]
