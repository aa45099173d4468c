"""The fast paths of the build give the bytes the plain ones give.

Rendering MkDocs pages in worker processes must write the same site as one process, and
the libyaml front-matter dumper must write exactly what yaml.safe_dump writes.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import epoch, site
from generator.render import dump_yaml


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_pages_rendered_in_worker_processes_equal_one_process(sample_site, tmp_path, monkeypatch):
    site_dir, _ = sample_site
    docs = site_dir.parent / "cache" / "docs"
    monkeypatch.setattr(site, "MIN_PARALLEL_PAGES", 1)  # the sample has fewer pages than the threshold
    with epoch.pinned(1_700_000_000):
        site.build_site(docs, tmp_path / "one", jobs=1)
        site.build_site(docs, tmp_path / "two", jobs=2)
    one, two = tree(tmp_path / "one"), tree(tmp_path / "two")
    pages = [p for p in one if p.startswith("van-ban/") and p.endswith(".html")]
    assert len(pages) == 5
    assert one.keys() == two.keys()
    assert [p for p in one if one[p] != two[p]] == []


def test_front_matter_of_a_real_page_is_what_safe_dump_writes(sample_site):
    site_dir, _ = sample_site
    page = next((site_dir.parent / "cache" / "docs" / "van-ban").rglob("*.md"))
    head = page.read_text(encoding="utf-8").split("---\n")[1]
    assert dump_yaml(yaml.safe_load(head)) == head


SCALARS = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40) | st.text(
    st.sampled_from(list("ab đê\n\t'\":#-\x85\u2028😀")), min_size=900, max_size=1400)


@settings(max_examples=300, deadline=None)
@given(SCALARS, st.lists(SCALARS, max_size=3))
def test_dump_yaml_writes_what_safe_dump_writes(title, names):
    """Astral characters, U+0085, tabs and long multi-line text are where libyaml differs."""
    meta = {"title": title, "recipients": names, "signer": {"name": title[:20]}, "year": "2021"}
    assert dump_yaml(meta) == yaml.safe_dump(meta, allow_unicode=True, sort_keys=True, width=1000)
