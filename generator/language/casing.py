"""Vietnamese casing: ALL-CAPS titles, positions and issuer names in sentence case.

The words kept capitalised are data (site_config/casing.yml): proper names, offices,
abbreviations, names of years ("Giáp Thìn"), place names after "tỉnh", "thành phố"…; in
positions and issuer names also the units of site_config/units.yml as written there
("VỤ TRƯỞNG VỤ PHÁP CHẾ" → "Vụ trưởng Vụ Pháp chế").
A token that is not spelled as a Vietnamese syllable (BHXH, BHYT, TW, COVID-19) is an
abbreviation and stays upper: a test for vowels alone took the Y of "BHYT" for one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from generator.language.syllable import is_syllable
from generator.tables import load_table, per_project

WORD = re.compile(r"\w+(?:-\w+)*")


@per_project()
def _phrases(with_offices: bool) -> tuple[re.Pattern, dict[str, str]]:
    """One regex over the capitalised phrases of casing.yml, longest first."""
    table = load_table("casing")
    names = [*table["proper_names"], *(f"{c} {k}" for c in table["can"] for k in table["chi"])]
    if with_offices:
        names += table["offices"]
        names += [spelling for unit in load_table("units")["units"] for spelling in (unit["name"], *unit.get("aliases", ()))]
    by_lower = {n.lower(): n for n in names}
    alternatives = "|".join(re.escape(n) for n in sorted(by_lower, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.I), by_lower


@lru_cache(maxsize=8192)
def is_caps(text: str) -> bool:
    """True when at least 80 % of the letters are capitals (tolerates "V/v", "Covid").

    Lenient on purpose: it judges whole header lines and titles after repair; repair's
    `_is_caps_line` is strict because it votes on raw line breaks (see there)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


@per_project(maxsize=8192)
def sentence_case(text: str, offices: bool = False) -> str:
    """First letter capital; ALL-CAPS text lower-cased except names and abbreviations."""
    text = " ".join(text.split())
    if is_caps(text):
        keep = {a.upper() for a in load_table("casing")["abbreviations"]}

        def lower(m: re.Match) -> str:
            word = m.group()
            return word if word.upper() in keep or not is_syllable(word) else word.lower()

        text = WORD.sub(lower, text)
        pattern, by_lower = _phrases(offices)
        text = pattern.sub(lambda m: by_lower[m.group().lower()], text)
    return text[:1].upper() + text[1:]


_UNIT_AFTER_TITLE = re.compile(
    r"(?P<title>(?:[tT]rưởng(?: [bB]an)?|đốc|tịch|nhiệm) )"
    r"(?P<unit>bộ|cục|vụ|ban|sở|viện|phòng|trung tâm|tổng cục|chi cục) (?P<first>\w)")


_NAME_DASH = re.compile(r"(?<=[^\W\d_])\s*[-–—]\s*(?=[^\W\d_])")


@per_project(maxsize=8192)
def name_case(text: str) -> str:
    """An issuer or a position: sentence case with offices; a place name after "tỉnh"…;
    a unit named after a title starts its name in capitals ("Cục trưởng Cục Người có công").
    A dash between two parts of a name is the spaced hyphen Nghị định 30's forms print,
    whatever the source typed ("LAO ĐỘNG-THƯƠNG BINH", "Lao động – Thương binh"), so one
    body has one name."""
    text = _NAME_DASH.sub(" - ", text)
    cased = sentence_case(text, offices=True)
    if not is_caps(text):
        return cased
    cased = _UNIT_AFTER_TITLE.sub(lambda m: f"{m['title']}{m['unit'].capitalize()} {m['first'].upper()}", cased)
    cased = _agency_name(cased)
    words = "|".join(re.escape(w) for w in load_table("casing")["place_words"])
    m = re.search(rf"(?<!\w)(?:{words})\s+(?P<place>.+)$", cased)
    if m:
        place = " ".join(w[:1].upper() + w[1:] for w in m["place"].split())
        cased = cased[: m.start("place")] + place
    return cased


@per_project()
def _agency() -> re.Pattern:
    """An agency's kind opening a name ("Bộ", "Sở", "Tổng cục"; issuers.yml level_starts),
    its field after it ("Giáo dục và Đào tạo"): the field's first word, and the first after
    "và" or "-", start with a capital (Nghị định 30/2020, Phụ lục II: tên cơ quan)."""
    kinds = sorted({sentence_case(k) for k in load_table("issuers")["level_starts"]}, key=len, reverse=True)
    return re.compile(rf"^(?P<kind>{'|'.join(map(re.escape, kinds))}) (?P<field>[^,(]+)")


def _agency_name(cased: str) -> str:
    """`cased` with the field of an agency named at its start capitalised as Phụ lục II writes
    it ("Bộ giáo dục và đào tạo" → "Bộ Giáo dục và Đào tạo"); a name opening with an
    office ("Ủy ban nhân dân"), or a place word after the kind ("Bảo hiểm xã hội tỉnh …"),
    as it was."""
    m = _agency().match(cased)
    table = load_table("casing")
    if not m or any(cased.lower().startswith(o.lower()) for o in table["offices"]):
        return cased
    field, first = m["field"], m["field"].split()[0].lower()
    if first in {w.split()[0] for w in table["place_words"]} or first == "trưởng":
        return cased  # "Bảo hiểm xã hội tỉnh …", a title ("Cục trưởng")
    if m["kind"].lower() in table["place_words"]:  # "Tỉnh ủy Lâm Đồng": a place
        field = " ".join(w[:1].upper() + w[1:] for w in field.split(" "))
    else:
        field = re.sub(r"(^|\bvà |[-–] )(\w)", lambda w: w[1] + w[2].upper(), field)
    return cased[:m.start("field")] + field + cased[m.end("field"):]
