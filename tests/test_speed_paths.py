"""The fast paths of the build give the bytes the plain ones give.

Rendering MkDocs pages in worker processes, one page at a time with one reused Markdown
instance, must write the same site as one process and as `mkdocs build` itself, and the
front matter written as JSON text must read back through MkDocs' YAML loader unchanged.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.commands import build as mkdocs_build
from mkdocs.utils.meta import get_data

from generator import parallel
from generator.pages.write import dump_yaml
from generator.publishing import epoch, site
from generator.publishing.site import page_data


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_pages_rendered_in_worker_processes_equal_one_process(sample_site, tmp_path, monkeypatch):
    site_dir, _ = sample_site
    docs = site_dir.parent / "cache" / "docs"
    monkeypatch.setattr(parallel, "START_MS", {"fork": 0, "spawn": 0})  # workers even for the sample's few pages
    with epoch.pinned(1_700_000_000):
        site.build_site(docs, tmp_path / "one", jobs=1)
        site.build_site(docs, tmp_path / "two", jobs=2)
    one, two = tree(tmp_path / "one"), tree(tmp_path / "two")
    pages = [p for p in one if p.startswith("van-ban/") and p.endswith(".html")]
    assert len(pages) == 5
    assert one.keys() == two.keys()
    assert [p for p in one if one[p] != two[p]] == []


def test_pages_rendered_in_worker_processes_equal_mkdocs_build(sample_site, tmp_path, monkeypatch):
    site_dir, _ = sample_site
    docs = site_dir.parent / "cache" / "docs"
    monkeypatch.setattr(parallel, "START_MS", {"fork": 0, "spawn": 0})
    with epoch.pinned(1_700_000_000):
        mkdocs_build.build(site._load_config(docs, tmp_path / "mkdocs", {}, dirty=False))
        site.build_site(docs, tmp_path / "ours", jobs=2)
    theirs, ours = tree(tmp_path / "mkdocs"), tree(tmp_path / "ours")
    assert len([p for p in ours if p.endswith(".html")]) > 20
    assert ours.keys() == theirs.keys()
    assert [p for p in ours if ours[p] != theirs[p]] == []


def test_a_rendered_page_leaves_no_page_object_or_text_behind(sample_site, tmp_path):
    """What keeps a page worker's memory flat: MkDocs' set-up holds a Page for the nav
    pages only, and rendering a page lets go of its Markdown, HTML and toc."""
    site_dir, _ = sample_site
    config = site._load_config(site_dir.parent / "cache" / "docs", tmp_path / "site", {}, dirty=False)
    build = site._prepare(config.plugins.on_config(config), dirty=False)
    with_page = {f.src_uri for f in build.pages if f.page is not None}
    assert with_page == {page.file.src_uri for page in build.nav.pages}
    for file in build.pages:
        site._render_page(build, file)
    assert all((tmp_path / "site" / f.dest_uri).stat().st_size > 0 for f in build.pages)
    assert {f.src_uri for f in build.pages if f.page is not None} == with_page
    assert [p for p in build.nav.pages if p.markdown or p.content or p.toc] == []


def test_batches_hold_every_page_once_biggest_first(sample_site, tmp_path):
    site_dir, _ = sample_site
    config = site._load_config(site_dir.parent / "cache" / "docs", tmp_path / "site", {}, dirty=False)
    pages = site._prepare(config.plugins.on_config(config), dirty=False).pages
    batches = site._batches(pages, size=20_000)
    flat = [uri for batch in batches for uri in batch]
    assert sorted(flat) == sorted(f.src_uri for f in pages)
    sizes = [(Path(config.docs_dir) / uri).stat().st_size for uri in flat]
    assert sizes == sorted(sizes, reverse=True)
    assert 1 < len(batches) < len(pages)


def test_front_matter_of_a_real_page_reads_back_as_mkdocs_reads_it(sample_site):
    site_dir, _ = sample_site
    page = next((site_dir.parent / "cache" / "docs" / "van-ban").rglob("*.md"))
    _, meta = get_data(page.read_text(encoding="utf-8"))
    assert meta["tasks"] and meta["symbol"] and meta["date"] == str(meta["date"])
    assert get_data("---\n" + dump_yaml(meta) + "---\n")[1] == meta


SCALARS = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40) | st.text(
    st.sampled_from(list("ab đê\n\t'\":#-{}[],&*!|>%@`\\\x85\x7f\x9f\u2028\u2029\ufeff\uffff😀")), min_size=900, max_size=1400)


@settings(max_examples=300, deadline=None)
@given(SCALARS, st.lists(SCALARS, max_size=3))
def test_dump_yaml_reads_back_equal_through_mkdocs(title, names):
    """YAML indicators, quotes, backslashes, astral characters, U+0085, tabs, long text; the
    build's own reader (site.page_data, by json.loads) reads the page as MkDocs does."""
    meta = {"title": title, "recipients": names, "signer": {"name": title[:20]}, "year": "2021", "tasks": []}
    page = "---\n" + dump_yaml(meta) + "---\n\n# " + title[:5] + "\n"
    assert get_data(page)[1] == meta
    assert page_data(page) == get_data(page)


def test_the_builds_front_matter_reader_reads_every_staged_page_as_mkdocs_does(sample_site):
    site_dir, _ = sample_site
    pages = sorted((site_dir.parent / "cache" / "docs").rglob("*.md"))
    dispatch_pages = [p for p in pages if p.parts[-3] == "van-ban"]
    assert len(dispatch_pages) == 5 and len(pages) > 20
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert page_data(text) == get_data(text), path.name
