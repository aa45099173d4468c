"""File-reader benchmark: what reading a PDF adds to a build, per page.

    python benchmarks/files_bench.py [FOLDER] [--rounds 15]    # default ../shared/files-real

For each PDF of FOLDER, the whole extraction (pdf.extract: open, every page's text layer,
signature widgets put in place; nothing kept) is timed in CPU milliseconds of this process
(time.process_time, so other work on the machine counts less than in wall time), each round
on a fresh copy of the document as a build reads it; the minimum and the median over the
rounds, per page, after one warm-up round. The target: at most 20 ms a page with a text layer.

A PDF with scanned pages is read once: its first scanned page rendered and read by Tesseract
(OMP_THREAD_LIMIT=1), CPU seconds of this process and its children (one core's time; the
target: at most 3 s a page).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_DIR))

DEFAULT_FOLDER = PROJECT_DIR.parent / "shared" / "files-real"


def cpu() -> float:
    """CPU seconds of this process and its finished children."""
    return time.process_time() + resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime


def text_layer_ms(data: bytes, pages: int, rounds: int) -> list[float]:
    """CPU ms a page of the whole extraction of a PDF without scanned pages, each round."""
    from generator.cache import Memo
    from generator.reading import pdf

    times = []
    for _ in range(rounds + 1):
        start = time.process_time()
        pdf.extract(data, "bench.pdf", Memo(None, ""))
        times.append((time.process_time() - start) * 1000 / pages)
    return times[1:]


def ocr_seconds(document, scanned: list[int]) -> float:
    """CPU seconds (Tesseract's included) to render and read the first scanned page."""
    from generator.cache import Memo
    from generator.reading import ocr

    start = cpu()
    ocr.read_pages(document, scanned[:1], "bench.pdf", Memo(None, ""))
    return cpu() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args(argv)
    os.environ["OMP_THREAD_LIMIT"] = "1"
    import pypdfium2

    from generator.reading import pdf

    print(f"{'file':40} pages scanned  min ms/page  median ms/page  OCR CPU s/page")
    for path in sorted(args.folder.glob("*.pdf")):
        data = path.read_bytes()
        document = pypdfium2.PdfDocument(data)
        scanned = [k for k in range(len(document)) if pdf.page_text(document, k)[2]]
        if scanned:
            row = f"{'-':>12} {'-':>15} {ocr_seconds(document, scanned):15.2f}"
        else:
            times = text_layer_ms(data, len(document), args.rounds)
            row = f"{min(times):12.1f} {statistics.median(times):15.1f} {'-':>15}"
        print(f"{path.name[:40]:40} {len(document):5} {len(scanned):7} {row}")
        document.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
