"""Placeholder repair (the real one is being written): drop chrome, join indented cells."""

from __future__ import annotations

import dataclasses
import unicodedata

from .model import Dispatch

CHROME = {"Tải Văn bản tiếng Việt", "Tải Văn bản gốc"}


def repair_text(raw: str) -> list[str]:
    lines: list[str] = []
    for line in unicodedata.normalize("NFC", raw).splitlines():
        if line.strip() in CHROME or not line.strip():
            continue
        if line.startswith("  ") and lines:
            lines[-1] += " " + line.strip()
        else:
            lines.append(line.strip())
    return lines


def repair(d: Dispatch) -> Dispatch:
    return dataclasses.replace(d, lines=tuple(repair_text(d.raw_text)))
