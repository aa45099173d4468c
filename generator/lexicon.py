"""Word scores for the repair segmentation: syllables, lexicon tokens, numbers, symbols."""

from __future__ import annotations

import re
from collections import Counter

from generator.syllable import is_syllable, is_well_cased
from generator.tables import load_table

_TABLE = load_table("lexicon")
_ABBREVIATIONS = frozenset(_TABLE["abbreviations"])
_SLASH_WORDS = frozenset(_TABLE["slash_words"])

KNOWN = 0.2
"""Cost of a word the lexicon or the number grammar knows."""
SYLLABLE = 1.0
"""Cost of a word only the syllable grammar accepts."""
ABBREVIATION = 3.0
"""Cost of an unknown word shaped like an abbreviation ("BT", "QH1")."""
INVALID = 10.0
"""Cost per fragment of a word nothing accepts."""

_LEADING = "(“\"'‘["
_TRAILING = ".,;:!?”\"’)]…%"
_PUNCT_WORDS = frozenset({"-", "–", "+", "./.", "...", "…"})
NUMBER = re.compile(r"^\d+(?:[.,]\d+)*$")
_NUMBER_UNIT = re.compile(r"^\d+[a-zđ]$")
ROMAN = re.compile(r"^[IVXLC]+$")
_ABBREVIATION = re.compile(r"^(?:[A-ZĐ][A-ZĐa-z]*[A-ZĐ][A-ZĐa-z]*|[A-ZĐ]{1,5}\d{1,3})$")
SYMBOL_SPLIT = re.compile(r"[/-]")
_FINAL_MARK = re.compile(r"\./\.$")


def core(token: str) -> str:
    """`token` without opening and closing punctuation."""
    return _FINAL_MARK.sub("", token).lstrip(_LEADING).rstrip(_TRAILING)


class FileLexicon:
    """Tokens seen unbroken (not at a line edge) in one file, plus the shipped table."""

    def __init__(self, lines: list[str]):
        self.exact = Counter()
        for line in lines:
            for word in line.split()[1:-1]:
                self.exact[core(word)] += 1
        self.lower = Counter()
        for word, n in self.exact.items():
            self.lower[word.lower()] += n

    def knows(self, word: str) -> bool:
        return word in _ABBREVIATIONS or word in _SLASH_WORDS or self.exact[word] > 0

    def knows_syllable(self, word: str) -> bool:
        return self.lower[word.lower()] > 0


def _part_cost(part: str, lexicon: FileLexicon) -> float | None:
    """Cost of one piece of a word, None when nothing accepts it."""
    if not part:
        return None
    if lexicon.knows(part) or NUMBER.match(part):
        return KNOWN
    if is_well_cased(part) and is_syllable(part):
        return KNOWN if lexicon.knows_syllable(part) else SYLLABLE
    if ROMAN.match(part):
        return KNOWN * 2
    if _NUMBER_UNIT.match(part):
        return SYLLABLE
    if _ABBREVIATION.match(part):
        return ABBREVIATION
    return None


def word_cost(token: str, fragments: int, lexicon: FileLexicon) -> float:
    """Cost of reading `token` (made of `fragments` line-edge pieces) as one word."""
    if token in _PUNCT_WORDS:
        return KNOWN
    text = core(token)
    if not text:
        return INVALID * fragments
    cost = _part_cost(text, lexicon)
    if cost is None and SYMBOL_SPLIT.search(text):
        parts = [_part_cost(p, lexicon) for p in SYMBOL_SPLIT.split(text)]
        cost = None if None in parts else max(parts)
    if cost is None:
        return INVALID * fragments + (SYLLABLE if fragments > 1 else 0.0)
    return cost
