"""The auditors' bundle: one reproducible zip of a built site, its raw files and a manifest.

Layout inside the zip, under BUNDLE_ROOT:

    site/             the built site, byte for byte (open site/index.html)
    goc/              every raw input file, under its path in the source directory
    catalog.json      the site's catalog; catalog.csv, the same records as a table
    tasks.csv         when the site has one
    build-report.json the build report
    BUILD-INFO.json   tool and dependency versions, source-set hash, file counts
    MANIFEST.sha256   "SHA-256  path" for every other file, as `sha256sum -c` reads it

Entries are sorted, dated SOURCE_DATE_EPOCH (or the newest dispatch date) and carry
fixed permissions, so the same site and inputs always give the same zip bytes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import platform
import re
import stat
import time
import zipfile
import zlib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from generator import __version__
from generator.errors import BuildError
from generator.pages.catalog import csv_columns
from generator.pages.indexes import spreadsheet_cell
from generator.publishing.epoch import ZIP_EPOCH, source_date_epoch
from generator.reading.ingest import find_sources

BUNDLE_ROOT = "kho-cong-van/"
SITE_DIR = "site/"
RAW_DIR = "goc/"
MANIFEST = "MANIFEST.sha256"
BUILD_INFO = "BUILD-INFO.json"
COPIED_FROM_SITE = ("catalog.json", "build-report.json", "tasks.csv")
"""Site outputs repeated at the top of the bundle, when the site has them."""
ENTRY_MODE = 0o100644
"""Regular file, rw-r--r--, whoever builds the zip."""
CHUNK = 1 << 20
UNREADABLE = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError)
"""What reading a damaged entry raises (RuntimeError: flagged as encrypted; ValueError: bad header)."""


README = """\
Kho công văn Bảo hiểm xã hội Việt Nam — bộ lưu trữ để kiểm tra

Mở site/index.html bằng trình duyệt (không cần mạng).
Trang "Kiểm tra bộ lưu trữ" (site/kiem-tra.html) hướng dẫn cách kiểm tra:

    sha256sum -c MANIFEST.sha256
    dispatch-archive verify <tệp>.zip

