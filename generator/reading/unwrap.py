"""Unwrap: take out what a crawler, converter or PDF extractor put around or into a dispatch.

Runs after ingest and before repair. Input: the decoded raw text. Output: `Unwrapped`,
the dispatch's own lines (blank lines kept: they separate paragraphs and table cells),
the provenance worth keeping (source URL, e-signature signer and time) and one note per
kind of removal, for the build report.

The rules are small functions ``rule(lines, found) -> lines`` applied in the order of
`RULES` (as Python-Markdown registers its processors); each can be tested alone. Their
vocabularies are site_config/unwrap.yml. Nothing here decides what a line means in the
dispatch: header cells run together on one line are split by `header_cells`, and the
parse stage reads them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from generator.language.casing import is_caps
from generator.language.folding import fold
from generator.language.lexicon import core
from generator.language.syllable import is_syllable
from generator.model import Dispatch
from generator.reading import header
from generator.reading.cells import SEPARATOR_RUN, header_cells
from generator.reading.references import type_names
from generator.tables import load_table, per_project


@dataclass(frozen=True)
class _Vocabulary:
    """The unwrap table (site_config/unwrap.yml) as the rules read it."""

    source: re.Pattern
    markers: re.Pattern
    running_head: re.Pattern
    page_number: re.Pattern
    e_signature: re.Pattern
    e_signature_keys: dict[str, str]
    footer: re.Pattern
    """The portal footer's first line, searched in the whole text at once (lines may be indented)."""
    lookalikes: dict[int, str]
    lookalike_marks: tuple[str, ...]
    crawler_title: re.Pattern


@per_project()
def _vocabulary() -> _Vocabulary:
    table = load_table("unwrap")
    return _Vocabulary(
        re.compile(table["source_line"], re.I),
        re.compile("|".join(f"(?:{p})" for p in table["markers"]), re.I),
        re.compile("|".join(f"(?:{p})" for p in table["running_heads"])),
        re.compile(table["page_number"]),
        re.compile(rf"^({'|'.join(map(re.escape, table['e_signature']))})\s*:\s*(?P<value>.*)$", re.I),
        table["e_signature"],
        re.compile("|".join("(?:^[ \t]*" + p.lstrip("^").replace("$", "[ \t]*$") + ")"
                            for p in table["footer_starts"]), re.M),
        str.maketrans(table["lookalikes"]), (*table["lookalikes"], "~ "),
        re.compile(rf"^(?:{'|'.join(map(re.escape, type_names()))})\s+\d+[/\-]\S*\s+(?:năm\s+\d{{4}}|ngày\s+\d)"))


_OCR_DASH = re.compile(r"^(\s*)~\s(?=\S)")
_MOTTO = re.compile(r"cong\s*hoa\s*xa\s*hoi")
_MOTTO_HINT = re.compile(r"H\w{1,3}\s*X\w{1,2}\s*H", re.I)
"""Cheap test before folding a line: "HÒA XÃ H", "hoà xã h", OCR's "HOA XA H"."""
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")


@dataclass
class Found:
    """What the rules took out: provenance (key → value) and notes, one per removal kind."""

    provenance: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def removed(self, what: str, count: int) -> None:
        if count:
            self.notes.append(f"unwrapped: {what} ({count} line{'s' * (count > 1)})")


@dataclass(frozen=True)
class Unwrapped:
    lines: tuple[str, ...]
    provenance: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()


# ---------------------------------------------------------------- rules

def front_matter(lines: list[str], found: Found) -> list[str]:
    """A YAML block a collecting tool put first ("---" … "---"): its title is provenance."""
    if not lines or lines[0].strip() != "---":
        return lines
    end = next((k for k in range(1, min(len(lines), 40)) if lines[k].strip() == "---"), None)
    if end is None:
        return lines
    for line in lines[1:end]:
        key, _, value = line.partition(":")
        if key.strip() in ("title", "source", "url"):
            found.provenance[f"collector_{key.strip()}"] = value.strip().strip('"')
    found.removed("front matter of the collecting tool", end + 1)
    return lines[end + 1:]


