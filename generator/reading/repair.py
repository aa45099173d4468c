"""Repair the scraped text: decide every raw line break as "join", "space" or "newline".

The scraper turned each HTML element boundary into a line break, so a break may sit
inside a syllable ("tr\\nong"), between words (a source line wrap) or between blocks.
Word-level choices are made for whole chains of breaks at once: a best segmentation
(dynamic programming) of the line-edge fragments into words, scored by the syllable
grammar, a lexicon (site_config/lexicon.yml plus tokens seen unbroken inside lines of
the same file) and number/symbol shapes.  A break that ends a word is then a space or
a new logical line, from layout signals (list markers, sentence-final punctuation,
short first lines, capitals).

Output: one logical line per header field, paragraph, list item or heading, NFC.
Separator lines such as "-------" are kept as their own logical lines (they delimit
the header cells for the parser); portal chrome lines are dropped.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections import Counter

from generator.language.lexicon import FileLexicon, segment
from generator.language.syllable import is_syllable
from generator.model import Dispatch
from generator.reading import addressee, header
from generator.reading.ingest import settings
from generator.reading.structure import ENDS_FINAL, LIST_MARKER, ROMAN_MARKER
from generator.reading.zones import separator
from generator.tables import load_table, per_project

JOIN, SPACE, NEWLINE = "join", "space", "newline"
SPACE_COST = 0.3
"""Cost of a word boundary at a line break; makes a valid whole word beat two pieces."""
GLUE_COST = 4.0
"""Extra cost of a boundary between two digits or at a "/" or "-" inside a symbol."""

_MARKER_ONLY = re.compile(rf"^(?:{LIST_MARKER})$")
_MARKER_THEN_TEXT = re.compile(rf"^(?:{LIST_MARKER})\s+[\"“(]?(?P<first>\w)")
_LONE_DASH = re.compile(r"^[-–]$")
_LABEL_SPACELESS = re.compile(r"^(?:Kínhgửi|N[ơo]inh[ậa]n)")
"""A label the scraper broke into pieces ("K\\ní\\nnh gửi:"): it opens a block all the same."""
_FIRST_ITEM = re.compile(r"^(?:1\.|I\.)\s")
_TAKES_NUMBER = re.compile(r"(?:ngày|tháng|năm|số|khoản|điểm|Điều|điều|mục|Mục|tại|lần|giai đoạn|[/,-])$")
_ROMAN_HEADING = re.compile(rf"^{ROMAN_MARKER}\s")
_ENDS_OPEN = re.compile(r"(?:[,(“]|\s[-–])$")
_SYMBOL_OPEN_END = re.compile(r"\w[/-]$")
_SYMBOL_TAIL_START = re.compile(r"^[/-]\w")
_FIRST_WORD = re.compile(r"^[\"“(‘]*(?P<word>\w+)")
_WORD = re.compile(r"\w+")
_ASCII_LOWER = re.compile("[a-z]")


@dataclasses.dataclass(frozen=True)
class _Layout:
    """The layout table (site_config/layout.yml) as repair reads it: lengths in characters."""

    block_start: re.Pattern
    """A raw line that starts a logical line: a header field, Nơi nhận, or an authority prefix."""
    short_prev: int
    short_next: int
    place_date: re.Pattern
    short_run: int
    item_title: int


@per_project()
def _layout() -> _Layout:
    layout, signing = load_table("layout"), load_table("signing")
    authorities = [*signing["authorities"], *signing["authority_spellings"]]
    block_start = re.compile("|".join([*(f"(?:{p})" for p in layout["block_starts"]),
                                       rf"^(?:{'|'.join(map(re.escape, authorities))})(?:\s|$)"]))
    return _Layout(block_start, layout["short_prev_line"], layout["short_next_line"], re.compile(layout["place_date"]),
                   layout["short_logical_line"], layout["item_title_max"])


def _first_letter(text: str) -> str:
    """The first alphanumeric character of `text`, "" if none."""
    match = _FIRST_WORD.match(text)
    return match.group("word")[0] if match else ""


def _is_caps_line(text: str) -> bool:
    """True for a line written in capitals (titles, headings, signer positions).

    Stricter than casing.is_caps (no lower-case letter at all, a real syllable): "V/v" or
    "Covid-19 HN" must not vote for a break (is_caps changes repairs of generated files)."""
    if _ASCII_LOWER.search(text):  # the common case, without a loop over every character
        return False
    letters = [ch for ch in text if ch.isalpha()]
    if not letters or any(ch.islower() for ch in letters):
        return False
    words = _WORD.findall(text)
    return any(len(w) > 1 and is_syllable(w) for w in words)


def _is_glued(prev: str, nxt: str) -> bool:
    """True when the break splits digits or sits at a "/" or "-" inside a symbol (the end
    pattern searched in the last characters only: over a whole line it costs the most)."""
    digits = prev[-1:].isdecimal() and nxt[:1].isdecimal()  # \d: a decimal digit of any script
    return digits or bool(_SYMBOL_OPEN_END.search(prev[-2:]) or _SYMBOL_TAIL_START.match(nxt))


def _is_place_piece(line: str) -> bool:
    """A short line that can be the start of a place name: capitalised words, no
    abbreviation in capitals ("Thành phố Hồ Chí", not "BHXH")."""
    words = line.split()
    return 0 < len(words) <= 5 and words[0][:1].isupper() and all(
        w in ("-", "–") or len(w) > 1 and (not w.isupper() or w.rstrip(".") == "TP") for w in words)


def _spaceless_ahead(lines: list[str], n: int) -> str:
    """Lines n… without spaces, as far as a broken label needs ("Kínhgửi": seven letters,
    as many lines at worst: "K", "í", "nh g", "ử", "i:"); "" where no label can start."""
    return "".join(lines[n:n + 7]).replace(" ", "")[:8] if lines[n][:1] in "KN" else ""


def _starts_block(prev: str, line: str, following: str, block_text: str, ahead: str = "") -> bool:
    """True when `line` opens a list item, a header field or a signature block.

    A list marker counts only after a finished sentence, a heading, a short item
    title ("1. Mục đích"), another dash item or a capitals line, so that "trước ngày\n25." and
    "Sở Lao động\n- Thương binh" stay inside their sentence. `ahead` is the next raw lines
    without spaces, where a label the scraper broke ("K", "í", "nh gửi:") reads whole.
    """
    if _layout().block_start.match(line) or _LABEL_SPACELESS.match(ahead) or header.opens_own_line(line) \
            or header.ends_chain(prev, line):
        return True
    if line[:2] in ("- ", "~ ", "– ") and _LABEL_SPACELESS.match(block_text.replace(" ", "")) \
            and not (addressee.named_on_label_line(block_text) and not ENDS_FINAL.search(prev)):
        return True  # the list under a label, whatever OCR ran onto the label's line
    if "ngày" in line[:80] + following[:80] and (   # cheap test first: most breaks are in the body
            _layout().place_date.match(line)
            or _is_place_piece(line) and _layout().place_date.match(f"{line} {following}")):
        # the place may wrap: "Thành phố Hồ Chí" / "Minh, ngày 28" starts at "Thành phố"
        return not (block_text == prev and _is_place_piece(prev) and _layout().place_date.match(f"{prev} {line}"))
    if block_text[:2] in ("- ", "+ ") and prev[-1:] in ".;" and _first_letter(line).isupper() \
            and not _MARKER_THEN_TEXT.match(line) and not _MARKER_ONLY.match(line):
        return True  # a dash entry closed by its punctuation ends; a sentence follows it
    if _MARKER_ONLY.match(line):
        first = _first_letter(following)
    else:
        match = _MARKER_THEN_TEXT.match(line)
        first = match.group("first") if match else ""
    if not first.isupper():
        return False
    if _FIRST_ITEM.match(line) and not _TAKES_NUMBER.search(prev):
        return True  # "1." or "I." opens a list after a title: "Triển khai công tác thu năm 2024"
    return bool(ENDS_FINAL.search(prev) or _ROMAN_HEADING.match(block_text)
                or _MARKER_THEN_TEXT.match(block_text) and len(block_text) <= _layout().item_title
                or line[:1] == "-" and block_text[:2] == "- "
                or _is_caps_line(prev))


@dataclasses.dataclass
class _Block:
    """The logical line being built: its text so far, and whether the one before was an
    addressee label ending with ":" ("Kính gửi:", "… ĐIỆN:"), not any line ending so."""

    text: str
    after_label: bool = False


class _Context:
    """Per-file facts used by the newline decision: capitalisation counts.

    Counted on first use only: few files reach the one rule that asks."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        self.counts: tuple[Counter, Counter] | None = None

    def _count(self) -> tuple[Counter, Counter]:
        """(lower-case, Capitalised) counts of words not first or last on a line nor after a sentence end."""
        lower, capital = Counter(), Counter()
        for line in self.lines:
            words = line.split()
            for before, word in zip(words, words[1:-1]):
                core = _FIRST_WORD.match(word)
                if not core or ENDS_FINAL.search(before) or _MARKER_ONLY.match(before):
                    continue  # a sentence or a list item starts with a capital
                text = core.group("word")
                if text.islower():
                    lower[text] += 1
                elif text[:1].isupper() and text[1:].islower():
                    capital[text.lower()] += 1
        return lower, capital

    def usually_lower(self, word: str) -> bool:
        if self.counts is None:
            self.counts = self._count()
        lower, capital = self.counts
        key = word.lower()
        return lower[key] > 2 * capital[key]


