"""Parse: the values of a dispatch's fields from its zones (`zones.py`), and the warnings.

`parse(d)` cuts `d.lines` into zones, then `_fields` normalises each zone's raw text into
the values of `Dispatch` fields: symbol parts, ISO date, type and subject, issuer levels,
Nơi nhận entries with their purpose, signers, the appendix, the body's blocks and
references. Fields printed blank for filling by hand are recorded as blank, not missing.
"""

from __future__ import annotations

import dataclasses
import re

from generator.errors import InputError
from generator.language import vocabulary
from generator.language.casing import is_caps, name_case, sentence_case
from generator.language.dates import iso_date
from generator.language.folding import fold
from generator.model import Addressee, Dispatch, Reference
from generator.reading import checks, header, signature, structure
from generator.reading.references import doc_type_name, find_references
from generator.reading.relations import find_relations
from generator.reading.zones import BLANK_DAY, BULLET, DATE, LUU, PURPOSE, SYMBOL, VV, Zones, _logical, separator, zones
from generator.tables import load_table

_LETTER = re.compile(r"[^\W\d_]")


def _clean_entry(text: str) -> str:
    return re.sub(r"\s*[;.,]+\s*$", "", BULLET.sub("", " ".join(text.split())))


def _symbol_fields(symbol: str, cong_van: bool = False) -> dict:
    """Number, type code, issuer code and drafting unit of a symbol, and "joint": True for a
    joint document's (its codes name every issuer). `cong_van`: the document
    is a công văn (a V/v line, no type line), whose symbol has no type code: in "5330/CT-CS"
    CT is the issuer (Cục Thuế), not a Chỉ thị."""
    if symbol.startswith("/"):  # number left blank: the codes still say who
        symbol = "0" + symbol
        fields = {k: v for k, v in _symbol_fields(symbol, cong_van).items() if k not in ("symbol", "number")}
        return {"symbol": "", **fields}
    m = SYMBOL.match(symbol)
    if not m:
        return {"symbol": symbol}
    symbol = m.group(0).rstrip(".")
    fields = {"symbol": symbol, "number": m["number"]}
    parts = m["rest"].split("-") if m["sep"] == "/" and "/" not in m["rest"] else []
    code, joint = _type_code(parts[0]) if parts and not cong_van else ("", False)
    if joint:  # every code after the type's is an issuer's ("05/QCPH-BHXH-CT")
        fields.update(type_code=code, issuer_code="-".join(parts[1:]), joint=True)
    elif code:
        fields.update(type_code=code, issuer_code="-".join(parts[1:2]),
                      drafting_unit="-".join(parts[2:]))
    elif parts:
        fields.update(issuer_code=parts[0], drafting_unit="-".join(parts[1:]))
    return fields


def _type_code(code: str) -> tuple[str, bool]:
    """(the type code, True for a joint document) of a symbol's first code: "QĐ" → ("QĐ",
    False), "QCPH" → ("QC", True) (doc_types.yml joint_suffixes), ("", False) for none."""
    table = load_table("doc_types")
    if code in table["codes"]:
        return code, False
    base = next((code[:-len(s)] for s in table["joint_suffixes"] if code.endswith(s)), "")
    return (base, True) if base in table["codes"] else ("", False)


def _date_fields(text: str) -> dict:
    """Place and ISO date of a place-and-date line; the place alone when the day was left
    blank for filling by hand ("Hà Nội, ngày    tháng    năm 2025")."""
    m = DATE.match(text)
    if not m:
        place = re.match(r"^(?P<place>[^,.]{2,40}?)\s*[,.]\s*ngày\b", text)
        return {"place": place["place"].strip()} if place else {}
    digits = {k: re.sub(r"\s+", "", m[k]) for k in "dmy"}
    return {"place": m["place"].strip(" ,"), "date": iso_date(digits["d"], digits["m"], digits["y"])}


def _type_and_subject(z: Zones, type_code: str, has_symbol: bool, party: bool = False) -> dict:
    """Type and trích yếu. A state document's subject loses "V/v", "Về việc" and "Về"; a Party
    document's keeps "Về" ("NGHỊ QUYẾT / VỀ PHÁT TRIỂN …": Hướng dẫn 36-HD/VPTW)."""
    table = load_table("doc_types")
    titles = list(z.titles)
    named = z.doc_type or (doc_type_name(titles[0]) if titles else "")
    if named and not z.doc_type:
        titles = titles[1:]
    doc_type = table["codes"].get(type_code) or named or (
        table["default"] if (has_symbol or z.vv or z.recipients) and not type_code else "")
    raw = VV.sub("", z.vv) if z.vv else " ".join(titles)
    raw = re.sub(r"^(?:V[ỀE]\s+VIỆC|VỀ\s+VIỆC|V/V)\s*:?\s*", "", raw.strip(), flags=re.I)
    if not party:  # a state document's "QUYẾT ĐỊNH VỀ CƠ CHẾ …": the trích yếu is "Cơ chế …"
        raw = re.sub(r"^V[ỀE]\s+(?=\w)", "", raw)
    return {"doc_type": doc_type, "subject": sentence_case(_restore_phrases(raw)).rstrip(" .;:") if raw.strip() else ""}


