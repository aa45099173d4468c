"""Build cache: parsed dispatches by raw-file hash, and a stamp of the last build's inputs.

Shared by the stages, as slots and parallel are: reading fills it, pages, search and
publishing keep beside it and read the bodies back, the pipeline stamps the build.

Lives in the build's cache dir only:

- ``parsed/<key>/<sha256>.pickle``: the record and body (or the rejection reason) that
  reading made of a raw file with that SHA-256; the build holds the records and reads the
  bodies back from here (BodyStore). Beside it, what later stages made of the same bytes and
  keep between builds (`load_beside`/`keep_beside`): ``<sha256>.terms``, the file's search
  terms (search.index.cached_terms), and ``<sha256>.ics``, its calendar events
  (pages.calendar.dispatch_events); ``<sha256>.text``, the text extracted from a PDF, Word
  or web-page file (EXTRACTED). ``key`` hashes the generator's version, its
  source code and the site_config/ tables, so any change to them starts a fresh cache.
- ``extracted/<sha256>.<kind>.<key>``: what an extractor made of the file with that SHA-256
  (Memo), keyed by that extractor's own settings and tools, not the whole code: a change
  elsewhere in the generator re-reads the file from here, never OCRs a page again.
- ``manifest.json``: source path → [size, mtime_ns, sha256] as last seen, so an unchanged
  file is recognised from its stat without being read and hashed again.
- ``stamp.json`` + ``report.pickle``: the last successful build's Stamp (the fingerprint of
  its inputs, generator and theme; what its pages were rendered with) and its report; the
  same fingerprint again means nothing to do.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import pickle
import shutil
from dataclasses import asdict, dataclass, fields
from importlib import metadata
from pathlib import Path

from generator import __version__, tables
from generator.errors import InputError
from generator.model import Bodies, Body, Dispatch, DispatchMeta

GENERATOR_DIR = Path(__file__).parent
"""The whole package: any change to its code may change what a raw file becomes."""
THEME_INPUTS = ("mkdocs.yml", "overrides", "content")

EXTRACTED = ".text"
"""Kept beside a parse-cache entry: the text extracted from a PDF, Word or web-page file."""

Parsed = tuple[DispatchMeta, Body] | str
"""A cache entry: the record and body reading made of a file, or why it was rejected."""


def _hash_files(digest: "hashlib._Hash", paths: list[Path], base: Path) -> None:
    for path in sorted(p for p in paths if p.is_file()):
        digest.update(path.relative_to(base).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")


def generator_key() -> str:
    """Hash of what turns a raw file into a Dispatch: version, code, data tables."""
    digest = hashlib.sha256(__version__.encode())
    _hash_files(digest, list(GENERATOR_DIR.rglob("*.py")), GENERATOR_DIR.parent)
    project = tables.project()
    _hash_files(digest, list((project / "site_config").rglob("*")), project)
    return digest.hexdigest()


def theme_key() -> str:
    """Hash of what every page's HTML depends on besides its own Markdown."""
    digest = hashlib.sha256()
    for package in ("mkdocs", "mkdocs-material", "pymdown-extensions", "Markdown"):
        digest.update(f"{package}={metadata.version(package)}\0".encode())
    project = tables.project()
    for name in THEME_INPUTS:
        path = project / name
        _hash_files(digest, [path] if path.is_file() else list(path.rglob("*")), project)
    return digest.hexdigest()


def stat_entry(path: Path) -> tuple[int, int]:
    """(size, mtime_ns) for the input fingerprint; (-1, -1) when the path cannot be stat'ed
    (a broken link): the file is rejected by name later, the fingerprint only needs to differ."""
    try:
        st = path.stat()
    except OSError:
        return -1, -1
    return st.st_size, st.st_mtime_ns


def _entry_path(entries_dir: Path, sha: str, suffix: str = ".pickle") -> Path:
    return entries_dir / sha[:2] / f"{sha}{suffix}"


