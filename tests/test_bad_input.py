"""Bad, odd and hostile input through the real pipeline and real MkDocs (tests/data/bad/).

Every file gets an outcome in build-report.json: a page (checked on the built site) or a
rejection with its reason. The 20 MB file, the symbolic link out of --source and the
file names no repository should hold are made here, in tmp_path.
"""

from __future__ import annotations

import json
import os
import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml

from .conftest import build_corpus

BAD_DIR = Path(__file__).parent / "data" / "bad"
HOSTILE_NAME = "<img src=x onerror=alert(5)>.txt"
PUBLISHED = {  # file → symbol; every one keeps the seed's date, issuer and (but the cut one) signer
    "utf8-bom.txt": "901/BHXH-VP", "utf16-le-bom.txt": "902/BHXH-VP", "utf16-be-bom.txt": "903/BHXH-VP",
    "windows-1258.txt": "904/BHXH-VP", "tcvn3-abc.txt": "905/BHXH-VP", "nfd.txt": "908/BHXH-VP",
    "crlf.txt": "909/BHXH-VP", "cr-only.txt": "910/BHXH-VP", "cut-mid-character.txt": "916/BHXH-VP",
    "hostile-markup.txt": "906/BHXH-VP",
}
REJECTED = {
    "empty.txt": "empty", "whitespace-only.txt": "white space", "chrome-only.txt": "portal chrome",
    "nul-bytes.txt": "NUL byte", "utf16-no-bom.txt": "UTF-16 without a byte-order mark",
    "binary-pdf.txt": "PDF", "binary-random.txt": "binary", "double-encoded.txt": "mojibake",
    "huge.txt": "limit", "outside-link.txt": "outside --source", "line\nbreak.txt": "control character",
}