SUBJECT_PHRASES = ("types", "titles")
"""Fixed phrases a trích yếu names: type names and titles ("KẾ HOẠCH", "THỦ TƯỚNG")."""


def _restore_phrases(raw: str) -> str:
    """A subject in capitals with the type names and titles whose marks OCR lost written as
    the vocabulary has them ("… KE HOACH SỬ DỤNG ĐẤT" → "… KẾ HOẠCH SỬ DỤNG ĐẤT"), only
    where the rest kept its marks: there a word without marks that spells a syllable is
    spelled so and never changed ("TRONG" is no "TRƯỞNG"; vocabulary.restore)."""
    if not is_caps(raw) or not vocabulary.has_marks(raw):
        return raw
    return vocabulary.restore(raw, SUBJECT_PHRASES)


def _issuer_fields(lines: list[str], place: str, joint: bool = False) -> dict:
    """Issuer and parent; a joint document's issuers joined by " - " (no parent); a word whose
    marks OCR lost is spelled as the place line spells it ("BẢO HIỂM XÃ HỘI YEN MỸ" dated
    "Yên Mỹ, ngày …")."""
    names = header.joint_issuers(lines, joint)
    parent, issuer = ("", "") if names else header.issuer_levels(lines)
    spelled = {fold(w): w.upper() for w in place.split()}
    names = [" ".join(spelled.get(fold(w), w) if w.isupper() and w.isascii() else w for w in name.split())
             for name in names or [issuer]]
    if not names[0]:
        return {}
    return {"issuer": " - ".join(map(name_case, names)), "issuer_parent": name_case(parent) if parent else ""}


def _purpose(text: str) -> tuple[str, str]:
    m = PURPOSE.search(text)
    if not m:
        return _clean_entry(text), ""
    what = " ".join(m["what"].split())
    what = load_table("purposes").get(what.lower(), what)
    return _clean_entry(PURPOSE.sub("", text)), f"để {what}"


def _distribution_fields(entries: list[str]) -> dict:
    addressees: list[Addressee] = []
    filing = ""
    for entry in entries:
        entry = BULLET.sub("", entry.strip())
        luu = LUU.match(entry)
        if luu:
            filing = _filing(luu["rest"])
            continue
        name, purpose = _purpose(entry)
        if name:
            addressees.append(Addressee(name, purpose))
    return {"distribution": tuple(addressees), "filing": filing}


def _filing(text: str) -> str:
    """"VT, TĐKT (2b)." → "VT, TĐKT (2b)": codes split by the repair are rejoined."""
    text = re.sub(r"(?<=[A-ZĐ])\s+(?=[A-ZĐ])", "", " ".join(text.split()))
    text = re.sub(r"\s+,", ",", text)
    return re.sub(r"[\s.;]+$", "", text)


APPENDIX_MIN_WORDS = 20
"""Fewer words after the signature are a stamp's text or a filing mark, not an appendix."""


def _appendix_title(lines: list[str]) -> str:
    """The title of what follows the signature: its capitals lines ("PHỤ LỤC", "DANH MỤC …"),
    or its first line; "" when nothing does, or too little to be an appendix."""
    if sum(len(re.findall(r"[^\W\d_]{2,}", line)) for line in lines) < APPENDIX_MIN_WORDS:
        return ""
    caps = [l for l in lines[:3] if is_caps(l)]
    return " ".join(caps[:2]) if caps and lines[0] in caps else lines[0][:120]


