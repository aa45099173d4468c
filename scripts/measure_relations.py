"""Measure the relation reader (generator/reading/relations.py) against tests/data/relations.json.

Each document of the truth is read with the reader (no build) and its relations compared
with the hand-written ones: a (type, target) pair is right when both give that type to
that target; targets are compared by folded symbol without spaces, a dated law without a
symbol by its date. Prints precision and recall per type and over all, then the misses
(--verbose). Exit 0: a measurement, not a test.

Run from the repository:
    python scripts/measure_relations.py [--verbose] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.language.folding import fold  # noqa: E402
from generator.reading.convert import process_file  # noqa: E402

TRUTH = ROOT / "tests" / "data" / "relations.json"
FOLDERS = {"corpus-real": "{shared}/corpus-real", "corpus-real-2": "{shared}/corpus-real-2",
           "real-3": str(ROOT / "tests/data/real-3")}


def key(symbol: str, doc_type: str, date: str) -> str:
    """A target's identity, as relations.json's scoring says."""
    return "".join(fold(symbol).split()).lower() if symbol else f"{doc_type}@{date}"


def want_pairs(entry: dict) -> set[tuple[str, str]]:
    return {(t, key(r["symbol"], r["doc_type"], r["date"])) for r in entry["relations"] for t in r["types"]}


def got_pairs(path: Path) -> set[tuple[str, str]]:
    d = process_file(path, path.parent)
    return {(r.kind, key(r.target.symbol, r.target.doc_type, r.target.date)) for r in d.relations}


def score(truth: dict, shared: Path) -> tuple[dict, list]:
    """{type: [right, wanted, given]} and the misses as (file, kind, pair) with kind "missed"/"wrong"."""
    counts, misses = {}, []
    for name, entry in truth["documents"].items():
        folder, file = name.split("/", 1)
        want, got = want_pairs(entry), got_pairs(Path(FOLDERS[folder].format(shared=shared)) / file)
        for kind, pairs in (("missed", want - got), ("wrong", got - want)):
            misses += [(name, kind, p) for p in sorted(pairs)]
        for t, _ in want | got:
            counts.setdefault(t, [0, 0, 0])
        for t, k in want:
            counts[t][1] += 1
            counts[t][0] += (t, k) in got
        for t, _ in got:
            counts[t][2] += 1
    return counts, misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every missed and wrong pair")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="folder holding corpus-real*")
    args = parser.parse_args()
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))
    counts, misses = score(truth, args.shared)
    print(f"{'type':<12}{'right':>7}{'truth':>7}{'given':>7}{'precision':>11}{'recall':>8}")
    total = [0, 0, 0]
    for t in [*truth["about"]["types"]]:
        right, wanted, given = counts.get(t, [0, 0, 0])
        total = [a + b for a, b in zip(total, (right, wanted, given))]
        print(f"{t:<12}{right:>7}{wanted:>7}{given:>7}{pct(right, given):>10.1f}%{pct(right, wanted):>7.1f}%")
    right, wanted, given = total
    print(f"{'all':<12}{right:>7}{wanted:>7}{given:>7}{pct(right, given):>10.1f}%{pct(right, wanted):>7.1f}%")
    if args.verbose:
        for name, kind, (t, k) in misses:
            print(f"  {kind:<6} {t:<10} {k:<32} {name}")


def pct(part: int, whole: int) -> float:
    return 100 * part / whole if whole else 100.0


if __name__ == "__main__":
    main()
