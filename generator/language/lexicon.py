"""Word scores for the repair segmentation: syllables, lexicon tokens, numbers, symbols."""

from __future__ import annotations

import re
from functools import lru_cache

from generator.language.syllable import is_syllable, is_well_cased
from generator.tables import load_table, per_project

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
FINAL_MARK = re.compile(r"\./\.$")
"""The "./." that closes a dispatch's last paragraph."""


@lru_cache(maxsize=65536)
def core(token: str) -> str:
    """`token` without opening and closing punctuation (cached: the same words recur in every file)."""
    return FINAL_MARK.sub("", token).lstrip(_LEADING).rstrip(_TRAILING)


@per_project()
def shipped_words() -> frozenset[str]:
    """The abbreviations and slash words of site_config/lexicon.yml."""
    table = load_table("lexicon")
    return frozenset(table["abbreviations"]) | frozenset(table["slash_words"])


class FileLexicon:
    """Tokens seen unbroken (not at a line edge) in one file, plus the shipped table."""

    def __init__(self, lines: list[str]):
        inner = {word for line in lines for word in line.split()[1:-1]}
        self.exact = {core(word) for word in inner}
        self.lower = {word.lower() for word in self.exact}
        self.shipped = shipped_words()

    def knows(self, word: str) -> bool:
        return word in self.shipped or word in self.exact

    def knows_syllable(self, word: str) -> bool:
        return word.lower() in self.lower


@per_project(maxsize=65536)
def _shape(part: str) -> tuple[bool, bool, float | None]:
    """(is a number, is a well-cased syllable, cost by shape alone or None) of a non-empty piece.

    Everything about a piece that does not depend on the file; cached because the same
    pieces recur in every file."""
    if NUMBER.match(part):
        return True, False, KNOWN
    if is_well_cased(part) and is_syllable(part):
        return False, True, SYLLABLE
    if ROMAN.match(part):
        return False, False, KNOWN * 2
    if _NUMBER_UNIT.match(part):
        return False, False, SYLLABLE
    if _ABBREVIATION.match(part):
        return False, False, ABBREVIATION
    return False, False, None


def _part_cost(part: str, lexicon: FileLexicon) -> float | None:
    """Cost of one piece of a word, None when nothing accepts it."""
    if not part:
        return None
    if lexicon.knows(part):
        return KNOWN
    number, syllable, shape_cost = _shape(part)
    if number:
        return KNOWN
    if syllable and lexicon.knows_syllable(part):
        return KNOWN
    return shape_cost


def _turns_case(text: str) -> bool:
    """A capitalised word inside a word ("ViettelTrong"): Vietnamese words have none; app names
    in capitals ("VNeID", "VssID") keep theirs."""
    if text[1:].islower() or text.isupper():
        return False  # nearly every token, told cheaply
    return any(a.islower() and b.isupper() and c.islower() for a, b, c in zip(text, text[1:], text[2:]))


def word_cost(token: str, fragments: int, lexicon: FileLexicon) -> float:
    """Cost of reading `token` (made of `fragments` line-edge pieces) as one word."""
    if token in _PUNCT_WORDS:
        return KNOWN
    text = core(token)
    if fragments > 1 and _turns_case(text):
        return INVALID * (fragments + 1)  # "ViettelTrong": two words, one ending a name
    if fragments > 1 and text.isalpha() and text.isupper() and not lexicon.knows(text):
        return ABBREVIATION * fragments + SYLLABLE  # "TNHH" / "ABC": two abbreviations, not one unknown
    if not text:
        return INVALID * fragments
    cost = _part_cost(text, lexicon)
    if cost is None and SYMBOL_SPLIT.search(text):
        parts = [_part_cost(p, lexicon) for p in SYMBOL_SPLIT.split(text)]
        cost = None if None in parts else max(parts)
    if cost is None:
        return INVALID * fragments + (SYLLABLE if fragments > 1 else 0.0)
    return cost


MAX_FRAGMENTS = 8
"""The longest chain of line-edge fragments the segmentation joins into one word."""


def segment(words: list[str], edge_cost: list[float], joins_next: list[bool], lexicon: FileLexicon) -> list[int]:
    """The cheapest reading of `words` as words (dynamic programming over fragment chains).

    Returns back pointers: the best word ending before token `end` starts at token
    `back[end]`. `edge_cost[k]` is added when a word ends at token k, and a word may go on
    past token k only when `joins_next[k]`. Ties keep the first word found (strict <)."""
    count = len(words)
    best = [float("inf")] * (count + 1)
    back = [0] * (count + 1)
    best[0] = 0.0
    single_costs: dict[str, float] = {}  # most tokens recur within a file
    for start in range(count):
        word = words[start]
        cost = single_costs.get(word)
        if cost is None:
            cost = single_costs[word] = word_cost(word, 1, lexicon)
        end = start + 1
        while True:
            total = best[start] + (cost + edge_cost[end - 1])
            if total < best[end]:
                best[end] = total
                back[end] = start
            if end - start == MAX_FRAGMENTS or not joins_next[end - 1]:
                break
            word += words[end]
            end += 1
            cost = word_cost(word, end - start, lexicon)
    return back
