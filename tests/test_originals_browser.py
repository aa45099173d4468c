"""Originals served beside their pages, opened in a real headless Chromium: a saved web
page's scripts never run in the archive's origin; a scan's page warns and links its PDF."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import threading
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import pytest

from .conftest import QuietHandler, build_corpus, screenshot

pytestmark = pytest.mark.browser

FILES = Path(__file__).parent / "data" / "files"
SAVED_PAGE = FILES / "saved-page-with-script.html"
SCAN = FILES / "07_cv_1067_BVPS_2023.pdf"
PWNED = "[window.pwned, window.pwnedLate, window.pwnedOnload, window.pwnedImage, document.body?.dataset.pwned]"


@pytest.fixture(scope="module")
def saved_page_site(tmp_path_factory):
    """A site built from one saved web page whose scripts would mark the page: (site dir, its page's URL)."""
    root = tmp_path_factory.mktemp("saved-page")
    (root / "in").mkdir()
    shutil.copy(SAVED_PAGE, root / "in" / "cv-88.html")
    site_dir, report = build_corpus(root / "in", root)
    assert [p["file"] for p in report.pages] == ["cv-88.html"], report.rejected
    return site_dir, report.pages[0]["url"]


@pytest.fixture(scope="module")
def served(saved_page_site):
    """saved_page_site's site over http on localhost, as the archive is served: its base URL."""
    handler = functools.partial(QuietHandler, directory=str(saved_page_site[0]))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_a_saved_web_pages_original_runs_no_script(browser, saved_page_site, served, scheme):
    site_dir, url = saved_page_site
    page = browser.new_page()
    page.goto(served + url if scheme == "http" else (site_dir / url).as_uri())
    href = page.get_by_role("link", name="Tải tệp gốc").get_attribute("href")
    original = page.url.rsplit("/", 1)[0] + "/" + href
    page.goto(original)
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert page.evaluate(PWNED) == [None] * 5 and page.title() != "pwned"
    assert page.evaluate("document.contentType") == "text/plain"
    assert "<script>document.title = \"pwned\"" in page.inner_text("body")  # shown as text
    served_bytes = (site_dir / url).parent / href
    assert served_bytes.read_bytes() == SAVED_PAGE.read_bytes()  # the original, byte for byte
    page.close()


def tesseract_with_vie() -> str:
    """Why OCR cannot run here, "" when it can."""
    if not shutil.which("tesseract"):
        return "tesseract not installed (scripts/install-tools.sh)"
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()
    return "" if "vie" in langs else "tesseract's vie data not installed (scripts/install-tools.sh)"


@pytest.mark.skipif(bool(tesseract_with_vie()), reason=tesseract_with_vie() or "-")
def test_a_scans_page_shows_the_ocr_notice_and_opens_its_pdf_from_disk(browser, tmp_path):
    (tmp_path / "in").mkdir()
    shutil.copy(SCAN, tmp_path / "in")
    site_dir, report = build_corpus(tmp_path / "in", tmp_path)
    assert [p["file"] for p in report.pages] == [SCAN.name], report.rejected
    page = browser.new_page()
    page.goto((site_dir / report.pages[0]["url"]).as_uri())
    notice = page.locator(".dispatch-ocr")
    assert "văn bản nhận dạng từ ảnh quét" in notice.inner_text().lower()
    screenshot(page, "scan-ocr-notice")
    link = page.get_by_role("link", name="Tải tệp gốc")
    original = page.url.rsplit("/", 1)[0] + "/" + link.get_attribute("href")
    assert original.startswith("file://") and original.endswith(".pdf")
    link.click()  # a file:// page's link opens the PDF itself (no download across file origins)
    page.wait_for_url(original)
    on_disk = Path(url2pathname(urlparse(page.url).path))
    assert on_disk.read_bytes() == SCAN.read_bytes()  # the original, byte for byte
    page.close()