def _newline_score(prev: str, nxt: str, ctx: _Context, block: _Block, ahead: list[str]) -> float:
    """Positive when a word boundary between raw lines `prev` and `nxt` starts a new logical
    line; `ahead` is `nxt` and the two raw lines after it."""
    first = _first_letter(nxt)
    if not first.isupper() or _ENDS_OPEN.search(prev):
        return -8.0
    score = 0.0
    if prev[-1:] == "." and addressee.is_label(block.text):
        return 1.0  # "Kính gửi: <addressee>." on its line: the full stop ends the addressee
    if ENDS_FINAL.search(prev):
        short = len(prev) < _layout().short_prev or len(nxt) < _layout().short_next
        score += 3.0 if short else -3.0
    prev_caps, next_caps = _is_caps_line(prev), _is_caps_line(nxt)
    if prev_caps and next_caps:
        score += -4.0 if _ROMAN_HEADING.match(block.text) else 3.0
    elif prev_caps:
        score += 4.0
    elif next_caps:
        score += 3.0
    elif _ROMAN_HEADING.match(block.text) and len(block.text) < _layout().short_prev:
        score += 3.0  # a heading in sentence case: "II. Kết quả thực hiện"
    if addressee.ends(block.text, block.after_label, ahead, ctx.usually_lower):
        score += 3.0  # the addressee on or after "Kính gửi:" / "ĐIỆN:" ends; the body starts
    return score - 1.0