def _write_atomic(path: Path, data: bytes) -> None:
    """`data` at `path`, renamed into place: a worker writing the same entry, or a build
    stopped halfway, never leaves a torn file (save prunes what the rename left behind)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def load_beside(entries_dir: Path | None, sha: str, suffix: str):
    """What a later stage kept beside the parse-cache entry of the bytes with this SHA-256
    (``<sha><suffix>``, marshal'd), or None when there is none (or no cache, `entries_dir` None)."""
    if entries_dir is None:
        return None
    try:
        return marshal.loads(_entry_path(entries_dir, sha, suffix).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None


def keep_beside(entries_dir: Path | None, sha: str, suffix: str, value) -> None:
    """Keep `value` (what marshal writes) for load_beside; nothing without a cache."""
    if entries_dir is not None:
        _write_atomic(_entry_path(entries_dir, sha, suffix), marshal.dumps(value))


@dataclass(frozen=True)
class Memo:
    """What the extractors made of one file's bytes (SHA-256 `sha`), kept in the cache dir's
    extracted/ between builds, each value under a kind ("tsv-p3": Tesseract's reading of page
    3) and the key of what it depends on (tool versions, settings, the extractor's own code).
    With `cache_dir` None (a build without a cache) nothing is kept."""

    cache_dir: Path | None
    sha: str

    def _path(self, kind: str, key: str) -> Path:
        return _entry_path(self.cache_dir / "extracted", self.sha, f".{kind}.{key[:24]}")

    def load(self, kind: str, key: str):
        """The value kept under (kind, key), or None."""
        return _load(self._path(kind, key)) if self.cache_dir else None

    def keep(self, kind: str, key: str, value) -> None:
        """Keep `value` (picklable) under (kind, key); the same kind under another key goes."""
        if self.cache_dir is None:
            return
        path = self._path(kind, key)
        for old in path.parent.glob(f"{self.sha}.{kind}.*"):
            if old != path and old.suffix != ".tmp":  # not another worker's write in progress
                old.unlink(missing_ok=True)
        _write_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def _load(path: Path):
    try:
        return pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        return None


@dataclass(frozen=True)
class BodyStore:
    """The bodies of the parsed dispatches of one cache, by raw-file SHA-256: call it with a
    DispatchMeta for its Body. Holds only a path, so it goes to worker processes as it is."""

    entries_dir: Path

    def __call__(self, d: DispatchMeta) -> Body:
        """`d`'s body; InputError when its entry went away (the cache dir was cleared during the build)."""
        entry = _load(_entry_path(self.entries_dir, d.sha256))
        if not isinstance(entry, tuple):
            raise InputError(d.source, "its entry in the parse cache went away during the build")
        return entry[1]


class ParseCache:
    """Per-file results of reading, keyed by the raw file's SHA-256."""

    def __init__(self, cache_dir: Path, key: str | None = None, read_manifest: bool = True) -> None:
        self.cache_dir = cache_dir
        self.key = key or generator_key()
        self.dir = cache_dir / "parsed" / self.key[:24]
        self.bodies = BodyStore(self.dir)
        self.manifest_path = cache_dir / "manifest.json"
        self.manifest: dict[str, list] = {}
        if read_manifest and self.manifest_path.is_file():
            saved = json.loads(self.manifest_path.read_text(encoding="utf-8"))
            if saved.get("key") == self.key:
                self.manifest = saved["files"]

    def known_sha(self, source: str, stat: tuple[int, int]) -> str | None:
        """The SHA-256 recorded for source when its size and mtime are unchanged."""
        entry = self.manifest.get(source)
        return entry[2] if entry and tuple(entry[:2]) == stat else None

    def load(self, sha: str) -> Parsed | None:
        """The cached (record, body), the cached rejection reason, or None on a miss."""
        return _load(_entry_path(self.dir, sha))

    def store(self, sha: str, result: Parsed) -> None:
        _write_atomic(_entry_path(self.dir, sha), pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))

    def save(self, files: dict[str, list]) -> None:
        """Record the current input set, and drop entries of other keys and dead hashes."""
        self.manifest = files
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        data = {"key": self.key, "files": files}
        self.manifest_path.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
        for other in (self.cache_dir / "parsed").glob("*"):
            if other != self.dir:
                shutil.rmtree(other, ignore_errors=True)
        live = {entry[2] for entry in files.values()}
        for path in [*self.dir.glob("*/*"), *(self.cache_dir / "extracted").glob("*/*")]:  # by the file's sha
            if path.name.split(".")[0] not in live:
                path.unlink()


def bodies_of(cache: ParseCache | None) -> Bodies:
    """Where the bodies of read_all's dispatches are: in the cache, or without one each
    Dispatch's own."""
    return cache.bodies if cache else Dispatch.body


@dataclass(frozen=True)
class Stamp:
    """What a build depended on, so the next one knows what changed (stamp.json)."""

    fingerprint: str
    """inputs_fingerprint: inputs by stat, generator key, theme key, dirs, epoch, URL map."""
    theme: str
    """theme_key()."""
    search_shards: int
    """How many shards the search index had (every page states it)."""
    epoch: int
    """SOURCE_DATE_EPOCH of the build, seconds."""
    collided_slugs: list
    """browse.collided_slugs: [folder, key, slug] of each hashed browse slug."""
    staged: tuple[str, ...]
    """Every docs path the build staged, sorted."""

    @classmethod
    def from_json(cls, text: str) -> Stamp | None:
        """The stamp written by to_json; None when `text` is not one (another version's)."""
        try:
            data = json.loads(text)
            return cls(**{**{f.name: data[f.name] for f in fields(cls)}, "staged": tuple(data["staged"])})
        except (ValueError, TypeError, KeyError):
            return None

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)


class BuildStamp:
    """The Stamp and report of the last successful build in a cache dir."""

    def __init__(self, cache_dir: Path) -> None:
        self.path = cache_dir / "stamp.json"
        self.report_path = cache_dir / "report.pickle"

    def read(self) -> Stamp | None:
        """The last build's Stamp, None when there is none (or it cannot be read)."""
        try:
            return Stamp.from_json(self.path.read_text(encoding="utf-8"))
        except OSError:
            return None

    def load_report(self):
        try:
            return pickle.loads(self.report_path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            return None

    def write(self, stamp: Stamp, report) -> None:
        self.report_path.write_bytes(pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL))
        self.path.write_text(stamp.to_json(), encoding="utf-8")

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


def inputs_fingerprint(stats: dict[str, tuple[int, int]], *parts: str) -> str:
    """Hash of the input set as seen by stat, plus the given keys and paths."""
    digest = hashlib.sha256("\0".join(parts).encode())
    for source in sorted(stats):
        size, mtime = stats[source]
        digest.update(f"{source}\0{size}\0{mtime}\n".encode())
    return digest.hexdigest()
