"""Ingest stage: find the raw files, read their bytes, hash and decode them.

Accepted: UTF-8 with or without BOM, UTF-16 with a BOM, and for bytes that are not
UTF-8, Windows-1258 or TCVN3 (ABC) when exactly one of them reads as Vietnamese.
Everything else raises InputError with the reason: no page is better than a page of
mojibake. `raw_text` keeps the decoded text as it is (NFD, CR or CRLF included); the
repair stage normalises it to NFC and splits it into lines.
"""

from __future__ import annotations

import hashlib
import re
import stat
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from generator.cache import Memo
from generator.errors import InputError
from generator.language.syllable import is_syllable, is_well_cased
from generator.model import Dispatch
from generator.reading import extract
from generator.tables import load_table, per_project


@dataclass(frozen=True)
class Settings:
    """What ingest reads from site_config/ingest.yml, tcvn3.yml and chrome.yml."""

    max_bytes: int
    min_syllable_share: float
    min_evidence_words: int
    signatures: dict[bytes, str]
    tcvn3: dict[int, str]
    """Code point of the byte read as Windows-1252 (the same number from 0xA0 up) → letter."""
    tcvn3_capitals: frozenset[str]
    chrome_lines: frozenset[str]


@per_project()
def settings() -> Settings:
    """The project's ingest settings (tables.load_table; ConfigError when a table is wrong)."""
    table = load_table("ingest")
    tcvn3 = {int(code, 16): letter for code, letter in load_table("tcvn3")["bytes"].items()}
    return Settings(table["max_bytes"], table["min_syllable_share"], table["min_evidence_words"],
                    {magic.encode("latin-1"): name for magic, name in table["signatures"].items()},
                    tcvn3, frozenset(c for c in tcvn3.values() if c.isupper()),
                    frozenset(load_table("chrome")["lines"]))