def _clean_lines(raw: str) -> tuple[list[str], list[bool], list[bool]]:
    """NFC raw lines without chrome and blank lines; flags mark indented continuations and
    lines after a blank line that ends a paragraph (see `_blank_ends_paragraph`)."""
    lines, indented, after_blank = [], [], []
    blank = False
    for line in unicodedata.normalize("NFC", raw).splitlines():
        text = line.strip()
        if not text or text in settings().chrome_lines:
            blank = blank or not text
            continue
        lines.append(text)
        indented.append(line.startswith("  ") and bool(indented))
        after_blank.append(blank and len(lines) > 1)
        blank = False
    if not _blank_ends_paragraph(lines, after_blank):
        after_blank = [False] * len(lines)
    return lines, indented, after_blank


def _blank_ends_paragraph(lines: list[str], after_blank: list[bool]) -> bool:
    """True when this file's blank lines separate paragraphs (converters, OCR, Markdown), not
    wrapped lines of one sentence: few lines after a blank go on in lower case ("a) …" opens an item)."""
    starts = [lines[n] for n, flag in enumerate(after_blank) if flag]
    going_on = sum(_first_letter(s).islower() and not _MARKER_THEN_TEXT.match(s) for s in starts)
    return bool(starts) and going_on < 0.2 * len(starts)


