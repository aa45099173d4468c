"""Saved web pages (thuvienphapluat.vn, vbpl.vn …): the document's panel through selectolax.

A portal page holds the document inside menus, tabs, a validity box, a footer and a table
of contents that repeats every Điều. The panel is the smallest element holding both the
national motto and the Nơi nhận (or, without one, the motto alone); its text is laid out
as a browser lays it out: white space collapsed, a no-break space a space, a block element
or <br> a new line, a table cell its own lines with a blank line after. 3 ms a page for
the parse. A page with no motto is given whole: unwrap's document window takes the page
around the dispatch out as it does for a portal page saved as text.
"""

from __future__ import annotations

import re

from generator.errors import InputError
from generator.language.folding import fold
from generator.reading.extract import Extracted, joined, missing

BLOCKS = frozenset("address article aside blockquote body caption center dd div dl dt fieldset figcaption figure "
                   "footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody thead tfoot "
                   "tr ul".split())
CELLS = frozenset(("td", "th"))
SKIPPED = frozenset(("script", "style", "noscript", "template", "head", "svg", "button", "select", "iframe"))
_SPACES = re.compile(r"[ \t\r\n\f\u00a0]+")
_MOTTO = "cong hoa xa hoi chu nghia viet nam"


def _decode(data: bytes, source: str) -> str:
    """The page's text: UTF-8 (with or without BOM), else the charset its <meta> names."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    charset = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", data[:4096], re.I)
    try:
        return data.decode(charset[1].decode("ascii") if charset else "cp1258")
    except (LookupError, UnicodeDecodeError):
        raise InputError(source, "a web page in neither UTF-8 nor the charset it names") from None


def _walk(node, out: list[str]) -> None:
    """Append the text under `node` to `out` (the last item is the line being written)."""
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            out[-1] += _SPACES.sub(" ", child.text_content or "")
        elif tag == "br":
            out.append("")
        elif tag in SKIPPED or tag.startswith("-"):
            continue
        elif tag in CELLS:
            out.append("")
            _walk(child, out)
            out += ["", ""]
        elif tag in BLOCKS:
            out.append("")
            _walk(child, out)
            out.append("")
        else:
            _walk(child, out)


def panel(tree):
    """The smallest element holding the motto and the Nơi nhận; the body when none does."""
    best, best_size = tree.body, None
    for node in tree.css("div, section, article, main, td"):
        text = fold(node.text(deep=True))
        if _MOTTO in text and "noi nhan" in text and (best_size is None or len(text) < best_size):
            best, best_size = node, len(text)
    if best_size is None:
        for node in tree.css("div, section, article, main"):
            text = fold(node.text(deep=True))
            if _MOTTO in text and (best_size is None or len(text) < best_size):
                best, best_size = node, len(text)
    return best


def extract(data: bytes, source: str) -> Extracted:
    """The lines of the document a saved web page shows."""
    try:
        from selectolax.lexbor import LexborHTMLParser
    except ImportError:
        raise missing(source, "selectolax", "a saved web page") from None
    tree = LexborHTMLParser(_decode(data, source))
    if tree.body is None:
        raise InputError(source, "a web page with no body")
    out = [""]
    _walk(panel(tree), out)
    return Extracted(joined(line.strip() for line in out), "HTML")
