"""Parse: the components of Nghị định 30/2020 (Phụ lục I) from the repaired lines.

`parse` cuts the logical lines into zones (header, recipients, body, Nơi nhận, signature),
then `_fields` turns each zone's raw text into the values of `Dispatch` fields.
The parser tolerates pieces the repair left split: digits and symbol parts on their own
lines are joined, an indented line continues the line above.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata

from generator.reading import header

from generator.reading import signature

from generator.reading import structure
from generator.language.casing import is_caps, name_case, sentence_case
from generator.language.folding import fold
from generator.errors import InputError
from generator.model import Addressee, Dispatch
from generator.reading.references import doc_type_name, find_references, iso_date
from generator.tables import load_table

SEPARATOR = re.compile(load_table("layout")["separator"])
MARKS = {"HỎA TỐC": ("urgency", "Hỏa tốc"), "HOẢ TỐC": ("urgency", "Hỏa tốc"),
         "THƯỢNG KHẨN": ("urgency", "Thượng khẩn"), "KHẨN": ("urgency", "Khẩn"),
         "TUYỆT MẬT": ("secrecy", "Tuyệt mật"), "TỐI MẬT": ("secrecy", "Tối mật"),
         "MẬT": ("secrecy", "Mật")}
SYMBOL_LABEL = re.compile(r"^S[ốôoóéê6]\s*:?\s*(?P<rest>.*)$", re.I)
""""Số:", and OCR's readings of it ("sé:", "Sô:")."""
SYMBOL_PIECE = re.compile(r"^(?:[-/]\s)?[0-9A-Za-zĐđ/\-.]+$")
"""A piece of a split symbol; a lone "-" may have been read as a bullet ("- BHXH")."""
SYMBOL = re.compile(r"^(?P<number>\d+)(?P<sep>[/-])(?P<rest>[0-9A-Za-zĐđ&/\-]+?)\.?$")
VV = re.compile(r"^V\s*[/|il]\s*[vw]\b\.?\s*:?\s*", re.I)
"""The V/v label, and OCR's readings of it ("Viv", "V|v", "V/w")."""
DATE_LINE = re.compile(r"^[^,.]{0,40}[,.]\s*ngày\b", re.I)
"""A place-and-date line ("Hà Nội, ngày …"); a date inside a subject does not start one."""
DATE_START = re.compile(r"(^|,\s*|\s)ngày\b", re.I)
DATE = re.compile(
    r"^(?P<place>[^,]*?)\s*[,.]?\s*ngày\s*(?P<d>\d(?:\s*\d)?)\s*tháng\s*(?P<m>\d(?:\s*\d)?)"
    r"\s*năm\s*(?P<y>\d(?:\s*\d){3})(?!\s*\d)", re.I)
BLANK_FILL = ".…_ "
"""What a form prints where a number is filled in by hand ("Số: ……/BHXH-BT")."""
BLANK_DAY = re.compile(r"ngày\s*[.…_]*\s*tháng\s*\d", re.I)
KINH_GUI = re.compile(r"^Kính\s*gửi\s*:?\s*(?P<rest>.*)$", re.I)
DIEN = re.compile(r"^(?P<who>.*)\b(?:ĐIỆN|điện)\s*:\s*(?P<rest>.*)$")
NOI_NHAN = re.compile(r"^N[ơo]i\s*nh[ậa]n\s*:?\s*(?P<rest>.*)$", re.I)
LUU = re.compile(r"^Lưu\s*:?\s*(?P<rest>.*)$", re.I)
BULLET = re.compile(r"^[-–•+*]\s*")
INLINE_BULLETS = re.compile(r"(?:^|(?<=[;.]))\s*[-–•+]\s+")
PURPOSE = re.compile(r"\(\s*để\s+(?P<what>[^)]*)\)", re.I)
# ---------------------------------------------------------------- zones

def _recipients_label(line: str):
    """"Kính gửi: …" or "TỔNG GIÁM ĐỐC … ĐIỆN: …" (a công điện)."""
    m = DIEN.match(line)
    return KINH_GUI.match(line) or (m if m and m["who"].strip() and is_caps(m["who"]) else None)


def _logical(lines) -> list[str]:
    """Strip lines; an indented line continues the line above (same table cell)."""
    out: list[str] = []
    for line in lines:
        text = unicodedata.normalize("NFC", line)
        if not text.strip():
            continue
        if text[:1].isspace() and out:
            out[-1] += " " + text.strip()
        else:
            out.append(" ".join(text.split()))
    return out


