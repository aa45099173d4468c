"""Measure the repair stage (issue 3).

(a) On the bundled seeds (corpus/*.txt): every token of every repaired line must be a
    Vietnamese syllable, a number, punctuation, or a token seen unbroken (inside a
    raw line) somewhere in the corpus; each exception is listed, with a note when it
    is two syllables fused.
(b) On text damaged by tests/damage.py from tests/data/clean_paragraphs.txt (not in
    the seeds), several RNG seeds: line-break decisions, errors and accuracy.

Run from the repository: python scripts/measure_repair.py
"""

from __future__ import annotations

import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.lexicon import NUMBER, ROMAN, SYMBOL_SPLIT, core  # noqa: E402
from generator.structure import LETTER_MARKER, NUMBER_MARKER, ROMAN_MARKER  # noqa: E402
from generator.tables import load_table  # noqa: E402
from generator.repair import decide_breaks, repair_text  # noqa: E402
from generator.syllable import is_syllable, is_well_cased  # noqa: E402
from tests.damage import damage, load_paragraphs  # noqa: E402

SEEDS = range(20)
DOC_SIZE = 12
_COUNT = re.compile(r"^\d+b$")
"""A copy count in a filing mark: "(02b)"."""
_MARKER = re.compile(rf"^(?:{LETTER_MARKER}|{NUMBER_MARKER}|{ROMAN_MARKER})$")


def unbroken_tokens(texts: list[str]) -> set[str]:
    """Cores of tokens inside a raw line (not at its edges) in any file, and their symbol
    parts ("03/CĐ-TTg" gives "CĐ"), plus the hand-written lexicon table of site_config."""
    seen = set()
    for text in texts:
        for line in text.splitlines():
            for word in line.split()[1:-1]:
                seen.add(core(word))
                seen.update(SYMBOL_SPLIT.split(core(word)))
    table = load_table("lexicon")
    return seen | set(table["abbreviations"]) | set(table["slash_words"])


def token_ok(part: str, seen: set[str]) -> bool:
    return (not part or part in seen or bool(NUMBER.match(part) or ROMAN.match(part) or _COUNT.match(part))
            or is_well_cased(part) and is_syllable(part))


def fused(word: str) -> bool:
    """True when `word` reads as two syllables written together."""
    return any(is_syllable(word[:i]) and is_syllable(word[i:]) for i in range(1, len(word)))


def measure_seeds() -> int:
    files = sorted((ROOT / "corpus").glob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    seen = unbroken_tokens(texts)
    exceptions = 0
    tokens = 0
    for path, text in zip(files, texts):
        for line in repair_text(text):
            for token in line.split():
                tokens += 1
                if _MARKER.match(token):
                    continue
                text_core = core(token)
                parts = [text_core] if token_ok(text_core, seen) else SYMBOL_SPLIT.split(text_core)
                bad = [p for p in parts if not token_ok(p, seen)]
                if bad:
                    exceptions += 1
                    note = " (two syllables fused)" if any(fused(p) for p in bad) else ""
                    print(f"  {path.name}: {token!r}{note}")
    print(f"(a) seeds: {len(files)} files, {tokens} tokens, exceptions: {exceptions}")
    return exceptions


def measure_damage() -> tuple[int, int]:
    paragraphs = load_paragraphs(ROOT / "tests" / "data" / "clean_paragraphs.txt")
    total, errors, by_kind = 0, 0, Counter()
    for seed in SEEDS:
        order = paragraphs[:]
        random.Random(seed).shuffle(order)
        for start in range(0, len(order), DOC_SIZE):
            damaged = damage(order[start:start + DOC_SIZE], seed * 1000 + start)
            lines, decisions = decide_breaks(damaged.text)
            for n, (got, want) in enumerate(zip(decisions, damaged.decisions)):
                total += 1
                by_kind[want] += 1
                if got != want:
                    errors += 1
                    print(f"  seed {seed}: {want} -> {got}: {lines[n][-40:]!r} | {lines[n + 1][:40]!r}")
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(by_kind.items()))
    print(f"(b) damaged text: {len(SEEDS)} RNG seeds, {total} line-break decisions ({kinds}), "
          f"errors: {errors}, accuracy: {100 * (1 - errors / total):.3f}%")
    return total, errors


if __name__ == "__main__":
    measure_seeds()
    measure_damage()
