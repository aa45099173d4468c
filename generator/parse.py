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

from . import structure
from .casing import is_caps, name_case, sentence_case
from .errors import InputError
from .model import Addressee, Dispatch, Signer
from .references import doc_type_name, find_references, iso_date
from .tables import load_table

SEPARATOR = re.compile(r"^[-_=.*…\s]{3,}$")
MOTTO = (
    re.compile(r"^CỘNG\s*H(?:OÀ|ÒA)\s*XÃ\s*HỘI\s*CHỦ\s*NGHĨA\s*VIỆT\s*NAM$", re.I),
    re.compile(r"^Độc\s*lập\s*-\s*Tự\s*do\s*-\s*Hạnh\s*phúc$", re.I),
)
MARKS = {"HỎA TỐC": ("urgency", "Hỏa tốc"), "HOẢ TỐC": ("urgency", "Hỏa tốc"),
         "THƯỢNG KHẨN": ("urgency", "Thượng khẩn"), "KHẨN": ("urgency", "Khẩn"),
         "TUYỆT MẬT": ("secrecy", "Tuyệt mật"), "TỐI MẬT": ("secrecy", "Tối mật"),
         "MẬT": ("secrecy", "Mật")}
SYMBOL_LABEL = re.compile(r"^Số\s*:?\s*(?P<rest>.*)$", re.I)
SYMBOL_PIECE = re.compile(r"^(?:[-/]\s)?[0-9A-Za-zĐđ/\-.]+$")
"""A piece of a split symbol; a lone "-" may have been read as a bullet ("- BHXH")."""
SYMBOL = re.compile(r"^(?P<number>\d+)(?P<sep>[/-])(?P<rest>[0-9A-Za-zĐđ/\-]+?)\.?$")
VV = re.compile(r"^V\s*/\s*v\b\.?\s*:?\s*", re.I)
DATE_START = re.compile(r"(^|,\s*|\s)ngày\b", re.I)
DATE = re.compile(
    r"^(?P<place>[^,]*?)\s*,?\s*ngày\s*(?P<d>\d(?:\s*\d)?)\s*tháng\s*(?P<m>\d(?:\s*\d)?)"
    r"\s*năm\s*(?P<y>\d(?:\s*\d){3})(?!\s*\d)", re.I)
KINH_GUI = re.compile(r"^Kính\s*gửi\s*:?\s*(?P<rest>.*)$", re.I)
DIEN = re.compile(r"^(?P<who>.*\bĐIỆN)\s*:\s*(?P<rest>.*)$")
NOI_NHAN = re.compile(r"^Nơi\s*nhận\s*:?\s*(?P<rest>.*)$", re.I)
LUU = re.compile(r"^Lưu\s*:?\s*(?P<rest>.*)$", re.I)
BULLET = re.compile(r"^[-–•+*]\s*")
INLINE_BULLETS = re.compile(r"(?:^|(?<=[;.]))\s*[-–•+]\s+")
PURPOSE = re.compile(r"\(\s*để\s+(?P<what>[^)]*)\)", re.I)
AUTHORITIES = sorted((prefix.rstrip(".") for prefix in load_table("signing")), key=len, reverse=True)
"""Authority prefixes of a signature block ("TM", "KT" …), from site_config/signing.yml."""
AUTHORITY = re.compile(rf"^(?P<auth>{'|'.join(map(re.escape, AUTHORITIES))})\s*\.\s*(?P<rest>.*)$")
STAMP = re.compile(r"^[(\[]?\s*(đã ký|daky|ký tên.*|đã ký và đóng dấu)\s*[)\]]?$", re.I)


# ---------------------------------------------------------------- zones

def _is_name(line: str) -> bool:
    """"Chu Mạnh Sinh": two to six words, each capitalised, no digits or punctuation."""
    words = line.split()
    return 2 <= len(words) <= 6 and all(w.isalpha() and w[0].isupper() and w[1:].islower() for w in words)


def _recipients_label(line: str):
    """"Kính gửi: …" or "TỔNG GIÁM ĐỐC … ĐIỆN: …" (a công điện)."""
    m = DIEN.match(line)
    return KINH_GUI.match(line) or (m if m and is_caps(m["who"]) else None)


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


def _any(text: str, nxt: str) -> bool:
    return True


def _mark(line: str):
    return MARKS.get(line.upper().strip(" .:"))


def _is_motto_start(line: str) -> bool:
    up = line.upper()
    return up.startswith("CỘNG") or up.startswith("ĐỘC")


def _motto_complete(text: str) -> bool:
    return any(m.match(text) for m in MOTTO)


