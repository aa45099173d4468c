"""OCR of scanned PDF pages: render with pdfium, blank red seals, Tesseract's `vie` model.

Tesseract (Debian's tesseract-ocr and tesseract-ocr-vie) runs as a separate program, one
page per process with OMP_THREAD_LIMIT=1 (1.6-2.0 s a page on one core at 300 dpi; its
own threading took 4-10 s on two cores), as many at once as the machine has cores. The
page goes to it on standard input as a greyscale PGM, its text comes back on standard
output. A seal's red ink hides the signer's name beneath it: pixels much redder than they
are green or blue are made white first. Tesseract's reading of each page is kept by the
file's SHA-256 and `key()` (its version, the language, the resolution, this module's
IMAGE_VERSION): a page is read once, whatever else in the generator changes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

from generator.cache import Memo
from generator.errors import InputError
from generator.reading.extract import missing, settings, version

IMAGE_VERSION = 1
"""The version of what goes to Tesseract and what it is asked (page_image, the command in
`tsv`): raise it when either changes, so kept readings are not used for the new ones."""
IMAGE_SETTINGS = ("ocr_dpi", "ocr_language", "ocr_red_margin", "ocr_red_min")
"""The formats.yml settings that change Tesseract's reading of a page."""


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


@lru_cache(maxsize=1)
def _tesseract_version() -> str:
    try:
        done = subprocess.run([tesseract(), "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return ""
    return (done.stdout + done.stderr).strip()


def key() -> str:
    """Hash of what Tesseract's reading of a page depends on besides its bytes: Tesseract's
    version and its data's, formats.yml's IMAGE_SETTINGS, pdfium's version, IMAGE_VERSION;
    "" without Tesseract."""
    if tesseract() is None:
        return ""
    table = settings()
    parts = [IMAGE_VERSION, _tesseract_version(), version("pypdfium2"), [table[k] for k in IMAGE_SETTINGS]]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


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


def tsv(image: bytes) -> str | None:
    """Tesseract's reading of one page image (PGM bytes) as its TSV; None when it fails or runs out of time."""
    table = settings()
    command = [tesseract(), "stdin", "stdout", "-l", table["ocr_language"], "--dpi", str(table["ocr_dpi"]), "tsv"]
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(command, input=image, capture_output=True, timeout=table["ocr_timeout"], env=env)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None


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


def read_pages(pdf, pages: list[int], source: str, memo: Memo) -> dict[int, str]:
    """{page index: its OCR text} for the scanned `pages` of an open pypdfium2 document, a
    page that Tesseract could not read as "".

    Tesseract's readings kept in `memo` are taken from it; the other pages are rendered one
    after the other (pdfium is not thread-safe), read by as many Tesseract processes at once
    as there are cores, and kept."""
    if tesseract() is None:
        raise missing(source, "tesseract", f"a PDF with {len(pages)} scanned page{'s' * (len(pages) > 1)}")
    ocr_key = key()
    kept = {k: memo.load(f"tsv-p{k + 1}", ocr_key) for k in pages}
    todo = [k for k in pages if not isinstance(kept[k], str)]
    workers = max(1, min(len(todo), os.cpu_count() or 1))
    try:
        with ThreadPoolExecutor(workers) as pool:
            futures = {k: pool.submit(tsv, page_image(pdf, k)) for k in todo}
            for k, future in futures.items():
                kept[k] = future.result()
                if kept[k] is not None:
                    memo.keep(f"tsv-p{k + 1}", ocr_key, kept[k])
    except MemoryError:
        raise InputError(source, "a scanned page too large to render for OCR") from None
    return {k: "\n".join(tsv_lines(kept[k] or "")) for k in pages}
