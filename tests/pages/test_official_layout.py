"""A dispatch page laid out as the dispatch is (Nghị định 30/2020, Phụ lục I), in a real
Chromium: on screen, on a phone and printed."""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading

import pytest

from ..conftest import QuietHandler, screenshot

pytestmark = pytest.mark.browser
ENGLISH = ("Made with", "Permanent link", "Back to top", "Skip to content", "Not found", "Copy to clipboard")


def page_of(site_dir, symbol):
    records = json.loads((site_dir / "catalog.json").read_text(encoding="utf-8"))
    return (site_dir / next(r["url"] for r in records if r["symbol"] == symbol)).as_uri()


def test_the_head_and_foot_stand_where_the_dispatch_has_them(browser, sample_site):
    site_dir, _ = sample_site
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(page_of(site_dir, "381/BHXH-VP"))
    head = page.locator(".official-head")
    assert "BẢO HIỂM XÃ HỘI VIỆT NAM" in head.locator(".official-issuer").inner_text()
    assert "Số: 381/BHXH-VP" in head.inner_text() and "V/v tập trung triển khai" in head.inner_text()
    motto = head.locator(".official-motto").bounding_box()
    issuer = head.locator(".official-issuer").bounding_box()
    assert motto["x"] > issuer["x"] + issuer["width"] - 1  # the motto stands right of the issuer
    body = page.locator(".official").bounding_box()
    signer = page.locator(".official-signer").first.bounding_box()
    assert signer["x"] > body["x"] + body["width"] / 2 - 1  # the signature on the right half
    assert page.locator(".official-signer .name").first.inner_text() == "Chu Mạnh Sinh"
    assert "Nơi nhận:" in page.locator(".official-distribution").inner_text()
    text = page.locator("body").inner_text()
    assert not [w for w in ENGLISH if w in text]
    outside = [h for h in page.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))")
               if re.match(r"https?://", h)]
    assert not outside
    screenshot(page, "official-381")
    page.close()


def test_a_printed_dispatch_is_the_document_alone_on_about_its_pages(browser, sample_site):
    site_dir, _ = sample_site
    page = browser.new_page()
    page.goto(page_of(site_dir, "381/BHXH-VP"))
    page.emulate_media(media="print")
    assert not page.locator(".dispatch-archive").is_visible() and not page.locator(".md-header").is_visible()
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 3  # the original is two pages; the screen page printed six
    page.close()


def test_a_phone_shows_the_dispatch_without_sideways_scrolling(browser, sample_site):
    site_dir, _ = sample_site
    page = browser.new_page(viewport={"width": 360, "height": 740})
    for symbol in ("381/BHXH-VP", "288/BHXH-VP", "4346/CĐ-BHXH"):
        page.goto(page_of(site_dir, symbol))
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, (symbol, width)
        cut = page.evaluate("""[...document.querySelectorAll('.md-header__title .md-ellipsis')]
            .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth).length""")
        assert cut == 0, "the header shows the site title cut short"
    screenshot(page, "official-phone")
    page.close()


def test_the_404_page_is_vietnamese_and_styled_from_disk_with_no_other_file(browser, sample_site):
    site_dir, _ = sample_site
    page = browser.new_page()
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto((site_dir / "404.html").as_uri())
    assert page.locator("h1").inner_text() == "Không tìm thấy trang"
    assert page.evaluate("getComputedStyle(document.querySelector('header')).backgroundColor") == "rgb(63, 81, 181)"
    assert requested == [(site_dir / "404.html").as_uri()], "a server sends it at any depth: it needs no file"
    with page.expect_navigation():
        page.locator("#home").click()
    assert page.url.endswith("/index.html") and page.locator("form[data-archive-search]").count() == 1
    screenshot(page, "404-file")
    page.close()


def test_the_404_page_finds_the_home_page_under_a_sub_path(browser, sample_site, tmp_path):
    """As a server sends it for a missing address deep under /kho/: its home link goes to /kho/index.html."""
    served = tmp_path / "www"
    shutil.copytree(sample_site[0], served / "kho")
    missing = served / "kho" / "van-ban" / "2021" / "khong-co.html"
    missing.write_bytes((served / "kho" / "404.html").read_bytes())
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(served)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/kho/van-ban/2021/khong-co.html")
        page.wait_for_function("document.getElementById('home').getAttribute('href') !== 'index.html'")
        assert page.locator("#home").get_attribute("href") == "/kho/index.html"
        page.close()
    finally:
        server.shutdown()


@pytest.mark.parametrize("system, scheme", [("light", "default"), ("dark", "slate")])
def test_the_archive_follows_the_systems_light_or_dark_setting(browser, sample_site, system, scheme):
    site_dir, _ = sample_site
    context = browser.new_context(color_scheme=system)
    page = context.new_page()
    page.goto(page_of(site_dir, "381/BHXH-VP"))
    assert page.locator("body").get_attribute("data-md-color-scheme") == scheme
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert (background == "rgb(255, 255, 255)") == (system == "light"), background
    context.close()