def _cells(lines: list[str], indented: list[bool]) -> tuple[list[str], list[str]]:
    """For each line: the header cell text ending with it, and the one starting with it."""
    ending, starting = list(lines), list(lines)
    for n in range(1, len(lines)):
        if indented[n]:
            ending[n] = ending[n - 1] + " " + lines[n]
    for n in range(len(lines) - 2, -1, -1):
        if indented[n + 1]:
            starting[n] = lines[n] + " " + starting[n + 1]
    return ending, starting


def _boundary_decisions(lines: list[str], indented: list[bool], after_blank: list[bool]) -> list[tuple[str, float, bool]]:
    """For each break: (decision if it ends a word, extra cost of ending a word, may join)."""
    ctx = _Context(lines)
    ending, starting = _cells(lines, indented)
    result = []
    block = _Block(lines[0] if lines else "")
    for b in range(len(lines) - 1):
        prev, nxt = ending[b], starting[b + 1]
        following = starting[b + 2] if b + 2 < len(lines) else ""
        glue = GLUE_COST if _is_glued(prev, nxt) else 0.0
        marker_opened = _MARKER_ONLY.match(prev) and block.text == prev
        joinable = not (_LONE_DASH.match(lines[b]) or _LONE_DASH.match(lines[b + 1]))
        if after_blank[b + 1]:
            result.append((NEWLINE, 0.0, False))
        elif indented[b + 1] or marker_opened:
            result.append((SPACE, 0.0, False))
        elif separator().match(prev) or separator().match(nxt) or _starts_block(
                prev, nxt, following, block.text, _spaceless_ahead(lines, b + 1)):
            result.append((NEWLINE, 0.0, False))
        else:
            newline = _newline_score(lines[b], lines[b + 1], ctx, block, lines[b + 1:b + 4]) > 0
            result.append((NEWLINE if newline else SPACE, glue, joinable))
        if result[-1][0] == NEWLINE:
            block = _Block(lines[b + 1], after_label=block.text.endswith(":") and addressee.is_label(block.text))
        else:
            block.text += " " + lines[b + 1]
    return result


def _tokens(lines: list[str]) -> tuple[list[str], list[int], list[int]]:
    """The tokens of all lines in order, the line of each token, and the index of each line's last token."""
    words: list[str] = []
    line_of: list[int] = []
    line_ends: list[int] = []
    for n, line in enumerate(lines):
        split = line.split()
        words += split
        line_of += [n] * len(split)
        line_ends.append(len(words) - 1)
    return words, line_of, line_ends


def decide_breaks(raw: str) -> tuple[list[str], list[str]]:
    """Return the kept raw lines (trimmed, NFC) and one decision per break between them."""
    lines, indented, after_blank = _clean_lines(raw)
    boundaries = _boundary_decisions(lines, indented, after_blank)
    words, line_of, line_ends = _tokens(lines)
    edge_cost = [0.0] * len(words)
    joins_next = [False] * len(words)
    for n, (_, glue, joinable) in enumerate(boundaries):
        edge_cost[line_ends[n]] = SPACE_COST + glue
        joins_next[line_ends[n]] = joinable
    back = segment(words, edge_cost, joins_next, FileLexicon(lines))
    decisions = [boundary[0] for boundary in boundaries]
    end = len(words)
    while end > 0:
        start = back[end]
        for k in range(start, end - 1):
            decisions[line_of[k]] = JOIN
        end = start
    return lines, decisions


def assemble(lines: list[str], decisions: list[str]) -> list[str]:
    """Glue raw lines by their decisions into logical lines."""
    if not lines:
        return []
    out, current = [], lines[0]
    for decision, line in zip(decisions, lines[1:]):
        if decision == NEWLINE:
            out.append(current)
            current = line
        else:
            current += ("" if decision == JOIN else " ") + line
    out.append(current)
    return [unicodedata.normalize("NFC", line) for line in out]


def repair_text(raw: str) -> list[str]:
    """The logical lines of a raw scraped document, in NFC, without portal chrome."""
    return assemble(*decide_breaks(raw))


def repair(d: Dispatch) -> Dispatch:
    """The dispatch with `lines` filled from its raw text."""
    text = "\n".join(d.unwrapped) if d.unwrapped else d.raw_text
    return dataclasses.replace(d, lines=tuple(repair_text(text)))
