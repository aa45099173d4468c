"""The auditors' bundle: reproducible bytes, a manifest sha256sum accepts, and verify catching tampering."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import shutil
import struct
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.bundle import archive as bundle
from generator.cli import main
from generator.errors import BuildError
from generator.pages import catalog
from generator.publishing.epoch import source_date_epoch

from ..conftest import SAMPLE_CORPUS, build_corpus, one_seed_source

ROOT = bundle.BUNDLE_ROOT


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """The sample corpus built and bundled twice, in two unrelated directories: [(site, zip)]."""
    builds = []
    for name in ("first", "second"):
        out = tmp_path_factory.mktemp(name) / "deeper" / name
        site_dir, report = build_corpus(SAMPLE_CORPUS, out)
        assert not report.rejected, report.summary()
        zip_path = out / "kho-cong-van.zip"
        bundle.make_bundle(site_dir, SAMPLE_CORPUS, zip_path)
        builds.append((site_dir, zip_path))
    return builds


@pytest.fixture(scope="module")
def bundle_zip(two_builds):
    return two_builds[0][1]


@pytest.fixture()
def unzipped(bundle_zip, tmp_path):
    with zipfile.ZipFile(bundle_zip) as zf:
        zf.extractall(tmp_path)
    return tmp_path / ROOT.rstrip("/")


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def records_of(site_dir: Path) -> list[dict]:
    return json.loads((site_dir / "catalog.json").read_text(encoding="utf-8"))


def run_verify(zip_path: Path):
    return CliRunner().invoke(main, ["verify", str(zip_path)])


def rewrite(src: Path, dst: Path, change) -> None:
    """Copy the zip entry by entry; change(name, data) returns new bytes, or None to drop the entry."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = change(info.filename.removeprefix(ROOT), zin.read(info))
            if data is not None:
                zout.writestr(info, data)


def test_two_builds_give_identical_site_files_and_identical_zips(two_builds):
    (site_a, zip_a), (site_b, zip_b) = two_builds
    files_a, files_b = files_of(site_a), files_of(site_b)
    assert len(files_a) > 20 and sorted(files_a) == sorted(files_b)
    different = [path for path in files_a if files_a[path] != files_b[path]]
    assert different == []
    assert zip_a.read_bytes() == zip_b.read_bytes()


def test_sitemap_date_comes_from_the_inputs_not_the_clock(two_builds):
    site_dir, _ = two_builds[0]
    expected = source_date_epoch(r["date"] for r in records_of(site_dir))
    assert expected < time.time() - 86400, "the newest sample dispatch is not from today"
    header = (site_dir / "sitemap.xml.gz").read_bytes()[:10]
    assert struct.unpack("<I", header[4:8])[0] == expected
    assert gzip.decompress((site_dir / "sitemap.xml.gz").read_bytes()) == (site_dir / "sitemap.xml").read_bytes()


def test_zip_entries_are_sorted_dated_from_the_inputs_with_fixed_permissions(two_builds):
    site_dir, zip_path = two_builds[0]
    epoch = source_date_epoch(r["date"] for r in records_of(site_dir))
    with zipfile.ZipFile(zip_path) as zf:
        infos = zf.infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names) and all(n.startswith(ROOT) for n in names)
    assert {i.date_time for i in infos} == {time.gmtime(epoch)[:6]}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}


def test_bundle_holds_site_raw_files_catalogs_and_report(two_builds, unzipped):
    site_dir, _ = two_builds[0]
    assert files_of(unzipped / "site") == files_of(site_dir)
    assert files_of(unzipped / "goc") == files_of(SAMPLE_CORPUS)
    for name in ("catalog.json", "build-report.json"):
        assert (unzipped / name).read_bytes() == (site_dir / name).read_bytes()
    assert (unzipped / "tasks.csv").read_bytes() == (site_dir / "tasks.csv").read_bytes()
    records = records_of(site_dir)
    rows = list(csv.DictReader(io.StringIO((unzipped / "catalog.csv").read_text(encoding="utf-8-sig"))))
    assert [(r["Số, ký hiệu"], r["Ngày ban hành"], r["SHA-256 tệp gốc"]) for r in rows] == [
        (r["symbol"], r["date"], r["source_sha256"]) for r in records
    ]
    info = json.loads((unzipped / "BUILD-INFO.json").read_text(encoding="utf-8"))
    assert info["version"] and info["dependencies"]["mkdocs"] and info["dependencies"]["mkdocs-material"]
    assert {"lunr", "pyuca", "icalendar", "feedgen", "click"} <= set(info["dependencies"]), "every run-time dependency"
    assert "not installed" not in info["dependencies"].values() and "pytest" not in info["dependencies"]
    assert info["files"]["raw"] == 5 == info["files"]["pages"]
    assert info["files"]["site"] == len(files_of(site_dir))
    assert info["files"]["total"] == len(files_of(unzipped))