def source_line(lines: list[str], found: Found) -> list[str]:
    """"*Source: URL*": the page the text was fetched from."""
    out = []
    for line in lines:
        m = _vocabulary().source.match(line.strip())
        if m and "source_url" not in found.provenance:
            found.provenance["source_url"] = m["url"]
            found.removed("source URL line", 1)
        else:
            out.append(line)
    return out


def _is_markdown(lines: list[str]) -> bool:
    marks = sum(1 for l in lines if l.startswith(("#", "|")) or "**" in l or "<br>" in l)
    return marks >= 3


def markdown(lines: list[str], found: Found) -> list[str]:
    """Markdown a converter wrote: emphasis, headings, <br>, escapes; pipe-table rows become
    their cells, one per line, with a blank line after each (a cell ends a paragraph)."""
    if not _is_markdown(lines):
        return lines
    out: list[str] = []
    for line in "\n".join(lines).replace("<br>", "\n").splitlines():
        text = line.strip()
        if _TABLE_RULE.match(text) and "-" in text:
            continue
        if text.startswith("|") or text.endswith("|") and text.count("|") > 1:
            for cell in map(_plain, re.split(r"(?<!\\)\|", text)):
                out += [cell, ""] if cell else [""]
            continue
        out.append(_plain(line))
    found.notes.append("unwrapped: Markdown marks and tables")
    return out


def _plain(text: str) -> str:
    """One Markdown line as text: no emphasis marks, heading hashes or escapes."""
    text = text.replace("**", "").replace("\\|", "|").replace("\\*", "*").replace("\\_", "_")
    text = re.sub(r"^\s*#{1,6}(?:\s+|$)", "", text)
    text = re.sub(r"^\s*[*_](?=\S)(?![*_\s-]*$)", "", text)  # opening italics
    text = re.sub(r"(?<=\S)\s*[*_]\s*$", "", text) if not re.fullmatch(r"[\s_*=-]*", text) else text
    text = re.sub(r"(?:^|(?<=\s))\*+(?=\s|$)", "", text)  # emphasis left alone: "năm 2025 * *"
    return text.strip()


def markers(lines: list[str], found: Found) -> list[str]:
    """Page-break and picture-text markers of converters and OCR."""
    out = [l for l in lines if not _vocabulary().markers.match(l.strip())]
    found.removed("page-break and picture markers", len(lines) - len(out))
    return out


def gazette(lines: list[str], found: Found) -> list[str]:
    """Running heads of Công báo pages ("CÔNG BÁO/Số 286/Ngày …") and the page numbers beside them."""
    heads = [k for k, line in enumerate(lines) if _vocabulary().running_head.match(line.strip())]
    if not heads:
        return lines
    near = {j for k in heads for j in range(k - 2, k + 3)}
    out: list[str] = []
    dropped = 0
    for k, line in enumerate(lines):
        if k in heads or k in near and _vocabulary().page_number.match(line.strip()):
            dropped += 1
            continue
        out.append(line)
    found.removed("Công báo running heads and page numbers", dropped)
    return out


def e_signature(lines: list[str], found: Found) -> list[str]:
    """Text of an electronic-signature stamp ("Ký bởi: …", "Ngày ký: …") kept as provenance.

    Only a stamp: a "Ký bởi" line with the stamp's other labels beside it."""
    out: list[str] = []
    k = 0
    while k < len(lines):
        m = _vocabulary().e_signature.match(lines[k].strip())
        if m and m[1].lower() == "ký bởi":
            j = k + 1
            while j < len(lines) and j - k < 5 and _vocabulary().e_signature.match(lines[j].strip()):
                j += 1
            for line in lines[k:j]:
                label, value = _vocabulary().e_signature.match(line.strip()).group(1, "value")
                key = next(v for l, v in _vocabulary().e_signature_keys.items() if l.lower() == label.lower())
                found.provenance.setdefault(f"e_{key}", value.strip())
            found.removed("electronic-signature stamp", j - k)
            k = j
            continue
        out.append(lines[k])
        k += 1
    return out


