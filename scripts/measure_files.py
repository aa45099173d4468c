"""Measure the file readers (PDF, OCR, DOCX, DOC, HTML) on a folder of real files with a truth.json.

The folder is built with the CLI into a site (cache kept in --cache-dir, so a second run
OCRs nothing); catalog.json is scored with measure_real's conventions, each field as
right / empty / wrong, then each PDF's extraction is timed: ms a page for text layers,
CPU seconds a page (Tesseract's included) for scanned ones. Exit 0: a measurement.

Run from the repository: python scripts/measure_files.py [FOLDER] [--cli "python3 -m generator"]
"""

from __future__ import annotations

import argparse
import os
import resource
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


def pdf_timings(folder: Path) -> list[tuple[str, int, int, float, float]]:
    """(file, pages, OCR'd pages, wall ms a text-layer page, CPU s an OCR'd page) of each PDF."""
    import pypdfium2

    from generator.cache import Memo
    from generator.reading import ocr, pdf

    rows = []
    for path in sorted(folder.glob("*.pdf")):
        document = pypdfium2.PdfDocument(path.read_bytes())
        start = time.perf_counter()
        pages = [pdf.page_text(document, k) for k in range(len(document))]
        layer_ms = (time.perf_counter() - start) * 1000 / len(document)
        scanned = [k for k, page in enumerate(pages) if page[2]]
        cpu = 0.0
        if scanned:
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime + time.process_time()
            ocr.read_pages(document, scanned[:1], path.name, Memo(None, ""))  # one page, nothing kept: seconds of one core
            cpu = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime + time.process_time() - before
        rows.append((path.name, len(document), len(scanned), layer_ms, cpu))
        document.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--cli", default=f"{sys.executable} -m generator")
    parser.add_argument("--work", type=Path, help="where the site and its cache go (kept); default a temporary folder")
    parser.add_argument("--no-timing", action="store_true")
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
    if not args.no_timing:
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        print("\nfile                              pages ocr  ms/text-layer page  CPU s/OCR page")
        for name, pages, scanned, layer_ms, cpu in pdf_timings(args.folder):
            print(f"{name:34} {pages:5} {scanned:3} {layer_ms:19.1f} {cpu:15.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
