"""A generated archive with a replacement chain A → B → C in a real Chromium (issue 31): A's
and B's pages open with the banner, which leads to C; the status filter lists A and B."""

from __future__ import annotations

import json

import pytest

from .conftest import build_corpus, screenshot
from .support.corpus import generate, meta

pytestmark = pytest.mark.browser
FILES, CHAIN = 30, (0, 14, 28)
"""Files 0, 14 and 28 are one year's, in rising order: 14 replaces 0, 28 replaces 14."""


@pytest.fixture(scope="module")
def chain_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("chain")
    generate(FILES, out / "src", chain=CHAIN)
    site_dir, _ = build_corpus(out / "src", out)
    records = {r["symbol"]: r for r in json.loads((site_dir / "catalog.json").read_text(encoding="utf-8"))}
    return site_dir, [records[meta(0, i, FILES).symbol] for i in CHAIN]


def test_the_banner_of_a_replaced_page_leads_to_the_newest(browser, chain_site):
    site_dir, (a, b, c) = chain_site
    assert [r["status"] for r in (a, b, c)] == ["đã bị thay thế", "đã bị thay thế", "còn hiệu lực"]
    page = browser.new_page()
    for old, by in ((a, b), (b, c)):
        page.goto((site_dir / old["url"]).as_uri())
        banner = page.locator(".dispatch-status")
        assert banner.is_visible() and by["symbol"] in banner.inner_text()
        assert "Bị thay thế bởi" in page.locator("dl.dispatch-meta").inner_text()
    page.goto((site_dir / a["url"]).as_uri())
    screenshot(page, "status-banner")
    page.locator(".dispatch-status a.status-newest").click()
    page.wait_for_load_state()
    assert page.url.endswith(c["url"])
    assert page.locator(".dispatch-status").count() == 0
    assert "Thay thế" in page.locator("dl.dispatch-meta").inner_text()
    page.emulate_media(media="print")
    page.goto((site_dir / a["url"]).as_uri())
    assert page.locator(".dispatch-status").is_visible(), "the banner is printed"
    page.close()


def test_the_status_filter_lists_the_replaced(browser, chain_site):
    site_dir, (a, b, _) = chain_site
    page = browser.new_page()
    page.goto((site_dir / "index.html").as_uri())
    page.locator("input[name='q']").fill("BHXH")
    state = "document.querySelector('form[data-archive-search]').dataset.state"
    page.wait_for_function(f"{state} === 'done'")
    select = page.locator("select[name='status']")
    assert "đã bị thay thế" in [o.get_attribute("value") for o in select.locator("option").all()]
    page.evaluate(f"{state} = ''")
    select.select_option("đã bị thay thế")
    page.wait_for_function(f"{state} === 'done'")
    shown = page.locator(".archive-search__result .archive-search__symbol").all_inner_texts()
    assert sorted(shown) == sorted([a["symbol"], b["symbol"]])
    page.close()
