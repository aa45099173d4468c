"""Installed like any Python tool: a wheel built from the checkout, installed into a fresh
virtual environment, builds, searches, bundles and verifies from an empty folder (the
defaults of site_config/, content/, overrides/, mkdocs.yml and the sample corpus come with
the package)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.tables import CHECKOUT_DIR


@pytest.mark.slow
def test_a_wheel_installed_in_a_fresh_venv_works_from_an_empty_folder(tmp_path):
    wheels, venv, empty = tmp_path / "wheels", tmp_path / "venv", tmp_path / "empty"
    empty.mkdir()
    # Built from a copy: setuptools writes build/ and *.egg-info beside the sources it builds.
    source = tmp_path / "source"
    shutil.copytree(CHECKOUT_DIR, source, ignore=shutil.ignore_patterns(
        ".git", "site", ".site-cache", ".site-slots", "build", "*.egg-info", "test-output", "__pycache__", ".hypothesis"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(source)],
                   check=True, capture_output=True)
    # The dependencies are this interpreter's (no network needed), wherever it has them: its
    # site-packages, a virtualenv's or the base's (`--system-site-packages` would give only
    # the base interpreter's); the package is the wheel's, found first.
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    venv_site = subprocess.run([venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               capture_output=True, text=True, check=True).stdout.strip()
    ours = [p for p in sys.path if Path(p).name in ("site-packages", "dist-packages")]
    (Path(venv_site) / "outer-dependencies.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    wheel = next(wheels.glob("dispatch_archive-*.whl"))
    subprocess.run([venv / "bin" / "pip", "install", "-q", "--no-deps", str(wheel)], check=True, capture_output=True)
    tool = str(venv / "bin" / "dispatch-archive")

    def run(*args: str) -> str:
        done = subprocess.run([tool, *args], cwd=empty, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-2000:] + done.stdout[-2000:]
        return done.stdout

    share = venv / "share" / "dispatch-archive"
    shipped = {p.relative_to(share).as_posix() for p in share.rglob("*") if p.is_file()}
    wanted = {p.relative_to(CHECKOUT_DIR).as_posix() for folder in ("content", "overrides", "site_config", "corpus")
              for p in (CHECKOUT_DIR / folder).rglob("*") if p.is_file()} | {"mkdocs.yml"}
    assert shipped == wanted, "pyproject.toml's data-files must list every folder: " + str(wanted ^ shipped)
    where = subprocess.run([venv / "bin" / "python", "-c", "import generator.tables as t; print(t.project())"],
                           cwd=empty, capture_output=True, text=True, check=True).stdout.strip()
    assert Path(where) == venv / "share" / "dispatch-archive"
    assert "Site written to" in run("build", "--site-dir", "site")
    assert "01/BHXH-TĐKT" in run("search", "thi đua", "--site-dir", "site")
    assert "SHA-256 of the zip" in run("bundle", "--site-dir", "site", "-o", "kho.zip")
    assert ": OK," in run("verify", "kho.zip")
    assert sorted(p.name for p in empty.iterdir()) == [".site-cache", ".site-slots", "kho.zip", "site"]
