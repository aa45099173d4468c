"""Body blocks, anchors and Markdown, on the seed pages and on hostile text."""

import re
from pathlib import Path

import markdown
import pytest

from generator.model import Block
from generator.pages.markdown import blocks_to_markdown, escape_markdown
from generator.reading.repair import repair_text
from generator.reading.structure import body_blocks

ROOT = Path(__file__).resolve().parents[2]
EXTENSIONS = ["attr_list", "def_list", "md_in_html", "tables", "toc", "admonition",
              "pymdownx.details", "pymdownx.superfences", "pymdownx.tasklist",
              "pymdownx.fancylists", "pymdownx.saneheaders"]


def render(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS, extension_configs={"toc": {"permalink": True}})


def seed_blocks(prefix: str) -> tuple[Block, ...]:
    path = next((ROOT / "corpus").glob(prefix + "_*.txt"))
    return body_blocks(repair_text(path.read_text(encoding="utf-8")))


def test_002_sections_and_items():
    blocks = seed_blocks("002")
    headings = [b for b in blocks if b.kind == "heading"]
    assert [b.marker for b in headings] == ["I.", "II.", "III."]
    assert headings[1].text == "NỘI DUNG CHỦ YẾU PHONG TRÀO THI ĐUA NĂM 2021"
    start = blocks.index(headings[1])
    end = blocks.index(headings[2])
    items = [b for b in blocks[start:end] if b.kind == "item"]
    assert [b.marker for b in items] == [f"{n}." for n in range(1, 10)]
    assert [b.anchor for b in items][:2] == ["phan-ii-muc-1", "phan-ii-muc-2"]
    assert [b.anchor for b in headings] == ["phan-i", "phan-ii", "phan-iii"]


def test_001_items_and_sub_items():
    blocks = seed_blocks("001")
    items = [b for b in blocks if b.kind == "item" and b.level == 1]
    assert [b.marker for b in items] == [f"{n}." for n in range(1, 9)]
    first, second = blocks.index(items[0]), blocks.index(items[1])
    subs = [b for b in blocks[first:second] if b.kind == "item" and b.level == 2]
    assert [b.marker for b in subs] == [f"{c})" for c in "abcdefgh"]
    assert subs[0].anchor == "muc-1-a" and subs[0].text.startswith("Giải quyết, thanh toán")
    paragraph = blocks[first + 1]
    assert paragraph.kind == "paragraph" and paragraph.level == 1  # continues item 1


def test_anchors_unique_on_every_seed():
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        anchors = [b.anchor for b in body_blocks(repair_text(path.read_text(encoding="utf-8"))) if b.anchor]
        assert len(anchors) == len(set(anchors)), path.name


def test_repeated_numbering_gets_distinct_anchors():
    blocks = body_blocks(["1. Một", "2. Hai", "Đoạn văn.", "1. Lại một", "a) Ý a"])
    assert [b.anchor for b in blocks if b.anchor] == ["muc-1", "muc-2", "muc-1-2", "muc-1-2-a"]


def test_closing_paragraph_is_top_level():
    blocks = body_blocks(["1. Việc một;", "Yêu cầu các đơn vị thực hiện./."])
    assert blocks[1].level == 0


def test_markdown_of_002_has_headings_and_numbered_lists():
    html = render(blocks_to_markdown(seed_blocks("002")))
    for section in ("i", "ii", "iii"):
        assert f'<h2 id="phan-{section}">' in html
    assert '<span id="phan-ii-muc-9"></span>Tổ chức triển khai' in html
    assert "<ul>" in html and "Phát huy tinh thần đoàn kết" in html


def test_markdown_of_001_keeps_letters_and_numbers():
    html = render(blocks_to_markdown(seed_blocks("001")))
    # Letters are text, as the dispatch writes them: an HTML list would letter "đ" as "e".
    assert re.search(r'<li>\s*(<p>)?<span id="muc-1-a"></span><span class="item-letter">a\)</span> Giải quyết', html)
    assert '<span id="muc-8"></span>Các đơn vị trực thuộc' in html
    assert 'type="a"' not in html


def test_markdown_list_keeps_start_number():
    blocks = body_blocks(["3. Ba", "c) Chữ c", "4. Bốn"])
    html = render(blocks_to_markdown(blocks))
    assert '<ol start="3"' in html and '<span class="item-letter">c)</span> Chữ c' in html


HOSTILE = [
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "1. không phải danh sách",
    "- không phải gạch đầu dòng",
    "+ cộng",
    "# không phải tiêu đề",
    "a) không phải mục",
    "*nghiêng* _gạch_ `mã` [liên kết](http://x) ![ảnh](y.png)",
    "{{ biến }} {% khối %}",
    "| a | b |",
    ": định nghĩa",
    "!!! note \"x\"",
    "??? chi tiết",
    "~~~ rào",
    "[ ] việc",
    "&lt;b&gt; &amp;",
    "I. không phải phần",
    "<div markdown=\"1\">x</div>",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_renders_literally(text):
    html = render(escape_markdown(text))
    assert html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1
    body = html[3:-4]
    assert "<" not in body.replace("&lt;", "")
    unescaped = body.replace("&lt;", "<").replace("&gt;", ">").replace("&#58;", ":").replace(
        "&#63;", "?").replace("&#126;", "~").replace("&quot;", '"').replace("&amp;", "&")
    assert unescaped == text


def test_hostile_blocks_render_without_live_html():
    blocks = body_blocks(["I. <script>x</script>", "1. <img src=x onerror=y> *a*", "- a_b_c | {{ z }}"])
    html = render(blocks_to_markdown(blocks))
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "*a*" in html and "{{ z }}" in html


def test_anchor_of_the_d_with_stroke_item_is_ascii_and_distinct_from_d():
    blocks = body_blocks(["1. Các việc sau:", "d) Việc thứ tư;", "đ) Việc thứ năm."])
    anchors = [b.anchor for b in blocks]
    assert anchors == ["muc-1", "muc-1-d", "muc-1-dd"]
    assert all(a.isascii() for a in anchors)
