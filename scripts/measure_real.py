"""Measure the reader's per-field accuracy on folders of real documents with a truth.json.

Each folder is built with the CLI into a temporary site; catalog.json is compared with
the folder's person-written truth.json under the conventions of corpus-real/SOURCES.md:
text compared case-insensitively, spaces collapsed, spaces around "/" and "-" ignored,
old and new tone placement ("Uỷ"/"Ủy", "hoá"/"hóa") equal; null truth values and an
empty signer_authority are not scored. Each scored field is right, empty (the reader
published no value: "", no signer, 0 recipients, no appendix) or wrong (a value that is
not the truth). A file the build rejected has every field empty and is listed.
Exit 0 (a measurement, not a test) unless a build gives no catalog.

Run from the repository:
    python scripts/measure_real.py [FOLDER ...] [--cli dispatch-archive] [--verbose]
FOLDER defaults to shared/corpus-real and shared/corpus-real-2; any folder holding a
truth.json in those conventions will do.
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path, PurePath

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FOLDERS = [ROOT.parent / "shared" / "corpus-real", ROOT.parent / "shared" / "corpus-real-2"]
FIELDS = ("symbol", "date", "doc_type", "issuer", "subject", "signer_name", "signer_position",
          "signer_authority", "recipients_count", "has_appendix")
RIGHT, EMPTY, WRONG = "right", "empty", "wrong"
SIGNER_KEYS = {"signer_name": "name", "signer_position": "position", "signer_authority": "authority"}
TONES = "\u0300\u0301\u0303\u0309\u0323"
"""Grave, acute, tilde, hook above, dot below; vowel-shape marks (U+0302, U+0306, U+031B) stay put."""
_WORD = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])+")
_TONE = re.compile(f"[{TONES}]")


def fold(text: str) -> str:
    """The comparison form of `text`: NFC, Ð→Đ, casefolded, spaces collapsed and dropped
    around "/" and "-", each word's tone marks moved to its end (NFD) so old and new
    placement ("hoá"/"hóa") give the same string."""
    text = unicodedata.normalize("NFC", text).replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")
    text = re.sub(r"\s*([/-])\s*", r"\1", " ".join(text.casefold().split()))
    text = unicodedata.normalize("NFD", text)
    return _WORD.sub(lambda m: _TONE.sub("", m[0]) + "".join(_TONE.findall(m[0])), text)


def same_text(a: object, b: object) -> bool:
    """True when two values are equal under the truth conventions (text is folded)."""
    if isinstance(a, str) and isinstance(b, str):
        return fold(a) == fold(b)
    return a == b


def signers(record: dict) -> list[dict]:
    """The main signer followed by every entry of the record's `signers` list."""
    main = record.get("signer") or {}
    return [main, *(s for s in record.get("signers") or [] if isinstance(s, dict))]


def got_values(record: dict, field: str) -> list:
    """The record's candidate values for `field` (several for signer fields)."""
    if field in SIGNER_KEYS:
        return [s.get(SIGNER_KEYS[field], "") for s in signers(record)]
    if field == "recipients_count":
        return [len(record.get("recipients") or [])]
    if field == "has_appendix":
        value = record.get("has_appendix", record.get("appendix"))
        return [None if value is None else bool(value)]
    return [record.get(field)]


def has_appendix_field(records: list[dict]) -> bool:
    """True when the catalog carries an `appendix` or `has_appendix` field at all."""
    return any("appendix" in r or "has_appendix" in r for r in records)


def is_empty(value: object) -> bool:
    """True for a value the reader did not publish: None, "", 0 recipients, no appendix."""
    return value is None or value in ("", 0, False) or (isinstance(value, str) and not value.strip())


def judge(want: object, got: list) -> str:
    """RIGHT when any candidate matches the truth, EMPTY when every candidate is empty, else WRONG."""
    if any(same_text(want, g) for g in got):
        return RIGHT
    return EMPTY if all(is_empty(g) for g in got) else WRONG


def score(records: list[dict], truth: dict[str, dict], rejected=()) -> dict[str, tuple[int, int, list]]:
    """{field: (right, scored, misses)} with misses as (file, want, got, kind) tuples, kind
    EMPTY or WRONG.

    Records are matched to truth by the file name of source_file; a file rejected by the
    build, or without a record, has every field with a truth value EMPTY. has_appendix is
    left out of the result when the catalog has no appendix field.
    """
    by_name = {PurePath(r.get("source_file", "")).name: r for r in records}
    rejected = {PurePath(f).name for f in rejected}
    fields = [f for f in FIELDS if f != "has_appendix" or has_appendix_field(records)]
    result = {}
    for field in fields:
        right, scored, misses = 0, 0, []
        for name, want in sorted((n, t.get(field)) for n, t in truth.items()):
            if want is None or (field == "signer_authority" and want == ""):
                continue
            scored += 1
            record = by_name.get(name)
            if record is None:
                misses.append((name, want, "(rejected)" if name in rejected else "(no record)", EMPTY))
                continue
            got = got_values(record, field)
            kind = judge(want, got)
            if kind == RIGHT:
                right += 1
            else:
                misses.append((name, want, got[0] if len(got) == 1 else " || ".join(map(str, got)), kind))
        result[field] = (right, scored, misses)
    return result


