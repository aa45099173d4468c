"""A dispatch's body as Markdown, and text escaped to render literally.

Sections (reading.structure's "heading" and "appendix" blocks) become "##" headings with
their anchors; items and bullets become lists that nest by level and keep the source
numbering; a paragraph that follows an item stays inside it.
"""

from __future__ import annotations

import html
import re

from generator.model import Block

_ALWAYS_ESCAPED = re.compile(r"([\\`*_{}\[\]#|])")
_LEADING_LIST = re.compile(r"^(\(?)(\w{1,4})([.)])(?=\s|$)")
_LEADING_SIGN = re.compile(r"^([-+=>!])")
_LEADING_ENTITY = {":": "&#58;", "?": "&#63;", "~": "&#126;"}
_INDENT = "    "


def escape_markdown(text: str) -> str:
    """`text` as Markdown that renders literally (no markup, no live HTML)."""
    text = " ".join(text.split())
    text = html.escape(text, quote=False)
    text = _ALWAYS_ESCAPED.sub(r"\\\1", text)
    text = _LEADING_LIST.sub(r"\1\2\\\3", text)
    if text.startswith("("):
        text = "\\" + text
    text = _LEADING_SIGN.sub(r"\\\1", text)
    if text[:1] in _LEADING_ENTITY:
        text = _LEADING_ENTITY[text[0]] + text[1:]
    return text


def _list_marker(block: Block) -> str:
    """The Markdown list marker that keeps the source numbering: "3." for a numbered item, "-"
    for a bullet and for a lettered item, whose letter is written as text (`_letter`): an
    HTML list letters a, b, c… and has no "đ", so "g)" would show as "f"."""
    return "-" if block.kind == "bullet" or block.marker.endswith(")") else block.marker


def _letter(block: Block) -> str:
    """The letter of a lettered item as the source writes it ("đ)"), shown as text."""
    if block.kind != "item" or not block.marker.endswith(")"):
        return ""
    return f'<span class="item-letter">{html.escape(block.marker)}</span> '


def _write(blocks: list[Block], depth: int, out: list[str]) -> None:
    """Append Markdown for `blocks`; list items nest by level, paragraphs follow their item."""
    pad = _INDENT * depth
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.kind in ("heading", "appendix"):
            text = f"{block.marker} {block.text}".strip()
            out += [f"## {escape_markdown(text)} {{#{block.anchor}}}", ""]
            i += 1
            continue
        if block.kind == "paragraph":
            out += [pad + escape_markdown(block.text), ""]
            i += 1
            continue
        children_end = i + 1
        while children_end < len(blocks) and _inside(blocks[children_end], block):
            children_end += 1
        span = f'<span id="{block.anchor}"></span>' if block.anchor else ""
        out.append(f"{pad}{_list_marker(block)} {span}{_letter(block)}{escape_markdown(block.text)}")
        out.append("")
        _write(list(blocks[i + 1:children_end]), depth + 1, out)
        i = children_end


def _inside(candidate: Block, item: Block) -> bool:
    """True when `candidate` belongs inside list item `item` (deeper item or its paragraph)."""
    if candidate.kind in ("heading", "appendix"):
        return False
    if candidate.kind == "paragraph":
        return candidate.level >= item.level > 0
    return candidate.level > item.level


def blocks_to_markdown(blocks) -> str:
    """Markdown for a body: sections as "##" headings, items as lists with source numbering."""
    out: list[str] = []
    _write(list(blocks), 0, out)
    return "\n".join(out).rstrip() + "\n"
