"""The finished-HTML extension: blocks the generator wrote as HTML reach the page as they
are, through the project's real Markdown configuration (mkdocs.yml)."""

from __future__ import annotations

import html

from generator.reading.convert import process_file
from generator.pages.finished_html import finished_html
from generator.pages.render import raw_block

from ..conftest import SAMPLE_CORPUS, project_markdown


def test_a_raw_text_that_looks_like_markup_stays_text(tmp_path):
    """A seed with lines that look like the block's end marker, Markdown and HTML: the
    page's "Văn bản gốc" block shows them as written, and the Markdown after it still renders."""
    source = next(SAMPLE_CORPUS.glob("*.txt"))
    raw = source.read_text(encoding="utf-8") + "\n<!-- /html -->\n*không nghiêng* <b>x</b> &amp;\n\n\n"
    (tmp_path / source.name).write_text(raw, encoding="utf-8")
    d = process_file(tmp_path / source.name, tmp_path)
    page = project_markdown().convert(raw_block(d, raw) + "\n## Sau\n\n*nghiêng*\n")
    assert f"<pre>{html.escape(raw)}</pre>" in page
    assert '<h2 id="sau">' in page and "<em>nghiêng</em>" in page


def test_finished_blocks_render_as_python_markdown_renders_them_without_the_extension():
    table = "<table>\n<tr><td>1 &lt; 2 | *a*</td></tr>\n</table>"
    text = "# Tiêu đề\n\n" + finished_html(table) + "\nĐoạn *một*.\n\n" + finished_html("<ul>\n<li>x</li>\n</ul>")
    with_it = project_markdown().convert(text)
    without = project_markdown(without="generator.pages.finished_html").convert(text)
    assert table in with_it and "<!-- html -->" not in with_it
    assert with_it.split() == [w for w in without.split() if w not in ("<!--", "html", "/html", "-->")]