def _span(lines: list[str], i: int, joinable, complete=lambda text: False) -> tuple[str, int]:
    """Join lines from i while `joinable(text, next)`; stop early once `complete(text)`."""
    text = lines[i]
    j = i + 1
    while j < len(lines) and not complete(text) and joinable(text, lines[j]) and j - i < 10:
        text += " " + lines[j]
        j += 1
    return text, j


def _symbol_joinable(text: str, nxt: str) -> bool:
    return bool(SYMBOL_PIECE.match(nxt)) and not VV.match(nxt)


def _date_joinable(text: str, nxt: str) -> bool:
    return len(nxt.split()) <= 4 and not KINH_GUI.match(nxt)


def _mark(line: str):
    return MARKS.get(line.upper().strip(" .:"))


def _entries(lines: list[str], i: int, first: str = "") -> tuple[list[str], int]:
    """A bullet list from line i: entries and the index after it.

    A line starting with a bullet opens an entry ("- A; - B" on one line opens two); a line
    starting in lower case or with punctuation continues the open one; an entry ending with
    "." closes the list unless another bullet follows (a công điện's entries end with ".").
    """
    entries = _split_bullets(first) if first else []
    while i < len(lines):
        line = lines[i]
        closed = entries and entries[-1].rstrip().endswith(".")
        if BULLET.match(line) and not NOI_NHAN.match(line):
            entries += _split_bullets(BULLET.sub("", line))
        elif closed:
            break
        elif entries and (line[:1].islower() or not line[:1].isalnum()
                          or not entries[-1].strip()):
            entries[-1] = (entries[-1] + " " + line).strip()
        elif not entries and not is_caps(line):
            entries.append(line)
        else:
            break
        i += 1
    return entries, i


def _split_bullets(text: str) -> list[str]:
    return [e for e in INLINE_BULLETS.split(text) if e.strip()]


@dataclasses.dataclass
class Zones:
    """The raw text of each component, before normalisation."""

    issuer_lines: list[str] = dataclasses.field(default_factory=list)
    marks: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    symbol: str = ""
    date: str = ""
    vv: str = ""
    doc_type: str = ""
    """The type named by the type line ("QUYẾT ĐỊNH"), "" when there is none."""
    titles: list[str] = dataclasses.field(default_factory=list)
    recipients: list[str] = dataclasses.field(default_factory=list)
    body: list[str] = dataclasses.field(default_factory=list)
    distribution: list[str] = dataclasses.field(default_factory=list)
    signatures: list[signature.Block] = dataclasses.field(default_factory=list)
    appendix: list[str] = dataclasses.field(default_factory=list)


def _header(lines: list[str], z: Zones) -> int:
    """Read the header into `z`; return the index of the first line after it.

    The components are found in any order; after a type line come the subject (capitals or
    sentence case) and, in a decision, the authority line, which ends the header."""
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if _recipients_label(line) or NOI_NHAN.match(line):
            return i
        if SEPARATOR.match(line) or header.is_motto(line):
            i += 1
        elif _mark(line):
            z.marks.append(_mark(line))
            i += 1
        elif not z.symbol and (label := SYMBOL_LABEL.match(line)) and (
                label["rest"] == "" or label["rest"].lstrip(BLANK_FILL)[:1].isdigit()
                or label["rest"].lstrip(BLANK_FILL)[:1] == "/"):
            text, i = _span(lines, i, _symbol_joinable)
            z.symbol = re.sub(r"\s+", "", SYMBOL_LABEL.match(text)["rest"]).lstrip(BLANK_FILL)
        elif not z.vv and not z.doc_type and VV.match(line):
            j = i + 1
            while j < n and not (DATE_LINE.match(lines[j]) or _recipients_label(lines[j]) or is_caps(lines[j])
                                 or header.opens_body(lines[j]) or not header.reads_as_words(lines[j])
                                 or j - i > 4):
                j += 1
            z.vv, i = " ".join(lines[i:j]), j
        elif not z.date and DATE_START.search(line) and len(line) < 80:
            z.date, i = _span(lines, i, _date_joinable, lambda t: bool(DATE.match(t)))
        elif not z.doc_type and (typed := header.type_line(line)) and (z.symbol or z.date or z.issuer_lines):
            z.doc_type, rest = typed
            i += 1
            if rest and _title(rest, z):
                return i
        elif z.doc_type:
            if not _subject_line(line, z):
                return i
            i += 1
            if _title(line, z):
                return i
        elif is_caps(line):
            (z.titles if z.symbol or z.date else z.issuer_lines).append(line)
            i += 1
        else:
            return i
    return i


