"""Body structure of a dispatch (headings, numbered items, bullets); pages.markdown writes it.

Levels: 0 Roman heading or top paragraph, 1 "1." item, 2 "a)" item, 3 "-" bullet.
A paragraph that follows an item continues inside that item (same level), except
the closing paragraph that ends with "./.", which is top level.

Anchors: "phan-iii" for section III; items "muc-2", sub-items "muc-2-a"; inside a
Roman section the section comes first ("phan-ii-muc-1", "phan-ii-muc-1-a").  A
repeated id gets "-2", "-3"... so ids stay unique within a document.  Bullets and
paragraphs have no anchor.
"""

from __future__ import annotations

import re

from generator.language.lexicon import FINAL_MARK
from generator.model import Block

ROMAN_MARKER = r"[IVXLC]+\."
NUMBER_MARKER = r"\d{1,2}\."
LETTER_MARKER = r"[a-zđ]\)"
BULLET_MARKER = r"[-+]"
LIST_MARKER = "|".join((NUMBER_MARKER, LETTER_MARKER, ROMAN_MARKER, BULLET_MARKER))
"""Any of the four markers; repair.py uses these to keep a marker with its item's text."""
ENDS_FINAL = re.compile(r"[.!?:;…][”\"’)]*$")
"""A line ending a sentence or a label: its final punctuation, closing quotes or brackets after
(repair's line breaks, addressee's ends)."""
_HEADING = re.compile(rf"^(?P<marker>{ROMAN_MARKER})\s+(?P<text>.+)$")
_NUMBERED = re.compile(rf"^(?P<marker>{NUMBER_MARKER})\s+(?P<text>.+)$")
_LETTERED = re.compile(rf"^(?P<marker>{LETTER_MARKER})\s+(?P<text>.+)$")
_BULLET = re.compile(rf"^(?P<marker>{BULLET_MARKER})\s+(?P<text>.+)$")


def _anchor_for(kind: str, marker: str, section: str, item: str) -> str:
    """The anchor of a heading or item, before de-duplication."""
    if kind == "heading":
        return "phan-" + marker.rstrip(".").lower()
    prefix = f"phan-{section}-" if section else ""
    if marker.endswith(")"):
        base = item or f"{prefix}muc"
        # Ids stay ASCII: "đ)" follows "d)" in Vietnamese lists, so it becomes "dd" (as typed in Telex).
        return f"{base}-{marker.rstrip(')').replace('đ', 'dd')}"
    return f"{prefix}muc-{marker.rstrip('.')}"


def body_blocks(lines: list[str]) -> tuple[Block, ...]:
    """Classify repaired body lines into blocks with marker, level and anchor."""
    blocks, seen = [], {}
    section = item = ""
    level = 0
    for line in lines:
        text = line.strip()
        for kind, pattern, lvl in (("heading", _HEADING, 0), ("item", _NUMBERED, 1),
                                   ("item", _LETTERED, 2), ("bullet", _BULLET, 3)):
            match = pattern.match(text)
            if match:
                break
        else:
            kind, match, lvl = "paragraph", None, 0 if FINAL_MARK.search(text) else level
        if match is None:
            blocks.append(Block("paragraph", text, "", lvl, ""))
            continue
        marker = match.group("marker")
        anchor = ""
        if kind != "bullet":
            anchor = _anchor_for(kind, marker, section, item)
            seen[anchor] = seen.get(anchor, 0) + 1
            anchor += f"-{seen[anchor]}" if seen[anchor] > 1 else ""
        if kind == "heading":
            section, item = marker.rstrip(".").lower(), ""
        elif lvl == 1:
            item = anchor
        level = lvl
        blocks.append(Block(kind, match.group("text"), marker, lvl, anchor))
    return tuple(blocks)


def appendix_blocks(title: str, lines: list[str]) -> tuple[Block, ...]:
    """The blocks of what follows the signature: a heading with its title, then its lines
    read like the body's (items, bullets, paragraphs)."""
    if not title:
        return ()
    return (Block("appendix", title, "", 0, "phu-luc"), *body_blocks(lines))
