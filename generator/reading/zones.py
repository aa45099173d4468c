"""Zones: a dispatch's logical lines cut into the components of Nghị định 30/2020 (Phụ lục I).

`zones(lines)` returns the raw text of each: issuer, marks, số and ký hiệu, place and date,
V/v, type and subject, Kính gửi, body, Nơi nhận, signature blocks and what follows them.
The components are found in any order and layout (several on a line, one over several); the
pieces repair left split are joined (digits and symbol parts on their own lines, an indented
line continues the line above). `parse` turns the zones into field values.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata

from generator.language import vocabulary
from generator.language.casing import is_caps
from generator.reading import header, signature
from generator.tables import load_table, per_project


@per_project()
def separator() -> re.Pattern:
    """The horizontal rule between header and body (site_config/layout.yml's separator)."""
    return re.compile(load_table("layout")["separator"])


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
    r"\s*năm\s*(?P<y>\d(?:\s*\d){3})(?:\d(?!\s*\d))?(?!\s*\d)", re.I)
"""Place and date; a footnote's digit glued to the year ("năm 20264") is not part of it."""
YEAR = re.compile(r"năm\s*\d{4}", re.I)
"""The year that ends a place-and-date line, its day and month filled in or left blank."""
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
    """Strip lines; an indented line continues the line above (same table cell); a label OCR
    damaged is written as the vocabulary has it ("Noi nhan:" → "Nơi nhận:", "Số 47-TB/ĐU" →
    "Số: 47-TB/ĐU")."""
    out: list[str] = []
    for line in lines:
        text = unicodedata.normalize("NFC", line)
        if not text.strip():
            continue
        if text[:1].isspace() and out:
            out[-1] += " " + text.strip()
        else:
            out.append(_label_line(" ".join(text.split())))
    return out


def _label_line(line: str) -> str:
    """`line` with its opening label in the vocabulary's spelling, when it has one."""
    if ":" not in line[:12] and not _SO_NUMBER.match(line):
        return line
    found = vocabulary.label(line)
    if not found or line.startswith(f"{found[0]}:"):
        return line
    return f"{found[0]}: {found[1]}".rstrip()


_SO_NUMBER = re.compile(r"^S\w\s+\d")


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
    party: bool = False
    """True under the Party's heading (ĐẢNG CỘNG SẢN VIỆT NAM): a Party document."""
    titles: list[str] = dataclasses.field(default_factory=list)
    recipients: list[str] = dataclasses.field(default_factory=list)
    body: list[str] = dataclasses.field(default_factory=list)
    distribution: list[str] = dataclasses.field(default_factory=list)
    signatures: list[signature.Block] = dataclasses.field(default_factory=list)
    appendix: list[str] = dataclasses.field(default_factory=list)


SIGNATURE_TAIL = 60
"""The last lines, where a signature run into another line is looked for."""
SIGNATURE_BEFORE_LIST = 10
"""Lines above "Nơi nhận:" where a signature printed before the list may start."""


