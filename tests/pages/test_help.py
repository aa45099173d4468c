"""The help page shows the archive itself: its pictures exist, load from disk and say in
Vietnamese what they show (scripts/help_screenshots.py makes them from the sample)."""

from __future__ import annotations

import re
import sys

import pytest

from generator.tables import CHECKOUT_DIR

sys.path.insert(0, str(CHECKOUT_DIR / "scripts"))
from help_screenshots import HELP_SHOTS  # noqa: E402


def test_the_help_page_shows_every_picture_the_script_makes_and_no_other():
    text = (CHECKOUT_DIR / "content" / "tro-giup.md").read_text(encoding="utf-8")
    shown = re.findall(r"!\[([^\]]+)\]\(assets/([^)]+)\)", text)
    assert sorted(name for _, name in shown) == sorted(HELP_SHOTS)
    for alt, name in shown:
        assert len(alt) > 30 and (CHECKOUT_DIR / "content" / "assets" / name).read_bytes()[:3] == b"\xff\xd8\xff", name
    made = {p.name for p in (CHECKOUT_DIR / "content" / "assets").glob("tro-giup-*")}
    assert made == set(HELP_SHOTS), "a picture no page shows"


@pytest.mark.browser
def test_the_pictures_load_on_the_help_page_opened_from_disk(browser, sample_site):
    site_dir, _ = sample_site
    page = browser.new_page()
    page.goto((site_dir / "tro-giup.html").as_uri())
    images = page.locator("article img")
    assert images.count() == len(HELP_SHOTS)
    for i in range(images.count()):
        images.nth(i).scroll_into_view_if_needed()
        assert images.nth(i).evaluate("img => img.complete && img.naturalWidth") == 1280
    page.close()
