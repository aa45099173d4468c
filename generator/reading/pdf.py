"""PDF: each page's text layer through pdfium (pypdfium2), or OCR where the page has none.

A page is read from its text layer when that holds enough letters and enough of them carry
Vietnamese marks (site_config/formats.yml); else it is a scan, or a layer whose fonts lost
the Vietnamese letters, and is read by OCR (reading/ocr.py). pdfium keeps a two-column
header's cells apart, 4-5 ms a page. Signing systems stamp the number and the day of a
dispatch into signature widgets: their text is taken from the flattened page and put where
it is printed, on the line it sits on ("Số: 507/UBND-KGVX"); widget text on no line of the
page (the publisher's stamp) is set aside in a note.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from generator.cache import Memo
from generator.errors import InputError
from generator.reading import ocr
from generator.reading.extract import Extracted, joined, missing, settings


@dataclass(frozen=True)
class Box:
    """A character's or a word's box in PDF points: left, bottom, right, top."""

    left: float
    bottom: float
    right: float
    top: float


def _pdfium():
    try:
        import pypdfium2
        import pypdfium2.raw
    except ImportError:
        return None
    return pypdfium2


def letter_shares(text: str) -> tuple[int, float]:
    """(letters, share of them outside ASCII): Vietnamese prose has 0.26-0.30."""
    letters = [c for c in unicodedata.normalize("NFC", text) if c.isalpha()]
    return len(letters), (sum(not c.isascii() for c in letters) / len(letters) if letters else 0.0)


def needs_ocr(text: str, scanned: Callable[[], bool]) -> bool:
    """True when a page's own text is too poor in marks to be its text layer, or too little
    for a page that is a picture (`scanned()`: an image covers half of it or more)."""
    table = settings()
    letters, share = letter_shares(text)
    if letters < table["pdf_min_letters"]:
        return scanned()
    return letters >= table["pdf_share_min_letters"] and share < table["pdf_min_accented_share"]


def is_picture(page) -> bool:
    """True when one image covers half of the page or more (a scan; a short last page of
    text has none)."""
    raw = _pdfium().raw
    width, height = page.get_size()
    for image in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = image.get_bounds()
        if (right - left) * (top - bottom) >= 0.5 * width * height:
            return True
    return False


def _box(textpage, index: int) -> Box:
    return Box(*textpage.get_charbox(index))


def _words(textpage, start: int, end: int) -> list[tuple[str, Box]]:
    """The words of characters start..end-1 (a widget's text), each with the box around it."""
    text = textpage.get_text_range(start, end - start)
    words, current = [], []
    for k, char in enumerate(text + " "):
        if not char.isspace():
            current.append((char, _box(textpage, start + k)))
        elif current:
            boxes = [b for _, b in current]
            words.append(("".join(c for c, _ in current), Box(min(b.left for b in boxes), min(b.bottom for b in boxes),
                                                             max(b.right for b in boxes), max(b.top for b in boxes))))
            current = []
    return words


def _overlaps(a: Box, b: Box) -> bool:
    """True when two boxes overlap vertically by half the smaller height."""
    return min(a.top, b.top) - max(a.bottom, b.bottom) > 0.5 * min(a.top - a.bottom, b.top - b.bottom)


class PageLines:
    """The page's own text line by line, each character's box read only for the lines a
    widget's word sits on (a box is a call into pdfium: 10 µs)."""

    def __init__(self, textpage, text: str) -> None:
        self.textpage, self.text = textpage, text
        self.lines = [(m.start(), m.end()) for m in re.finditer(r"[^\r\n]+", text) if m.group().strip()]
        self.first = [self._first_box(start, end) for start, end in self.lines]
        self.boxes: dict[int, list[tuple[int, Box]]] = {}

    def _first_box(self, start: int, end: int) -> Box:
        k = next(k for k in range(start, end) if not self.text[k].isspace())
        return _box(self.textpage, k)

    def _chars(self, line: int) -> list[tuple[int, Box]]:
        if line not in self.boxes:
            start, end = self.lines[line]
            self.boxes[line] = [(k, _box(self.textpage, k)) for k in range(start, end) if not self.text[k].isspace()]
        return self.boxes[line]

    def place(self, word: Box) -> int | None:
        """Where a widget's word goes in the text: before the first character of its line to
        its right, after the last when none is; None when no line of the page holds it."""
        line = [(k, box) for n, first in enumerate(self.first) if _overlaps(first, word)
                for k, box in self._chars(n) if _overlaps(box, word)]
        if not line:
            return None
        middle = (word.left + word.right) / 2
        right = [k for k, box in line if (box.left + box.right) / 2 > middle]
        return min(right) if right else max(k for k, _ in line) + 1


PARAGRAPH = "\n"
"""An insert that is a blank line (`paragraphs`), not a word."""


def paragraphs(lines: PageLines) -> list[tuple[int, str]]:
    """A blank line before each line set further below the one before it than formats.yml's
    pdf_paragraph_gap times the page's line pitch (its most common drop from line to line,
    font boxes' bottoms, to half a point: the body's): a subject's last line from the body's first, a paragraph
    from the next, as the page shows them; the reading stages cannot tell them apart in
    lines that do not end a sentence ("… trong thời gian đến" / "Ngày 03/01/2025, …")."""
    bottoms = [lines.textpage.get_charbox(start + len(lines.text[start:end]) - len(lines.text[start:end].lstrip()),
                                          loose=True)[1] for start, end in lines.lines]
    drops = [above - below for above, below in zip(bottoms, bottoms[1:])]
    down = [round(d * 2) / 2 for d in drops if d > 1]
    if len(down) < 4:
        return []
    gap = settings()["pdf_paragraph_gap"] * statistics.mode(down)
    return [(lines.lines[k + 1][0], PARAGRAPH) for k, drop in enumerate(drops) if drop > gap]


def _splice(text: str, inserts: list[tuple[int, str]]) -> str:
    """`text` with each widget word put at its place, spaced as words (no space beside a "/"
    or "-" of a symbol: "Số: 507/UBND"), and each PARAGRAPH's blank line."""
    chars = list(text)
    for at, word in sorted(inserts, reverse=True):
        if word == PARAGRAPH:
            chars[at:at] = [PARAGRAPH]
            continue
        before = chars[at - 1] if at else "\n"
        after = chars[at] if at < len(chars) else "\n"
        left = "" if before.isspace() or before in "/-" else " "
        right = "" if after.isspace() or after in "/-" else " "
        chars[at:at] = [left + word + right]
    return "".join(chars)


def _has_widgets(page) -> bool:
    raw = _pdfium().raw
    for k in range(raw.FPDFPage_GetAnnotCount(page)):
        annotation = raw.FPDFPage_GetAnnot(page, k)
        subtype = raw.FPDFAnnot_GetSubtype(annotation)
        raw.FPDFPage_CloseAnnot(annotation)
        if subtype == raw.FPDF_ANNOT_WIDGET:
            return True
    return False


def page_text(pdf, index: int) -> tuple[str, list[str], bool]:
    """(text of page `index`, widget words on no line of it, whether it needs OCR)."""
    page = pdf[index]
    textpage = page.get_textpage()
    count = textpage.count_chars()
    base = textpage.get_text_range(0, count) if count else ""
    if needs_ocr(base, lambda: is_picture(page)):
        textpage.close()
        page.close()
        return base, [], True
    if not _has_widgets(page):
        text = _splice(base, paragraphs(PageLines(textpage, base)))
        textpage.close()
        page.close()
        return text, [], False
    textpage.close()
    _pdfium().raw.FPDFPage_Flatten(page, _pdfium().raw.FLAT_NORMALDISPLAY)  # widgets' text into the page's
    page.close()
    page = pdf[index]
    textpage = page.get_textpage()
    lines = PageLines(textpage, base)
    inserts, stray = paragraphs(lines), []
    for word, box in _words(textpage, count, textpage.count_chars()):
        at = lines.place(box)
        if at is None:
            stray.append(word)
        else:
            inserts.append((at, word))
    textpage.close()
    page.close()
    return _splice(base, inserts), stray, False


def extract(data: bytes, source: str, memo: Memo) -> Extracted:
    """The text of every page, in order; scanned pages through OCR (`ocr_pages`), Tesseract's
    readings kept in `memo`."""
    pdfium = _pdfium()
    if pdfium is None:
        raise missing(source, "pypdfium2", "a PDF document")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise InputError(source, f"binary file (PDF document) that pdfium cannot open: {exc}") from None
    try:
        pages = [page_text(pdf, k) for k in range(len(pdf))]
        scanned = [k for k, (_, _, scan) in enumerate(pages) if scan]
        read = ocr.read_pages(pdf, scanned, source, memo) if scanned else {}
    finally:
        pdf.close()
    texts = [read.get(k, text) for k, (text, _, _) in enumerate(pages)]
    stray = [" ".join(words) for _, words, _ in pages if words]
    notes = tuple(f"set aside the text of a signature stamp on no line of the page: {s!r}" for s in stray)
    label = f"PDF ({len(pages)} page{'s' * (len(pages) > 1)}" + (f", {len(scanned)} read by OCR)" if scanned else ")")
    return Extracted(joined("\n".join(texts).splitlines()), label, tuple(k + 1 for k in scanned), notes,
                     whole=all(read[k].strip() for k in scanned))
