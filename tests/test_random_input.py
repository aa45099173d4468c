"""Random text, with the hostile and damaged cases mixed in, through the per-file pipeline.

ingest decode → the reader's STEPS → catalog → write.dispatch_page → Markdown (the site's
extensions): it never crashes, and every input ends as a page or an InputError with a reason.
"""

from __future__ import annotations

import unicodedata

import markdown
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import InputError
from generator.model import Dispatch
from generator.pages import catalog, write
from generator.reading.convert import read
from generator.reading.ingest import decode
from generator.tables import find_project

from .data.encode_vietnamese import to_tcvn3, to_windows_1258

PROJECT_DIR = find_project()

SEED = (PROJECT_DIR / "corpus" / "000_bdd34a8df0a2e9cd.txt").read_text(encoding="utf-8")
FRAGMENTS = SEED.splitlines() + [
    "<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "{{ config }}", "{% raw %}",
    "[x](javascript:alert(3))", "---", "...", "Số: 1/BHXH-VP: # '\"", "V/v: a --- b # c",
    "Tải Văn bản gốc", "Hà Nội, ngày 31 tháng 02 năm 2021", "\t", "| a | b |", "> trích",
]
TEXT = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)), max_size=40).map("\n".join)
ENCODINGS = st.sampled_from([
    lambda t: t.encode(), lambda t: b"\xef\xbb\xbf" + t.encode(), lambda t: t.encode("utf-16"),
    lambda t: unicodedata.normalize("NFD", t).encode(), lambda t: t.replace("\n", "\r\n").encode(),
    lambda t: t.replace("\n", "\r").encode(), to_windows_1258, to_tcvn3,
])
MARKDOWN = yaml.safe_load((PROJECT_DIR / "mkdocs.yml").read_text(encoding="utf-8"))["markdown_extensions"]


def extensions():
    names, configs = [], {}
    for entry in MARKDOWN:
        name, config = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        names.append(name)
        configs[name] = config or {}
    return names, configs


def page_or_reason(data: bytes) -> str:
    """The HTML of one raw file's page body, or the InputError's reason."""
    try:
        text, encoding = decode(data, "random.txt")
        raw = Dispatch(source="random.txt", sha256="0" * 64, raw_text=text, encoding=encoding)
        d = read(raw)
    except InputError as exc:
        assert exc.reason.strip()
        return exc.reason
    (d,) = catalog.assign_ids([d])
    page = write.dispatch_page(d, d.body(), catalog.record(d, d.tasks))
    head, body = page.split("---\n", 2)[1:]
    meta = yaml.safe_load(head)
    assert meta["source_file"] == "random.txt" and meta["id"] == d.id
    names, configs = extensions()
    html = markdown.markdown(body, extensions=names, extension_configs=configs)
    assert "<script>alert" not in html and "<img src=x" not in html and 'href="javascript:' not in html
    return html


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, ENCODINGS)
def test_any_text_ends_as_a_page_or_a_reason(text, encode):
    try:
        data = encode(text)
    except UnicodeEncodeError:  # not every text can be written in a legacy encoding
        return
    assert page_or_reason(data)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_end_as_a_page_or_a_reason(data):
    assert page_or_reason(data)