goc/             các tệp văn bản gốc, nguyên vẹn từng byte
catalog.json     danh mục văn bản (catalog.csv: cùng nội dung, dạng bảng)
build-report.json  báo cáo lần dựng: tệp đã đọc, tệp bị loại và lý do
BUILD-INFO.json  phiên bản công cụ và thư viện, mã băm tập tệp gốc, số tệp
MANIFEST.sha256  mã SHA-256 của mọi tệp khác trong bộ lưu trữ
"""


@dataclass(frozen=True)
class Problem:
    """One way a bundle differs from its manifest or its sources."""

    kind: str
    """"altered", "missing", "extra", "duplicate", "source" or "unreadable"."""
    path: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.kind.upper()} {self.path}" + (f": {self.detail}" if self.detail else "")


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def manifest_line(digest: str, path: str) -> str:
    """One line as sha256sum writes it, escaping a backslash or newline in the name."""
    if "\\" in path or "\n" in path or "\r" in path:
        escaped = path.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
        return f"\\{digest}  {escaped}\n"
    return f"{digest}  {path}\n"


def parse_manifest(text: str) -> dict[str, str]:
    """path → SHA-256 from a MANIFEST.sha256 text (sha256sum's format, text or binary mode)."""
    entries = {}
    for line in text.splitlines():
        escaped = line.startswith("\\")
        digest, sep, path = line.removeprefix("\\").partition(" ")
        if not sep or len(digest) != 64 or not path:
            continue
        path = path[1:] if path[0] in " *" else path
        if escaped:
            path = path.replace("\\\\", "\0").replace("\\n", "\n").replace("\\r", "\r").replace("\0", "\\")
        entries[path] = digest.lower()
    return entries


def source_set_hash(raw_digests: dict[str, str]) -> str:
    """SHA-256 of the manifest lines of the raw files, paths relative to goc/, sorted by path.

    The same value as `cd goc && find . -type f | sed 's|^./||' | LC_ALL=C sort |
    xargs -d '\\n' sha256sum | sha256sum`.
    """
    lines = "".join(manifest_line(raw_digests[p], p) for p in sorted(raw_digests))
    return sha256_of(lines.encode("utf-8"))


def _csv_cell(value) -> str:
    return spreadsheet_cell("; ".join(value) if isinstance(value, list) else str(value))


def catalog_csv(records: list[dict]) -> bytes:
    """catalog.json as one CSV row per dispatch: UTF-8 with a BOM so spreadsheets read the accents."""
    out = io.StringIO()
    writer = csv.writer(out)
    columns = csv_columns()
    writer.writerow(columns.values())
    for r in records:
        signer = r.get("signer") or {}
        row = {
            **r,
            "signer": " ".join(p for p in (signer.get("position", ""), signer.get("name", "")) if p),
            "references": [ref.get("symbol", "") for ref in r.get("references", [])],
            "tasks": len(r.get("tasks", [])),
            "status_newest": (r.get("status_newest") or {}).get("symbol", ""),
        }
        writer.writerow(_csv_cell(row.get(column, "")) for column in columns)
    return out.getvalue().encode("utf-8-sig")


def _read_json(site_dir: Path, name: str):
    path = site_dir / name
    if not path.is_file():
        raise BuildError(f"{path} not found: build the site first (dispatch-archive build)")
    return json.loads(path.read_text(encoding="utf-8"))


def _is_packable(path: Path, source_dir: Path) -> bool:
    """A regular file inside source_dir: links out of it, broken links and FIFOs are never packed
    (the build report already lists them as rejected)."""
    try:
        return path.resolve().is_relative_to(source_dir.resolve()) and stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def gather(site_dir: Path, source_dir: Path) -> dict[str, Path | bytes]:
    """Every file of the bundle but the manifest, by path under BUNDLE_ROOT."""
    records = _read_json(site_dir, "catalog.json")
    report = _read_json(site_dir, "build-report.json")
    files: dict[str, Path | bytes] = {}
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        files[SITE_DIR + path.relative_to(site_dir).as_posix()] = path
    raw_digests, listed = {}, set()
    for path in find_sources(source_dir):
        rel = path.relative_to(source_dir).as_posix()
        listed.add(rel)
        if _is_packable(path, source_dir):
            files[RAW_DIR + rel] = path
            raw_digests[rel] = sha256_of(path.read_bytes())
    built = {p["file"] for p in report.get("pages", [])} | {r["file"] for r in report.get("rejected", [])}
    if built != listed:
        unknown = sorted(listed ^ built)
        raise BuildError(f"{source_dir} does not hold exactly the files the site was built from: "
                         f"{', '.join(unknown[:5])}; pass the --source the site was built from")
    for r in records:
        if raw_digests.get(r["source_file"]) != r["source_sha256"]:
            raise BuildError(
                f"{r['source_file']}: not in {source_dir} with the hash the site records; "
                "pass the --source the site was built from"
            )
    for name in COPIED_FROM_SITE:
        if (site_dir / name).is_file():
            files[name] = site_dir / name
    files["catalog.csv"] = catalog_csv(records)
    files["README.txt"] = README.encode("utf-8")
    epoch = source_date_epoch(r["date"] for r in records)
    files[BUILD_INFO] = build_info(files, raw_digests, records, report, epoch)
    return files


def build_info(files: dict, raw_digests: dict[str, str], records: list[dict],
               report: dict, epoch: int) -> bytes:
    """BUILD-INFO.json: what built the bundle, from what, and how many files it holds."""
    info = {
        "tool": "dispatch-archive",
        "version": __version__,
        "python": platform.python_version(),
        "zlib": zlib.ZLIB_RUNTIME_VERSION,
        "dependencies": {name: _version(name) for name in dependencies()},
        "source_date_epoch": epoch,
        "source_date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch)),
        "source_set_sha256": source_set_hash(raw_digests),
        "files": {
            "site": sum(1 for p in files if p.startswith(SITE_DIR)),
            "raw": len(raw_digests),
            "pages": len(records),
            "rejected": report.get("rejected_count", 0),
            "total": len(files) + 2,
        },
    }
    return (json.dumps(info, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def dependencies() -> list[str]:
    """The project's run-time dependencies, as its installed metadata states them (pyproject.toml);
    none when the package runs from a checkout that was never installed."""
    try:
        wanted = metadata.requires("dispatch-archive") or []
    except metadata.PackageNotFoundError:
        return []
    return [re.split(r"[<>=!~;\s\[]", req, maxsplit=1)[0] for req in wanted if "extra ==" not in req]


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def _bytes_of(content: Path | bytes) -> bytes:
    return content if isinstance(content, bytes) else content.read_bytes()


def _entry(name: str, epoch: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(BUNDLE_ROOT + name, time.gmtime(max(epoch, ZIP_EPOCH))[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = ENTRY_MODE << 16
    return info


def make_bundle(site_dir: Path, source_dir: Path, output: Path) -> dict:
    """Write the bundle zip; return {files, manifest_sha256, zip_sha256}."""
    site_dir, output = site_dir.resolve(), output.resolve()
    if output.is_relative_to(site_dir):
        raise BuildError(f"{output} is inside the site directory; write the bundle elsewhere")
    files = gather(site_dir, source_dir.resolve())
    epoch = json.loads(files[BUILD_INFO])["source_date_epoch"]
    digests = {name: sha256_of(_bytes_of(content)) for name, content in files.items()}
    manifest = "".join(manifest_line(digests[n], n) for n in sorted(digests)).encode("utf-8")
    files[MANIFEST] = manifest
    partial = output.with_name(output.name + ".part")
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(partial, "w") as zf:
        for name in sorted(files):
            zf.writestr(_entry(name, epoch), _bytes_of(files[name]), compresslevel=9)
    partial.replace(output)
    return {
        "files": len(files),
        "manifest_sha256": sha256_of(manifest),
        "zip_sha256": file_sha256(output),
    }


def _digest_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    """SHA-256 of one entry's content, or "" when the entry cannot be read (bad CRC, bad data)."""
    digest = hashlib.sha256()
    try:
        with zf.open(info) as f:
            while chunk := f.read(CHUNK):
                digest.update(chunk)
    except UNREADABLE:
        return ""
    return digest.hexdigest()


def _read(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | None:
    try:
        return zf.read(info)
    except UNREADABLE:
        return None


def _entries(zf: zipfile.ZipFile) -> tuple[dict[str, zipfile.ZipInfo], list[Problem]]:
    """The zip's files by their path under BUNDLE_ROOT (full name when outside it), and repeats."""
    entries, problems = {}, []
    for info in zf.infolist():
        if info.is_dir():
            continue
        name = info.filename.removeprefix(BUNDLE_ROOT)
        if name in entries:
            problems.append(Problem("duplicate", name, "the zip holds this name twice"))
        entries[name] = info
    return entries, problems


def check_sources(zf: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo]) -> list[Problem]:
    """Each record's source hash against goc/, the page's raw copy and the page itself."""
    catalog = _read(zf, entries["catalog.json"]) if "catalog.json" in entries else None
    if catalog is None:
        return [Problem("source", "catalog.json", "missing or unreadable: no source hash to check")]
    try:
        records = [(r["source_sha256"], r["url"], r["source_file"], r.get("raw_url") or r["url"].removesuffix(".html") + ".txt")
                   for r in json.loads(catalog)]
    except (ValueError, TypeError, KeyError) as exc:
        return [Problem("source", "catalog.json", f"not a readable catalog ({exc})")]
    problems = []
    for expected, url, source_file, raw_url in records:
        page = SITE_DIR + url
        for raw in (RAW_DIR + source_file, SITE_DIR + raw_url):
            if raw not in entries:
                problems.append(Problem("source", raw, f"raw file of {url} is not in the bundle"))
            elif (actual := _digest_entry(zf, entries[raw])) != expected:
                problems.append(Problem("source", raw, f"SHA-256 {actual or 'unreadable'}, "
                                                       f"catalog.json records {expected}"))
        if page not in entries:
            problems.append(Problem("source", page, "page of a catalog record is not in the bundle"))
        elif expected.encode() not in (_read(zf, entries[page]) or b""):
            problems.append(Problem("source", page, f"page does not state source SHA-256 {expected}"))
    return problems


def check_build_info(zf: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo]) -> list[Problem]:
    """BUILD-INFO.json's source-set hash against the raw files in goc/."""
    info = _read(zf, entries[BUILD_INFO]) if BUILD_INFO in entries else None
    if info is None:
        return [Problem("source", BUILD_INFO, "missing or unreadable: no source-set hash to check")]
    try:
        recorded = json.loads(info)["source_set_sha256"]
    except (ValueError, TypeError, KeyError) as exc:
        return [Problem("source", BUILD_INFO, f"no readable source-set hash ({exc})")]
    raw = {n.removeprefix(RAW_DIR): _digest_entry(zf, i) for n, i in entries.items() if n.startswith(RAW_DIR)}
    if source_set_hash(raw) != recorded:
        return [Problem("source", RAW_DIR, f"source-set SHA-256 differs from {BUILD_INFO}'s {recorded}")]
    return []


def manifest_digest(zip_path: Path) -> str:
    """The SHA-256 of the bundle's MANIFEST.sha256 (the value published beside the zip's), or ""."""
    try:
        with zipfile.ZipFile(zip_path) as zf:
            entries, _ = _entries(zf)
            data = _read(zf, entries[MANIFEST]) if MANIFEST in entries else None
    except (OSError, zipfile.BadZipFile):
        return ""
    return hashlib.sha256(data).hexdigest() if data is not None else ""


def verify(zip_path: Path) -> tuple[int, list[Problem]]:
    """Check a bundle against its manifest and its sources: (files listed, problems)."""
    try:
        zf = zipfile.ZipFile(zip_path)
    except (OSError, zipfile.BadZipFile) as exc:
        return 0, [Problem("unreadable", str(zip_path), str(exc))]
    with zf:
        entries, problems = _entries(zf)
        manifest = _read(zf, entries[MANIFEST]) if MANIFEST in entries else None
        if manifest is None:
            return 0, problems + [Problem("missing", MANIFEST, "missing or unreadable: nothing to verify against")]
        listed = parse_manifest(manifest.decode("utf-8", "replace"))
        for name in sorted(listed):
            if name not in entries:
                problems.append(Problem("missing", name))
            elif (actual := _digest_entry(zf, entries[name])) != listed[name]:
                why = "SHA-256 differs from MANIFEST.sha256" if actual else "entry is corrupt (CRC or data)"
                problems.append(Problem("altered", name, why))
        problems += [Problem("extra", n, "not in MANIFEST.sha256") for n in sorted(entries)
                     if n not in listed and n != MANIFEST]
        problems += check_sources(zf, entries) + check_build_info(zf, entries)
    return len(listed), problems
