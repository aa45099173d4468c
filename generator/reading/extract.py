"""Extraction: the text of a dispatch received as a PDF, Word or saved web-page file.

Runs in ingest, before unwrap. The format is chosen by the file's bytes, never its name:
`EXTRACTORS` is the registry, each a named rule with the test of the bytes it reads and
the function that reads them (as unwrap's RULES). Each gives `Extracted`: the dispatch's
lines in reading order (a header's cells, a table's cells one by one), NFC, without
form feeds, soft hyphens or no-break spaces, which the reading stages then take as they
take a plain-text file. A format whose tool is not on the machine is a `MissingTool`
rejection naming the package to install; a file its tool cannot read is an InputError.
What an extractor reads is kept by the file's SHA-256 and the extractor's own key (`read`),
so a build after a change elsewhere in the generator reads no file twice.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import metadata
from io import BytesIO
from pathlib import Path

from generator.cache import Memo
from generator.errors import MissingTool
from generator.tables import load_table, per_project

GENERATOR_DIR = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Extracted:
    """What an extractor read from a file."""

    text: str
    """The lines in reading order joined by "\\n", NFC; a blank line ends a table cell."""
    label: str
    """How it was read, for the build report, e.g. "PDF (text layer, 2 pages)"."""
    ocr_pages: tuple[int, ...] = ()
    """Pages (from 1) whose text is Tesseract's reading of the rendered page, not the file's own."""
    notes: tuple[str, ...] = ()
    """What was set aside, for the build report (e.g. a stamp's text)."""
    whole: bool = True
    """False when a page gave no text (Tesseract failed or ran out of time): not kept, read
    again by the next build (a page Tesseract did read is kept by itself, see ocr.read_pages)."""


@dataclass(frozen=True)
class Extractor:
    """One format: its name (the record's `source_format`), the test of its bytes, its reader."""

    name: str
    matches: Callable[[bytes], bool]
    read: Callable[[bytes, str, Memo], Extracted]
    suffix: str
    """The suffix the original is served under beside its page. A saved web page's ends in
    .txt: a browser shows its bytes as text and runs none of its scripts in the archive's
    origin (served as .html, a page's script could read and change the archive's pages)."""
    modules: tuple[str, ...]
    """The code it runs (paths under generator/, extract.py besides): part of its key."""
    packages: tuple[str, ...] = ()
    """The Python distributions it runs, whose versions are part of its key."""
    programs: Callable[[], str] = str
    """The version of the programs it runs (Tesseract's), part of its key."""


@per_project()
def settings() -> dict:
    """site_config/formats.yml, read when first used."""
    return load_table("formats")


def missing(source: str, tool: str, what: str) -> MissingTool:
    """The rejection of a file whose format needs `tool` (a key of formats.yml's tools)."""
    return MissingTool(source, f"{what}: reading it needs {settings()['tools'][tool]}, which is not installed")


_DEBRIS = str.maketrans({"\f": "\n", "\u00ad": None, "\u00a0": " ", "\u200b": None, "\ufeff": None,
                         "\r": None, "\u2028": "\n", "\u2029": "\n", "\t": " "})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def clean_lines(lines: Iterable[str]) -> list[str]:
    """`lines` as the reading stages take them: NFC, no form feed, soft hyphen, no-break or
    zero-width space or control character, no trailing spaces; lines holding line breaks split."""
    out: list[str] = []
    for line in lines:
        text = _CONTROL.sub("", unicodedata.normalize("NFC", line.translate(_DEBRIS)))
        out += [part.rstrip() for part in text.split("\n")]
    return out


def joined(lines: Iterable[str]) -> str:
    """Clean lines joined as one text, runs of blank lines kept to one."""
    return re.sub(r"\n{3,}", "\n\n", "\n".join(clean_lines(lines))).strip("\n") + "\n"


# ---------------------------------------------------------------- tests of the bytes

def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF-")


def is_docx(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        return "word/document.xml" in zipfile.ZipFile(BytesIO(data)).namelist()
    except (zipfile.BadZipFile, ValueError):
        return False


def is_doc(data: bytes) -> bool:
    """An OLE2 compound file holding a WordDocument stream."""
    return data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") and "WordDocument".encode("utf-16-le") in data


_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)


def is_html(data: bytes) -> bool:
    """A web page: the bytes open with a doctype or an <html> element."""
    return bool(_HTML_START.match(data[:4096]))


# ---------------------------------------------------------------- the registry

def _pdf(data: bytes, source: str, memo: Memo) -> Extracted:
    from generator.reading import pdf
    return pdf.extract(data, source, memo)


def _docx(data: bytes, source: str, memo: Memo) -> Extracted:
    from generator.reading import office
    return office.extract_docx(data, source)


def _doc(data: bytes, source: str, memo: Memo) -> Extracted:
    from generator.reading import office
    return office.extract_doc(data, source)


def _html(data: bytes, source: str, memo: Memo) -> Extracted:
    from generator.reading import webpage
    return webpage.extract(data, source)


def _ocr_programs() -> str:
    from generator.reading import ocr
    return ocr.key()


EXTRACTORS = (
    Extractor("pdf", is_pdf, _pdf, ".pdf", ("reading/pdf.py", "reading/ocr.py"), ("pypdfium2", "numpy"), _ocr_programs),
    Extractor("docx", is_docx, _docx, ".docx", ("reading/office.py",), ("python-docx",)),
    Extractor("doc", is_doc, _doc, ".doc", ("reading/office.py",)),
    Extractor("html", is_html, _html, ".goc.html.txt", ("reading/webpage.py", "language/folding.py"), ("selectolax",)),
)
"""The formats read besides plain text, in the order their tests run. Each reader is
imported when first used, so a machine without one format's library reads the others."""

SUFFIXES = {"text": ".txt", **{e.name: e.suffix for e in EXTRACTORS}}
"""source_format → the suffix its original is served under beside the page."""


def sniff(data: bytes) -> Extractor | None:
    """The extractor of these bytes, None for a text file (or bytes no extractor reads)."""
    return next((e for e in EXTRACTORS if e.matches(data)), None)


def version(package: str) -> str:
    """The installed version of a Python distribution, "" when it is not installed."""
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return ""


@per_project(maxsize=len(EXTRACTORS))  # once a process: its code and tools do not change under a build
def key(extractor: Extractor) -> str:
    """Hash of what `extractor`'s reading of given bytes depends on: its own code and
    extract.py's, formats.yml, its packages' and programs' versions. Not the rest of the
    generator: a change to the reading stages after extraction keeps what it read."""
    digest = hashlib.sha256(json.dumps(settings(), sort_keys=True, default=str).encode())
    for module in ("reading/extract.py", *extractor.modules):
        digest.update(module.encode() + b"\0" + (GENERATOR_DIR / module).read_bytes())
    for package in extractor.packages:
        digest.update(f"{package}={version(package)}\0".encode())
    digest.update(extractor.programs().encode())
    return digest.hexdigest()


def read(extractor: Extractor, data: bytes, source: str, memo: Memo) -> Extracted:
    """What `extractor` reads of `data`: kept in `memo` (by the bytes' SHA-256 and the
    extractor's key) the first time, taken from it after."""
    its_key = key(extractor)
    got = memo.load(extractor.name, its_key)
    if not isinstance(got, Extracted):
        got = extractor.read(data, source, memo)
        if got.whole:
            memo.keep(extractor.name, its_key, got)
    return got


def warnings(d) -> tuple[str, ...]:
    """What the build report says of how a dispatch was extracted: OCR'd pages, to check."""
    if not d.ocr_pages:
        return ()
    pages = ", ".join(map(str, d.ocr_pages))
    return (f"văn bản nhận dạng từ ảnh quét: the text of page(s) {pages} was read by OCR from a scan; "
            "check its fields against the original",)
