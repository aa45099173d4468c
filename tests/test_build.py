"""The whole road on the bundled corpus: real pipeline, real MkDocs, real files on disk."""

from __future__ import annotations

import hashlib
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner

from generator.cli import EXIT_REJECTED, main
from generator.tables import find_project

from .conftest import SAMPLE_CORPUS, build_corpus, one_seed_source

PROJECT_DIR = find_project()

SEED_SYMBOLS = {"381/BHXH-VP", "288/BHXH-VP", "01/BHXH-TĐKT", "4346/CĐ-BHXH", "3036/BHXH-BT"}


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.extend(v for k, v in attrs if k == "href" and v)


def links_of(html_file: Path) -> list[str]:
    collector = LinkCollector()
    collector.feed(html_file.read_text(encoding="utf-8"))
    return collector.hrefs


def catalog_of(site_dir: Path) -> list[dict]:
    return json.loads((site_dir / "catalog.json").read_text(encoding="utf-8"))


def test_catalog_has_one_record_per_seed_with_true_checksums(sample_site):
    site_dir, _ = sample_site
    records = catalog_of(site_dir)
    assert len(records) == 5
    assert {r["symbol"] for r in records} == SEED_SYMBOLS
    for r in records:
        raw = (SAMPLE_CORPUS / r["source_file"]).read_bytes()
        assert r["source_sha256"] == hashlib.sha256(raw).hexdigest()
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["date"]), r
        assert r["body_text"].strip()
    assert len({r["id"] for r in records}) == 5


def test_each_catalog_url_opens_the_page_of_that_dispatch(sample_site):
    site_dir, _ = sample_site
    for r in catalog_of(site_dir):
        page = (site_dir / r["url"]).read_text(encoding="utf-8")
        h1 = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)
        assert r["symbol"] in h1
        assert 'class="dispatch-meta"' in page
        assert "Tải tệp gốc" in page and r["source_sha256"] in page


def test_raw_file_is_served_unchanged_beside_its_page(sample_site):
    site_dir, _ = sample_site
    for r in catalog_of(site_dir):
        served = site_dir / r["url"].replace(".html", ".txt")
        assert served.read_bytes() == (SAMPLE_CORPUS / r["source_file"]).read_bytes()


def test_home_page_links_to_every_dispatch_page(sample_site):
    site_dir, _ = sample_site
    targets = {h for h in links_of(site_dir / "index.html") if h.startswith("van-ban/")}
    assert targets == {r["url"] for r in catalog_of(site_dir)}


def test_browse_pages_by_year_and_type_list_the_dispatches(sample_site):
    site_dir, _ = sample_site
    years = (site_dir / "nam" / "index.html").read_text(encoding="utf-8")
    for year in ("2020", "2021", "2024"):
        assert f"{year}.html" in years
    assert "381/BHXH-VP" in (site_dir / "nam" / "2021.html").read_text(encoding="utf-8")
    assert "4346/CĐ-BHXH" in (site_dir / "loai" / "cong-dien.html").read_text(encoding="utf-8")


def test_report_accounts_for_every_file(sample_site):
    site_dir, report = sample_site
    data = json.loads((site_dir / "build-report.json").read_text(encoding="utf-8"))
    assert data["files_read"] == 5 == data["pages_written"]
    assert data["rejected"] == [] and not report.rejected


def test_empty_file_is_reported_by_name_and_the_valid_one_is_built(tmp_path):
    source, seed = one_seed_source(tmp_path)
    (source / "rong.txt").write_bytes(b"")
    site = tmp_path / "site"
    result = CliRunner().invoke(main, ["build", "--source", str(source), "--site-dir", str(site)])
    assert result.exit_code == EXIT_REJECTED, result.output
    assert "rong.txt" in result.output
    data = json.loads((site / "build-report.json").read_text(encoding="utf-8"))
    assert data["rejected_count"] == 1
    assert data["rejected"][0]["file"] == "rong.txt" and data["rejected"][0]["reason"]
    assert [r["source_file"] for r in catalog_of(site)] == [seed.name]


SKIPPED_DIRS = {".git", "__pycache__", ".pytest_cache", ".hypothesis"}
"""Written by git, Python and the test tools themselves, never by a build."""


def repository_state() -> dict[str, tuple[int, int]]:
    """Every file under the project, ignored folders (site/, .site-cache/, test-output/) included,
    by path → (size, mtime_ns); screenshots, which browser tests write on purpose, aside."""
    state = {}
    for folder, dirs, files in os.walk(PROJECT_DIR):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS]
        rel = Path(folder).relative_to(PROJECT_DIR).as_posix()
        if rel == "test-output/screenshots" or rel.startswith("test-output/screenshots/"):
            continue
        for name in files:
            st = os.lstat(os.path.join(folder, name))
            state[f"{rel}/{name}"] = (st.st_size, st.st_mtime_ns)
    return state


def test_build_writes_nothing_into_the_repository(tmp_path):
    before = repository_state()
    build_corpus(SAMPLE_CORPUS, tmp_path)
    after = repository_state()
    changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    assert not changed, sorted(changed)


