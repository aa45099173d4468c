"""OCR of scanned PDF pages: render with pdfium, blank red seals, Tesseract's `vie` model.

Tesseract (Debian's tesseract-ocr and tesseract-ocr-vie) runs as a separate program, one
page per process with OMP_THREAD_LIMIT=1 (1.6-2.0 s a page on one core at 300 dpi; its
own threading took 4-10 s on two cores), as many at once as the machine has cores. The
page goes to it on standard input as a greyscale PGM, its text comes back on standard
output. A seal's red ink hides the signer's name beneath it: pixels much redder than they
are green or blue are made white first. The reading is cached with the rest of the file's
parse, by the file's SHA-256, so a page is read once.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

from generator.errors import InputError
from generator.reading.extract import missing, settings


@lru_cache(maxsize=1)
def tesseract() -> str | None:
    """The tesseract program when it is installed with the language formats.yml names, else None."""
    program = shutil.which("tesseract")
    if program is None:
        return None
    try:
        languages = subprocess.run([program, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return program if settings()["ocr_language"] in languages.split() else None


def page_image(pdf, index: int) -> bytes:
    """Page `index` rendered at formats.yml's resolution as a greyscale PGM, red seals blanked."""
    try:
        import numpy
    except ImportError:
        raise missing("", "numpy", "a scanned PDF") from None
    table = settings()
    page = pdf[index]
    try:
        bitmap = page.render(scale=table["ocr_dpi"] / 72, draw_annots=False, rev_byteorder=True)
        rgb = bitmap.to_numpy()[:, :, :3].astype(numpy.int16)
    finally:
        page.close()
    red, green, blue = rgb[:, :, 0], rgb[:, :, 1], rgb[:, :, 2]
    seal = (red >= table["ocr_red_min"]) & (red - green >= table["ocr_red_margin"]) & (red - blue >= table["ocr_red_margin"])
    grey = (red * 299 + green * 587 + blue * 114) // 1000
    grey[seal] = 255
    height, width = grey.shape
    return f"P5\n{width} {height}\n255\n".encode() + grey.astype(numpy.uint8).tobytes()


def recognise(image: bytes) -> str:
    """Tesseract's text of one page image (PGM bytes, see `tsv_lines`); "" when it fails or runs out of time."""
    table = settings()
    command = [tesseract(), "stdin", "stdout", "-l", table["ocr_language"], "--dpi", str(table["ocr_dpi"]), "tsv"]
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(command, input=image, capture_output=True, timeout=table["ocr_timeout"], env=env)
    except (OSError, subprocess.SubprocessError):
        return ""
    return "\n".join(tsv_lines(done.stdout.decode("utf-8", "replace"))) if done.returncode == 0 else ""


def tsv_lines(tsv: str) -> list[str]:
    """Tesseract's TSV as lines: its lines in its order, a blank line between paragraphs; a
    line cut where two words lie further apart than three times its height (a header's two cells,
    Nơi nhận beside the signature); the digits of a word read with less confidence than
    formats.yml's ocr_min_digit_confidence taken out (a handwritten number or day is left
    blank, as printed for filling by hand, rather than read wrong)."""
    floor = settings()["ocr_min_digit_confidence"]
    out: list[str] = []
    key, last_right = None, 0
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        left, width, height, conf = int(cols[6]), int(cols[8]), int(cols[9]), float(cols[10])
        word = cols[11].strip()
        if conf < floor and any(c.isdigit() for c in word):
            word = "".join(c for c in word if not c.isdigit())
        here = (cols[2], cols[3], cols[4])
        if here != key:
            out += [""] if key and here[:2] != key[:2] else []
            out.append(word)
        elif left - last_right > 3 * height:
            out.append(word)
        else:
            out[-1] += " " + word
        key, last_right = here, left + width
    return out


def read_pages(pdf, pages: list[int], source: str) -> dict[int, str]:
    """{page index: its OCR text} for the scanned `pages` of an open pypdfium2 document.

    Pages are rendered one after the other (pdfium is not thread-safe) and read by as many
    Tesseract processes at once as there are cores."""
    if tesseract() is None:
        raise missing(source, "tesseract", f"a PDF with {len(pages)} scanned page{'s' * (len(pages) > 1)}")
    workers = max(1, min(len(pages), os.cpu_count() or 1))
    try:
        with ThreadPoolExecutor(workers) as pool:
            futures = {k: pool.submit(recognise, page_image(pdf, k)) for k in pages}
            return {k: future.result() for k, future in futures.items()}
    except MemoryError:
        raise InputError(source, "a scanned page too large to render for OCR") from None
