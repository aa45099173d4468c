"""The page built from the hostile file, opened in a real headless Chromium: nothing runs."""

from __future__ import annotations

import json
import shutil

import pytest

from .conftest import build_corpus, screenshot
from .test_bad_input import BAD_DIR, HOSTILE_NAME

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    (root / "in").mkdir()
    shutil.copy(BAD_DIR / "hostile-markup.txt", root / "in")
    (root / "in" / HOSTILE_NAME).write_text("Thông báo\nCác đơn vị bố trí trực Tết.\n", encoding="utf-8")
    site_dir, report = build_corpus(root / "in", root)
    return site_dir, {p["file"]: p["url"] for p in report.pages}


@pytest.mark.parametrize("name", ["hostile-markup.txt", HOSTILE_NAME])
def test_no_injected_script_runs_and_no_injected_element_exists(browser, hostile_site, name):
    site_dir, urls = hostile_site
    page = browser.new_page()
    dialogs, errors = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((site_dir / urls[name]).as_uri())
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert dialogs == [] and errors == []
    assert page.title() != "pwned" and "pwned" not in json.dumps(page.evaluate("document.body.dataset"))
    assert page.locator("img[onerror], iframe, a[href^='javascript:']").count() == 0
    scripts = page.evaluate("[...document.scripts].map(s => s.textContent).join('\\n')")
    assert "alert(" not in scripts and "pwned" not in scripts
    article = page.locator("article").inner_text()
    expected = "<img src=x onerror=" if name == "hostile-markup.txt" else "<img src=x onerror=alert(5)>"
    assert expected in article  # shown as text
    screenshot(page, f"hostile-{'markup' if name == 'hostile-markup.txt' else 'file-name'}")
    page.close()
