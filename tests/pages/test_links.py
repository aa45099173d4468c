"""Links between dispatches, the index pages, and a link check of every page MkDocs built."""

from __future__ import annotations

import json
import posixpath
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
import pytest

from generator.model import Dispatch, Reference
from generator.pages.browse import dispatch_table
from generator.pages.links import link, resolve, symbol_key

from ..conftest import SAMPLE_CORPUS, build_corpus


def _d(symbol, date, refs=(), id_=None):
    id_ = id_ or f"{date[:4]}-{symbol}"
    return Dispatch(source=f"{id_}.txt", sha256=id_, raw_text="", symbol=symbol, date=date,
                    references=tuple(refs), id=id_, url=f"van-ban/{id_}.html")


def test_reference_resolves_by_symbol_and_year_since_numbering_restarts_yearly():
    old, new = _d("381/BHXH-VP", "2020-05-02"), _d("381/BHXH-VP", "2021-02-17")
    by_symbol = {symbol_key("381/BHXH-VP"): [old, new]}
    assert resolve(Reference("381/BHXH-VP", date="2021-01-01"), by_symbol) is new
    assert resolve(Reference("381/BHXH-VP", date="2019-01-01"), by_symbol) is None
    assert resolve(Reference("381/BHXH-VP"), by_symbol) is None  # two candidates, no date
    assert resolve(Reference("381/bhxh-vp"), {symbol_key("381/BHXH-VP"): [new]}) is new


def test_backlinks_and_references_not_in_the_archive():
    target = _d("01/BHXH-TĐKT", "2021-01-04")
    citing = _d("5/BHXH-VP", "2021-03-01", [Reference("01/BHXH-TDKT", "Công văn", "2021-01-04"),
                                             Reference("9/QĐ-TTg", "Quyết định", "2020-01-01")])
    self_citing = _d("7/BHXH-VP", "2021-04-01", [Reference("7/BHXH-VP", "Công văn")])
    result = link([target, citing, self_citing])
    assert result.cited_by == {target.id: [citing]}
    assert result.urls == {citing.references[0]: target.url}
    assert result.missing == {("Quyết định", "9/QĐ-TTg", "2020-01-01"): [citing]}


def _catalog(site_dir: Path) -> dict[str, dict]:
    return {r["symbol"]: r for r in json.loads((site_dir / "catalog.json").read_text(encoding="utf-8"))}


@pytest.fixture(scope="module")
def citing_site(tmp_path_factory):
    """381 as is; 288 edited to cite 381 of 2021; 4346 edited to cite a 381 of 2020 (not archived)."""
    out = tmp_path_factory.mktemp("citing")
    source = out / "in"
    source.mkdir()
    seeds = {p.name: p.read_text(encoding="utf-8") for p in sorted(SAMPLE_CORPUS.glob("*.txt"))}
    for name, text in seeds.items():
        if "Số: 381/BHXH-VP" in text:
            (source / name).write_text(text, encoding="utf-8")
        elif "Số: 288/BHXH-VP" in text:
            edited = text.replace("Công văn số 4520/BHXH-VP ngày 28/12/2023", "Công văn số 381/BHXH-VP ngày 17/02/2021")
            assert edited != text
            (source / name).write_text(edited, encoding="utf-8")
        elif "4346/CĐ-BHXH" in text:
            edited = text.replace("hoạch số 2800/KH-BHXH ngày 09/9/2021", "hoạch số 381/BHXH-VP ngày 09/9/2020")
            assert edited != text
            (source / name).write_text(edited, encoding="utf-8")
    return build_corpus(source, out)[0]


def test_cited_dispatch_lists_who_cites_it_and_the_reference_links_to_it(citing_site):
    records = _catalog(citing_site)
    target, citing = records["381/BHXH-VP"], records["288/BHXH-VP"]
    ref = next(r for r in citing["references"] if r["symbol"] == "381/BHXH-VP")
    assert ref["url"] == target["url"]
    page = (citing_site / target["url"]).read_text(encoding="utf-8")
    section = page.split("Được dẫn chiếu bởi", 1)[1]
    assert "288/BHXH-VP" in section and "4346" not in section
    other = next(r for r in records["4346/CĐ-BHXH"]["references"] if r["symbol"] == "381/BHXH-VP")
    assert other["url"] == ""
    cited = (citing_site / "van-ban-dan-chieu" / "index.html").read_text(encoding="utf-8")
    assert "09/09/2020" in cited and "4520/BHXH-VP" not in cited and "287/BHXH-VP" in cited


def test_unit_page_of_the_provinces_lists_all_five_seeds_under_one_name(sample_site):
    site_dir, _ = sample_site
    page = (site_dir / "don-vi" / "bhxh-cac-tinh.html").read_text(encoding="utf-8")
    assert "Bảo hiểm xã hội các tỉnh, thành phố trực thuộc Trung ương" in page
    linked = {href.split("#")[0] for href in _refs(site_dir / "don-vi" / "bhxh-cac-tinh.html")}
    for record in _catalog(site_dir).values():
        assert "../" + record["url"] in linked, record["symbol"]
    index = (site_dir / "don-vi" / "index.html").read_text(encoding="utf-8")
    assert index.count("bhxh-cac-tinh.html") == 1


