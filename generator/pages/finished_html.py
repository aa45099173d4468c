"""Python-Markdown extension (listed in mkdocs.yml): blocks of finished HTML the generator
wrote (dispatch tables, task lists, the raw text) go into Markdown's stash as they are.

Python-Markdown's HTML-block preprocessor would put them there too, after reading every
tag with html.parser: on index pages that reading was most of MkDocs' time. The HTML is
made by the generator with every source text escaped, so there is nothing to read.
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

START, END = "<!-- html -->", "<!-- /html -->"
BLOCK = re.compile(rf"^{START}\n(.*?)\n{END}$", re.M | re.S)
PRIORITY = 25
"""After normalize_whitespace (30), which strips the stash's placeholder characters from
the text; before html_block (20)."""


def finished_html(block: str) -> str:
    """A block of finished, escaped HTML, marked for this extension (without it, Markdown
    passes the block through as raw HTML all the same)."""
    return f"{START}\n{block.strip()}\n{END}\n"


class _Stash(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        text = BLOCK.sub(lambda block: self.md.htmlStash.store(block[1]), "\n".join(lines))
        return text.split("\n")


class FinishedHtmlExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(_Stash(md), "finished_html", PRIORITY)


def makeExtension(**kwargs) -> FinishedHtmlExtension:
    return FinishedHtmlExtension(**kwargs)
