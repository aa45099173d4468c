"""The built site in a real headless Chromium, over http and from file://."""

from __future__ import annotations

import json

import pytest

from .conftest import screenshot

pytestmark = pytest.mark.browser


def first_dispatch(site_dir):
    records = json.loads((site_dir / "catalog.json").read_text(encoding="utf-8"))
    return next(r for r in records if r["symbol"] == "381/BHXH-VP")


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_home_and_dispatch_page_render_with_title_and_metadata(browser, sample_site, http_root, scheme):
    site_dir, _ = sample_site
    root = http_root if scheme == "http" else site_dir.as_uri() + "/"
    record = first_dispatch(site_dir)
    page = browser.new_page()
    page.goto(root + "index.html")
    assert "Kho công văn" in page.title()
    dispatch_links = page.locator("article a[href^='van-ban/']")
    assert dispatch_links.count() == 5
    screenshot(page, f"home-{scheme}")

    page.goto(root + record["url"])
    assert page.locator("h1").first.inner_text().startswith("381/BHXH-VP")
    panel = page.locator("dl.dispatch-meta")
    assert panel.is_visible()
    text = panel.inner_text()
    assert "381/BHXH-VP" in text and "17/02/2021" in text and "Chu Mạnh Sinh" in text
    raw = page.locator(".dispatch-tools a[download]")
    assert raw.inner_text() == "Tải tệp gốc" and raw.get_attribute("href") == record["url"].split("/")[-1][:-5] + ".txt"
    assert page.locator("dl.dispatch-meta .source-sha256").inner_text() == record["source_sha256"]
    assert page.locator("pre").count() == 0, "the raw text is linked, not repeated on the page"
    screenshot(page, f"dispatch-{scheme}")
    page.close()
