"""Is a dispatch still in force? Its status from the relations other dispatches have to it
(issue 31), and what its page shows of relations both ways.

A dispatch is "đã bị thay thế" when an archived dispatch says it replaces it, "đã bị bãi
bỏ" (or "bị bãi bỏ một phần") when one repeals it (or a part), "bị sửa đổi một phần" when
one amends it, else "còn hiệu lực". Targets are resolved like citations (links.resolve):
a relation to a document not in the archive gives no status; it is listed as unresolved.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from generator.language.dates import dmy_date
from generator.model import DispatchMeta, Relation
from generator.pages.browse import cell, dispatch_link, dispatch_table, relative
from generator.pages.catalog import markdown_path
from generator.pages.links import newest_first, resolve, symbol_key

IN_FORCE, REPLACED, REPEALED, PART_REPEALED, AMENDED = (
    "còn hiệu lực", "đã bị thay thế", "đã bị bãi bỏ", "bị bãi bỏ một phần", "bị sửa đổi một phần")
STATUS_PAGE = "hieu-luc.md"
"""The browse page of dispatches by status."""
STATUSES = (IN_FORCE, REPLACED, REPEALED, PART_REPEALED, AMENDED)
ACTS = {"thay thế": REPLACED, "bãi bỏ": REPEALED, "sửa đổi": AMENDED}
INCOMING = {"thay thế": "Bị thay thế bởi", "bãi bỏ": "Bị bãi bỏ bởi", "sửa đổi": "Bị sửa đổi, bổ sung bởi",
            "hướng dẫn": "Được hướng dẫn, thực hiện bởi", "căn cứ": "Là căn cứ của", "dẫn chiếu": "Được dẫn chiếu bởi"}
OUTGOING = {"thay thế": "Thay thế", "bãi bỏ": "Bãi bỏ", "sửa đổi": "Sửa đổi, bổ sung", "hướng dẫn": "Hướng dẫn, thực hiện",
            "căn cứ": "Căn cứ", "dẫn chiếu": "Dẫn chiếu"}


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
                [[r.kind, d.url if d else ""] for r, d in self.out], self.newest.url if self.newest else ""]


def _status(by: list[tuple[Relation, DispatchMeta]]) -> tuple[str, str]:
    """(status, since) from the relations pointing at a dispatch, the strongest act first."""
    for kind, whole in (("thay thế", True), ("bãi bỏ", True), ("bãi bỏ", False), ("sửa đổi", None)):
        acts = [(r, d) for r, d in by if r.kind == kind and (whole is None or whole == (not r.part))]
        if acts:
            r, d = max(acts, key=lambda a: a[1].date)
            status = ACTS[kind] if whole is not False else PART_REPEALED
            return status, r.effective or d.effective or d.date
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
    replacer = {t: d for t, rel in incoming.items() for r, d in rel if r.kind == "thay thế"}
    result = {}
    for d in dispatches:
        status, since = _status(incoming.get(d.id, []))
        by = tuple(sorted(incoming.get(d.id, []), key=lambda a: a[1].date, reverse=True))
        result[d.id] = Related(status, since, by, tuple(outgoing[d.id]), _last(d.id, replacer))
    return result


def _last(did: str, replacer: dict[str, DispatchMeta]) -> DispatchMeta | None:
    """The end of the replacement chain from `did` (A → B → C gives C), None when not replaced."""
    seen, last = {did}, None
    while did in replacer and replacer[did].id not in seen:
        last = replacer[did]
        seen.add(last.id)
        did = last.id
    return last


def banner(d: DispatchMeta, rel: Related) -> str:
    """The admonition that opens a replaced or repealed dispatch's page ("" when in force or
    only amended), printed like the page."""
    if rel.status not in (REPLACED, REPEALED):
        return ""
    page = markdown_path(d)
    acts = [(r, o) for r, o in rel.by if r.kind == ("thay thế" if rel.status == REPLACED else "bãi bỏ") and not r.part]
    r, by = acts[0]
    since = f" từ ngày {dmy_date(rel.since)}" if rel.since else ""
    verb = "Đã được thay thế bởi" if rel.status == REPLACED else "Đã bị bãi bỏ bởi"
    text = f"{verb} {cell(by.doc_type)} {dispatch_link(page, by)}{f' ngày {dmy_date(by.date)}' if by.date else ''}{since}"
    if rel.newest:
        text += f" — [xem văn bản mới]({relative(page, markdown_path(rel.newest))})"
        if rel.newest.id != by.id:
            text += f" ({cell(rel.newest.symbol)})"
    return f'!!! danger "{rel.status.capitalize()}"\n\n    {text}\n'


def section(d: DispatchMeta, rel: Related) -> str:
    """The "Hiệu lực và quan hệ" section: status, then relations both ways, grouped by type."""
    if not rel.by and not rel.out:
        return ""
    page = markdown_path(d)
    since = f" (từ ngày {dmy_date(rel.since)})" if rel.since else ""
    lines = ["## Hiệu lực và quan hệ\n", f"Tình trạng: **{rel.status}**{since}."]
    if d.effective:
        lines.append(f"Có hiệu lực từ ngày {dmy_date(d.effective)}.")
    for kind, label in OUTGOING.items():
        items = [_out_item(page, r, t) for r, t in rel.out if r.kind == kind]
        if items:
            lines += ["", f"**{label}:**", "", *items]
    for kind, label in INCOMING.items():
        items = [f"- {cell(o.doc_type)} {dispatch_link(page, o)}{_part(r)}" for r, o in rel.by if r.kind == kind]
        if items:
            lines += ["", f"**{label}:**", "", *items]
    return "\n".join(lines) + "\n"


def _part(r: Relation) -> str:
    return f" ({cell(r.part)})" if r.part else ""


def _out_item(page: str, r: Relation, target: DispatchMeta | None) -> str:
    ref = r.target
    name = dispatch_link(page, target) if target else cell(ref.symbol or "(không số)") + " *(chưa có trong kho)*"
    date = f" ngày {dmy_date(ref.date)}" if ref.date else ""
    return f"- {cell(ref.doc_type)} {name}{date}{_part(r)}"


def status_page(dispatches: list[DispatchMeta], related: dict[str, Related]) -> str:
    """The browse page of dispatches by status (hieu-luc.md), those no longer in force first."""
    lines = ["# Theo tình trạng hiệu lực\n", "Tình trạng đọc từ các văn bản trong kho thay thế, bãi bỏ, sửa đổi văn bản khác.\n"]
    for status in (REPLACED, REPEALED, PART_REPEALED, AMENDED, IN_FORCE):
        group = [d for d in dispatches if related[d.id].status == status]
        if group:
            lines += [f"## {status.capitalize()} ({len(group)})\n", dispatch_table(STATUS_PAGE, newest_first(group)), ""]
    return "\n".join(lines)
