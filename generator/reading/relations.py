"""Typed relations: what a dispatch says it does to the documents it cites (issue 31).

A small grammar over the sentence around each citation, its words in site_config/relations.yml:
- căn cứ: the citation heads an item of a "Căn cứ …" clause ("Căn cứ Nghị định số …; Nghị
  định số …;"), or is joined to one by "và", "," or "được sửa đổi, bổ sung bởi";
- hướng dẫn: it heads the trích yếu's "thực hiện/hướng dẫn …" or an opening sentence of the
  body ("Thực hiện Công văn số …, Sở yêu cầu …");
- thay thế, bãi bỏ, sửa đổi: a sentence whose subject is the dispatch itself ("Quyết định này
  … thay thế …"), or an order in an article ("Bãi bỏ khoản 7 Điều 15 … của Nghị định số …"),
  or a cited document that "hết hiệu lực"; a generic clause ("các văn bản trái với … đều
  bãi bỏ") gives none of these;
- dẫn chiếu: every other citation.
A citation nested in another's description ("Thông tư 138 sửa đổi … Thông tư 95/2020") is
only a dẫn chiếu. Each target gets its strongest types once; the dispatch's own symbol none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.language.dates import iso_date
from generator.language.folding import fold
from generator.model import Reference, Relation
from generator.reading.references import DATE, cited_issuer, doc_type_name, type_names
from generator.tables import load_table, per_project

SYMBOL = r"\d+(?:[-/]\s?[0-9A-Za-zĐđ]+)+"
"""A symbol as printed, OCR's spaces after "-" or "/" allowed ("92/2009/TT- BTC")."""
BASIS, GUIDE, REFER = "căn cứ", "hướng dẫn", "dẫn chiếu"
ITEM_LEAD_WORDS = 2
"""Words a ";" list item may have before its citation ("và", "đồng thời")."""


@per_project()
def vocabulary() -> dict:
    """site_config/relations.yml with its patterns compiled."""
    table = dict(load_table("relations"))
    for key in ("basis", "basis_gap", "clause_start", "list_item", "act_start", "expiry", "generic", "same_level", "amended_by",
                "part", "effective", "effective_from", "annotation"):
        table[key] = re.compile(table[key])
    for key in ("guide", "guide_heading", "guide_after"):
        table[key] = re.compile(table[key], re.IGNORECASE)
    table["acts"] = {kind: re.compile(rf"\b(?:{words})\b", re.IGNORECASE) for kind, words in table["acts"].items()}
    return table


@per_project()
def _citation_re() -> re.Pattern:
    words = sorted({*type_names(), *vocabulary()["citation_words"]}, key=len, reverse=True)
    kinds = "|".join(re.escape(w) for w in words)
    return re.compile(
        rf"(?<!\w)(?:(?P<law>Bộ luật|Luật|Pháp lệnh)\s+(?:[^\W\d]\w*\s+){{1,12}}?số\s+|(?P<kind>{kinds})\s+(?:số:?\s*)?)"
        rf"(?P<symbol>{SYMBOL})(?!\w)(?:\s+ngày\s+(?:{DATE}))?",
        re.IGNORECASE,
    )


@per_project()
def _dated_law_re() -> re.Pattern:
    return re.compile(rf"(?<!\w)(?P<kind>Bộ luật|Luật)\s+(?P<title>[^;:()]{{3,160}}?)\s+ngày\s+(?:{DATE})")


@dataclass
class _Cite:
    """One citation in a sentence: the document and where it is written."""

    ref: Reference
    start: int
    end: int


def _date(m: re.Match) -> str:
    if m["y"]:
        return iso_date(m["d"], m["m"], m["y"])
    return iso_date(m["d2"], m["m2"], m["y2"]) if m["y2"] else ""


