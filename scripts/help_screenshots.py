"""The help page's pictures: screenshots of the archive itself, built from the bundled sample.

    python scripts/help_screenshots.py

Builds the sample corpus into a temporary folder, opens it from disk in Debian's Chromium
(1280 × 720, light scheme) and writes JPEG pictures into content/assets/ (HELP_SHOTS), the
ones content/tro-giup.md shows. Run it after a change to what they show; the tests check
that every picture the help page names exists and loads (tests/pages/test_help.py).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, build_corpus  # noqa: E402

HELP_SHOTS = {
    "tro-giup-tim-kiem.jpg": ("index.html?q=thi%20đua", None),
    "tro-giup-van-ban.jpg": ("van-ban/2021/381-bhxh-vp-bhxhvn.html", None),
    "tro-giup-don-vi.jpg": ("don-vi/bhxh-cac-tinh.html", "#nhiem-vu"),
}
"""File name under content/assets/ → (page of the sample site, element to scroll to)."""
QUALITY = 70


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        site, _ = build_corpus(ROOT / "corpus", Path(tmp))
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720}, color_scheme="light")
        for name, (path, scroll_to) in HELP_SHOTS.items():
            page.goto(site.as_uri() + "/" + path)
            if "?q=" in path:
                page.wait_for_function("document.querySelector('form[data-archive-search]').dataset.state === 'done'")
            if scroll_to:  # below the header bar, which stays at the top
                page.evaluate("s => window.scrollTo(0, document.querySelector(s).getBoundingClientRect().top"
                              " + window.scrollY - 70)", scroll_to)
            out = ROOT / "content" / "assets" / name
            page.screenshot(path=str(out), type="jpeg", quality=QUALITY)
            print(f"{out.relative_to(ROOT)}: {out.stat().st_size / 1e3:.0f} KB")
        browser.close()


if __name__ == "__main__":
    main()
