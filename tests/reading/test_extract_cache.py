"""What the extractors read is kept by the file's SHA-256 and the extractor's own key: a
second build, or a build by a generator changed elsewhere, runs Tesseract on no page.

Real builds (the command, as a user types it) of a real scan; Tesseract is the real one,
reached through a script on PATH that notes each run in a log before running it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import PROJECT_ENV
from generator.tables import find_project

SCAN = Path(__file__).resolve().parents[1] / "data" / "files" / "07_cv_1067_BVPS_2023.pdf"
PROJECT = find_project()

pytestmark = pytest.mark.skipif(not shutil.which("tesseract"), reason="tesseract not installed (scripts/install-tools.sh)")


def counting_path(tmp_path: Path) -> tuple[str, Path]:
    """(PATH whose `tesseract` logs each page it reads to the returned file, then runs the real one)."""
    bin_dir, log = tmp_path / "bin", tmp_path / "tesseract.log"
    bin_dir.mkdir()
    wrapper = bin_dir / "tesseract"
    wrapper.write_text(f'#!/bin/sh\n[ "$1" = stdin ] && echo page >> "{log}"\nexec {shutil.which("tesseract")} "$@"\n')
    wrapper.chmod(0o755)
    return f"{bin_dir}{os.pathsep}{os.environ['PATH']}", log


def build(code: Path, source: Path, out: Path, path: str, log: Path) -> int:
    """Build `source` with the generator package under `code` (run from `out`: python -m puts
    the current folder first on the path); the pages Tesseract read."""
    before = len(log.read_text().splitlines()) if log.exists() else 0
    env = {**os.environ, "PATH": path, "PYTHONPATH": str(code), PROJECT_ENV: str(PROJECT)}
    done = subprocess.run([sys.executable, "-m", "generator", "build", "--source", str(source),
                           "--site-dir", str(out / "site"), "--cache-dir", str(out / "cache"), "-j", "1"],
                          cwd=out, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (out / "site" / "catalog.json").is_file()
    return (len(log.read_text().splitlines()) if log.exists() else 0) - before


def test_a_page_is_read_by_ocr_once_across_builds_and_code_changes(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(SCAN, source / "scan.pdf")
    path, log = counting_path(tmp_path)
    assert build(PROJECT, source, tmp_path, path, log) == 1
    assert build(PROJECT, source, tmp_path, path, log) == 0
    parse_caches = {p.name for p in (tmp_path / "cache" / "parsed").iterdir()}
    changed = tmp_path / "code"  # the generator with a reading stage after extraction changed
    shutil.copytree(PROJECT / "generator", changed / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    with (changed / "generator" / "reading" / "header.py").open("a") as header:
        header.write("\nCHANGED = True  # another header rule\n")
    assert build(changed, source, tmp_path, path, log) == 0
    assert {p.name for p in (tmp_path / "cache" / "parsed").iterdir()}.isdisjoint(parse_caches)  # read again
    with (changed / "generator" / "reading" / "ocr.py").open("a") as ocr:
        ocr.write("\nIMAGE_VERSION = 2  # pages rendered another way\n")
    assert build(changed, source, tmp_path, path, log) == 1