def crawler_title(lines: list[str], found: Found) -> list[str]:
    """A crawler's title line first ("Công văn 296/BHXH-CSYT năm 2021 …"), and the same title
    repeated before every article (RAG chunk prefixes)."""
    first = next((k for k, l in enumerate(lines) if l.strip()), None)
    if first is None or not _vocabulary().crawler_title.match(lines[first].strip()):
        return lines
    text = lines[first].strip()
    # The header glued after "… ban hành. BẢO HIỂM XÃ HỘI": the first ". " before a word in capitals.
    m = next((m for m in re.finditer(r"\.\s+(\w+)\s", text) if m[1].isupper() and len(m[1]) > 1), None)
    title, rest = (text[:m.start() + 1], text[m.start(1):]) if m else (text, "")
    found.provenance["crawler_title"] = title.rstrip(".")
    out = lines[:first] + ([rest] if rest else [])
    repeated = 0
    for line in lines[first + 1:]:
        if line.strip().startswith(title) and line.strip() != title:
            line, repeated = line.strip()[len(title):].strip(), repeated + 1
        elif line.strip() == title:
            repeated += 1
            continue
        out.append(line)
    found.removed("crawler title line", 1 + repeated)
    return out


def document_window(lines: list[str], found: Found) -> list[str]:
    """A portal page saved whole: the document runs from its header (the issuer cell above the
    national motto) to the portal's footer; what lies outside is the page's. A motto below a
    type line or a Nơi nhận list heads an appendix: the document starts at the top."""
    motto = next((k for k, l in enumerate(lines) if _MOTTO_HINT.search(l) and _MOTTO.search(fold(l))), None)
    start = 0
    if motto is not None and _document_above(lines[:motto]):
        motto = None  # the motto heads an appendix of a file without its header
    if motto is not None:
        start = motto
        while start > 0 and motto - start < 8 and _header_cell_line(lines[start - 1]):
            start -= 1
        while start < motto and not lines[start].strip():
            start += 1
    text = "\n".join(lines)
    offset = sum(len(line) + 1 for line in lines[:start])
    footer = _vocabulary().footer.search(text, offset)
    end = text.count("\n", 0, footer.start()) if footer else len(lines)
    while end > start and (not lines[end - 1].strip() or _vocabulary().crawler_title.match(lines[end - 1].strip())):
        end -= 1
    found.removed("portal page before the document", sum(1 for l in lines[:start] if l.strip()))
    found.removed("portal page after the document", sum(1 for l in lines[end:] if l.strip()))
    return lines[start:end]


def _document_above(lines: list[str]) -> bool:
    """True when `lines` (those above the first motto) are a document, not a portal's page:
    they open with a type line ("QUYẾT ĐỊNH", a file whose header a converter dropped) or
    hold a Nơi nhận list."""
    first = next((l.strip().strip("*") for l in lines if l.strip()), "")
    return bool(first and header.type_line(first)) or any(header.label_of(l.strip()) == "Nơi nhận" for l in lines)


def _header_cell_line(line: str) -> bool:
    """A line of the issuer cell: blank, a rule, "Số: …", or written in capitals."""
    text = line.strip()
    if not text or SEPARATOR_RUN.fullmatch(text) or re.match(r"^Số\s*:", text, re.I):
        return True
    return is_caps(text) and len(text) < 120


def lookalikes(lines: list[str], found: Found) -> list[str]:
    """Look-alike letters (Cyrillic Т, С; Ð for Đ) as the Vietnamese letters they stand for,
    and OCR's "~" for the dash that opens a list entry."""
    out = [_OCR_DASH.sub(r"\1- ", l.translate(_vocabulary().lookalikes)) for l in lines]
    found.removed("look-alike letters folded", sum(a != b for a, b in zip(lines, out)))
    return out