def test_units_of_one_kind_in_one_entry_each_list_the_dispatch(sample_site):
    site_dir, _ = sample_site  # seed 003: "- Các Bộ: Tài chính, Lao động - TBXH, Y tế (để b/c);"
    for unit in ("bo-tai-chinh", "bo-ldtbxh", "bo-y-te"):
        assert "4346/CĐ-BHXH" in (site_dir / "don-vi" / f"{unit}.html").read_text(encoding="utf-8"), unit
    assert "Các Bộ:" not in (site_dir / "don-vi" / "chua-khop.html").read_text(encoding="utf-8")


def test_unmatched_entries_are_listed_not_dropped(tmp_path):
    seed = SAMPLE_CORPUS / "003_68c73e9e65ad431c.txt"
    source = tmp_path / "in"
    source.mkdir()
    text = seed.read_text(encoding="utf-8").replace("Lao động - TBXH, Y tế (để b/c)", "Nội vụ (để b/c)")
    (source / seed.name).write_text(text, encoding="utf-8")
    site_dir, _ = build_corpus(source, tmp_path)
    page = (site_dir / "don-vi" / "chua-khop.html").read_text(encoding="utf-8")
    assert "Các Bộ: Tài chính, Nội vụ" in page
    assert "Như trên" not in page


def test_home_page_charts_are_inline_svg_without_script(sample_site):
    site_dir, _ = sample_site
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    charts = home.split('<div class="archive-charts">', 1)[1].split("</div>", 1)[0]
    assert charts.count("<svg") == 3 and "<script" not in charts
    assert "Văn bản theo năm" in charts and ">2021<" in charts and "Nhiệm vụ theo đơn vị" in charts


def test_browse_pages_by_month_drafting_unit_and_signer(sample_site):
    site_dir, _ = sample_site
    assert "381/BHXH-VP" in (site_dir / "thang" / "2021-02.html").read_text(encoding="utf-8")
    drafted = (site_dir / "soan-thao" / "van-phong-bao-hiem-xa-hoi-viet-nam.html").read_text(encoding="utf-8")
    assert "288/BHXH-VP" in drafted and "381/BHXH-VP" in drafted
    signed = (site_dir / "nguoi-ky" / "nguyen-the-manh.html").read_text(encoding="utf-8")
    assert all(s in signed for s in ("288/BHXH-VP", "01/BHXH-TĐKT", "3036/BHXH-BT"))


class _Anchors(HTMLParser):
    """The ids and the href/src references of one HTML page."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        self.refs += [attrs[k] for k in ("href", "src") if attrs.get(k)]


def _parse(path: Path) -> _Anchors:
    parser = _Anchors()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _refs(path: Path) -> list[str]:
    return _parse(path).refs


def broken_links(site_dir: Path) -> list[str]:
    """Every internal href/src of every page whose file or fragment id does not exist."""
    root = site_dir.resolve()
    pages = {p.resolve(): _parse(p) for p in root.rglob("*.html")}
    broken = []
    for page, parsed in pages.items():
        for ref in parsed.refs:
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc:
                continue
            path = unquote(parts.path)
            target = (root / path.lstrip("/") if path.startswith("/") else page.parent / path).resolve() if path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(root)}: {ref} (no such file)")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in pages[target].ids:
                broken.append(f"{page.relative_to(root)}: {ref} (no such id)")
    return broken


def test_every_page_of_the_built_site_has_no_broken_internal_link(sample_site):
    site_dir, _ = sample_site
    assert len(list(site_dir.rglob("*.html"))) > 20
    assert broken_links(site_dir) == []


def test_link_check_sees_a_broken_link(tmp_path):
    (tmp_path / "a.html").write_text('<a href="b.html#x">b</a><a href="c.html">c</a>', encoding="utf-8")
    (tmp_path / "b.html").write_text('<p id="y"></p>', encoding="utf-8")
    assert broken_links(tmp_path) == ["a.html: b.html#x (no such id)", "a.html: c.html (no such file)"]


def test_a_pipe_in_a_subject_stays_one_table_cell_without_a_stray_backslash():
    d = Dispatch(source="a.txt", sha256="0" * 64, raw_text="", symbol="1/BHXH-VP", date="2021-01-02",
                 doc_type="Công văn", subject="Thu | chi quỹ", url="van-ban/2021/1-bhxh-vp.html")
    html = markdown.markdown(dispatch_table("nam/2021.md", [d]), extensions=["tables"])
    assert "<td>Thu | chi quỹ</td>" in html
    assert html.count("<td>") == 4


def test_the_metadata_panel_links_each_value_to_the_page_that_lists_it(sample_site):
    """Type, month, year, drafting unit and signer link to their browse pages, and a Kính gửi
    or Nơi nhận entry naming one registered unit to that unit's page; each of those pages
    lists the dispatch."""
    site_dir, _ = sample_site
    records = json.loads((site_dir / "catalog.json").read_text(encoding="utf-8"))
    folders = Counter()
    for record in records:
        page = site_dir / record["url"]
        html = page.read_text(encoding="utf-8")
        panel = html[html.index('class="dispatch-meta"'):]
        panel = panel[: panel.index("</dl>")]
        for href, _text in re.findall(r'<a href="([^"#]+)">([^<]+)</a>', panel):
            target = (page.parent / href).resolve()
            folder = target.parent.name
            if folder == "van-ban":
                continue
            assert target.is_file(), (record["symbol"], href)
            listing = target.read_text(encoding="utf-8")
            assert posixpath.basename(record["url"]) in listing, (record["symbol"], href)
            folders[folder] += 1
    assert {"loai", "thang", "nam", "soan-thao", "nguoi-ky", "don-vi"} <= set(folders), folders
    assert folders["don-vi"] >= len(records)