def _header(lines: list[str], z: Zones) -> int:
    """Read the header into `z`; return the index of the first line after it.

    The components are found in any order; after a type line come the subject (capitals or
    sentence case) and, in a decision, the authority line, which ends the header."""
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if _recipients_label(line) or NOI_NHAN.match(line):
            return i
        if separator().match(line) or header.is_motto(line):
            z.party = z.party or header.is_party(line)
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
        elif not z.date and DATE_START.search(line) and len(line) < 80 and not (z.doc_type and z.titles) \
                and not header.opens_body_by_shape(line):  # before the subject, no citation ("Căn cứ Luật … ngày")
            z.date, i = _span(lines, i, _date_joinable, lambda t: bool(DATE.match(t) or YEAR.search(t)))
        elif not z.doc_type and (typed := header.type_line(line)) and (
                z.symbol or z.date or z.issuer_lines or not (z.titles or z.vv)):  # or the file opens at it
            z.doc_type, rest = typed
            i += 1
            rest, *more = _cut_subject(rest) if not is_caps(rest) and is_caps(rest[:12]) else [rest]
            lines[i:i], n = more, n + len(more)  # "QUYẾT ĐỊNH VỀ … THU HỒI Căn cứ Luật …"
            if rest and _title(rest, z):
                return i
        elif z.doc_type:
            parts = _cut_subject(line) if not z.titles and not is_caps(line) and is_caps(line[:12]) else (
                header.cut_at_label(line) if not is_caps(line) else [line])
            lines[i:i + 1] = parts  # a subject in capitals with the body run onto its line
            line, n = parts[0], n + len(parts) - 1
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
    capitals, or a sentence-case subject of a few lines that does not open the body. A line
    whose shape opens the body ("I. MỤC ĐÍCH, YÊU CẦU", "Chương I", "Căn cứ …") never
    belongs to it; one of digits alone ends a subject in capitals ("… NĂM" / "2024"); a
    subject is in capitals or in sentence case, never both. Its first line may be longer than
    a body's sentence (a Word file's or a web page's subject is one paragraph)."""
    if header.opens_body_by_shape(line):
        return False
    if is_caps(line) and len(line.split()) >= 3 and z.titles and not any(is_caps(t) for t in z.titles):
        return False  # capitals after a sentence-case subject: the authority line ("HỘI ĐỒNG NHÂN DÂN TỈNH …")
    if is_caps(line) or not re.search(r"[^\W\d_]", line) and len(line) <= 12 and z.titles:
        return True
    return not header.opens_body(line, False, SUBJECT_LINES[bool(z.titles)]) and len(z.titles) < 3 \
        and not any(is_caps(t) for t in z.titles)


SUBJECT_LINES = (2000, 250)
"""The longest sentence-case subject line, first and following: a Word or web page's trích yếu
is one paragraph however long; a Công báo trích yếu's printed lines run to 320."""


def _title(text: str, z: Zones) -> bool:
    """Add a subject line to `z`, less an authority line at its end; True when the authority
    line was there (the header ends with it)."""
    start = header.authority_start(text, header.issuer_levels(z.issuer_lines)[1]) if is_caps(text) else None
    piece = text if start is None else text[:start].strip()
    if piece:
        z.titles.append(piece)
    return start is not None


DATE_RUN = re.compile(r"^[^,.]{0,40}[,.]?\s*ngày\s*[\d\s.…_]*tháng\s*[\d\s.…_]*năm\s*\d{4}\d?(?=\s+\S)", re.I)
"""A place and date, filled in or left blank, with more text run onto its line."""
HEADER_LINES = 20
"""The lines at the top where the header's components may have been run together."""


def _unglue(lines: list[str]) -> list[str]:
    """Header lines where the date, the type line, the subject, the authority line and the
    body's first words were run onto one ("Hà Nội, ngày 31 tháng 7 năm 2024 QUYẾT ĐỊNH VỀ …
    Căn cứ …"), cut back into one component a line."""
    out = []
    for k, line in enumerate(lines):
        m = DATE_RUN.match(line) if k < HEADER_LINES else None
        if not m:
            out.append(line)
            continue
        rest = line[m.end():].strip()
        typed = header.type_line(rest)
        if not typed:
            out.append(line)  # what follows the date is no type line: left to the date's grammar
            continue
        printed = rest[:len(rest) - len(typed[1])].strip()
        out += [line[:m.end()], printed, *_cut_subject(typed[1])]
    return [line for line in out if line]