def _subject_line(line: str, z: Zones) -> bool:
    """True when `line`, after the type line, still belongs to the subject or authority line:
    capitals, or a sentence-case subject of a few lines that does not open the body."""
    if is_caps(line):
        return True
    return not header.opens_body(line, openers=False) and len(z.titles) < 3 and not any(is_caps(t) for t in z.titles)


def _title(text: str, z: Zones) -> bool:
    """Add a subject line to `z`, less an authority line at its end; True when the authority
    line was there (the header ends with it)."""
    start = header.authority_start(text, header.issuer_levels(z.issuer_lines)[1]) if is_caps(text) else None
    piece = text if start is None else text[:start].strip()
    if piece:
        z.titles.append(piece)
    return start is not None


def zones(lines: list[str]) -> Zones:
    """Cut the logical lines into the components of a dispatch."""
    z = Zones()
    i = _header(lines, z)
    if i < len(lines):
        m = _recipients_label(lines[i])
        if m:
            z.recipients, i = _entries(lines, i + 1, m["rest"])
    nn = next((k for k in range(i, len(lines)) if NOI_NHAN.match(lines[k])), None)
    nameless = None
    if nn is not None:
        lines, nameless = _unmerge(lines, nn)
    z.signatures = [nameless] if nameless else signature.find_blocks(lines, i)
    if not z.signatures:
        end = len(lines) if nn is None else nn
        after = end if nn is None else _distribution(lines, nn, z)
        z.body = [l for l in lines[i:end] if not SEPARATOR.match(l)]
        z.appendix = lines[after:]
        return z
    top, after = z.signatures[0].top, z.signatures[-1].end
    if nn is not None and nn < top:
        _distribution(lines, nn, z)
        while after < len(lines) and BULLET.match(lines[after]):  # a signature box inside the list
            z.distribution.append(lines[after])
            after += 1
        top = nn
    elif nn is not None and nn - after <= 1:
        after = _distribution(lines, nn, z)
    z.body = [l for l in lines[i:top] if not SEPARATOR.match(l)]
    z.appendix = lines[after:]
    return z


def _unmerge(lines: list[str], nn: int) -> tuple[list[str], signature.Block | None]:
    """Lines with the signature column that OCR ran into the Nơi nhận list (at line nn) moved
    below the list, above the name that ends that column (signature.unmerge); and the block
    of that chain when no name follows it (the name lost under a stamp), else None."""
    label = NOI_NHAN.match(lines[nn])
    split = signature.unmerge(label["rest"], lines[nn + 1:])
    if split is None:
        return lines, None
    rest, after, chain = split
    lines = [*lines[:nn], lines[nn][:label.start("rest")] + rest, *after]
    name = next((k for k in range(nn + 1, min(len(lines), nn + 30)) if signature.is_name(lines[k])), None)
    if name is not None:
        return [*lines[:name], *chain, *lines[name:]], None
    end = nn + 1 + next((k for k, line in enumerate(lines[nn + 1:]) if not BULLET.match(line)), len(lines) - nn - 1)
    return [*lines[:end], *chain, *lines[end:]], signature.Block(end, end + len(chain), (*chain, ""))


def _distribution(lines: list[str], nn: int, z: Zones) -> int:
    """Read the Nơi nhận list at line nn into `z`; return the index after it."""
    z.distribution, after = _entries(lines, nn + 1, NOI_NHAN.match(lines[nn])["rest"])
    return after


# ---------------------------------------------------------------- normalisers

def _clean_entry(text: str) -> str:
    return re.sub(r"\s*[;.,]+\s*$", "", BULLET.sub("", " ".join(text.split())))


