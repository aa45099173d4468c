"""Header cells: a header whose cells a crawler or converter ran onto one line, split back.

"BẢO HIỂM XÃ HỘI VIỆT NAM -------", "Số: 296/BHXH-CSYT V/v …", "… năm 2021 Kính gửi: …":
`split_components(line)` cuts a line before each Nghị định 30 component it runs into (the
rules under cells, the motto and its tagline, Số, V/v, the place and date, Kính gửi) and
after the symbol and the date; `header_cells` is the unwrap rule that applies it to the
header's lines. Nothing here decides what a component means: the parse stage reads them.
"""

from __future__ import annotations

import re

from generator.language import vocabulary
from generator.language.units import registry
from generator.reading import header

SEPARATOR_RUN = re.compile(r"(?:^|\s)[-_=–—]{5,}(?=\s|$)")
"""A rule under a header cell, run onto the cell's line: five or more, so that a "---" in a
subject stays text."""


def header_cells(lines: list[str], found) -> list[str]:
    """Header cells flattened onto one line ("BẢO HIỂM XÃ HỘI VIỆT NAM -------", "Số: 296/BHXH-CSYT
    V/v …", "… năm 2021 Kính gửi:") split back into one component a line. Only the header:
    the lines up to the first one that opens the body, or the one after "Kính gửi"."""
    out: list[str] = []
    for k, line in enumerate(lines):
        if _body_started(line) or k > 40 or out and _KINH_GUI.match(out[-1]):
            return out + lines[k:]
        out += split_components(line) if _ANCHOR.search(line) else [line]
    return out


_KINH_GUI = re.compile(r"^\s*Kính\s+gửi\b")


_BODY = re.compile(r"^\s*(?:Căn cứ|Điều\s+1\b|I\.\s|1\.\s|Nơi nhận)", re.I)


def _body_started(line: str) -> bool:
    """A line of the body, not the header: its opening, or a long line that is no header line
    run together (a crawler puts a whole header and subject on one line)."""
    return bool(_BODY.match(line)) or len(line) > 400 and not _HEADER_START.match(line)


SO_LABEL = r"[Ss][ốôoóéê6]\s*:"
"""The "Số:" label, and OCR's readings of it ("sé:", "Sô:")."""
_HEADER_START = re.compile(rf"\s*(?:{SO_LABEL}|C[ỘO]NG\s+H|V\s*[/|il]\s*v\s|Kính\s+gửi|[^,]{{0,40}},\s*ngày\s)")


_SYMBOL_TEXT = r"\d+\s*[/-]\s*[\wĐđ]+(?:\s*[-/]\s*[\wĐđ&]+)*"
_HEADING_HINT = r"(?i:C\w{1,3}NG\s+(?:H|S\w{1,2}N\b)|\bl\w{1,2}p\s*[-–—]\s*T\w{1,2}\s+d)"
"""Cheap test for the motto ("CỘNG H…"), the Party's heading ("CỘNG SẢN") and the tagline
("lập - Tự d…"), OCR's unmarked readings included; the vocabulary then finds them."""
_ANCHOR = re.compile(rf"[-_=–—]{{5}}|{_HEADING_HINT}|{SO_LABEL}|V\s*[/|il]\s*[vV]\s|Kính\s+gửi|tháng\s\S{{1,3}}\snăm\s\d{{4}}\s+\S|[,.]\s*ngày\s")
"""A line that may hold a component after its start: only such lines go through the splits."""


_CUT_BEFORE = re.compile(rf"(?<=\S)\s+(?={SO_LABEL}|V\s*[/|il]\s*v\s|Kính\s+gửi\s*:)", re.I)
"""Where a component starts inside a line: Số, V/v, Kính gửi (the headings: `_cut_headings`)."""


def _cut_headings(text: str) -> str:
    """A newline before and after each national motto, tagline or Party heading inside a line,
    whatever OCR did to its marks ("TỈNH HÀ TĨNH Doc lap - Tu do - Hanh phuc"; vocabulary.py)."""
    out = []
    for line in text.split("\n"):
        found = vocabulary.find(header.HEADINGS, line) if re.search(_HEADING_HINT, line) else ()
        cuts = sorted({0, len(line), *(c for hit in found for c in (hit.start, hit.end))})
        out += [line[a:b].strip() for a, b in zip(cuts, cuts[1:])]
    return "\n".join(out)
_CUT_AFTER_SYMBOL = re.compile(rf"(?m)^({SO_LABEL}\s*{_SYMBOL_TEXT}\.?)\s+(?=\S)")
_CUT_AFTER_DATE = re.compile(r"(?m)^(.*?tháng\s\S{1,3}\snăm\s\d{4})\s+(?=\S)")
"""Where a component ends inside a line: the symbol's grammar ("Số: 296/BHXH-CSYT V/v …"),
a full date ("… năm 2021 Kính gửi:", "… năm 2020 QUYẾT ĐỊNH …")."""


def split_components(line: str) -> list[str]:
    """One header line cut before each Nghị định 30 component it runs into: rules, the motto
    and its tagline, Số, V/v, the place and date, Kính gửi."""
    text = _cut_headings(SEPARATOR_RUN.sub("\n", line))
    text = _CUT_BEFORE.sub("\n", text)
    text = _CUT_AFTER_SYMBOL.sub("\\1\n", text)
    text = _CUT_AFTER_DATE.sub("\\1\n", text)
    text = _split_place(text)
    parts = [piece for part in text.split("\n") if part.strip() for piece in _addressee_and_body(part.strip())]
    if len(parts) <= 1 and text.strip() == line.strip():
        return [line]  # nothing to split: the line keeps its indent (a wrapped cell)
    return parts or [line]


def _addressee_and_body(line: str) -> list[str]:
    """"Kính gửi: <addressee> <body>" run onto one line, cut where the addressee is a whole
    name and a capitalised word follows (units.Registry.is_whole_name)."""
    m = re.match(r"Kính\s+gửi\s*:\s*", line)
    if not m or len(line) < 120:
        return [line]
    for w in re.finditer(r"\s(?=[A-ZĐÀ-Ỹ][a-zà-ỹđ])", line[m.end():]):
        cut = m.end() + w.start()
        if registry().is_whole_name(line[m.end():cut]):
            return [line[:cut], line[cut + 1:]]
    return [line]


_DATE_AFTER_PLACE = re.compile(r"[,.]\s*ngày\s+\S{1,3}\s+tháng\b")
_PLACE_WORD = re.compile(r"^(?:[A-ZĐ][\w.]*|-|–|TP\.?)$")


def _split_place(text: str) -> str:
    """A newline before "<Place>, ngày … tháng" when the place does not open its line."""
    out = []
    for line in text.split("\n"):
        m = _DATE_AFTER_PLACE.search(line)
        if m:
            words = line[:m.start()].split(" ")
            k = len(words)
            while k > 0 and _PLACE_WORD.match(words[k - 1]) and len(words) - k < 7:
                k -= 1
            while k < len(words) and words[k] in ("-", "–"):
                k += 1
            if 0 < k < len(words) and " ".join(words[:k]).strip():
                line = " ".join(words[:k]) + "\n" + line[len(" ".join(words[:k])) + 1:]
        out.append(line)
    return "\n".join(out)