def spaced_words(lines: list[str], found: Found) -> list[str]:
    """Words split by stray spaces ("Nh ư tr ê n", "C ổng") rejoined where a piece is not a
    Vietnamese syllable and the joined pieces are one: the syllable grammar that decides
    line breaks (syllable.py)."""
    text = "\n".join(lines)
    hits = {text.count("\n", 0, m.start()) for m in _ONSET_ALONE.finditer(text)}  # line numbers
    if not hits:
        return lines
    out = [_rejoin(line) if n in hits else line for n, line in enumerate(lines)]
    found.removed("words rejoined across stray spaces", sum(a != b for a, b in zip(lines, out)))
    return out


_ONSET_ALONE = re.compile(r"\S [bcdđghklmnpqrstvxBCDĐGHKLMNPQRSTVX]{1,3} \S")
"""A consonant-only token inside a line ("Nh ư", "C ổng", "tr ê n"): a syllable split by a
stray space leaves its onset or its final alone. Only such lines are looked at."""


@per_project(maxsize=65536)
def _is_fragment(token: str) -> bool:
    """A lower-case piece of letters that no Vietnamese syllable is spelled as ("Nh", "tr", "n")."""
    text = core(token)
    return text.isalpha() and (len(text) == 1 or not text.isupper()) and not is_syllable(text)


def _rejoin(line: str) -> str:
    tokens = line.split(" ")
    if not any(_is_fragment(t) for t in tokens[1:-1] if len(t) <= 4):
        return line  # a piece at a line's edge is the repair's to join, across the break
    out: list[str] = []
    k = 0
    while k < len(tokens):
        best = 1
        for n in range(2, min(4, len(tokens) - k) + 1):
            parts = tokens[k:k + n]
            if not all(core(p).isalpha() and core(p) == p for p in parts[:-1]) or not core(parts[-1]).isalpha():
                break
            if any(_is_fragment(p) for p in parts) and is_syllable(core("".join(parts))):
                best = n
        out.append("".join(tokens[k:k + best]))
        k += best
    return " ".join(out)


RULES = (
    ("front matter", front_matter, ("---",)),
    ("source line", source_line, ("://",)),
    ("Markdown", markdown, ("**", "|", "<br>", "#")),
    ("markers", markers, ("PAGE BREAK", "picture", "![", "Trang ", "Page ")),
    ("Công báo heads", gazette, ("CÔNG BÁO",)),
    ("e-signature", e_signature, ("Ký bởi", "ký bởi", "KÝ BỞI")),
    ("crawler title", crawler_title, ()),
    ("document window", document_window, ()),
    ("look-alikes", lookalikes, lambda: _vocabulary().lookalike_marks),
    ("spaced words", spaced_words, ()),
    ("header cells", header_cells, ()),
)
"""The rules in the order they run, each with the strings one of which the text must hold
for it to apply at all (most files need few of them; none: always), or the function giving
them from a table: provenance first, then the converter's markup, then the
page around the document, then damage inside words, last the header's cells."""


def unwrap(raw: str) -> Unwrapped:
    """The dispatch's own lines of decoded `raw` text (NFC, blank lines kept)."""
    text = unicodedata.normalize("NFC", raw)
    lines = text.splitlines()
    found = Found()
    for _, rule, marks in RULES:
        marks = marks() if callable(marks) else marks
        if not marks or any(mark in text for mark in marks):
            lines = rule(lines, found)
    return Unwrapped(tuple(lines), tuple(found.provenance.items()), tuple(found.notes))


def apply(d: Dispatch) -> Dispatch:
    """`d` with `unwrapped`, `provenance` and `unwrap_notes` filled from its raw text."""
    result = unwrap(d.raw_text)
    return replace(d, unwrapped=result.lines, provenance=result.provenance, unwrap_notes=result.notes)