def _symbol_fields(symbol: str, cong_van: bool = False) -> dict:
    """Number, type code, issuer code and drafting unit of a symbol. `cong_van`: the document
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
    if parts and parts[0] in load_table("doc_types")["codes"] and not cong_van:
        fields.update(type_code=parts[0], issuer_code="-".join(parts[1:2]),
                      drafting_unit="-".join(parts[2:]))
    elif parts:
        fields.update(issuer_code=parts[0], drafting_unit="-".join(parts[1:]))
    return fields


def _date_fields(text: str) -> dict:
    m = DATE.match(text)
    if not m:
        return {}
    digits = {k: re.sub(r"\s+", "", m[k]) for k in "dmy"}
    return {"place": m["place"].strip(" ,"), "date": iso_date(digits["d"], digits["m"], digits["y"])}


def _type_and_subject(z: Zones, type_code: str, has_symbol: bool) -> dict:
    table = load_table("doc_types")
    titles = list(z.titles)
    named = z.doc_type or (doc_type_name(titles[0]) if titles else "")
    if named and not z.doc_type:
        titles = titles[1:]
    doc_type = table["codes"].get(type_code) or named or (
        table["default"] if (has_symbol or z.vv or z.recipients) and not type_code else "")
    raw = VV.sub("", z.vv) if z.vv else " ".join(titles)
    raw = re.sub(r"^(?:V[ỀE]\s+VIỆC|VỀ\s+VIỆC|V/V)\s*:?\s*", "", raw.strip(), flags=re.I)
    return {"doc_type": doc_type, "subject": sentence_case(raw) if raw.strip() else ""}


def _issuer_fields(lines: list[str], place: str) -> dict:
    """Issuer and parent; a word whose marks OCR lost is spelled as the place line spells it
    ("BẢO HIỂM XÃ HỘI YEN MỸ" dated "Yên Mỹ, ngày …")."""
    parent, issuer = header.issuer_levels(lines)
    spelled = {fold(w): w.upper() for w in place.split()}
    issuer = " ".join(spelled.get(fold(w), w) if w.isupper() and w.isascii() else w for w in issuer.split())
    if not issuer:
        return {}
    return {"issuer": name_case(issuer), "issuer_parent": name_case(parent) if parent else ""}


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
    fields = _issuer_fields(z.issuer_lines, place[1] if place else "")
    symbol = _symbol_fields(z.symbol, cong_van=bool(z.vv) and not z.doc_type) if z.symbol else {}
    fields.update(symbol)
    fields.update(_date_fields(z.date))
    fields.update(_type_and_subject(z, symbol.get("type_code", ""), bool(symbol.get("number"))))
    fields.update(z.marks)
    recipients = tuple(filter(None, map(_clean_entry, z.recipients)))
    fields["recipients"] = recipients
    fields.update(_distribution_fields(z.distribution))
    signers = tuple(signature.read_signer(b) for b in z.signatures)
    fields["signers"] = signers
    if signers:
        fields["signer"] = signers[-1]
    appendix = [l for l in z.appendix if not SEPARATOR.match(l)]
    fields["appendix"] = _appendix_title(appendix)
    appendix = appendix if fields["appendix"] else []  # a stamp's few words stay in the raw file only
    text = [*z.body, *appendix]
    fields["body_text"] = "\n\n".join(text)
    fields["references"] = find_references("\n".join([z.vv, *z.titles, *text]), symbol.get("symbol", ""))
    fields["blocks"] = structure.body_blocks(z.body) + structure.appendix_blocks(fields["appendix"], appendix)
    fields["subject"] = _mend_subject(fields["subject"], fields["body_text"])
    return fields


OCR_COMMA = re.compile(r"(?<=[A-ZĐ]{2})[.]\s+(?=[A-ZĐ]{2,}\b)")
"""A full stop between abbreviations inside a subject: OCR's reading of a comma ("BHXH. BHYT")."""


def _mend_subject(subject: str, body: str) -> str:
    """The subject with OCR's slips undone where the text itself says how: a full stop
    between abbreviations is a comma, and a word OCR printed without its marks ("ky cương")
    is spelled as the body spells it between the same neighbours ("kỷ cương")."""
    subject = OCR_COMMA.sub(", ", subject)
    words = subject.split(" ")
    for k, word in enumerate(words):
        if not word.isalpha() or not word.islower() or fold(word) != word or k + 1 == len(words):
            continue
        m = re.search(rf"(\w+)\s+{re.escape(words[k + 1])}", body)
        if m and fold(m[1]) == word and m[1].lower() != word:
            words[k] = m[1]
    return " ".join(words)

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
    fields = _fields(z)
    blank = _blank_fields(z)
    warnings = [msg for key, msg in WARNINGS.items() if key not in blank
                and not (fields.get(key) if key != "signer" else fields.get("signer") and fields["signer"].name)]
    warnings += blank.values()
    if z.symbol and "number" not in fields and "symbol" not in blank:
        warnings.append(f"symbol not understood: {z.symbol!r}")
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
