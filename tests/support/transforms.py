"""Transformations that real sources make to a dispatch's text, one small function per kind.

Each kind is one seen in real files (issue 26, shared/corpus-real/SOURCES.md): OCR that loses
the marks of fixed phrases or confuses the letters of labels, converters that glue or split
header lines, drop the header table or add Markdown emphasis, portals that put their chrome
and a summary before the document, page breaks and running heads, footnote digits glued to
a year. They are written from the kind, never from a particular file, and take a seeded
`random.Random`, so a run is reproducible.

`apply(name, text, seed, truth)` returns a `Transformed`: the new text and the fields the
transformation removed from the document (they must come out empty, e.g. the symbol when
the header table is dropped). `truth` (a truth.json record) is read only by
`portal_chrome`, whose metadata box describes the document, as a portal's does.
The damage simulator beside this module (`damage.py`) models the scraper's line breaks
inside paragraphs, a different kind; it is not repeated here.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
         "Độc lập - Tự do - Hạnh phúc", "Độc lập – Tự do – Hạnh phúc")
LABELS = ("Số:", "Kính gửi", "Nơi nhận")
TYPE_NAMES = ("QUYẾT ĐỊNH", "CÔNG ĐIỆN", "KẾ HOẠCH", "CHỈ THỊ", "THÔNG BÁO", "NGHỊ ĐỊNH",
              "THÔNG TƯ", "NGHỊ QUYẾT", "TỜ TRÌNH", "BÁO CÁO", "KẾT LUẬN", "HƯỚNG DẪN")
POSITIONS = ("PHÓ TỔNG GIÁM ĐỐC", "TỔNG GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "GIÁM ĐỐC", "THỨ TRƯỞNG",
             "BỘ TRƯỞNG", "PHÓ CHỦ TỊCH", "CHỦ TỊCH", "PHÓ THỦ TƯỚNG", "THỦ TƯỚNG",
             "PHÓ CHỦ NHIỆM", "CHỦ NHIỆM", "PHÓ TRƯỞNG BAN", "TRƯỞNG BAN", "PHÓ CỤC TRƯỞNG",
             "CỤC TRƯỞNG", "PHÓ TỔNG CỤC TRƯỞNG", "TỔNG CỤC TRƯỞNG", "CHÁNH VĂN PHÒNG")
OCR_LABELS = {"Nơi nhận": ("Noi nhan", "Not nhận", "Noi nhận", "Nơi nhân"),
              "Số:": ("S6:", "sé:", "Sô:", "$6:"),
              "Kính gửi": ("Kinh gui", "Kinh gửi", "Kính gứi", "Site gửi")}
HEADER_FIELDS = frozenset({"symbol", "date", "issuer"})
_DATE = re.compile(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+(\d{4})")
_TYPE_NAME = re.compile(r"(?m)(?:^|(?<=[\s*]))(?:" + "|".join(TYPE_NAMES) + r")(?=\**\s*$|\**\s+(\S))")
_KINH_GUI = re.compile(r"(?m)^[|\s*]*Kính gửi")


@dataclass(frozen=True)
class Transformed:
    text: str
    emptied: frozenset = field(default_factory=frozenset)
    """Fields the transformation removed from the document: right when they come out empty."""


def unmarked(text: str) -> str:
    """`text` without Vietnamese marks: NFD, combining marks dropped, Đ→D."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


def _phrase_pattern(phrases) -> re.Pattern:
    """Any of `phrases`, longest first, its words separated by any run of spaces or line
    breaks (header cells wrap: "CỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM")."""
    return re.compile("|".join(r"\s+".join(map(re.escape, p.split()))
                               for p in sorted(phrases, key=len, reverse=True)))


def _phrases(text: str, phrases, replace: Callable[[str], str]) -> str:
    return _phrase_pattern(phrases).sub(lambda m: replace(m[0]), text)


def strip_fixed_marks(text: str, rng: random.Random, truth: dict) -> Transformed:
    """OCR loses the marks of the fixed phrases: motto, labels, type names, positions."""
    return Transformed(_phrases(text, MOTTO + LABELS + TYPE_NAMES + POSITIONS, unmarked))


def confuse_labels(text: str, rng: random.Random, truth: dict) -> Transformed:
    """OCR misreads the letters of labels: "Nơi nhận" → "Noi nhan", "Số:" → "S6:"."""
    return Transformed(_phrases(text, OCR_LABELS, lambda label: rng.choice(OCR_LABELS[" ".join(label.split())])))


def _nonblank_after(lines: list[str], start: int, count: int) -> list[int]:
    return [i for i in range(start + 1, len(lines)) if lines[i].strip()][:count]


def glue_date_lines(text: str, rng: random.Random, truth: dict) -> Transformed:
    """A converter runs the date line, the type line and the next line onto one line."""
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if _DATE.search(line)), None)
    if first is None:
        return Transformed(text)
    glued = _nonblank_after(lines, first, 2)
    joined = " ".join(lines[i].strip() for i in [first, *glued])
    keep = [line for i, line in enumerate(lines) if i not in glued]
    keep[first] = joined
    return Transformed("\n".join(keep))


