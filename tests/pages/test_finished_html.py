"""The finished-HTML extension: blocks the generator wrote as HTML reach the page as they
are, through the project's real Markdown configuration (mkdocs.yml)."""

from __future__ import annotations

from generator.pages.finished_html import finished_html

from ..conftest import project_markdown


def test_finished_blocks_render_as_python_markdown_renders_them_without_the_extension():
    table = "<table>\n<tr><td>1 &lt; 2 | *a*</td></tr>\n</table>"
    text = "# Tiêu đề\n\n" + finished_html(table) + "\nĐoạn *một*.\n\n" + finished_html("<ul>\n<li>x</li>\n</ul>")
    with_it = project_markdown().convert(text)
    without = project_markdown(without="generator.pages.finished_html").convert(text)
    assert table in with_it and "<!-- html -->" not in with_it
    assert with_it.split() == [w for w in without.split() if w not in ("<!--", "html", "/html", "-->")]
