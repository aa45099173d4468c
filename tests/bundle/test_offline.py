"""The unzipped bundle opened from disk in a real Chromium with the network cut off."""

from __future__ import annotations

import json
import zipfile
from urllib.parse import urlsplit

import pytest

from generator.bundle.archive import BUNDLE_ROOT, make_bundle

from ..conftest import SAMPLE_CORPUS, screenshot

pytestmark = pytest.mark.browser

LOCAL_SCHEMES = {"file", "data", "blob", "about"}
MATERIAL_INDIGO = "rgb(64, 81, 181)"
"""Material 9's default primary colour, #4051b5, the header's background."""
SYSTEM_FONTS = "-apple-system, BlinkMacSystemFont, Helvetica, Arial, sans-serif"
"""Material's font stack when theme.font is false (no Google Fonts)."""

STYLE_PROBE = """() => ({
  font: getComputedStyle(document.body).fontFamily,
  header: getComputedStyle(document.querySelector('header.md-header')).backgroundColor,
  icon: Math.max(0, ...[...document.querySelectorAll('header.md-header svg')]
                        .map(svg => svg.getBoundingClientRect().width)),
  materialScript: typeof window.document$ === 'object',
})"""


@pytest.fixture(scope="module")
def bundle_site(sample_site, tmp_path_factory):
    """The sample site bundled, then unzipped as an auditor would: the site directory inside."""
    out = tmp_path_factory.mktemp("offline")
    zip_path = out / "kho-cong-van.zip"
    make_bundle(sample_site[0], SAMPLE_CORPUS, zip_path)
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(out / "unzipped")
    return out / "unzipped" / BUNDLE_ROOT / "site"


@pytest.fixture()
def offline_page(browser):
    """A page in an offline context that aborts and records every request not served from disk."""
    context = browser.new_context(offline=True)
    log = {"outside": [], "failed": [], "errors": []}

    def guard(route):
        if urlsplit(route.request.url).scheme in LOCAL_SCHEMES:
            route.continue_()
        else:
            log["outside"].append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    context.on("request", lambda r: urlsplit(r.url).scheme in LOCAL_SCHEMES or log["outside"].append(r.url))
    # ERR_ABORTED is a load cut short by the next navigation; a missing file is ERR_FILE_NOT_FOUND.
    context.on("requestfailed", lambda r: "ERR_ABORTED" in (r.failure or "")
               or log["failed"].append(f"{r.url}: {r.failure}"))
    page = context.new_page()
    page.on("pageerror", lambda e: log["errors"].append(str(e)))
    yield page, log
    context.close()
    assert log["outside"] == [], f"requests that left the machine: {log['outside']}"


def open_styled(page, log, url: str) -> dict:
    page.goto(url, wait_until="load")
    style = page.evaluate(STYLE_PROBE)
    assert log["outside"] == [], f"{url} asked the network for {log['outside']}"
    assert log["failed"] == [], f"{url}: {log['failed']}"
    assert log["errors"] == [], f"{url}: {log['errors']}"
    return style


def assert_styled(style: dict, url: str) -> None:
    assert style["header"] == MATERIAL_INDIGO, (url, style)
    assert style["font"].replace("\n", " ").endswith(SYSTEM_FONTS), (url, style)
    assert style["icon"] > 0, (url, style)
    assert style["materialScript"], (url, style)


def test_home_and_dispatch_page_render_styled_from_disk_with_no_network(offline_page, bundle_site):
    page, log = offline_page
    style = open_styled(page, log, (bundle_site / "index.html").as_uri())
    assert_styled(style, "index.html")
    assert page.locator("article a[href='kiem-tra.html']").count() == 1
    screenshot(page, "bundle-home-offline")

    record = json.loads((bundle_site / "catalog.json").read_text(encoding="utf-8"))[0]
    style = open_styled(page, log, (bundle_site / record["url"]).as_uri())
    assert_styled(style, record["url"])
    assert page.locator("dl.dispatch-meta").is_visible()
    assert page.locator("dl.dispatch-meta .source-sha256").text_content() == record["source_sha256"]
    screenshot(page, "bundle-dispatch-offline")


def test_every_page_loads_only_files_from_the_bundle(offline_page, bundle_site):
    page, log = offline_page
    pages = sorted(p for p in bundle_site.rglob("*.html") if p.name != "404.html")
    assert len(pages) >= 10
    for path in pages:
        assert_styled(open_styled(page, log, path.as_uri()), path.relative_to(bundle_site).as_posix())


def test_verification_page_explains_both_checks(offline_page, bundle_site):
    page, log = offline_page
    open_styled(page, log, (bundle_site / "index.html").as_uri())
    page.click("article a[href='kiem-tra.html']")
    text = page.locator("article").inner_text()
    assert "sha256sum -c MANIFEST.sha256" in text
    assert "dispatch-archive verify" in text