def split_symbol(text: str, rng: random.Random, truth: dict) -> Transformed:
    """"Số:" alone on its line, the number on the next."""
    return Transformed(re.sub(r"(Số\s*:)[ \t]*(?=\d)", r"\1\n", text, count=1))


def drop_header(text: str, rng: random.Random, truth: dict) -> Transformed:
    """Word-to-text tools drop the header table: the file starts at the type line (or, for a
    letter, at "Kính gửi"); symbol, date and issuer are gone, and a letter's subject too."""
    motto = _phrase_pattern(MOTTO).search(text)
    after = motto.end() if motto else 0
    typed = next((m for m in _TYPE_NAME.finditer(text, after) if not m[1] or m[1][0].isupper()), None)
    letter = _KINH_GUI.search(text, after)
    if typed and (not letter or typed.start() < letter.start()):
        return Transformed(text[typed.start():], HEADER_FIELDS)
    if letter:
        return Transformed(text[letter.start():].lstrip("|* \n"), HEADER_FIELDS | {"subject"})
    return Transformed(text)


def portal_chrome(text: str, rng: random.Random, truth: dict) -> Transformed:
    """A portal page: copyright line, metadata box and a summary article before the document."""
    def box(label: str, key: str) -> str:
        return f"| {label} | {truth.get(key) or 'Đang cập nhật'} |"
    other = f"{rng.randint(100, 9999)}/{rng.choice(['BHXH-CSYT', 'BTC-TCT', 'UBND-VX'])}"
    head = ["Bản quyền thuộc về Thư viện pháp luật. Vui lòng không sao chép.", "",
            "| Thuộc tính | |", "|---|---|", box("Số hiệu:", "symbol"),
            box("Loại văn bản:", "doc_type"), box("Nơi ban hành:", "issuer"),
            box("Người ký:", "signer_name"), box("Ngày ban hành:", "date"), "",
            "## Tóm tắt", "",
            f"Văn bản này được ban hành sau Công văn {other} ngày {rng.randint(1, 28)}/"
            f"{rng.randint(1, 12)}/20{rng.randint(10, 25)} và hướng dẫn các đơn vị thực hiện.", "",
            "## Nội dung văn bản", ""]
    return Transformed("\n".join(head) + "\n" + text)


def emphasise_header(text: str, rng: random.Random, truth: dict) -> Transformed:
    """Markdown emphasis inside header words ("**năm**", "**Số:**") from a converter."""
    lines = text.split("\n")
    for i, line in enumerate(lines[:25]):
        words = line.split(" ")
        lines[i] = " ".join(f"**{w}**" if any(c.isalpha() for c in w) and "*" not in w
                            and (w in ("năm", "Số:") or rng.random() < 0.15) else w for w in words)
    return Transformed("\n".join(lines))


def insert_page_breaks(text: str, rng: random.Random, truth: dict) -> Transformed:
    """Page breaks and a Công báo running head with a page number, between any two lines."""
    lines = text.split("\n")
    if len(lines) < 6:
        return Transformed(text)
    for at in sorted(rng.sample(range(3, len(lines)), k=min(3, len(lines) - 3)), reverse=True):
        page = str(rng.randint(2, 80))
        insert = rng.choice([["", "--- PAGE BREAK ---", ""],
                             [page, f"CÔNG BÁO/Số {rng.randint(100, 999)}/Ngày 05-06-2020", page]])
        lines[at:at] = insert
    return Transformed("\n".join(lines))


def glue_footnote_digit(text: str, rng: random.Random, truth: dict) -> Transformed:
    """A footnote's digit glued to the header date's year ("năm 20264")."""
    match = _DATE.search(text)
    if not match:
        return Transformed(text)
    return Transformed(text[:match.end(1)] + str(rng.randint(1, 9)) + text[match.end(1):])


TRANSFORMS: dict[str, Callable[[str, random.Random, dict], Transformed]] = {
    "marks stripped from fixed phrases": strip_fixed_marks,
    "OCR letters in labels": confuse_labels,
    "date, type and next line glued": glue_date_lines,
    "Số: alone, number on next line": split_symbol,
    "header table dropped": drop_header,
    "portal chrome and summary first": portal_chrome,
    "Markdown emphasis in header": emphasise_header,
    "page breaks and running heads": insert_page_breaks,
    "footnote digit glued to year": glue_footnote_digit,
}
"""Every transformation, by the name the matrix prints, in the order it prints them."""


def apply(name: str, text: str, seed: int, truth: dict | None = None) -> Transformed:
    """Transformation `name` of `text` with a Random seeded by `seed` (reproducible)."""
    return TRANSFORMS[name](text, random.Random(seed), truth or {})
