"""Vietnamese folding: one rule for slugs, search and comparison.

NFC text is folded by NFD decomposition, dropping combining marks, mapping đ→d and
lower-casing, so "Đề nghị", "de nghi" and a decomposed "Đề nghị" fold alike.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Fold Vietnamese text for matching: no diacritics, đ→d, lower case (cached: header
    lines, titles and words recur from file to file)."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D").lower()


def slugify(text: str) -> str:
    """A URL-safe slug: folded, runs of anything but a-z0-9 become one "-"."""
    return _NON_SLUG.sub("-", fold(text)).strip("-")


def initials(text: str) -> str:
    """The folded first letters of a name's words: "Bảo hiểm xã hội Việt Nam" → "bhxhvn"."""
    return "".join(word[0] for word in slugify(text).split("-") if word)