@pytest.fixture(scope="module")
def bad_site(tmp_path_factory):
    """The bad corpus plus the test-time cases, built once: (site_dir, report json, source dir)."""
    root = tmp_path_factory.mktemp("bad")
    source = root / "in"
    shutil.copytree(BAD_DIR, source)
    seed = (source / "utf8-bom.txt").read_bytes()
    with open(source / "huge.txt", "wb") as f:  # 20 MB of a real dispatch, repeated
        f.write(seed * (20 * 2**20 // len(seed) + 1))
    (root / "secret.txt").write_bytes(seed.replace(b"901/", b"999/"))
    os.symlink(root / "secret.txt", source / "outside-link.txt")
    (source / HOSTILE_NAME).write_text("Thông báo\nCác đơn vị bố trí trực Tết.\n", encoding="utf-8")
    (source / "line\nbreak.txt").write_bytes(b"x")
    site_dir, _ = build_corpus(source, root)
    report = json.loads((site_dir / "build-report.json").read_text(encoding="utf-8"))
    return site_dir, report, source


def page_of(report: dict, name: str) -> dict:
    return next(p for p in report["pages"] if p["file"] == name)


def front_matter(site_dir: Path, url: str) -> dict:
    md = site_dir.parent / "cache" / "docs" / url.replace(".html", ".md")
    return yaml.safe_load(md.read_text(encoding="utf-8").split("---\n")[1])


def test_every_file_is_accounted_for_once(bad_site):
    _, report, source = bad_site
    names = {p.relative_to(source).as_posix() for p in source.rglob("*.txt")}
    published = {p["file"] for p in report["pages"]}
    rejected = {r["file"] for r in report["rejected"]}
    assert published | rejected == names and not published & rejected
    assert report["files_read"] == len(names)


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_bad_file_is_rejected_with_its_reason(bad_site, name):
    _, report, _ = bad_site
    reasons = [r["reason"] for r in report["rejected"] if r["file"] == name]
    assert len(reasons) == 1 and REJECTED[name] in reasons[0], (name, reasons)


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_decodable_file_is_published_with_its_symbol_and_date(bad_site, name):
    site_dir, report, source = bad_site
    page = page_of(report, name)
    assert page["symbol"] == PUBLISHED[name]
    meta = front_matter(site_dir, page["url"])
    assert meta["date"] == "2021-02-17" and meta["issuer"] == "Bảo hiểm xã hội Việt Nam"
    assert meta["subject"] == unicodedata.normalize("NFC", meta["subject"])
    html = (site_dir / page["url"]).read_text(encoding="utf-8")
    signed = name != "cut-mid-character.txt"
    assert ("Chu Mạnh Sinh" in html) == signed
    assert not any(junk in html for junk in ("á»", "áº", "Ä‘", "\ufffd")), "mojibake on the page"
    assert (site_dir / page["url"].replace(".html", ".txt")).read_bytes() == (source / name).read_bytes()


def test_report_states_how_each_page_was_decoded(bad_site):
    _, report, _ = bad_site
    expected = {"utf8-bom.txt": "utf-8-sig", "utf16-le-bom.txt": "utf-16-le", "utf16-be-bom.txt": "utf-16-be",
                "windows-1258.txt": "windows-1258", "tcvn3-abc.txt": "tcvn3", "crlf.txt": "utf-8"}
    assert {name: page_of(report, name)["encoding"] for name in expected} == expected


def test_legacy_encodings_show_the_decoded_text_on_the_page(bad_site):
    site_dir, report, source = bad_site
    for name in ("windows-1258.txt", "tcvn3-abc.txt", "utf16-be-bom.txt"):
        url = page_of(report, name)["url"]
        html = unicodedata.normalize("NFC", (site_dir / url).read_text(encoding="utf-8"))
        assert "BẢO HIỂM XÃ HỘI" in html and "Chu Mạnh Sinh" in html, name
        assert (site_dir / url.replace(".html", ".txt")).read_bytes() == (source / name).read_bytes(), name


def test_truncated_file_is_published_with_warnings(bad_site):
    site_dir, report, _ = bad_site
    warnings = {w["message"] for w in report["warnings"] if w["file"] == "truncated.txt"}
    assert {"no date found", "no signature found"} <= warnings
    assert (site_dir / page_of(report, "truncated.txt")["url"]).is_file()


def test_duplicates_are_all_kept_and_reported(bad_site):
    site_dir, report, _ = bad_site
    groups = {tuple(g["files"]): g["kind"] for g in report["duplicates"]}
    assert groups[("duplicate b (copy).txt", "duplicate-a.txt")] == "identical files"
    assert "912/BHXH-VP" in groups[("correction-1.txt", "correction-2.txt")]
    urls = [page_of(report, n)["url"] for n in ("duplicate-a.txt", "duplicate b (copy).txt",
                                               "correction-1.txt", "correction-2.txt")]
    assert len(set(urls)) == 4 and all((site_dir / u).is_file() for u in urls)
    pages = [(site_dir / u).read_text(encoding="utf-8") for u in urls[2:]]
    assert "nghiêm túc" in pages[0] and "khẩn trương" in pages[1]


def test_file_names_that_slug_alike_get_distinct_stable_urls(bad_site, tmp_path):
    site_dir, report, source = bad_site
    names = ("Thong Bao.txt", "thong-bao.txt", "thông báo.txt")
    urls = [page_of(report, n)["url"] for n in names]
    assert len(set(urls)) == 3 and all(u.startswith("van-ban/khong-so/thong-bao") for u in urls)
    for name, url in zip(names, urls):
        assert front_matter(site_dir, url)["source_file"] == name
    rebuilt, _ = build_corpus(source, tmp_path)
    again = json.loads((rebuilt / "build-report.json").read_text(encoding="utf-8"))
    assert [page_of(again, n)["url"] for n in names] == urls


def test_hostile_markup_is_literal_text_in_page_and_front_matter(bad_site):
    site_dir, report, source = bad_site
    url = page_of(report, "hostile-markup.txt")["url"]
    meta = front_matter(site_dir, url)
    assert "<script>alert('subject')</script>: \"trích\" # yếu --- {{ config }} {% raw %}" in meta["subject"]
    html = (site_dir / url).read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    for literal in ("&lt;script&gt;alert(", "&lt;img src=x onerror=", "[bấm vào đây](javascript:alert(1))",
                    "{{ config.site_name }}", '{% include "base.html" %}'):
        assert literal in article.replace("&quot;", '"').replace("&#34;", '"'), literal
    for live in ("<script>alert", "<img src=x", 'href="javascript:', "<iframe"):
        assert live not in html, live
    assert "<title>906/BHXH-VP" in html and "<title>906/BHXH-VP — <" not in html


def test_hostile_file_name_is_text_everywhere(bad_site):
    site_dir, report, _ = bad_site
    url = page_of(report, HOSTILE_NAME)["url"]
    html = (site_dir / url).read_text(encoding="utf-8")
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(5)&gt;" in html
    for browse in site_dir.glob("*/*.html"):
        assert "<img src=x" not in browse.read_text(encoding="utf-8"), browse


def test_exit_codes_rejected_then_strict(tmp_path):
    from click.testing import CliRunner

    from generator.cli import EXIT_REJECTED, EXIT_STRICT, main

    source = tmp_path / "in"
    shutil.copytree(BAD_DIR, source)
    site = tmp_path / "site"
    plain = CliRunner().invoke(main, ["build", "--source", str(source), "--site-dir", str(site)])
    assert plain.exit_code == EXIT_REJECTED, plain.output
    assert "binary-pdf.txt: binary file (PDF document) that pdfium cannot open" in plain.output
    strict = CliRunner().invoke(main, ["build", "--strict", "--source", str(source), "--site-dir", str(site)])
    assert strict.exit_code == EXIT_REJECTED, "rejected files must not hide behind --strict: " + strict.output
    for path in source.glob("*.txt"):  # keep only what is published, warnings and duplicates included
        if path.name in REJECTED:
            path.unlink()
    strict = CliRunner().invoke(main, ["build", "--strict", "--source", str(source), "--site-dir", str(site)])
    assert strict.exit_code == EXIT_STRICT, strict.output
    assert (site / "index.html").is_file() and (site / "build-report.json").is_file()


def test_path_outcomes_never_leak_between_files_with_the_same_bytes(tmp_path):
    """The cache is keyed by content: a bad name or a link out of --source must not lend its
    rejection to, or borrow a page from, identical bytes elsewhere; broken links, FIFOs and
    sparse giants are refused by path and stat, and the build goes on."""
    from click.testing import CliRunner

    from generator.cli import EXIT_REJECTED, main

    source = tmp_path / "in"
    source.mkdir()
    seed = (BAD_DIR / "utf8-bom.txt").read_bytes()
    other = (BAD_DIR / "crlf.txt").read_bytes()
    (source / "a\tbad name.txt").write_bytes(seed)  # sorts before ok.txt: converted first
    (source / "ok.txt").write_bytes(seed)
    (source / "a-parsed.txt").write_bytes(other)  # parsed before the link with its bytes
    (tmp_path / "outside.txt").write_bytes(other)
    os.symlink(tmp_path / "outside.txt", source / "z-link-out.txt")
    os.symlink(source / "gone.txt", source / "broken-link.txt")
    os.mkfifo(source / "fifo.txt")
    with open(source / "sparse-giant.txt", "wb") as f:
        f.truncate(2**34)
    site = tmp_path / "site"
    for _ in range(2):  # the second build (ok.txt touched) takes every content outcome from the cache
        os.utime(source / "ok.txt", ns=(0, (source / "ok.txt").stat().st_mtime_ns + 10**9))
        result = CliRunner().invoke(main, ["build", "--source", str(source), "--site-dir", str(site), "-j", "1"])
        assert result.exit_code == EXIT_REJECTED, result.output
        report = json.loads((site / "build-report.json").read_text(encoding="utf-8"))
        rejected = {r["file"]: r["reason"] for r in report["rejected"]}
        assert {p["file"] for p in report["pages"]} == {"ok.txt", "a-parsed.txt"}
        assert "control character" in rejected["a\tbad name.txt"]
        assert "outside --source" in rejected["z-link-out.txt"]
        assert "broken symbolic link" in rejected["broken-link.txt"]
        assert "not a regular file" in rejected["fifo.txt"]
        assert "limit" in rejected["sparse-giant.txt"]


def test_page_with_invalid_front_matter_is_rejected_and_the_others_are_staged(tmp_path):
    """The schema check still fires (the invalid record is never written), but it costs one
    file its page, not the build its site."""
    import dataclasses

    from generator.errors import BuildError
    from generator.pages import catalog, write
    from generator.publishing.staging import stage_pages
    from generator.reading.convert import process_file
    from generator.report import Report

    from .conftest import SAMPLE_CORPUS

    dispatches = catalog.assign_ids([process_file(p, SAMPLE_CORPUS) for p in sorted(SAMPLE_CORPUS.glob("*.txt"))])
    broken = dataclasses.replace(dispatches[1], date="17 tháng 2")
    dispatches[1] = broken
    with pytest.raises(BuildError, match="date"):
        write.front_matter(broken, catalog.record(broken, broken.tasks))
    report = Report()
    result = stage_pages(tmp_path / "docs", SAMPLE_CORPUS, dispatches, report)
    kept, staged = result.published, result.paths
    assert [r["file"] for r in report.rejected] == [broken.source]
    assert report.rejected[0]["reason"].startswith("internal error: invalid front matter:")
    assert broken not in kept and len(kept) == 4
    assert catalog.markdown_path(broken) not in staged and not (tmp_path / "docs" / catalog.markdown_path(broken)).exists()
    for d in kept:
        assert (tmp_path / "docs" / catalog.markdown_path(d)).is_file()
    assert broken.url not in "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "docs").rglob("*.md"))


def test_adding_a_file_never_changes_another_files_url(tmp_path):
    """Same-slug pages are told apart by a hash of their own path, not by sort order."""
    from generator.pages import catalog
    from generator.reading.convert import process_file

    source = tmp_path / "in"
    source.mkdir()
    seed = (BAD_DIR / "thông báo.txt").read_bytes()
    for name in ("thong bao.txt", "Thong-Bao.txt"):
        (source / name).write_bytes(seed)

    def urls() -> dict[str, str]:
        found = [process_file(p, source) for p in sorted(source.glob("*.txt"))]
        return {d.source: d.url for d in catalog.assign_ids(found)}

    before = urls()
    assert len(set(before.values())) == 2
    (source / "THONG BAO.txt").write_bytes(seed)  # sorts before both and slugs alike
    after = urls()
    assert len(set(after.values())) == 3
    assert {name: after[name] for name in before} == before
    assert all(url.startswith("van-ban/khong-so/thong-bao-") for url in after.values())


def test_browse_groups_that_slug_alike_get_pages_of_their_own():
    """Signers "Trần Văn Thắng" and "Trần Văn Thăng" (damaged on purpose into two seeds), and
    one whose name slugs to "index", each get a page; the group index stays the index."""
    import dataclasses

    from generator.pages import browse, catalog
    from generator.reading.convert import process_file

    from .conftest import SAMPLE_CORPUS

    seeds = catalog.assign_ids([process_file(p, SAMPLE_CORPUS) for p in sorted(SAMPLE_CORPUS.glob("*.txt"))])
    names = ["Trần Văn Thắng", "Trần Văn Thăng", "INDEX"]
    signed = [dataclasses.replace(d, signer=dataclasses.replace(d.signer, name=n)) for d, n in zip(seeds, names)]
    pages = dict(browse.browse_pages(signed))
    signer_pages = {path: text for path, text in pages.items() if path.startswith("nguoi-ky/")}
    assert signer_pages["nguoi-ky/index.md"].startswith("# Văn bản theo người ký")
    for d, name in zip(signed, names):
        own = [text for path, text in signer_pages.items() if text.startswith(f"# {name}\n")]
        assert len(own) == 1 and d.symbol.split("/")[0] in own[0], name
    assert len(signer_pages) == 1 + len(names)


def test_unreadable_file_is_a_rejection_naming_it(tmp_path):
    """chmod 000 stops no root: the conversion runs in a child process that gives up root."""
    import tempfile

    from generator.pipeline import read_all
    from generator.report import Report

    source = Path(tempfile.mkdtemp(dir="/tmp", prefix="unreadable-"))
    try:
        source.chmod(0o755)
        (source / "ok.txt").write_bytes((BAD_DIR / "utf8-bom.txt").read_bytes())
        (source / "secret.txt").write_bytes((BAD_DIR / "crlf.txt").read_bytes())
        assert len(read_all(source, Report())) == 2  # readable, both publish (and lazy imports are done)
        (source / "secret.txt").chmod(0)
        read_end, write_end = os.pipe()
        child = os.fork()
        if child == 0:  # pragma: no cover (the child reports through the pipe)
            try:
                if os.geteuid() == 0:
                    os.seteuid(65534)
                report = Report()
                published = [d.source for d in read_all(source, report)]
                os.write(write_end, json.dumps([published, report.rejected]).encode())
            finally:
                os._exit(0)
        os.close(write_end)
        with os.fdopen(read_end, "rb") as pipe:
            answer = pipe.read()
        os.waitpid(child, 0)
    finally:
        shutil.rmtree(source)
    published, rejected = json.loads(answer)
    assert published == ["ok.txt"]
    assert [r["file"] for r in rejected] == ["secret.txt"] and "cannot read" in rejected[0]["reason"]


def test_a_published_page_rejected_now_leaves_a_gone_page_at_its_url(tmp_path):
    """A page that fails while staging is gone from this build: its old URL gets the page
    that says so, as a file that went away does, not a 404."""
    import dataclasses

    from generator.pages import catalog, permalinks
    from generator.publishing.staging import stage_pages
    from generator.reading.convert import process_file
    from generator.report import Report

    from .conftest import SAMPLE_CORPUS

    dispatches = catalog.assign_ids([process_file(p, SAMPLE_CORPUS) for p in sorted(SAMPLE_CORPUS.glob("*.txt"))])
    previous = permalinks.new_map(dispatches, permalinks.read_map(tmp_path / "none.json"))
    broken = dataclasses.replace(dispatches[1], date="17 tháng 2")
    dispatches[1] = broken
    result = stage_pages(tmp_path / "docs", SAMPLE_CORPUS, dispatches, Report(), previous_urls=previous)
    kept, staged = result.published, result.paths
    assert broken not in kept
    assert catalog.markdown_path(broken) in staged
    assert '"gone": true' in (tmp_path / "docs" / catalog.markdown_path(broken)).read_text(encoding="utf-8")
