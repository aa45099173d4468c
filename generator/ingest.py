"""Ingest stage: find the raw files, read their bytes, hash and decode them."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .errors import InputError
from .model import Dispatch


def find_sources(source_dir: Path) -> list[Path]:
    """Every *.txt under source_dir, sorted, never following a link out of it."""
    root = source_dir.resolve()
    found = []
    for path in sorted(source_dir.rglob("*.txt")):
        if path.is_symlink() or not path.resolve().is_relative_to(root) or not path.is_file():
            continue
        found.append(path)
    return found


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Return (text, encoding name) for the raw bytes, or raise InputError."""
    if data.startswith(b"\xef\xbb\xbf"):
        data, encoding = data[3:], "utf-8-sig"
    else:
        encoding = "utf-8"
    try:
        return data.decode("utf-8"), encoding
    except UnicodeDecodeError as exc:
        raise InputError(source, f"not valid UTF-8 (byte {exc.start})") from None


def read_dispatch(path: Path, source_dir: Path) -> Dispatch:
    """Read one raw file into a Dispatch holding its decoded text and checksum."""
    source = path.relative_to(source_dir).as_posix()
    data = path.read_bytes()
    if not data.strip():
        raise InputError(source, "empty file (no bytes but white space)")
    text, encoding = decode(data, source)
    return Dispatch(
        source=source,
        sha256=hashlib.sha256(data).hexdigest(),
        raw_text=text,
        encoding=encoding,
    )
