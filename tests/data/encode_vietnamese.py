"""Encoders for the legacy encodings ingest must read: Windows-1258 and TCVN3 (ABC).

Used by tests/data/make_bad_corpus.py to write the encoded test files from a UTF-8
seed, the way the old tools wrote them.
"""

from __future__ import annotations

import unicodedata

from generator.reading.ingest import settings

TONES = "\u0300\u0301\u0303\u0309\u0323"
TCVN3_BYTES = {letter: code for code, letter in settings().tcvn3.items()}


def to_windows_1258(text: str) -> bytes:
    """Windows-1258 as Microsoft's keyboard wrote it: base letter, then a combining tone."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out += base.encode("cp1258") + "".join(c for c in parts if c in TONES).encode("cp1258")
    return bytes(out)


def to_tcvn3(text: str) -> bytes:
    """TCVN3 (VN3): capitals with a tone take the lower-case code, as the ...H fonts did."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        code = TCVN3_BYTES.get(ch, TCVN3_BYTES.get(ch.lower()))
        out += bytes([code]) if code is not None else ch.encode("cp1252")
    return bytes(out)
