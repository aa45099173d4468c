"""The incremental build: cached parses, the no-change shortcut, dirty MkDocs, parallel conversion.

Observed through the counters the pipeline reports (parsed_files, up_to_date,
mkdocs_mode) and through the files on disk, never through timing.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from generator.cache import BuildStamp, ParseCache, Stamp
from generator.model import DispatchMeta
from generator.pipeline import BuildConfig, read_all, run
from generator.report import Report
from generator.tables import find_project
from tests.support.corpus import generate

PROJECT_DIR = find_project()

SAMPLE_CORPUS = PROJECT_DIR / "corpus"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("raw")
    for path in SAMPLE_CORPUS.glob("*.txt"):
        shutil.copy2(path, source / path.name)
    return source


def build(source: Path, out: Path):
    return run(BuildConfig(source_dir=source, site_dir=out / "site", cache_dir=out / "cache", jobs=2))


def page_of(report: Report, source: str) -> str:
    return next(p["url"] for p in report.pages if p["file"] == source)


def test_rebuild_parses_only_what_changed(corpus, tmp_path):
    first = build(corpus, tmp_path)
    assert first.parsed_files == first.files_read == 5 and not first.up_to_date
    assert first.mkdocs_mode == "full"
    published = (tmp_path / "site" / "build-report.json").read_bytes()

    second = build(corpus, tmp_path)
    assert second.parsed_files == 0 and second.up_to_date
    assert second.mkdocs_mode == ""
    assert (tmp_path / "site" / "build-report.json").read_bytes() == published

    changed = sorted(corpus.glob("*.txt"))[1]
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("Nơi nhận:", "Đề nghị các đơn vị lưu ý thực hiện.\nNơi nhận:", 1),
                       encoding="utf-8")
    other = sorted(corpus.glob("*.txt"))[3]
    other_html = tmp_path / "site" / page_of(first, other.name)
    before = other_html.stat().st_mtime_ns

    third = build(corpus, tmp_path)
    assert third.parsed_files == 1 and not third.up_to_date
    assert third.mkdocs_mode == "dirty"
    assert "lưu ý thực hiện" in (tmp_path / "site" / page_of(third, changed.name)).read_text(encoding="utf-8")
    assert other_html.stat().st_mtime_ns == before, "an unchanged page was rendered again"
    assert json.loads((tmp_path / "site" / "build-report.json").read_text())["files_read"] == 5


def test_touched_file_is_rehashed_not_reparsed(corpus, tmp_path):
    build(corpus, tmp_path)
    touched = sorted(corpus.glob("*.txt"))[0]
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    report = build(corpus, tmp_path)
    assert not report.up_to_date
    assert report.parsed_files == 0


def test_removed_file_leaves_a_gone_page_for_one_build_then_none(corpus, tmp_path):
    source = tmp_path / "raw"
    shutil.copytree(corpus, source)
    first = build(source, tmp_path)
    gone = sorted(source.glob("*.txt"))[2]
    page = tmp_path / "site" / page_of(first, gone.name)
    assert page.is_file()
    gone.unlink()
    report = build(source, tmp_path)
    assert report.files_read == 4 and report.parsed_files == 0
    assert report.mkdocs_mode == "full"
    symbol = next(p["symbol"] for p in first.pages if p["file"] == gone.name)
    assert "Văn bản đã gỡ" in page.read_text(encoding="utf-8") and symbol in page.read_text(encoding="utf-8")
    assert [g["source"] for g in report.gone] == [gone.name]
    (source / "new.txt").write_bytes(gone.read_bytes() if gone.exists() else sorted(corpus.glob("*.txt"))[2].read_bytes())
    build(source, tmp_path)
    assert not page.exists() or "đã gỡ" not in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("delete", ["the link", "the build it serves"])
def test_deleted_site_is_rebuilt_from_cache(corpus, tmp_path, delete):
    build(corpus, tmp_path)
    site = tmp_path / "site"
    if delete == "the link":
        site.unlink()  # what `rm -rf site` does
    else:
        shutil.rmtree(site.resolve())  # the link is left dangling
    report = build(corpus, tmp_path)
    assert not report.up_to_date and report.parsed_files == 0
    assert (tmp_path / "site" / "index.html").is_file()


def test_parallel_conversion_matches_serial(tmp_path):
    source = tmp_path / "raw"
    generate(24, source, seed=3)
    serial, parallel = Report(), Report()
    one = read_all(source, serial, None, jobs=1)
    cache = ParseCache(tmp_path / "cache")
    two = read_all(source, parallel, cache, jobs=2)
    assert all(type(d) is DispatchMeta for d in two), "the build holds records, the bodies stay in the cache"
    assert two == [d.meta() for d in one] and [cache.bodies(d) for d in two] == [d.body() for d in one]
    assert len(one) + len(serial.rejected) == 24
    assert serial.rejected == parallel.rejected
    assert parallel.parsed_files == 24
    again = Report()
    assert read_all(source, again, ParseCache(tmp_path / "cache"), jobs=2) == two
    assert again.parsed_files == 0


def test_new_shard_count_rebuilds_every_page(corpus, tmp_path):
    """Pages state the search shard count: when the archive grows past a step, no page may
    keep the old count, though its own Markdown did not change."""
    source = tmp_path / "raw"
    shutil.copytree(corpus, source)
    first = build(source, tmp_path)
    kept = tmp_path / "site" / page_of(first, sorted(source.glob("*.txt"))[0].name)
    assert 'data-shards="16"' in kept.read_text(encoding="utf-8")
    generate(40, source / "more", seed=5)
    report = build(source, tmp_path)
    assert report.mkdocs_mode == "full"
    shards = json.loads((tmp_path / "site" / "search" / "manifest.js").read_text(encoding="utf-8")
                        .split(",", 1)[1].rsplit(");", 1)[0])["shards"]
    assert shards > 16 and f'data-shards="{shards}"' in kept.read_text(encoding="utf-8")


def test_another_source_date_epoch_is_not_up_to_date(corpus, tmp_path, monkeypatch):
    build(corpus, tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    report = build(corpus, tmp_path)
    assert not report.up_to_date and report.mkdocs_mode == "full"
    gz_header = (tmp_path / "site" / "sitemap.xml.gz").read_bytes()[:8]
    assert int.from_bytes(gz_header[4:8], "little") == 1700000000 - 1700000000 % 86400  # MkDocs keeps the day
    assert build(corpus, tmp_path).up_to_date


def test_deleted_page_is_noticed_by_the_up_to_date_check(corpus, tmp_path):
    first = build(corpus, tmp_path)
    page = tmp_path / "site" / first.pages[0]["url"]
    page.unlink()
    report = build(corpus, tmp_path)
    assert not report.up_to_date and page.is_file()


def test_the_stamp_reads_back_what_a_build_wrote_and_nothing_else(tmp_path):
    stamp = Stamp("f" * 64, "t" * 64, 3, 1_700_000_000, [["don-vi", "Sở Y tế", "so-y-te-1a2b"]], ("a.md", "b.md"))
    store = BuildStamp(tmp_path)
    assert store.read() is None
    store.write(stamp, Report())
    assert store.read() == stamp
    assert json.loads(store.path.read_text(encoding="utf-8"))["staged"] == ["a.md", "b.md"]
    store.path.write_text(json.dumps({"fingerprint": "f" * 64}), encoding="utf-8")  # another version's
    assert store.read() is None
    store.clear()
    assert store.read() is None
