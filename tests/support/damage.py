"""Damage simulator: break clean paragraphs the way the portal scraper did.

Every HTML element boundary became a line break, and the HTML source was word-wrapped
at about 80 columns.  So a paragraph's first line is short (its tag's attributes took
the rest of the source line), later lines wrap at ~75-85 characters, and element
boundaries split text anywhere: inside a syllable ("tr|ong"), around a lone accented
vowel ("đ|ổ|i"), inside abbreviations and numbers ("BHX|H", "202|1"), before closing
punctuation ("2021|”|."), or between words.  Header-table cells continue on lines
indented by two spaces.

`damage` returns the damaged text and the true decision ("join", "space",
"newline") of every line break, in order.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass

from generator.language.syllable import is_syllable
from generator.tables import load_table

JOIN, SPACE, NEWLINE = "join", "space", "newline"
WIDTH = 80
_ABBREVIATIONS = frozenset(load_table("lexicon")["abbreviations"])
_TRAILING = re.compile(r"[.,;:!?”)%]+$")
_SYMBOL = re.compile(r"^[\w/.,-]*\d[\w/.,-]*$")
_MARKER = re.compile(r"^(?:\d{1,2}\.|[a-zđ]\)|[IVXLC]+\.|-)$")
_TONED = frozenset("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")


@dataclass
class Damaged:
    text: str
    decisions: list[str]
    """The true decision of each line break of `text`, in order."""


def _splittable(core: str) -> bool:
    """True for the words the scraper is seen to split: syllables, abbreviations, numbers."""
    return bool(core) and (is_syllable(core) or core in _ABBREVIATIONS or bool(_SYMBOL.match(core)))


def _marked_vowels(core: str) -> list[int]:
    """Positions of vowels carrying a diacritic (the ones a scraper isolates: "đ|ổ|i")."""
    return [i for i, ch in enumerate(core)
            if any(m in _TONED for m in unicodedata.normalize("NFD", ch)[1:])]


def _split_word(word: str, rng: random.Random, rate: float) -> list[str]:
    """Pieces of `word` after random element-boundary splits inside it."""
    match = _TRAILING.search(word)
    core = word[:match.start()] if match else word
    tail = match.group() if match else ""
    if not _splittable(core) or rng.random() >= rate:
        return [word]
    cuts = set()
    vowels = _marked_vowels(core)
    if vowels and rng.random() < 0.3:
        v = rng.choice(vowels)
        cuts.update(c for c in (v, v + 1) if 0 < c < len(core))
    elif len(core) > 1:
        cuts.add(rng.randint(1, len(core) - 1))
        if len(core) > 3 and rng.random() < 0.25:
            cuts.add(rng.randint(1, len(core) - 1))
    pieces, last = [], 0
    for cut in sorted(cuts):
        pieces.append(core[last:cut])
        last = cut
    pieces.append(core[last:])
    if tail and rng.random() < 0.5:
        pieces += list(tail) if rng.random() < 0.5 else [tail]
    else:
        pieces[-1] += tail
    return pieces


def _paragraph_lines(text: str, rng: random.Random, split_rate: float,
                     space_split_rate: float) -> tuple[list[str], list[str]]:
    """Physical lines of one paragraph and the decisions of the breaks between them."""
    lines, decisions = [""], []
    capacity = WIDTH - rng.randint(20, 60)
    for n, word in enumerate(text.split()):
        pieces = [word] if n == 0 and _MARKER.match(word) else _split_word(word, rng, split_rate)
        for k, piece in enumerate(pieces):
            current = lines[-1]
            if k > 0:
                decisions.append(JOIN)
                lines.append(piece)
                capacity = rng.randint(30, WIDTH)
            elif n > 0 and rng.random() < space_split_rate:
                decisions.append(SPACE)
                lines.append(piece)
                capacity = rng.randint(30, WIDTH)
            elif current and len(current) + 1 + len(piece) > capacity:
                decisions.append(SPACE)
                lines.append(piece)
                capacity = WIDTH + rng.randint(-5, 5)
            else:
                lines[-1] = f"{current} {piece}" if current else piece
    return lines, decisions


def _cell_lines(text: str, rng: random.Random) -> tuple[list[str], list[str]]:
    """A header-table cell: wrapped, continuation lines indented by two spaces."""
    words = text.split()
    lines, decisions = [words[0]], []
    capacity = rng.randint(10, 40)
    for word in words[1:]:
        if len(lines[-1]) + 1 + len(word) > capacity:
            lines.append("  " + word)
            decisions.append(SPACE)
            capacity = WIDTH
        else:
            lines[-1] += " " + word
    return lines, decisions


def damage(paragraphs: list[str], seed: int, *, split_rate: float = 0.05,
           space_split_rate: float = 0.02, cell_rate: float = 0.08) -> Damaged:
    """Break `paragraphs` (one block each) like the scraper; seeded, reproducible."""
    rng = random.Random(seed)
    lines: list[str] = []
    decisions: list[str] = []
    for text in paragraphs:
        if rng.random() < cell_rate:
            block, inner = _cell_lines(text, rng)
        else:
            block, inner = _paragraph_lines(text, rng, split_rate, space_split_rate)
        if lines:
            decisions.append(NEWLINE)
        lines += block
        decisions += inner
    return Damaged("\n".join(lines), decisions)


def load_paragraphs(path) -> list[str]:
    """The clean blocks of a paragraphs file (one per line, "#" comments skipped)."""
    with open(path, encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip() and not line.startswith("#")]