def _cut_subject(text: str) -> list[str]:
    """A subject with what follows it on its line: in capitals, it ends at the first word in
    lower case ("… THU HỒI Căn cứ …"); in sentence case, at a run of words in capitals (the
    authority line) or at a phrase a body opens with ("… châu Phi Ngày 09/9/2024, …")."""
    words = text.split()
    caps = [is_caps(w) or not re.search(r"[^\W\d_]", w) for w in words]
    cut = len(words)
    for k in range(1, len(words)):
        if caps[0] and not caps[k] or not caps[0] and (
                caps[k] and k + 1 < len(words) and caps[k + 1] and words[k].isalpha()
                or words[k][:1].isupper() and " ".join(words[k:]).startswith(header._vocabulary().openers)):
            cut = k
            break
    head, tail = " ".join(words[:cut]), " ".join(words[cut:])
    return [head, *(_cut_subject(tail) if tail and is_caps(words[cut]) and not caps[0] else [tail])]


def zones(lines: list[str]) -> Zones:
    """Cut the logical lines into the components of a dispatch."""
    z = Zones()
    lines = _unglue(lines)
    i = _header(lines, z)
    header_only = dataclasses.replace(z)
    read = _after_header(lines, i, z)
    if read.signatures:
        return read
    tail = max(i, len(lines) - SIGNATURE_TAIL)  # a signature run into another line, perhaps
    unglued = lines[:tail] + [piece for line in lines[tail:] for piece in signature.unglue(line)]
    return read if unglued == lines else _after_header(unglued, i, header_only)


def _after_header(lines: list[str], i: int, z: Zones) -> Zones:
    """`z` with Kính gửi, body, Nơi nhận, signature blocks and appendix read from line i."""
    if i < len(lines):
        m = _recipients_label(lines[i])
        if m:
            z.recipients, i = _entries(lines, i + 1, m["rest"])
    nn = next((k for k in range(i, len(lines)) if NOI_NHAN.match(lines[k])), None)
    nameless = None
    if nn is not None:
        lines, nameless = _unmerge(lines, nn)
    # The signature stands by the Nơi nhận list, before or after it: looked for from a few
    # lines above the list (the whole body only when there is none).
    near = i if nn is None else max(i, nn - SIGNATURE_BEFORE_LIST)
    z.signatures = [nameless] if nameless else signature.find_blocks(lines, near)
    if not z.signatures and nn is not None:
        return _name_after_list(lines, i, nn, z) or _no_signature(lines, i, nn, z)
    if not z.signatures:
        return _no_signature(lines, i, nn, z)
    top, after = z.signatures[0].top, z.signatures[-1].end
    if nn is not None and nn < top:
        _distribution(lines, nn, z)
        while after < len(lines) and BULLET.match(lines[after]):  # a signature box inside the list
            z.distribution.append(lines[after])
            after += 1
        top = nn
    elif nn is not None and nn - after <= 1:
        after = _distribution(lines, nn, z)
    z.body = [l for l in lines[i:top] if not separator().match(l)]
    z.appendix = lines[after:]
    return z


def _no_signature(lines: list[str], i: int, nn: int | None, z: Zones) -> Zones:
    """Body, Nơi nhận list and appendix of a dispatch whose signature was not found."""
    end = len(lines) if nn is None else nn
    after = end if nn is None else _distribution(lines, nn, z)
    z.body = [l for l in lines[i:end] if not separator().match(l)]
    z.appendix = lines[after:]
    return z


def _name_after_list(lines: list[str], i: int, nn: int, z: Zones) -> Zones | None:
    """The chain printed above the Nơi nhận list (at nn) and the name printed after the list
    (OCR read the left column first); None when the lines are not so."""
    top = nn
    while top > i and nn - top < 6 and signature.is_chain_line(lines[top - 1]):
        top -= 1
    if top == nn:
        return None
    entries, after = _entries(lines, nn + 1, NOI_NHAN.match(lines[nn])["rest"])
    if after >= len(lines) or not signature.is_name(lines[after], under_chain=True):
        return None
    z.distribution = entries
    z.signatures = [signature.Block(top, nn, (*lines[top:nn], lines[after].strip().rstrip(".")))]
    z.body = [l for l in lines[i:top] if not separator().match(l)]
    z.appendix = lines[after + 1:]
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