def _symbol(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _type_of(word: str, symbol: str) -> str:
    """The cited document's type: the word naming it ("Nghị định", "QĐ"), else (for "văn bản")
    the type code of its symbol ("87/TB-VPCP" is a Thông báo), else ""."""
    words = {k.lower(): v for k, v in vocabulary()["citation_words"].items()}
    name = doc_type_name(word) or words.get(word.lower(), "")
    if name:
        return name
    code = re.search(r"[/-]([A-ZĐ][A-Za-zĐđ]*)-", symbol + "-")
    return load_table("doc_types")["codes"].get(code[1], "") if code else ""


def citations(sentence: str, basis: bool = False) -> list[_Cite]:
    """Every document `sentence` cites, in order: by symbol, and (in a Căn cứ clause) a law
    by its full date ("Luật Đất đai ngày 29 tháng 11 năm 2013")."""
    found = [_Cite(Reference(_symbol(m["symbol"]), _type_of(m["law"] or m["kind"], _symbol(m["symbol"])), _date(m)),
                   m.start(), m.end()) for m in _citation_re().finditer(sentence)]
    if basis:
        for m in _dated_law_re().finditer(sentence):
            if not any(c.start <= m.start() < c.end or m.start() <= c.start < m.end() for c in found):
                found.append(_Cite(Reference("", doc_type_name(m["kind"]), _date(m)), m.start(), m.end()))
    return sorted(found, key=lambda c: c.start)


def _heads(sentence: str, cites: list[_Cite], start: int = 0) -> list[_Cite]:
    """The citations at the head level of the clause from `start`: the first, those after a
    ";" list break, and those joined to a head by "và", "," (after its issuer) or "được sửa
    đổi, bổ sung bởi"; one after a description of the one before is nested in it."""
    v = vocabulary()
    heads, level_head, prev_end = [], True, start
    for i, c in enumerate(c for c in cites if c.start >= start):
        gap = sentence[prev_end:c.start]
        if i == 0 or _opens_item(gap):
            level_head = True
        elif not (v["same_level"].match(_without_issuer(gap)) or v["amended_by"].search(gap)):
            level_head = False
        if level_head:
            heads.append(c)
        prev_end = c.end
    return heads


def _opens_item(gap: str) -> bool:
    """True when the citation after `gap` opens a new item of a ";" list ("…; Chỉ thị số …"),
    not a clause of its own ("…; đồng thời, … yêu cầu thực hiện Công văn số …")."""
    items = re.split(vocabulary()["list_break"], gap)
    return len(items) > 1 and len(items[-1].split()) <= ITEM_LEAD_WORDS


def _without_issuer(gap: str) -> str:
    """`gap` without a leading "của <issuer>" (references.cited_issuer's reading of it)."""
    m = re.match(r"\s*của\s+", gap)
    issuer = cited_issuer(gap[m.end():]) if m else ""
    return gap[m.end() + len(issuer):] if issuer and gap[m.end():].startswith(issuer) else gap


def sentences(paragraph: str) -> list[str]:
    """`paragraph` cut at sentence ends (". " before a capital, "./."); symbols keep their dots."""
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[-–•+]?\s*[A-ZĐÀ-Ỹ\d])|(?<=\./\.)\s*", paragraph) if s.strip()]


def _issuer_guides(text: str, issuer: str) -> bool:
    """True when `text` says the dispatch's issuer guides: "<issuer> hướng dẫn … như sau"."""
    if not issuer:
        return False
    name = r"\s+".join(re.escape(w) for w in issuer.split())
    return bool(re.search(name + vocabulary()["guide_after"].pattern, text, re.IGNORECASE))


def _own_act(sentence: str, own_type: str) -> tuple[str, int]:
    """(act, where its object starts) when `sentence` says the dispatch itself replaces,
    repeals or amends something: "<own type> này … thay thế …" or an article's order
    ("Bãi bỏ khoản 2 …", "Điều 1. Đính chính …"); ("", 0) otherwise or in a generic clause."""
    v = vocabulary()
    subject = own_type and re.search(rf"\b{re.escape(own_type)} này\b", sentence, re.IGNORECASE)
    opening = v["act_start"].match(sentence) if own_type in v["ordering_types"] else None
    for kind, verb in v["acts"].items():
        for m in verb.finditer(sentence):
            if sentence[m.end():].lstrip().startswith(("bởi", "theo")):
                continue  # "được sửa đổi bởi …": done by another
            if (subject and subject.end() <= m.start()) or (opening and m.start() == opening.end()):
                return ("", 0) if v["generic"].search(sentence[m.end():]) else (kind, m.end())
    return "", 0


def _expired(sentence: str, cites: list[_Cite]) -> list[_Cite]:
    """The heads of a sentence that says they "hết hiệu lực" (their subject is not the dispatch)."""
    v = vocabulary()
    m = v["expiry"].search(sentence)
    if not m or v["generic"].search(sentence[:m.start()]):
        return []
    return [c for c in _heads(sentence, [c for c in cites if c.end <= m.start()]) if "này" not in sentence[:c.start]]


def _part(sentence: str, cite: _Cite) -> str:
    """The part named just before the citation ("khoản 7 Điều 15 và Phụ lục I kèm theo của")."""
    m = vocabulary()["part"].search(sentence[max(0, cite.start - 120):cite.start])
    return m[0].strip(" ,") if m else ""


def _effective_in(sentence: str, own_date: str) -> str:
    """The date of effect `sentence` states for the dispatch ("có hiệu lực từ ngày ký" is its date)."""
    m = vocabulary()["effective"].search(sentence)
    if not m:
        return ""
    if m["signed"]:
        return own_date
    d = re.match(DATE, m["date"].strip())
    return _date(d) if d else ""


def _from_date(sentence: str) -> str:
    """The date an act of `sentence` takes effect ("… hết hiệu lực kể từ ngày 01/01/2026"), else ""."""
    m = vocabulary()["effective_from"].search(sentence)
    d = m and re.match(DATE, m["date"].strip())
    return _date(d) if d else ""


