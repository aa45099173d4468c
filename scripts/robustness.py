"""The robustness matrix: how the reader's fields hold when real sources damage a document.

Every transformation of tests/support/transforms.py (one per kind of damage real sources
make) is applied to every document of folders whose truth is known; each transformed set
is built like the untransformed one and every field that was right on the untransformed
document is compared again: it stays right, turns empty or turns wrong. A field the
transformation removed (the symbol when the header table is dropped) is right when it
comes out empty or true, wrong when it comes out with another value. Only documents the
transformation changed are counted. Scoring is scripts/measure_real.py's. Acceptance (issue
26): under each transformation at most 1 % of the fields turn wrong and at least 90 % stay
right; the table says whether each is met.

Run from the repository:
    python scripts/robustness.py [FOLDER ...] [--cli dispatch-archive] [--seed 1] [--verbose]
FOLDER defaults to shared/corpus-real, shared/corpus-real-2 and tests/data/real-3.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

import measure_real  # noqa: E402

from tests.support.transforms import TRANSFORMS, apply  # noqa: E402

DEFAULT_FOLDERS = [*measure_real.DEFAULT_FOLDERS, ROOT / "tests" / "data" / "real-3"]
MAX_WRONG, MIN_RIGHT = 0.01, 0.90
Build = Callable[[Path], tuple[list[dict], list[str]]]
"""Builds a folder of documents: (catalog records, rejected file names)."""


@dataclass
class Outcome:
    """Fields right on the untransformed documents, and what became of them."""
    documents: int = 0
    kept: int = 0
    emptied: int = 0
    wronged: int = 0
    gained: int = 0
    """Fields not right before that are right after (reported, not counted in the base)."""
    misses: list = field(default_factory=list)

    @property
    def base(self) -> int:
        return self.kept + self.emptied + self.wronged


def load_corpus(folders: list[Path]) -> tuple[dict[str, str], dict[str, dict]]:
    """({unique name: text}, {unique name: truth}) of every file with truth in `folders`."""
    texts, truth = {}, {}
    for folder in folders:
        for name, record in json.loads((folder / "truth.json").read_text(encoding="utf-8")).items():
            key = f"{folder.name}__{name}"
            texts[key] = (folder / name).read_bytes().decode("utf-8")
            truth[key] = record
    return texts, truth


def build_texts(texts: dict[str, str], build: Build) -> dict[str, dict]:
    """Write `texts` to a temporary folder, build it: {name: record} (rejected files absent)."""
    with tempfile.TemporaryDirectory(prefix="robustness-") as tmp:
        for name, text in texts.items():
            (Path(tmp) / name).write_bytes(text.encode("utf-8"))
        records, _ = build(Path(tmp))
    return {PurePath(r.get("source_file", "")).name: r for r in records}


def statuses(record: dict | None, truth: dict, emptied=frozenset()) -> dict[str, str]:
    """{field: RIGHT/EMPTY/WRONG} of one record against its truth; an emptied field is right
    when the record has no value for it (or the true one, found elsewhere in the text)."""
    result = {}
    for name in measure_real.FIELDS:
        want = truth.get(name)
        if want is None or (name == "signer_authority" and want == ""):
            continue
        got = measure_real.got_values(record, name) if record else [None]
        kind = measure_real.judge(want, got)
        result[name] = measure_real.RIGHT if name in emptied and kind == measure_real.EMPTY else kind
    return result


def compare(name: str, base: dict, after: dict, outcome: Outcome) -> None:
    """Add one document's field transitions to `outcome`."""
    for fld, before in base.items():
        now = after.get(fld, measure_real.EMPTY)
        if before != measure_real.RIGHT:
            outcome.gained += now == measure_real.RIGHT
            continue
        if now == measure_real.RIGHT:
            outcome.kept += 1
            continue
        if now == measure_real.EMPTY:
            outcome.emptied += 1
        else:
            outcome.wronged += 1
        outcome.misses.append((name, fld, now))


def matrix(texts: dict[str, str], truth: dict[str, dict], build: Build, seed: int = 1,
           names=tuple(TRANSFORMS)) -> dict[str, Outcome]:
    """{transformation: Outcome} over the documents each transformation changes."""
    records = build_texts(texts, build)
    base = {n: statuses(records.get(n), truth[n]) for n in texts}
    result = {}
    for t_name in names:
        changed = {n: apply(t_name, text, seed + i, truth[n]) for i, (n, text) in enumerate(sorted(texts.items()))}
        changed = {n: t for n, t in changed.items() if t.text != texts[n]}
        after = build_texts({n: t.text for n, t in changed.items()}, build) if changed else {}
        outcome = Outcome(documents=len(changed))
        for n, t in changed.items():
            compare(n, base[n], statuses(after.get(n), truth[n], t.emptied), outcome)
        result[t_name] = outcome
    return result


def met(outcome: Outcome) -> tuple[bool, bool]:
    """(wrong share within MAX_WRONG, right share at least MIN_RIGHT) of one transformation."""
    base = outcome.base or 1
    return outcome.wronged <= MAX_WRONG * base, outcome.kept >= MIN_RIGHT * base


def print_matrix(result: dict[str, Outcome], verbose: bool = False) -> None:
    """The matrix: per transformation, counts and shares of fields kept, emptied, wronged."""
    print(f"{'transformation':<34}{'docs':>5}{'fields':>7}{'right':>13}{'empty':>12}{'wrong':>12}"
          f"{'gained':>7}  ≤1% wrong  ≥90% right")
    for name, o in result.items():
        b = o.base or 1
        wrong_ok, right_ok = met(o)
        print(f"{name:<34}{o.documents:>5}{o.base:>7}{o.kept:>6} {100 * o.kept / b:>5.1f}%"
              f"{o.emptied:>5} {100 * o.emptied / b:>5.1f}%{o.wronged:>5} {100 * o.wronged / b:>5.1f}%"
              f"{o.gained:>7}  {'met' if wrong_ok else 'NOT met':<10} {'met' if right_ok else 'NOT met'}")
        if verbose:
            for doc, fld, now in o.misses:
                print(f"    {now:<6}{doc}  {fld}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, default=DEFAULT_FOLDERS)
    parser.add_argument("--cli", default="dispatch-archive", help="the command that builds a site")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--verbose", action="store_true", help="list each field that turned")
    args = parser.parse_args(argv)
    texts, truth = load_corpus([f.resolve() for f in args.folders])
    print(f"{len(texts)} documents from {', '.join(f.name for f in args.folders)}; seed {args.seed}\n")
    result = matrix(texts, truth, lambda folder: measure_real.build(folder, args.cli), args.seed)
    print_matrix(result, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
