"""The header search box in a real headless Chromium, over http and from file://."""

from __future__ import annotations

import json

import pytest

from generator.language.folding import fold
from generator.search import terms
from generator.search.query import filter_choices
from generator.search.query import search as run_search

from ..conftest import screenshot

pytestmark = pytest.mark.browser

ACCEPTANCE = [
    ("cong van phat trien nguoi tham gia", "4346/CĐ-BHXH"),
    ("thi đua", "01/BHXH-TĐKT"),
    ("381/BHXH-VP", "381/BHXH-VP"),
]
FIXED_QUERIES = [q for q, _ in ACCEPTANCE] + [
    "381", "bhxh-vp", "uỷ ban nhân dân", '"phát triển người tham gia"', "BHXH-BT 2020",
    "phòng chống dịch Covid", "hoá đơn", "Tết Nguyên đán", "thi dua", "bảo hiểm", "999/BHXH-VP",
    "287/BHXH-VP", "covit", "thi đua xyzzy", "khen thưởng", "người lao động", "BHXH tỉnh",
    "năm 2021", "kế hoạch", "tổ chức thực hiện",
]


def root_of(scheme, sample_site, http_root):
    return http_root if scheme == "http" else sample_site[0].as_uri() + "/"


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_typing_a_query_shows_the_expected_dispatch_first(browser, sample_site, http_root, scheme):
    page = browser.new_page()
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(root_of(scheme, sample_site, http_root) + "index.html")
    box = page.locator("header form[data-archive-search] input[name='q']")
    assert box.is_visible()
    assert page.evaluate("archiveSearch.loaded.length") == 0
    assert not [u for u in requested if "/search/" in u]
    for n, (query, expected) in enumerate(ACCEPTANCE):
        box.fill(query)
        first = page.locator(".archive-search__result .archive-search__symbol").first
        page.wait_for_function(
            "q => document.querySelector('form[data-archive-search]').dataset.state === 'done'"
            " && document.querySelector('input[name=q]').value === q", arg=query)
        assert first.inner_text() == expected, query
        assert page.locator(".archive-search__result mark").count() > 0
        screenshot(page, f"search-{scheme}-{n}")
    assert not [u for u in requested if u.startswith(("http://", "https://")) and "127.0.0.1" not in u]
    with page.expect_navigation():
        page.locator(".archive-search__result a").first.click()
    assert page.locator("h1").first.inner_text().startswith("381/BHXH-VP")
    page.close()


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_browser_and_cli_return_the_same_top_ten(browser, sample_site, http_root, scheme):
    """lunr.js and lunr.py over the same shards: the same results, scores, links, snippets,
    counts and messages for 20 fixed queries, as typed and while typing."""
    site_dir = sample_site[0]
    page = browser.new_page()
    page.goto(root_of(scheme, sample_site, http_root) + "index.html")
    assert len(FIXED_QUERIES) >= 20
    for query in FIXED_QUERIES:
        for prefix in (False, True):
            answer = page.evaluate("a => archiveSearch.search(a[0], {}, {limit: 10, prefix: a[1]})", [query, prefix])
            expected = run_search(site_dir, query, {}, 10, prefix=prefix)
            assert [answer[k] for k in ("total", "partial", "symbol", "carried", "suggestion")] == \
                [expected.total, expected.partial, expected.symbol, expected.carried, expected.suggestion], query
            assert [(r["symbol"], r["url"], r["cites"]) for r in answer["results"]] == \
                [(r["symbol"], r["url"], r["cites"]) for r in expected.results], query
            assert [r["score"] for r in answer["results"]] == pytest.approx([r["score"] for r in expected.results])
            assert [[list(s) for s in r["snippet"]] for r in expected.results] == \
                [r["snippet"] for r in answer["results"]]
    filtered = page.evaluate("() => archiveSearch.search('bảo hiểm', {year: '2021', type: 'Công văn'}, {limit: 5})")
    expected = run_search(site_dir, "bảo hiểm", {"year": "2021", "type": "Công văn"}, 5).results
    assert [r["symbol"] for r in filtered["results"]] == [r["symbol"] for r in expected] != []
    page.close()


