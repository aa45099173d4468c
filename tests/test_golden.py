"""Golden files: whole outputs of the sample build, byte for byte.

Guards, for the bundled corpus/ built by the `sample_site` fixture:
  tests/golden/pages/<url>.md     each dispatch's staged Markdown page (cache/docs/<url>.md)
  tests/golden/catalog/<url>.json its catalog.json record (indent=1, sort_keys, ensure_ascii=False)
  tests/golden/site.sha256        `sha256sum` list of every file of the site, sorted by path
where <url> is the page's URL without .html, e.g. van-ban/2021/381-bhxh-vp-bhxhvn.

The sample build is byte-reproducible (two builds into different temp dirs give the same
files), so nothing is left out of the hash list. SOURCE_DATE_EPOCH changes the sitemap's
dates, so the test is skipped when it is set.

After an intended change to the output, regenerate and review the diff in git:
    UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
from pathlib import Path

import pytest

GOLDEN_DIR = Path(__file__).parent / "golden"
MAX_DIFF_LINES = 80


def current_outputs(site_dir: Path) -> dict[str, bytes]:
    """What the golden dir should hold for this build: relative path -> bytes."""
    docs_dir = site_dir.parent / "cache" / "docs"
    files = {}
    for record in json.loads((site_dir / "catalog.json").read_text(encoding="utf-8")):
        name = record["url"].removesuffix(".html")
        files[f"pages/{name}.md"] = (docs_dir / f"{name}.md").read_bytes()
        text = json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        files[f"catalog/{name}.json"] = text.encode()
    hashes = sorted((p.relative_to(site_dir).as_posix(), hashlib.sha256(p.read_bytes()).hexdigest())
                    for p in site_dir.rglob("*") if p.is_file())
    files["site.sha256"] = "".join(f"{digest}  {rel}\n" for rel, digest in hashes).encode()
    return files


def update(files: dict[str, bytes]) -> None:
    """Rewrite the golden dir to hold exactly `files`."""
    for path in GOLDEN_DIR.rglob("*"):
        if path.is_file() and path.relative_to(GOLDEN_DIR).as_posix() not in files:
            path.unlink()
    for rel, data in files.items():
        (GOLDEN_DIR / rel).parent.mkdir(parents=True, exist_ok=True)
        (GOLDEN_DIR / rel).write_bytes(data)
    for path in sorted(GOLDEN_DIR.rglob("*"), reverse=True):
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def test_sample_build_matches_golden_files(sample_site):
    if os.environ.get("SOURCE_DATE_EPOCH"):
        pytest.skip("the golden site hashes are for builds with SOURCE_DATE_EPOCH unset")
    files = current_outputs(sample_site[0])
    if os.environ.get("UPDATE_GOLDEN") == "1":
        update(files)
        print(f"\nUPDATE_GOLDEN=1: rewrote {len(files)} golden files in {GOLDEN_DIR}")
        return
    golden = {p.relative_to(GOLDEN_DIR).as_posix(): p.read_bytes() for p in GOLDEN_DIR.rglob("*") if p.is_file()}
    differing = sorted(rel for rel in files.keys() | golden.keys() if files.get(rel) != golden.get(rel))
    if differing:
        first = differing[0]
        old = golden.get(first, b"").decode("utf-8").splitlines(keepends=True)
        new = files.get(first, b"").decode("utf-8").splitlines(keepends=True)
        diff = list(difflib.unified_diff(old, new, f"golden/{first}", f"build/{first}"))
        shown = "".join(diff[:MAX_DIFF_LINES]) + (f"... ({len(diff) - MAX_DIFF_LINES} more lines)\n"
                                                   if len(diff) > MAX_DIFF_LINES else "")
        pytest.fail(f"{len(differing)} golden file(s) differ from the sample build "
                    f"(UPDATE_GOLDEN=1 rewrites them):\n  " + "\n  ".join(differing)
                    + f"\n\nFirst difference:\n{shown}", pytrace=False)