def _kinds_in(sentence: str, opening: bool, heading: bool, own: Reference, quoted: bool = False,
              guided: bool = False) -> list[tuple[_Cite, str, str]]:
    """(citation, type, part) for every citation of one clause; a quoted clause's are references.
    `guided`: the clause is the first to cite in an opening paragraph where the issuer says
    it guides ("Ngày … ban hành Nghị định số …. …, Bộ … hướng dẫn … như sau:")."""
    v = vocabulary()
    basis = v["basis"].match(sentence)
    cites = citations(sentence, basis=bool(basis))
    if quoted:
        return [(c, REFER, "") for c in cites]
    typed: dict[int, str] = {}
    if basis and cites and v["basis_gap"].match(sentence[basis.end():cites[0].start]):
        typed.update((id(c), BASIS) for c in _heads(sentence, cites))
    guide = (v["guide_heading"] if heading else v["guide"]).search(sentence) if heading or opening else None
    if guide and not basis:
        typed.update((id(c), GUIDE) for c in _heads(sentence, cites, guide.end()))
    elif guided and cites and not basis:
        typed.update((id(c), GUIDE) for c in _heads(sentence, cites))
    act, start = _own_act(sentence, own.doc_type)
    acted = {id(c): act for c in _heads(sentence, cites, start)} if act else {}
    acted.update((id(c), "bãi bỏ") for c in _expired(sentence, cites))
    typed.update(acted)
    return [(c, typed.get(id(c), REFER), _part(sentence, c) if id(c) in acted else "") for c in cites]


def clauses(heading: str, body: list[str]) -> list[tuple[str, bool, bool, bool, int]]:
    """(clause, in the body's opening, in the heading, inside a quotation, its paragraph: -1
    for the heading) in reading order:
    sentences, and the preamble's clauses ("Căn cứ …; …; Thực hiện …; Xét đề nghị …") each on
    its own; a Căn cứ clause keeps its items after the first (";"-separated). A clause inside
    quotation marks is another document's words ("… quy định: "Sửa đổi, bổ sung …"")."""
    v = vocabulary()
    found = [(s, False, True, False, -1) for s in sentences(heading)]
    depth, opening = 0, True
    for i, paragraph in enumerate(body):
        paragraph = v["annotation"].sub(" ", paragraph)
        opening = opening and i < v["opening_paragraphs"] and not v["list_item"].match(paragraph)
        for part in v["clause_start"].split(paragraph):
            for s in [part] if v["basis"].match(part) else sentences(part):
                found.append((s, opening, False, depth > 0 and not s.startswith(("“", '"')), i))
                depth = _quote_depth(s, depth)
    return found


def _quote_depth(text: str, depth: int) -> int:
    """How many quotations are open after `text`, given `depth` open before it."""
    for ch in text:
        if ch == "“" or (ch == '"' and depth == 0):
            depth += 1
        elif ch in "”\"" and depth:
            depth -= 1
    return depth


def find_relations(heading: str, body: list[str], own: Reference) -> tuple[tuple[Relation, ...], str]:
    """The dispatch's relations and its own date of effect from its trích yếu/title lines
    (`heading`) and body paragraphs; `own` is the dispatch as a Reference (symbol, type, date).

    Returns (relations, effective): one Relation per (target, type), the strongest types of
    a target only (a target with another type is not also a dẫn chiếu), in order of first
    citation; effective is an ISO date or "".
    """
    order = vocabulary()["types"]
    effective, found, refs = "", {}, {}
    read = clauses(heading, body)
    guiding = {i for s, opening, _, quoted, i in read if opening and not quoted and _issuer_guides(s, own.issuer)}
    for sentence, opening, heading_line, quoted, i in read:
        if not quoted:
            effective = effective or _effective_in(sentence, own.date)
        guided = i in guiding and bool(citations(sentence))
        if guided:
            guiding.discard(i)  # only the paragraph's first citing sentence
        for c, kind, part in _kinds_in(sentence, opening, heading_line, own, quoted, guided):
            key = _key(c.ref)
            if not key or key == _key(own):
                continue
            when = _from_date(sentence) if kind in order[:3] else ""
            found.setdefault(key, {}).setdefault(kind, Relation(kind, c.ref, part, when))
            refs.setdefault(key, []).append(c.ref)
    relations = []
    for key, kinds in found.items():
        strong = [k for k in kinds if k != REFER] or [REFER]
        for kind in sorted(strong, key=order.index):
            r, acts = kinds[kind], order[:3]
            relations.append(Relation(r.kind, _fullest(refs[key]), r.part, r.effective or (effective if kind in acts else "")))
    return tuple(relations), effective


def _key(ref: Reference) -> str:
    """A target's identity: its folded symbol without spaces, or a dated law's type and date."""
    return "".join(fold(ref.symbol).split()).lower() if ref.symbol else (f"{ref.doc_type}@{ref.date}" if ref.date else "")


def _fullest(refs: list[Reference]) -> Reference:
    """The first of a target's citations that gives the most (a date, a type)."""
    return max(refs, key=lambda r: (bool(r.date), bool(r.doc_type)))