BOMS = (
    (b"\xef\xbb\xbf", "utf-8", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be", "utf-16-be"),
)
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
"""Characters no text file holds (tab, line ends, \\v and \\f are allowed)."""
BAD_NAME = re.compile(r"[\x00-\x1f\x7f]")
WORD = re.compile(r"[^\W\d_]+")


def find_sources(source_dir: Path) -> list[Path]:
    """Every file under source_dir named as a dispatch may arrive (.txt, .pdf, .docx, .doc,
    .html, .htm: site_config/formats.yml), in any case (".TXT" too), sorted; links are listed
    so check_file can report them. What a file is, is then decided by its bytes."""
    suffixes = frozenset(extract.settings()["suffixes"])
    return sorted(p for p in source_dir.rglob("*") if p.suffix.lower() in suffixes and (p.is_symlink() or not p.is_dir()))


def _check_path(path: Path, source_dir: Path, source: str) -> None:
    """Refuse links out of source_dir, broken links, non-files and unprintable names."""
    if BAD_NAME.search(source):
        raise InputError(source, "file name contains a control character (e.g. a line break)")
    if path.is_symlink():
        if not path.exists():
            raise InputError(source, "broken symbolic link")
        if not path.resolve().is_relative_to(source_dir.resolve()):
            raise InputError(source, "symbolic link to a file outside --source: not followed")
    if not stat.S_ISREG(path.stat().st_mode):
        raise InputError(source, "not a regular file")


@per_project(maxsize=1 << 16)
def _is_vietnamese(word: str) -> bool:
    """Cached: a file checks hundreds of words, mostly the same few thousand across files."""
    return is_syllable(word) and is_well_cased(word)


def _vietnamese_share(text: str) -> tuple[float, int]:
    """(share of accented words that are Vietnamese syllables, number of such words)."""
    words = [w for w in WORD.findall(unicodedata.normalize("NFC", text)) if not w.isascii()]
    words = [w for w in words if not (w.isupper() and w.replace("Đ", "D").isascii())]  # TĐKT, HĐQL
    if not words:
        return 1.0, 0
    return sum(map(_is_vietnamese, words)) / len(words), len(words)


def _examples(text: str) -> str:
    words = Counter(
        w for w in WORD.findall(unicodedata.normalize("NFC", text))
        if not w.isascii() and not _is_vietnamese(w)
    )
    return ", ".join(repr(w) for w, _ in words.most_common(3))


def _check_text(text: str, source: str, encoding: str) -> None:
    """Reject decoded text that holds control characters, U+FFFD or mojibake."""
    bad = CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise InputError(
            source, f"control character U+{ord(bad.group()):04X} on line {line}: binary or damaged file"
        )
    if "\ufffd" in text:
        raise InputError(source, "holds U+FFFD replacement characters: an earlier lossy conversion lost letters")
    _check_double_encoding(text, source)
    share, count = _vietnamese_share(text)
    if count and share < settings().min_syllable_share:
        raise InputError(
            source,
            f"mojibake: decoded as {encoding}, only {share:.0%} of {count} accented words are "
            f"Vietnamese (e.g. {_examples(text)})",
        )


def _check_double_encoding(text: str, source: str) -> None:
    """Reject UTF-8 that was once read as Windows-1252 and saved again ("Báº£o" for "Bảo")."""
    if text.isascii():
        return
    try:
        text.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return
    line = next(line for line in text.splitlines() if not line.isascii())[:40]
    meant = line.encode("cp1252").decode("utf-8", "replace")
    raise InputError(
        source, f"double-encoded UTF-8 (read as Windows-1252 and saved again): {line!r} stands for {meant!r}"
    )


def _capitals(line: str) -> str:
    """Upper-case the words of `line` that the ...H fonts drew in capitals."""
    words = WORD.findall(line)
    tcvn3_capitals = settings().tcvn3_capitals
    capitals = {w: sum(c.isupper() for c in w if c.isascii() or c in tcvn3_capitals) for w in words}
    plain_lower = {w for w in words if any(c.islower() for c in w if c.isascii() or c in tcvn3_capitals)}
    sure = {w for w in words if capitals[w] >= 2 and w not in plain_lower and w.upper() != w}
    least = 1 if len(sure) >= 2 else 2
    return WORD.sub(
        lambda m: m.group().upper() if capitals[m.group()] >= least and m.group() not in plain_lower else m.group(),
        line,
    )


def decode_tcvn3(data: bytes) -> str:
    """TCVN3 bytes to text: the table's letters, Windows-1252 elsewhere.

    VN3 has no toned capitals: capitals were set in the ...H fonts with lower-case codes,
    so a word with two plain capitals and no plain small letter is read in capitals
    ("BảO" → "BẢO"), and so is a one-capital word ("Xã") on a line with two such words.
    A toned capital elsewhere ("Ủy ban") stays small: VN3 cannot tell it.
    """
    text = data.decode("cp1252").translate(settings().tcvn3)
    return "".join(_capitals(line) for line in text.splitlines(keepends=True))


def _decode_8bit(data: bytes, source: str) -> tuple[str, str]:
    """Bytes that are not UTF-8: Windows-1258 or TCVN3, when exactly one reads as Vietnamese."""
    readings = {}
    for encoding, codec in (("windows-1258", lambda b: b.decode("cp1258")), ("tcvn3", decode_tcvn3)):
        try:
            text = codec(data)
        except UnicodeDecodeError:
            continue
        if not CONTROL.search(text):
            readings[encoding] = (text, *_vietnamese_share(text))
    good = {e: r for e, r in readings.items() if r[1] >= settings().min_syllable_share}
    evidence = max((r[2] for r in readings.values()), default=0)
    if len(good) == 1 and evidence >= settings().min_evidence_words:
        encoding, (text, _, _) = good.popitem()
        return text, encoding
    scores = ", ".join(f"{e}: {r[1]:.0%} of {r[2]} accented words" for e, r in readings.items())
    if evidence < settings().min_evidence_words:
        why = "too few accented words to tell Windows-1258 from TCVN3"
    elif len(good) > 1:
        why = "it reads as Vietnamese in both Windows-1258 and TCVN3"
    else:
        why = "it reads as Vietnamese in no known encoding"
    raise InputError(source, f"not UTF-8, and {why} ({scores or 'no 8-bit reading'}); re-save it as UTF-8")


def _binary_reason(data: bytes) -> str:
    """Why bytes without a BOM are binary, or "" when they may be text."""
    for magic, name in settings().signatures.items():
        if data.startswith(magic):
            return f"binary file ({name}), not text"
    nul = data.find(b"\x00")
    if nul < 0:
        return ""
    if data[1::2].count(0) > len(data) // 4 or data[0::2].count(0) > len(data) // 4:
        return "looks like UTF-16 without a byte-order mark: re-save it as UTF-8"
    return f"binary file: NUL byte at offset {nul}"


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Return (text, encoding name) for the raw bytes, or raise InputError."""
    for bom, codec, name in BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(
                    source, f"starts with a {codec} byte-order mark but byte {exc.start + len(bom)} is not {codec}"
                ) from None
            _check_text(text, source, name)
            return text, name
    reason = _binary_reason(data)
    if reason:
        raise InputError(source, reason)
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(data):  # cut mid-letter
            text, encoding = data[:exc.start].decode("utf-8"), "utf-8"
        else:
            text, encoding = _decode_8bit(data, source)
    _check_text(text, source, encoding)
    return text, encoding


def _check_content(text: str, source: str) -> None:
    """Refuse text with no dispatch in it: blank, or only the portal's download links."""
    lines = [line.strip() for line in unicodedata.normalize("NFC", text).splitlines() if line.strip()]
    if not lines:
        raise InputError(source, "empty file (nothing but white space)")
    if all(line in settings().chrome_lines for line in lines):
        raise InputError(source, "only portal chrome (download links), no dispatch text")


def check_file(path: Path, source_dir: Path) -> tuple[int, int]:
    """(size, mtime_ns) of a raw file that may be read: checked by path and stat alone, never
    opened, so a FIFO, a device, a broken link or a 20 MB dump is refused before any read."""
    source = path.relative_to(source_dir).as_posix()
    try:
        _check_path(path, source_dir, source)
        st = path.stat()
    except OSError as exc:
        raise InputError(source, f"cannot read: {exc.strerror or exc}") from None
    if st.st_size == 0:
        raise InputError(source, "empty file (0 bytes)")
    limit = settings().max_bytes
    if st.st_size > limit:
        raise InputError(source, f"{st.st_size / 2**20:.1f} MB is over the {limit / 2**20:.0f} MB limit for one dispatch")
    return st.st_size, st.st_mtime_ns


def read_bytes(path: Path, source: str) -> bytes:
    """The bytes of a checked file; a failing read is a rejection of that file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(source, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > settings().max_bytes:  # grew since it was checked
        raise InputError(source, f"over the {settings().max_bytes / 2**20:.0f} MB limit for one dispatch")
    return data


def to_dispatch(data: bytes, source: str, cache_dir: Path | None = None) -> Dispatch:
    """A Dispatch holding the decoded (or, for a PDF, Word or web-page file, extracted) text
    and checksum of a file's bytes (depends on them alone). What an extractor read is kept in
    `cache_dir` (cache.Memo) and taken from there when it is kept already."""
    sha = hashlib.sha256(data).hexdigest()
    extractor = extract.sniff(data)
    if extractor is None:
        text, encoding = decode(data, source)
        _check_content(text, source)
        return Dispatch(source=source, sha256=sha, raw_text=text, encoding=encoding)
    got = extract.read(extractor, data, source, Memo(cache_dir, sha))
    _check_content(got.text, source)
    return Dispatch(source=source, sha256=sha, raw_text=got.text, encoding=got.label,
                    source_format=extractor.name, ocr_pages=got.ocr_pages, unwrap_notes=got.notes)


def read_dispatch(path: Path, source_dir: Path) -> Dispatch:
    """Check, read and decode one raw file into a Dispatch."""
    check_file(path, source_dir)
    source = path.relative_to(source_dir).as_posix()
    return to_dispatch(read_bytes(path, source), source)