def test_sha256sum_accepts_the_manifest_and_recomputes_the_source_set_hash(unzipped):
    listed = bundle.parse_manifest((unzipped / bundle.MANIFEST).read_text(encoding="utf-8"))
    assert set(listed) == set(files_of(unzipped)) - {bundle.MANIFEST}
    check = subprocess.run(["sha256sum", "--strict", "-c", bundle.MANIFEST], cwd=unzipped,
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count(": OK") == len(listed)
    documented = ("find . -type f | sed 's|^./||' | LC_ALL=C sort | xargs -d '\\n' sha256sum | sha256sum")
    shell = subprocess.run(documented, shell=True, cwd=unzipped / "goc", capture_output=True, text=True, check=True)
    info = json.loads((unzipped / "BUILD-INFO.json").read_text(encoding="utf-8"))
    assert shell.stdout.split()[0] == info["source_set_sha256"]


def test_manifest_escapes_names_as_sha256sum_does(tmp_path):
    for name in ("a\\b.txt", "dòng\nmới.txt", "thường.txt"):
        (tmp_path / name).write_bytes(name.encode())
        written = subprocess.run(["sha256sum", name], cwd=tmp_path, capture_output=True, check=True).stdout
        line = bundle.manifest_line(hashlib.sha256(name.encode()).hexdigest(), name)
        assert line.encode() == written
        assert bundle.parse_manifest(line) == {name: hashlib.sha256(name.encode()).hexdigest()}


def test_verify_passes_the_untouched_bundle(bundle_zip):
    result = run_verify(bundle_zip)
    assert result.exit_code == 0, result.output
    assert "OK" in result.output


def some_page(zip_path: Path) -> str:
    with zipfile.ZipFile(zip_path) as zf:
        return next(n.removeprefix(ROOT) for n in zf.namelist() if n.endswith(".html") and "/van-ban/" in n)


def test_verify_names_a_page_altered_by_one_byte(bundle_zip, tmp_path):
    page = some_page(bundle_zip)
    altered = tmp_path / "altered.zip"

    def flip_one_byte(name, data):
        if name != page:
            return data
        middle = len(data) // 2
        return data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1:]

    rewrite(bundle_zip, altered, flip_one_byte)
    result = run_verify(altered)
    assert result.exit_code != 0
    assert f"ALTERED {page}" in result.output
    assert result.output.count("ALTERED") == 1


def test_verify_names_a_deleted_file(bundle_zip, tmp_path):
    deleted = tmp_path / "deleted.zip"
    rewrite(bundle_zip, deleted, lambda name, data: None if name == "site/tro-giup.html" else data)
    result = run_verify(deleted)
    assert result.exit_code != 0
    assert "MISSING site/tro-giup.html" in result.output
    assert "ALTERED" not in result.output and "EXTRA" not in result.output


def test_verify_names_an_added_file(bundle_zip, tmp_path):
    added = tmp_path / "added.zip"
    rewrite(bundle_zip, added, lambda name, data: data)
    with zipfile.ZipFile(added, "a") as zf:
        zf.writestr(ROOT + "site/van-ban/2021/gia-mao.html", "<h1>Văn bản giả</h1>")
    result = run_verify(added)
    assert result.exit_code != 0
    assert "EXTRA site/van-ban/2021/gia-mao.html" in result.output
    assert "ALTERED" not in result.output and "MISSING" not in result.output


def test_verify_names_an_entry_damaged_inside_the_zip_file(bundle_zip, tmp_path):
    page = some_page(bundle_zip)
    with zipfile.ZipFile(bundle_zip) as zf:
        info = zf.getinfo(ROOT + page)
    data = bytearray(bundle_zip.read_bytes())
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26:info.header_offset + 30])
    data[info.header_offset + 30 + name_len + extra_len + info.compress_size // 2] ^= 0xFF
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bytes(data))
    result = run_verify(damaged)
    assert result.exit_code != 0
    assert f"ALTERED {page}" in result.output


def test_verify_catches_a_raw_file_swapped_with_a_matching_manifest(bundle_zip, tmp_path):
    """A forger who rewrites the manifest still cannot make goc/ disagree with the catalog."""
    raw = sorted(files_of(SAMPLE_CORPUS))[0]
    forged = tmp_path / "forged.zip"
    swapped = {}

    def swap(name, data):
        if name == "goc/" + raw:
            data += "\nĐã sửa.\n".encode()
            swapped["digest"] = hashlib.sha256(data).hexdigest()
        return data

    rewrite(bundle_zip, forged, swap)
    original = bundle.parse_manifest(zipfile.ZipFile(bundle_zip).read(ROOT + bundle.MANIFEST).decode())
    original["goc/" + raw] = swapped["digest"]
    manifest = "".join(bundle.manifest_line(original[p], p) for p in sorted(original))
    rewrite(forged, tmp_path / "forged2.zip",
            lambda name, data: manifest.encode() if name == bundle.MANIFEST else data)
    result = run_verify(tmp_path / "forged2.zip")
    assert result.exit_code != 0
    assert f"SOURCE goc/{raw}" in result.output
    assert "ALTERED" not in result.output