def tally(part: tuple[int, int, list]) -> tuple[int, int, int, int]:
    """(right, empty, wrong, scored) of one field's score."""
    right, scored, misses = part
    wrong = sum(1 for m in misses if m[3] == WRONG)
    return right, scored - right - wrong, wrong, scored


def read_catalog(path: Path) -> list[dict]:
    """catalog.json as a list of records: a JSON array, or JSON lines."""
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
        return data if isinstance(data, list) else [data]
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]


def build(folder: Path, cli: str) -> tuple[list[dict], list[str]]:
    """Build `folder` with the CLI into a temporary site: (catalog records, rejected files).

    Exits 1 with the tail of the CLI's stderr when no catalog.json comes out.
    """
    with tempfile.TemporaryDirectory(prefix="measure-real-") as tmp:
        site = Path(tmp) / "site"
        cmd = [*shlex.split(cli), "build", "--source", str(folder), "--site-dir", str(site)]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        except OSError as exc:
            sys.exit(f"cannot run {cli!r}: {exc}")
        if not (site / "catalog.json").is_file():
            tail = "\n".join((proc.stderr or proc.stdout).splitlines()[-20:])
            sys.exit(f"build of {folder} gave no catalog.json (exit {proc.returncode}):\n{tail}")
        report_path = site / "build-report.json"
        report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.is_file() else {}
        return read_catalog(site / "catalog.json"), [r["file"] for r in report.get("rejected", [])]


def merge(total: dict, part: dict, prefix: str) -> None:
    """Add one folder's score into `total`, naming missed files `prefix` + name."""
    for field, (right, scored, misses) in part.items():
        r, s, m = total.get(field, (0, 0, []))
        total[field] = (r + right, s + scored, m + [(prefix + f, w, g, k) for f, w, g, k in misses])


def percent(part: int, whole: int) -> float:
    return 100 * part / whole if whole else 0.0


def print_table(title: str, result: dict) -> None:
    """One table: per field right / empty / wrong of scored, and the totals with wrong's share."""
    print(f"\n{title}\n{'field':<18}{'right':>6}{'empty':>7}{'wrong':>7}{'scored':>8}{'% right':>9}{'% wrong':>9}")
    sums = [0, 0, 0, 0]
    for field in FIELDS:
        if field not in result:
            print(f"{field:<18}{'not in catalog':>30}")
            continue
        counts = tally(result[field])
        sums = [a + b for a, b in zip(sums, counts)]
        right, empty, wrong, scored = counts
        print(f"{field:<18}{right:>6}{empty:>7}{wrong:>7}{scored:>8}{percent(right, scored):>8.1f}%"
              f"{percent(wrong, scored):>8.1f}%")
    right, empty, wrong, scored = sums
    print(f"{'total':<18}{right:>6}{empty:>7}{wrong:>7}{scored:>8}{percent(right, scored):>8.1f}%"
          f"{percent(wrong, scored):>8.1f}%")
    print(f"wrong values: {wrong} of {scored} scored fields ({percent(wrong, scored):.1f} %); "
          f"empty: {empty} ({percent(empty, scored):.1f} %)")


def measure(folder: Path, cli: str) -> tuple[dict, dict, list[str]]:
    """Build and score one folder: (truth, score, rejected file names)."""
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    records, rejected = build(folder, cli)
    print(f"{folder}: {len(truth)} files with truth, {len(records)} records, {len(rejected)} rejected")
    for name in rejected:
        print(f"  rejected: {name}")
    return truth, score(records, truth, rejected), rejected


def main(argv: list[str] | None = None) -> int:
    """Build each folder, score it against its truth.json, print one table per folder and,
    for several folders, one for all together."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, default=DEFAULT_FOLDERS)
    parser.add_argument("--cli", default="dispatch-archive", help="the command that builds a site")
    parser.add_argument("--verbose", action="store_true", help="print one line per miss")
    args = parser.parse_args(argv)
    total: dict = {}
    parts, rejected_all = [], []
    for folder in args.folders:
        folder = folder.resolve()
        _, result, rejected = measure(folder, args.cli)
        parts.append((folder.name, result))
        rejected_all += [f"{folder.name}/{PurePath(r).name}" for r in rejected]
        merge(total, result, f"{folder.name}/" if len(args.folders) > 1 else "")
    for name, result in parts:
        print_table(name, result)
    if len(parts) > 1:
        print_table(" + ".join(name for name, _ in parts), total)
    print(f"\nrejected files: {len(rejected_all)}" + "".join(f"\n  {r}" for r in rejected_all))
    if args.verbose:
        print()
        for field in FIELDS:
            for file, want, got, kind in total.get(field, (0, 0, []))[2]:
                print(f"{kind:<6}{file}  {field}  want={str(want)[:100]!r}  got={str(got)[:100]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
