"""Measure the file readers (PDF, OCR, DOCX, DOC, HTML) on a folder of real files with a truth.json.

The folder is built with the CLI into a site (cache kept in --cache-dir, so a second run
OCRs nothing); catalog.json is scored with measure_real's conventions, each field as
right / empty / wrong. Exit 0: a measurement. The time a PDF adds to a build, a page:
benchmarks/files_bench.py.

Run from the repository: python scripts/measure_files.py [FOLDER] [--cli "python3 -m generator"]
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from measure_real import EMPTY, read_catalog, score  # noqa: E402

DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "shared" / "files-real"


def build(folder: Path, cli: str, work: Path) -> tuple[list[dict], list[str], float]:
    """(records, rejected files, seconds) of a build of `folder` into work/site."""
    site = work / "site"
    cmd = [*shlex.split(cli), "build", "--source", str(folder), "--site-dir", str(site), "--jobs", "1"]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if not (site / "catalog.json").is_file():
        sys.exit(f"build gave no catalog.json (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    import json
    report = json.loads((site / "build-report.json").read_text(encoding="utf-8"))
    return read_catalog(site / "catalog.json"), [r["file"] for r in report.get("rejected", [])], seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--cli", default=f"{sys.executable} -m generator")
    parser.add_argument("--work", type=Path, help="where the site and its cache go (kept); default a temporary folder")
    args = parser.parse_args(argv)
    truth = __import__("json").loads((args.folder / "truth.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="measure-files-") as tmp:
        records, rejected, seconds = build(args.folder, args.cli, args.work or Path(tmp))
    print(f"{len(records)} of {len(truth)} files published, {len(rejected)} rejected ({seconds:.1f} s build)")
    print(f"{'field':18} right empty wrong  of")
    for field, (right, scored, misses) in score(records, truth, rejected).items():
        empty = sum(kind == EMPTY for *_, kind in misses)
        print(f"{field:18} {right:5} {empty:5} {len(misses) - empty:5} {scored:3}")
        for name, want, got, kind in misses:
            print(f"    {kind} {name}: want {want!r}, got {got!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