def _entries(lines: list[str], i: int, first: str = "") -> tuple[list[str], int]:
    """A bullet list from line i: entries and the index after it.

    A line starting with a bullet opens an entry; a line starting in lower case or with
    punctuation continues the open one; an entry ending with "." closes the list.
    """
    entries = [e for e in INLINE_BULLETS.split(first) if e.strip()] if first else []
    while i < len(lines) and not (entries and entries[-1].rstrip().endswith(".")):
        line = lines[i]
        if BULLET.match(line) and not NOI_NHAN.match(line):
            entries.append(BULLET.sub("", line))
        elif entries and (line[:1].islower() or not line[:1].isalnum()
                          or not entries[-1].strip()):
            entries[-1] = (entries[-1] + " " + line).strip()
        elif not entries and not is_caps(line):
            entries.append(line)
        else:
            break
        i += 1
    return entries, i


@dataclasses.dataclass
class Zones:
    """The raw text of each component, before normalisation."""

    issuer_lines: list[str] = dataclasses.field(default_factory=list)
    marks: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    symbol: str = ""
    date: str = ""
    vv: str = ""
    titles: list[str] = dataclasses.field(default_factory=list)
    recipients: list[str] = dataclasses.field(default_factory=list)
    body: list[str] = dataclasses.field(default_factory=list)
    distribution: list[str] = dataclasses.field(default_factory=list)
    signature: list[str] = dataclasses.field(default_factory=list)


def _header(lines: list[str], z: Zones) -> int:
    """Read the header into `z`; return the index of the first line after it."""
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if _recipients_label(line) or NOI_NHAN.match(line):
            return i
        if _is_motto_start(line) and _motto_complete((motto := _span(lines, i, _any, _motto_complete))[0]):
            i = motto[1]
        elif _mark(line):
            z.marks.append(_mark(line))
            i += 1
        elif not z.symbol and (label := SYMBOL_LABEL.match(line)) and (
                label["rest"] == "" or label["rest"][:1].isdigit()):
            text, i = _span(lines, i, _symbol_joinable)
            z.symbol = re.sub(r"\s+", "", SYMBOL_LABEL.match(text)["rest"])
        elif not z.vv and VV.match(line):
            j = i + 1
            while j < n and not (DATE_START.search(lines[j]) or _recipients_label(lines[j])
                                 or is_caps(lines[j]) or j - i > 4):
                j += 1
            z.vv, i = " ".join(lines[i:j]), j
        elif not z.date and DATE_START.search(line) and len(line) < 80:
            z.date, i = _span(lines, i, _date_joinable, lambda t: bool(DATE.match(t)))
        elif is_caps(line):
            (z.titles if z.symbol or z.date else z.issuer_lines).append(line)
            i += 1
        else:
            return i
    return i


def zones(lines: list[str]) -> Zones:
    """Cut the logical lines into the components of a dispatch."""
    z = Zones()
    i = _header(lines, z)
    if i < len(lines):
        m = _recipients_label(lines[i])
        if m:
            z.recipients, i = _entries(lines, i + 1, m["rest"])
    end = next((k for k in range(i, len(lines)) if NOI_NHAN.match(lines[k])), None)
    if end is not None:
        z.distribution, after = _entries(lines, end + 1, NOI_NHAN.match(lines[end])["rest"])
        z.signature = lines[after:]
        if not z.signature:  # signature printed before the Nơi nhận list
            z.signature, end = _signature_tail(lines, i, end)
    else:
        z.signature, end = _signature_tail(lines, i, len(lines))
    z.body = lines[i:end]
    return z


def _signature_tail(lines: list[str], start: int, end: int) -> tuple[list[str], int]:
    """The signature block ending at `end`: a name under up to three ALL-CAPS lines."""
    k = end
    while k > start and STAMP.match(lines[k - 1]):
        k -= 1
    if k <= start or not _is_name(lines[k - 1]):
        return [], end
    top = k - 1
    while top > start and k - top < 4 and (is_caps(lines[top - 1]) or AUTHORITY.match(lines[top - 1])):
        top -= 1
    return (lines[top:end], top) if top < k - 1 else ([], end)


# ---------------------------------------------------------------- normalisers

def _clean_entry(text: str) -> str:
    return re.sub(r"\s*[;.,]+\s*$", "", BULLET.sub("", " ".join(text.split())))


