"""Is a dispatch still in force? Its status from the relations other dispatches have to it
(issue 31), and what its page shows of relations both ways.

A dispatch is "đã bị thay thế" when an archived dispatch says it replaces it, "đã bị bãi
bỏ" (or "bị bãi bỏ một phần") when one repeals it (or a part), "bị sửa đổi một phần" when
one amends it, else "còn hiệu lực". Targets are resolved like citations (links.resolve):
a relation to a document not in the archive gives no status; it is listed as unresolved.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from generator.language.folding import slugify
from generator.model import DispatchMeta, Relation
from generator.pages.browse import Listing, dispatch_table, group_pages
from generator.pages.catalog import IN_FORCE, link_entry, relation_entry
from generator.pages.links import resolve, symbol_key

REPLACED, REPEALED, PART_REPEALED, AMENDED = (
    "đã bị thay thế", "đã bị bãi bỏ", "bị bãi bỏ một phần", "bị sửa đổi một phần")
STATUS_FOLDER = "hieu-luc"
"""The browse folder of dispatches by status."""
STATUSES = (IN_FORCE, REPLACED, REPEALED, PART_REPEALED, AMENDED)
ACTS = {"thay thế": REPLACED, "bãi bỏ": REPEALED, "sửa đổi": AMENDED}
BY_STRENGTH = (("thay thế", True, REPLACED), ("bãi bỏ", True, REPEALED), ("bãi bỏ", False, PART_REPEALED),
               ("thay thế", False, AMENDED), ("sửa đổi", None, AMENDED))
"""(act, on the whole document or a part of it (None: either), the status it gives), strongest first:
a part replaced ("thay thế khoản 2 Điều 3") is a part amended."""


@dataclass(frozen=True)
class Related:
    """What one page shows of relations: its status and both directions of its relations."""

    status: str = IN_FORCE
    since: str = ""
    """ISO date the status took effect ("" when the text gives none)."""
    by: tuple[tuple[Relation, DispatchMeta], ...] = ()
    """(relation, the dispatch that has it) pointing at this one, any type."""
    out: tuple[tuple[Relation, DispatchMeta | None], ...] = ()
    """This dispatch's relations with the archived target, or None (unresolved)."""
    newest: DispatchMeta | None = None
    """For a replaced dispatch: the last one of its replacement chain."""

    def key(self) -> list:
        """What the page is made of, for the page cache's key."""
        return [self.status, self.since, [[r.kind, r.part, d.sha256, d.url] for r, d in self.by],
                [[r.kind, d.url if d else ""] for r, d in self.out],
                [self.newest.sha256, self.newest.url] if self.newest else []]


def _status(by: list[tuple[Relation, DispatchMeta]]) -> tuple[str, str]:
    """(status, since) from the relations pointing at a dispatch, the strongest act first."""
    for kind, whole, status in BY_STRENGTH:
        acts = [(r, d) for r, d in by if r.kind == kind and (whole is None or whole == (not r.part))]
        if acts:
            r, d = max(acts, key=lambda a: a[1].date)
            return status, r.effective or d.effective
    return IN_FORCE, ""


def relate(dispatches: list[DispatchMeta]) -> dict[str, Related]:
    """Every dispatch's Related, by id."""
    by_symbol: dict[str, list[DispatchMeta]] = defaultdict(list)
    for d in dispatches:
        if d.symbol:
            by_symbol[symbol_key(d.symbol)].append(d)
    incoming: dict[str, list[tuple[Relation, DispatchMeta]]] = defaultdict(list)
    outgoing: dict[str, list[tuple[Relation, DispatchMeta | None]]] = {}
    for d in dispatches:
        targets = [(r, resolve(r.target, by_symbol) if r.target.symbol else None) for r in d.relations]
        outgoing[d.id] = [(r, t if t and t.id != d.id else None) for r, t in targets]
        for r, t in outgoing[d.id]:
            if t:
                incoming[t.id].append((r, d))
    replacer = {t: max(whole, key=lambda d: d.date) for t, rel in incoming.items()
                if (whole := [d for r, d in rel if r.kind == "thay thế" and not r.part])}
    result = {}
    for d in dispatches:
        status, since = _status(incoming.get(d.id, []))
        by = tuple(sorted(incoming.get(d.id, []), key=lambda a: a[1].date, reverse=True))
        result[d.id] = Related(status, since, by, tuple(outgoing[d.id]), _last(d.id, replacer))
    return result


def _last(did: str, replacer: dict[str, DispatchMeta]) -> DispatchMeta | None:
    """The end of the replacement chain from `did` (A → B → C gives C), None when not replaced.
    `replacer`: who replaced each dispatch whole, the latest (a part replaced is an amendment:
    no link of the chain, as _status says)."""
    seen, last = {did}, None
    while did in replacer and replacer[did].id not in seen:
        last = replacer[did]
        seen.add(last.id)
        did = last.id
    return last


def record_fields(rel: Related) -> dict:
    """The record's status fields (catalog.status_fields' keys): status, since when, who
    replaced or repealed it and the newest of its chain, and its relations both ways with
    the pages of those in the archive."""
    acts = [(r, o) for r, o in rel.by if ACTS.get(r.kind) == rel.status and not r.part]
    return {
        "status": rel.status,
        "status_since": rel.since,
        "status_by": link_entry(max(acts, key=lambda a: a[1].date)[1] if acts else None),
        "status_newest": link_entry(rel.newest),
        "relations": [relation_entry(r, t.url if t else "") for r, t in rel.out],
        "related_by": [{**link_entry(o), "kind": r.kind, "part": r.part, "effective": r.effective} for r, o in rel.by],
    }


def status_pages(dispatches: list[DispatchMeta], related: dict[str, Related]) -> Iterator[tuple[str, str]]:
    """The browse pages by status (STATUS_FOLDER/<status>.md, by year and month when large,
    browse.group_pages), then their index with counts, those no longer in force first."""
    rows = ["| | Số văn bản |", "|---|---|"]
    for status in STATUSES[1:] + STATUSES[:1]:
        group = [d for d in dispatches if related[d.id].status == status]
        slug = slugify(status)
        rows.append(f"| [{status.capitalize()}]({slug}.md) | {len(group)} |")
        yield from group_pages(STATUS_FOLDER, slug, status.capitalize(), [Listing("", "Số văn bản", group, dispatch_table)])
    intro = "Tình trạng đọc từ các văn bản trong kho nói thay thế, bãi bỏ, sửa đổi văn bản khác."
    yield f"{STATUS_FOLDER}/index.md", f"# Văn bản theo tình trạng hiệu lực\n\n{intro}\n\n" + "\n".join(rows) + "\n"