def test_two_corpora_built_side_by_side_do_not_mix(tmp_path):
    seeds = sorted(SAMPLE_CORPUS.glob("*.txt"))
    for name, chosen in (("a", seeds[:2]), ("b", seeds[2:])):
        (tmp_path / name / "in").mkdir(parents=True)
        for seed in chosen:
            (tmp_path / name / "in" / seed.name).write_bytes(seed.read_bytes())
    site_a, _ = build_corpus(tmp_path / "a" / "in", tmp_path / "a")
    site_b, _ = build_corpus(tmp_path / "b" / "in", tmp_path / "b")
    assert {r["source_file"] for r in catalog_of(site_a)} == {s.name for s in seeds[:2]}
    assert {r["source_file"] for r in catalog_of(site_b)} == {s.name for s in seeds[2:]}


def tree_of(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


def build_cli(*args: str):
    return CliRunner().invoke(main, ["build", *args])


def test_site_dir_that_holds_the_source_is_refused_and_nothing_is_deleted(tmp_path):
    source, seed = one_seed_source(tmp_path)
    before = tree_of(tmp_path)
    for site, cache in ((tmp_path, None), (source, None), (source / "site", None),
                        (tmp_path / "site", tmp_path), (tmp_path / "site", source / "cache")):
        args = ["--source", str(source), "--site-dir", str(site)] + (["--cache-dir", str(cache)] if cache else [])
        result = build_cli(*args)
        assert result.exit_code == 1, (site, cache, result.output)
        assert "--source" in result.output or "source dir" in result.output, result.output
        assert tree_of(tmp_path) == before


def test_site_or_cache_dir_that_holds_the_project_is_refused(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    for args in (["--site-dir", str(PROJECT_DIR)], ["--site-dir", str(PROJECT_DIR / "content")],
                 ["--site-dir", str(tmp_path / "site"), "--cache-dir", str(PROJECT_DIR)]):
        result = build_cli("--source", str(source), *args)
        assert result.exit_code == 1 and ("project dir" in result.output or "content/" in result.output), result.output
    assert (PROJECT_DIR / "generator" / "pipeline.py").is_file()


def test_foreign_non_empty_site_dir_is_refused_with_the_way_out(tmp_path):
    source, seed = one_seed_source(tmp_path)
    site = tmp_path / "photos"
    site.mkdir()
    (site / "holiday.jpg").write_bytes(b"\xff\xd8 not ours")
    result = build_cli("--source", str(source), "--site-dir", str(site))
    assert result.exit_code == 1 and "build-report.json" in result.output and "new directory" in result.output
    assert tree_of(site) == ["holiday.jpg"]


def test_a_source_with_no_txt_file_is_an_error_that_says_what_was_looked_for(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "notes.md").write_text("không phải công văn", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--source", str(tmp_path / "in"), "--site-dir", str(tmp_path / "site")])
    assert result.exit_code == 1 and "no dispatch file" in result.output
    assert not (tmp_path / "site").exists()


def test_upper_case_txt_files_are_read(tmp_path):
    source, seed = one_seed_source(tmp_path)
    (source / seed.name).rename(source / "CONG-VAN.TXT")
    site, report = build_corpus(source, tmp_path)
    assert [p["file"] for p in report.pages] == ["CONG-VAN.TXT"]


def test_a_copy_of_a_published_file_moves_no_page_and_the_url_map_rebuilds_them(tmp_path):
    source, seed = one_seed_source(tmp_path)
    site, first = build_corpus(source, tmp_path)
    url = first.pages[0]["url"]
    (source / "ban sao.txt").write_bytes(seed.read_bytes())
    _, second = build_corpus(source, tmp_path)
    urls = {p["file"]: p["url"] for p in second.pages}
    assert urls[seed.name] == url and urls["ban sao.txt"] != url and (site / url).is_file()
    # A fresh site built from the same files with the published map gives the same URLs.
    fresh = tmp_path / "fresh"
    result = CliRunner().invoke(main, ["build", "--source", str(source), "--site-dir", str(fresh / "site"),
                                       "--url-map", str(site / "urls.json")])
    rebuilt = json.loads((fresh / "site" / "build-report.json").read_text(encoding="utf-8"))
    assert result.exit_code in (0, 4) and {p["file"]: p["url"] for p in rebuilt["pages"]} == urls


def test_cache_dir_equal_to_site_dir_is_refused_naming_the_cache_dir(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--site-dir", str(out), "--cache-dir", str(out)])
    assert result.exit_code == 1 and "--cache-dir" in result.output and "is the site dir" in result.output


def test_mkdocs_warnings_are_returned_to_the_report(tmp_path):
    from generator.publishing.site import build_site

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Trang chủ\n\n[Trang không có](khong-co.md)\n", encoding="utf-8")
    warnings = build_site(docs, tmp_path / "site")
    assert any("khong-co.md" in w for w in warnings)


def test_the_drafting_unit_shows_its_name_with_its_code(sample_site):
    site_dir, report = sample_site
    url = next(p["url"] for p in report.pages if p["symbol"] == "381/BHXH-VP")
    html = re.sub(r"<[^>]+>", "", (site_dir / url).read_text(encoding="utf-8"))
    assert "Văn phòng Bảo hiểm xã hội Việt Nam (VP)" in html