def _symbol_fields(symbol: str) -> dict:
    m = SYMBOL.match(symbol)
    if not m:
        return {"symbol": symbol}
    symbol = m.group(0).rstrip(".")
    fields = {"symbol": symbol, "number": m["number"]}
    parts = m["rest"].split("-") if m["sep"] == "/" and "/" not in m["rest"] else []
    if parts and parts[0] in load_table("doc_types")["codes"]:
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
    named = doc_type_name(titles[0]) if titles else ""
    if named:
        titles = titles[1:]
    doc_type = table["codes"].get(type_code) or named or (table["default"] if has_symbol and not type_code else "")
    raw = VV.sub("", z.vv) if z.vv else re.sub(r"^V[ỀE]\s+VIỆC\s*:?\s*", "", " ".join(titles), flags=re.I)
    return {"doc_type": doc_type, "subject": sentence_case(raw) if raw.strip() else ""}


def _issuer_fields(lines: list[str]) -> dict:
    if not lines:
        return {}
    parent, issuer = (lines[0], " ".join(lines[1:])) if len(lines) > 1 else ("", lines[0])
    return {"issuer": name_case(issuer), "issuer_parent": name_case(parent) if parent else ""}


def _purpose(text: str) -> tuple[str, str]:
    m = PURPOSE.search(text)
    if not m:
        return _clean_entry(text), ""
    what = " ".join(m["what"].split())
    what = load_table("purposes").get(what.lower(), what)
    return _clean_entry(PURPOSE.sub("", text)), f"để {what}"


def _distribution_fields(entries: list[str], recipients: tuple[str, ...]) -> dict:
    addressees: list[Addressee] = []
    filing = ""
    for entry in entries:
        entry = BULLET.sub("", entry.strip())
        luu = LUU.match(entry)
        if luu:
            filing = _filing(luu["rest"])
            continue
        name, purpose = _purpose(entry)
        if name.lower() == "như trên" and recipients:
            addressees += [Addressee(r, purpose) for r in recipients]
        elif name:
            addressees.append(Addressee(name, purpose))
    return {"distribution": tuple(addressees), "filing": filing}


def _filing(text: str) -> str:
    """"VT, TĐKT (2b)." → "VT, TĐKT (2b)": codes split by the repair are rejoined."""
    text = re.sub(r"(?<=[A-ZĐ])\s+(?=[A-ZĐ])", "", " ".join(text.split()))
    text = re.sub(r"\s+,", ",", text)
    return re.sub(r"[\s.;]+$", "", text)


def _signer(lines: list[str]) -> Signer:
    lines = [l for l in lines if not STAMP.match(l)]
    if not lines:
        return Signer()
    name = lines[-1] if _is_name(lines[-1]) else ""
    block = lines[:-1] if name else lines
    m = AUTHORITY.match(block[0]) if block else None
    if m:
        return Signer(f"{m['auth']}.", name_case(m["rest"]), name_case(" ".join(block[1:])), name)
    return Signer("", "", name_case(" ".join(block)), name)


def _fields(z: Zones) -> dict:
    """The `Dispatch` fields read from the zones; the type needs the symbol's type code,
    the distribution list needs the recipients ("Như trên")."""
    fields = _issuer_fields(z.issuer_lines)
    symbol = _symbol_fields(z.symbol) if z.symbol else {}
    fields.update(symbol)
    fields.update(_date_fields(z.date))
    fields.update(_type_and_subject(z, symbol.get("type_code", ""), bool(symbol.get("number"))))
    fields.update(z.marks)
    recipients = tuple(filter(None, map(_clean_entry, z.recipients)))
    fields["recipients"] = recipients
    fields.update(_distribution_fields(z.distribution, recipients))
    fields["signer"] = _signer(z.signature)
    fields["body_text"] = "\n\n".join(z.body)
    fields["references"] = find_references("\n".join([z.vv, *z.titles, *z.body]), symbol.get("symbol", ""))
    fields["blocks"] = tuple(structure.body_blocks(z.body))
    return fields

WARNINGS = {
    "symbol": "no symbol found",
    "date": "no date found",
    "issuer": "no issuer found",
    "subject": "no subject found",
    "signer": "no signature found",
}


def parse(d: Dispatch) -> Dispatch:
    """Return `d` with the metadata, references and body read from `d.lines`."""
    lines = [l for l in _logical(d.lines) if not SEPARATOR.match(l)]
    if not any(ch.isalpha() for line in lines for ch in line):
        raise InputError(d.source, "no readable text")
    z = zones(lines)
    fields = _fields(z)
    warnings = [msg for key, msg in WARNINGS.items()
                if not (fields.get(key) if key != "signer" else fields["signer"].name)]
    if z.symbol and "number" not in fields:
        warnings.append(f"symbol not understood: {z.symbol!r}")
    if z.date and not fields.get("date"):
        warnings.append(f"date not understood: {z.date!r}")
    return dataclasses.replace(d, **fields, warnings=tuple(warnings))