def test_javascript_text_rules_equal_the_python_ones(browser, sample_site, http_root):
    records = json.loads((sample_site[0] / "catalog.json").read_text(encoding="utf-8"))
    text = "\n".join(r["subject"] + "\n" + r["body_text"] for r in records) + " Uỷ ủy hoá hóa ĐỨC 2021"
    page = browser.new_page()
    page.goto(http_root + "index.html")
    js = page.evaluate("""t => { const r = archiveSearch.rules, toks = r.tokens(t);
        return {toks, folded: toks.map(r.fold), exact: toks.map(r.exactForm),
                shards: toks.map(x => r.shardOf(r.fold(x), 97)), search: toks.map(r.searchForm),
                terms: toks.map((x, i) => r.tokenTerms(x, i + 1 < toks.length ? toks[i + 1] : null))}; }""", text)
    toks = terms.tokens(text)
    assert js["toks"] == toks
    assert js["search"] == [terms.search_form(t) for t in toks]
    assert js["terms"] == [terms.token_terms(t, toks[i + 1] if i + 1 < len(toks) else None) for i, t in enumerate(toks)]
    assert js["folded"] == [fold(t) for t in toks]
    assert js["exact"] == [terms.exact_form(t) for t in toks]
    assert js["shards"] == [terms.shard_of(fold(t), 97) for t in toks]
    page.close()


def test_the_noi_nhan_filter_lists_units_by_name_and_filters_as_the_terminal_does(browser, sample_site, http_root):
    page = browser.new_page()
    page.goto(http_root + "index.html")
    box = page.locator("input[name='q']")
    box.fill("bảo hiểm")
    page.wait_for_function("document.querySelector('form[data-archive-search]').dataset.state === 'done'")
    select = page.locator("select[name='noi_nhan']")
    assert select.get_attribute("aria-label") == "Nơi nhận"
    labels = [o.get_attribute("value") for o in select.locator("option").all()][1:]
    assert labels == filter_choices(sample_site[0])["distribution"]
    page.evaluate("document.querySelector('form[data-archive-search]').dataset.state = ''")
    select.select_option(labels[0])
    page.wait_for_function("document.querySelector('form[data-archive-search]').dataset.state === 'done'")
    shown = page.locator(".archive-search__result .archive-search__symbol").all_inner_texts()
    expected = [r["symbol"] for r in run_search(sample_site[0], "bảo hiểm", {"distribution": labels[0]}).results]
    assert shown == expected != []
    assert "noi_nhan=" in page.evaluate("location.search")
    screenshot(page, "search-filter-noi-nhan")
    page.close()


def test_the_query_lives_in_the_address_and_the_opened_page_marks_its_words(browser, sample_site, http_root):
    """?q= opens the answer (Back, bookmarks, shared links); every result is reachable with
    "Xem thêm"; the page a result opens marks the words searched for."""
    page = browser.new_page()
    page.goto(http_root + "index.html?q=" + "bảo hiểm")
    page.wait_for_function("document.querySelector('form[data-archive-search]').dataset.state === 'done'")
    assert page.locator("input[name='q']").input_value() == "bảo hiểm"
    results = page.locator(".archive-search__result")
    total = run_search(sample_site[0], "bảo hiểm").total
    assert "Tìm thấy 5 văn bản" in page.locator(".archive-search__meta").inner_text() and total == 5
    page.select_option("select[name='sort']", "newest")
    page.wait_for_function("location.search.includes('sort=newest')")
    page.evaluate("() => { const f = document.querySelector('form[data-archive-search]'); f.dataset.state = ''; "
                  "f.querySelector('input[name=q]').value = 'BHXH'; f.requestSubmit(); }")
    page.wait_for_function("document.querySelector('form[data-archive-search]').dataset.state === 'done'")
    more = page.locator(".archive-search__more")
    shown = results.count()
    everything = run_search(sample_site[0], "BHXH", limit=100, sort="newest")
    while more.is_visible():
        more.click()
        page.wait_for_function(f"document.querySelectorAll('.archive-search__result').length > {shown}")
        shown = results.count()
    assert shown == everything.total
    assert page.locator(".archive-search__symbol").all_inner_texts() == [r["symbol"] for r in everything.results]
    with page.expect_navigation():
        results.first.locator("a").click()
    marks = page.locator("article mark.archive-search__hit")
    assert marks.count() > 0 and {fold(t) for t in marks.all_text_contents()} == {"bhxh"}
    page.go_back()
    page.wait_for_function("document.querySelector('form[data-archive-search]').dataset.state === 'done'")
    assert page.locator("input[name='q']").input_value() == "BHXH"
    screenshot(page, "search-back")
    page.close()
