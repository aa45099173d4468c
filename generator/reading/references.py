"""Citations of other documents in a dispatch: "Công văn số 287/BHXH-VP ngày 01/02/2021".

A citation is a type name (from site_config/doc_types.yml), optionally "số", a symbol
(381/BHXH-VP, 26-CT/TW, 68/2013/QH13), optionally "ngày 01/02/2021" or "ngày 25 tháng 10
năm 2017", optionally "của <issuer>". The issuer is the run of capitalised words after
"của", with the lower-case second syllables of compound names ("Thủ tướng Chính phủ",
"Ban Chấp hành Trung ương khóa XII").
"""

from __future__ import annotations

import re

from generator.language.dates import iso_date
from generator.language.lexicon import ROMAN
from generator.model import Reference
from generator.tables import load_table, per_project

SYMBOL = r"\d+(?:[-/][0-9A-Za-zĐđ]+)+"
DATE = (
    r"(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})"
)
ISSUER_WORDS = re.compile(r"[^\s,;.()]+")
ISSUER_STOPS = {"về", "và", "đã", "thực", "phê", "tại", "theo", "để", "nhằm", "quy", "hướng"}
"""Lower-case words that end an issuer ("thực hiện", "về việc" …); so does "ban hành"."""
ISSUER_JOINERS = {"khóa", "khoá", "lần", "thứ", "nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười"}
"""Lower-case words kept inside an issuer when a capitalised, Roman or joiner word follows
("Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng khóa XII")."""


@per_project()
def type_names() -> tuple[str, ...]:
    """Every document type name site_config/doc_types.yml knows, longest first (so an
    alternation of them matches "Công điện khẩn" before "Công điện")."""
    table = load_table("doc_types")
    return tuple(sorted({*table["codes"].values(), *table["other_names"]}, key=len, reverse=True))


@per_project()
def _citation_re() -> re.Pattern:
    kinds = "|".join(re.escape(n) for n in type_names())
    return re.compile(
        rf"(?<!\w)(?P<kind>{kinds})\s+(?:số\s+)?(?P<symbol>{SYMBOL})"
        rf"(?:\s+ngày\s+(?:{DATE}))?(?:\s+của\s+(?=(?P<issuer>[^;.()]+)))?",
        re.IGNORECASE,
    )


def doc_type_name(text: str) -> str:
    """The type name as site_config/doc_types.yml writes it ("CÔNG VĂN" → "Công văn"); "" if none."""
    return next((name for name in type_names() if name.lower() == text.lower()), "")


def cited_issuer(text: str) -> str:
    """The capitalised run at the start of `text` ("Thủ tướng Chính phủ về việc …")."""
    words = ISSUER_WORDS.findall(text.split(",")[0])
    kept: list[str] = []
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else ""
        if word in ISSUER_STOPS or (word.lower(), following.lower()) == ("ban", "hành"):
            break
        if word[0].isupper() or ROMAN.match(word):
            kept.append(word)
        elif word in ISSUER_JOINERS and (following[:1].isupper() or following in ISSUER_JOINERS):
            kept.append(word)
        elif kept and kept[-1][0].isupper() and not ROMAN.match(kept[-1]) and kept[-1] not in ISSUER_JOINERS:
            kept.append(word)
        else:
            break
    while kept and kept[-1] in ISSUER_JOINERS:
        kept.pop()
    return " ".join(kept)


def _reference(m: re.Match) -> Reference:
    date = ""
    if m["y"]:
        date = iso_date(m["d"], m["m"], m["y"])
    elif m["y2"]:
        date = iso_date(m["d2"], m["m2"], m["y2"])
    issuer = cited_issuer(m["issuer"]) if m["issuer"] else ""
    return Reference(symbol=m["symbol"], doc_type=doc_type_name(m["kind"]) or m["kind"], date=date, issuer=issuer)


def _fullness(ref: Reference) -> int:
    return bool(ref.date) + bool(ref.issuer) + bool(ref.doc_type)


def find_references(text: str, own_symbol: str = "") -> tuple[Reference, ...]:
    """Every document cited in `text`, once per symbol, in order of first citation.

    When a symbol is cited several times the first of its fullest citations is kept;
    the dispatch's own symbol is not a reference.
    """
    flat = re.sub(r"\s+", " ", text)
    chosen: dict[str, Reference] = {}
    for m in _citation_re().finditer(flat):
        ref = _reference(m)
        if ref.symbol == own_symbol:
            continue
        if ref.symbol not in chosen or _fullness(ref) > _fullness(chosen[ref.symbol]):
            chosen[ref.symbol] = ref
    return tuple(chosen.values())