def _fields(z: Zones) -> dict:
    """The `Dispatch` fields read from the zones; the type needs the symbol's type code.
    "Như trên" stays an entry of the distribution list as printed: it names the recipients."""
    place = re.match(r"^(.*?)[,.]\s*ngày", z.date)
    symbol = _symbol_fields(z.symbol, cong_van=bool(z.vv) and not z.doc_type) if z.symbol else {}
    fields = _issuer_fields(z.issuer_lines, place[1] if place else "", symbol.pop("joint", False))
    fields.update(symbol)
    fields.update(_date_fields(z.date))
    fields.update(_type_and_subject(z, symbol.get("type_code", ""), bool(symbol.get("number")), z.party))
    fields.update(z.marks)
    recipients = tuple(e for e in map(_clean_entry, z.recipients) if _LETTER.search(e))  # not a table's "|---|"
    fields["recipients"] = recipients
    fields.update(_distribution_fields(z.distribution))
    signers = tuple(signature.read_signer(b) for b in z.signatures)
    fields["signers"] = signers
    if signers:
        fields["signer"] = signers[-1]
    appendix = [l for l in z.appendix if not separator().match(l)]
    fields["appendix"] = _appendix_title(appendix)
    appendix = appendix if fields["appendix"] else []  # a stamp's few words stay in the raw file only
    text = [*z.body, *appendix]
    fields["body_text"] = "\n\n".join(text)
    fields["references"] = find_references("\n".join([z.vv, *z.titles, *text]), symbol.get("symbol", ""))
    own = Reference(symbol.get("symbol", ""), fields.get("doc_type", ""), fields.get("date", ""), fields.get("issuer", ""))
    fields["relations"], fields["effective"] = find_relations("\n".join([z.vv, *z.titles]), text, own)
    fields["blocks"] = structure.body_blocks(z.body) + structure.appendix_blocks(fields["appendix"], appendix)
    fields["subject"] = _mend_subject(fields["subject"], fields["body_text"])
    return fields


OCR_COMMA = re.compile(r"(?<=[A-ZĐ]{2})[.]\s+(?=[A-ZĐ]{2,}\b)")
"""A full stop between abbreviations inside a subject: OCR's reading of a comma ("BHXH. BHYT")."""


MEND_CHARS = 4000
"""The opening of the body `_mend_subject` learns spellings from: a subject restates it."""


def _mend_subject(subject: str, body: str) -> str:
    """The subject with slips undone where the text itself says how: OCR's full stop between
    abbreviations is a comma; a word OCR printed without its marks ("ky cương") is spelled
    as the body spells it before the same word ("kỷ cương"); and a name a subject in
    capitals lost to sentence case ("khu vực trung bộ") is written as the body writes it
    inside a sentence ("Trung Bộ")."""
    words = OCR_COMMA.sub(", ", subject).split(" ")
    opening = body[:MEND_CHARS]
    for k in range(len(words) - 1):
        word, following = words[k], words[k + 1].rstrip(",.;")
        if not (word.isalpha() and word.islower() and following.isalpha()):
            continue
        if word.isascii() and following in opening:
            m = re.search(rf"(\w+) {re.escape(following)}\b", opening)
            if m and fold(m[1]) == word and m[1].lower() != word:
                words[k] = m[1].lower()
        name = f"{word.capitalize()} {following.capitalize()}"
        if k and following.islower() and name in opening and _named_in(name, opening):
            words[k], words[k + 1] = word.capitalize(), words[k + 1].capitalize()
    return " ".join(words)


def _named_in(name: str, text: str) -> bool:
    """True when `text` writes `name` ("Trung Bộ") after a lower-case word or a comma: a
    proper name, not the first words of a sentence."""
    return any(m[1].islower() or m[1] == "," for m in re.finditer(rf"([\w,]) {re.escape(name)}\b", text))


WARNINGS = {
    "symbol": "no symbol found",
    "date": "no date found",
    "issuer": "no issuer found",
    "subject": "no subject found",
    "signer": "no signature found",
}


def parse(d: Dispatch) -> Dispatch:
    """Return `d` with the metadata, references and body read from `d.lines`."""
    lines = _logical(d.lines)
    if not any(ch.isalpha() for line in lines for ch in line):
        raise InputError(d.source, "no readable text")
    z = zones(lines)
    fields, doubts = checks.check(_fields(z))
    blank = _blank_fields(z)
    warnings = [msg for key, msg in WARNINGS.items() if key not in blank and key not in checks.doubtful(doubts)
                and not (fields.get(key) if key != "signer" else fields.get("signer") and fields["signer"].name)]
    warnings += [*blank.values(), *doubts]
    if z.date and not fields.get("date") and "date" not in blank:
        warnings.append(f"date not understood: {z.date!r}")
    return dataclasses.replace(d, **fields, warnings=tuple(warnings))


def _blank_fields(z: Zones) -> dict[str, str]:
    """Header fields printed blank for filling by hand ("Số: /BHXH-BT", "ngày tháng 02 năm
    2020"): {field: warning}. Recorded as blank, not as missing."""
    blank = {}
    if z.symbol.startswith("/"):
        blank["symbol"] = f"number left blank for filling by hand: {z.symbol!r}"
    if BLANK_DAY.search(z.date):
        blank["date"] = f"day left blank for filling by hand: {z.date!r}"
    return blank
