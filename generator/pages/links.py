"""Links between dispatches: which cited documents are in the archive, and who cites whom.

Numbering restarts every year, so a reference is resolved by symbol AND year; a
reference without a date resolves only when exactly one dispatch has that symbol.
Symbols are compared folded and without spaces ("01/BHXH-TĐKT" = "01/BHXH-TDKT").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.language.folding import fold
from generator.model import DispatchMeta, Reference


def symbol_key(symbol: str) -> str:
    return "".join(fold(symbol).split())


@dataclass
class Links:
    """The resolved references of an archive."""

    urls: dict[Reference, str] = field(default_factory=dict)
    """Reference → URL of the dispatch it names (site-root relative), for those in the archive."""
    cited_by: dict[str, list[DispatchMeta]] = field(default_factory=dict)
    """Dispatch id → the dispatches citing it, newest first."""
    missing: dict[tuple[str, str, str], list[DispatchMeta]] = field(default_factory=dict)
    """(doc_type, symbol, date) of a document not in the archive → the dispatches citing it."""


def resolve(ref: Reference, by_symbol: dict[str, list[DispatchMeta]]) -> DispatchMeta | None:
    """The archived dispatch a reference names, or None."""
    candidates = by_symbol.get(symbol_key(ref.symbol), [])
    if ref.date:
        candidates = [d for d in candidates if d.year == ref.date[:4]]
    return candidates[0] if len(candidates) == 1 else None


def link(dispatches: list[DispatchMeta]) -> Links:
    """Resolve every reference of every dispatch against the archive."""
    by_symbol: dict[str, list[DispatchMeta]] = defaultdict(list)
    for d in dispatches:
        if d.symbol:
            by_symbol[symbol_key(d.symbol)].append(d)
    result = Links()
    cited_by: dict[str, dict[str, DispatchMeta]] = defaultdict(dict)
    missing: dict[tuple[str, str, str], dict[str, DispatchMeta]] = defaultdict(dict)
    for d in dispatches:
        for ref in d.references:
            target = resolve(ref, by_symbol)
            if target is None:
                missing[(ref.doc_type, ref.symbol, ref.date)][d.id] = d
            elif target.id != d.id:
                result.urls[ref] = target.url
                cited_by[target.id][d.id] = d
    result.cited_by = {key: newest_first(group.values()) for key, group in cited_by.items()}
    result.missing = {key: newest_first(group.values()) for key, group in sorted(missing.items())}
    return result


def newest_first(dispatches: Iterable[DispatchMeta]) -> list[DispatchMeta]:
    """Dispatches by date, then symbol, newest first (the order of every dispatch list)."""
    return sorted(dispatches, key=lambda d: (d.date, d.symbol), reverse=True)
