"""Measure the reader's per-field accuracy on folders of real documents with a truth.json.

Each folder is built with the CLI into a temporary site; catalog.json is compared with
the folder's person-written truth.json under the conventions of corpus-real/SOURCES.md:
text compared case-insensitively, spaces collapsed, spaces around "/" and "-" ignored,
old and new tone placement ("Uỷ"/"Ủy", "hoá"/"hóa") equal; null truth values and an
empty signer_authority are not scored. A file the build rejected misses every field
it has truth for. Exit 0 (a measurement, not a test) unless a build gives no catalog.

Run from the repository: python scripts/measure_real.py [FOLDER ...] [--cli dispatch-archive] [--verbose]
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
DEFAULT_FOLDER = ROOT.parent / "shared" / "corpus-real"
FIELDS = ("symbol", "date", "doc_type", "issuer", "subject", "signer_name", "signer_position",
          "signer_authority", "recipients_count", "has_appendix")
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


def score(records: list[dict], truth: dict[str, dict], rejected=()) -> dict[str, tuple[int, int, list]]:
    """{field: (right, scored, misses)} with misses as (file, want, got) tuples.

    Records are matched to truth by the file name of source_file; a file rejected by the
    build, or without a record, misses every field with a truth value. has_appendix is
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
                misses.append((name, want, "(rejected)" if name in rejected else "(no record)"))
                continue
            got = got_values(record, field)
            if any(same_text(want, g) for g in got):
                right += 1
            else:
                misses.append((name, want, got[0] if len(got) == 1 else " || ".join(map(str, got))))
        result[field] = (right, scored, misses)
    return result


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


def is_empty(got: object) -> bool:
    """True for a miss that left the field empty (no value, or a count of 0 recipients); a
    rejected file counts as empty too. Anything else is a wrong value."""
    return got in ("", None, 0, "(rejected)", "(no record)") or (
        isinstance(got, str) and all(not part.strip() for part in got.split(" || ")))


def merge(total: dict, part: dict, prefix: str) -> None:
    """Add one folder's score into `total`, naming missed files `prefix` + name."""
    for field, (right, scored, misses) in part.items():
        r, s, m = total.get(field, (0, 0, []))
        total[field] = (r + right, s + scored, m + [(prefix + f, w, g) for f, w, g in misses])


def main(argv: list[str] | None = None) -> int:
    """Build each folder, score it against its truth.json and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[DEFAULT_FOLDER])
    parser.add_argument("--cli", default="dispatch-archive", help="the command that builds a site")
    parser.add_argument("--verbose", action="store_true", help="print one line per miss")
    args = parser.parse_args(argv)
    total: dict = {}
    for folder in args.folders:
        folder = folder.resolve()
        truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
        records, rejected = build(folder, args.cli)
        print(f"{folder}: {len(truth)} files with truth, {len(records)} records, {len(rejected)} rejected")
        merge(total, score(records, truth, rejected), f"{folder.name}/" if len(args.folders) > 1 else "")
    print(f"\n{'field':<18}{'right':>6}{'empty':>6}{'wrong':>6}{'scored':>8}{'percent':>9}")
    sums = [0, 0, 0, 0]
    for field in FIELDS:
        if field not in total:
            print(f"{field:<18}{'not in catalog':>35}")
            continue
        right, scored, misses = total[field]
        empty = sum(1 for miss in misses if is_empty(miss[2]))
        row = (right, empty, len(misses) - empty, scored)
        sums = [a + b for a, b in zip(sums, row)]
        print(f"{field:<18}{row[0]:>6}{row[1]:>6}{row[2]:>6}{row[3]:>8}{100 * right / scored if scored else 0:>8.1f}%")
    right_all, empty_all, wrong_all, scored_all = sums
    print(f"{'total':<18}{right_all:>6}{empty_all:>6}{wrong_all:>6}{scored_all:>8}"
          f"{100 * right_all / scored_all if scored_all else 0:>8.1f}%")
    print(f"wrong (not empty): {100 * wrong_all / scored_all if scored_all else 0:.1f}% of scored fields")
    if args.verbose:
        print()
        for field in FIELDS:
            for file, want, got in total.get(field, (0, 0, []))[2]:
                print(f"{file}  {field}  want={str(want)[:100]!r}  got={str(got)[:100]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
