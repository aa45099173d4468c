"""Vietnamese order for names and lists: the Unicode Collation Algorithm (pyuca, the DUCET).

Python's own order is by character code: "Đảng ủy" came after "Vụ …" and every "Đ…" surname
after "Vũ", "Nguyễn" before "Ngô". `vi_key` orders letter by letter with marks second, so
"Cục" < "Đảng ủy" < "Giám đốc" and "Ngô" < "Nguyễn", as a Vietnamese reader looks for them.
"""

from __future__ import annotations

from functools import lru_cache

from pyuca import Collator


@lru_cache(maxsize=1)
def _collator() -> Collator:
    """The collator, made on first use (it reads its table in ~0.1 s)."""
    return Collator()


def vi_key(text: str) -> tuple[int, ...]:
    """The sort key of `text` in Vietnamese order (for `sorted(…, key=vi_key)`)."""
    return _collator().sort_key(text)
