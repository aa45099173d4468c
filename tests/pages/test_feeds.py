"""The Atom feed of each unit (generator/pages/feeds.py), read back with the standard XML parser."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

ATOM = "{http://www.w3.org/2005/Atom}"


def test_a_unit_feed_lists_what_its_page_lists_newest_first(sample_site):
    site_dir, _ = sample_site
    unit = site_dir / "don-vi" / "bhxh-cac-tinh.html"
    page = unit.read_text(encoding="utf-8")
    assert 'href="bhxh-cac-tinh.xml"' in page
    feed = ET.parse(site_dir / "don-vi" / "bhxh-cac-tinh.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    listed = set(re.findall(r'href="(\.\./van-ban/[^"#]+\.html)"', page))
    assert len(entries) >= 3 and set(links) == listed
    assert all((unit.parent / link).resolve().is_file() for link in links)
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert feed.find(f"{ATOM}updated").text == updated[0]
    assert len({e.find(f"{ATOM}id").text for e in entries}) == len(entries)
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "vi"