def test_bundle_refuses_a_source_directory_the_site_was_not_built_from(two_builds, tmp_path):
    site_dir, _ = two_builds[0]
    partial = tmp_path / "src"
    partial.mkdir()
    seeds = sorted(SAMPLE_CORPUS.glob("*.txt"))
    for seed in seeds[1:]:
        shutil.copy(seed, partial / seed.name)
    with pytest.raises(BuildError, match=seeds[0].name):
        bundle.make_bundle(site_dir, partial, tmp_path / "out.zip")
    shutil.copy(seeds[0], partial / seeds[0].name)
    (partial / "them-sau.txt").write_bytes(seeds[0].read_bytes())
    with pytest.raises(BuildError, match="them-sau.txt"):
        bundle.make_bundle(site_dir, partial, tmp_path / "out.zip")
    assert not (tmp_path / "out.zip").exists()


def test_bundle_honours_source_date_epoch(two_builds, tmp_path, monkeypatch):
    site_dir, _ = two_builds[0]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    out = tmp_path / "dated.zip"
    result = CliRunner().invoke(main, ["bundle", "--site-dir", str(site_dir), "--source", str(SAMPLE_CORPUS),
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert hashlib.sha256(out.read_bytes()).hexdigest() in result.output
    with zipfile.ZipFile(out) as zf:
        assert {i.date_time for i in zf.infolist()} == {time.gmtime(1600000000)[:6]}
        assert json.loads(zf.read(ROOT + bundle.BUILD_INFO))["source_date_epoch"] == 1600000000


def test_rebuilding_from_the_bundled_raw_files_gives_the_same_zip(bundle_zip, unzipped, tmp_path):
    """What kiem-tra.md promises auditors: build again from goc/ and compare the zip's bytes."""
    site_dir, _ = build_corpus(unzipped / "goc", tmp_path / "again")
    rebuilt = tmp_path / "again.zip"
    bundle.make_bundle(site_dir, unzipped / "goc", rebuilt)
    assert rebuilt.read_bytes() == bundle_zip.read_bytes()


def test_a_link_out_of_the_source_is_reported_by_the_build_and_never_packed(tmp_path):
    source, seed = one_seed_source(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("mật khẩu của máy chủ", encoding="utf-8")
    (source / "link.txt").symlink_to(secret)
    site_dir, report = build_corpus(source, tmp_path / "out")
    assert [r["file"] for r in report.rejected] == ["link.txt"]
    zip_path = tmp_path / "b.zip"
    bundle.make_bundle(site_dir, source, zip_path)
    with zipfile.ZipFile(zip_path) as zf:
        names = zf.namelist()
        assert ROOT + "goc/" + seed.name in names
        assert ROOT + "goc/link.txt" not in names
        assert not any(b"m\xe1\xba\xadt kh\xe1\xba\xa9u" in zf.read(n) for n in names)
    assert CliRunner().invoke(main, ["verify", str(zip_path)]).exit_code == 0


def test_verify_reports_an_entry_flagged_as_encrypted_instead_of_crashing(bundle_zip, tmp_path):
    damaged = tmp_path / "encrypted.zip"
    data = bytearray(bundle_zip.read_bytes())
    name = (ROOT + "catalog.json").encode()
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46:central + 46 + name_len]) == name:
            flags = struct.unpack_from("<H", data, central + 8)[0]
            struct.pack_into("<H", data, central + 8, flags | 1)
            break
        central = data.find(b"PK\x01\x02", central + 4)
    assert central != -1
    damaged.write_bytes(bytes(data))
    result = CliRunner().invoke(main, ["verify", str(damaged)])
    assert result.exit_code == 1, result.output
    assert "catalog.json" in result.output and "Traceback" not in result.output


def test_spreadsheet_cells_never_start_a_formula(two_builds):
    site_dir, zip_path = two_builds[0]
    with zipfile.ZipFile(zip_path) as zf:
        rows = list(csv.reader(io.StringIO(zf.read(ROOT + "catalog.csv").decode("utf-8-sig"))))
    assert len(rows) == 6
    assert rows[0] == list(catalog.csv_columns().values()), "the header is the record schema's x-csv columns"
    assert bundle.spreadsheet_cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert bundle.spreadsheet_cell("- Như trên") == "'- Như trên"
    assert bundle.spreadsheet_cell("Công văn") == "Công văn"


def test_verify_prints_the_digests_to_compare_and_checks_the_published_one(bundle_zip):
    digest = hashlib.sha256(bundle_zip.read_bytes()).hexdigest()
    result = CliRunner().invoke(main, ["verify", str(bundle_zip), "--expect", digest.upper()])
    assert result.exit_code == 0 and f"SHA-256 of the zip:             {digest}" in result.output
    assert "SHA-256 of its MANIFEST.sha256:" in result.output
    wrong = CliRunner().invoke(main, ["verify", str(bundle_zip), "--expect", "0" * 64])
    assert wrong.exit_code == 1 and "not the published" in wrong.output
